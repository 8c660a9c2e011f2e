// The random variates of the particle models, as transforms of open uniforms u ∈ (0, 1).
// Inline and branch-free so that the kernels (kernels.cpp, built with -ffast-math for SIMD) can
// vectorise them; the formulas are in docs/science.md §2.2, §3.3 and §3.12.
#pragma once

#include <cmath>

namespace fickle::particles {

inline constexpr double kPi = 3.141592653589793238462643383279502884;

/// cos(2πu) and sin(2πu): quadrant reduction to |θ| ≤ π/4 and Taylor polynomials to θ^13
/// (truncation below 1e-15). GCC 12 does not vectorise sincos, which it would fuse std::cos and
/// std::sin into.
inline void cos_sin_2pi(double u, double& c, double& s) {
  const double q = std::nearbyint(u * 4.0);
  const double t = (u * 4.0 - q) * (kPi / 2);
  const double t2 = t * t;
  const double sp =
      t *
      (1 + t2 * (-1.0 / 6 +
                 t2 * (1.0 / 120 + t2 * (-1.0 / 5040 +
                                         t2 * (1.0 / 362880 + t2 * (-1.0 / 39916800 +
                                                                    t2 * (1.0 / 6227020800.0)))))));
  const double cp =
      1 + t2 * (-1.0 / 2 +
                t2 * (1.0 / 24 +
                      t2 * (-1.0 / 720 + t2 * (1.0 / 40320 +
                                               t2 * (-1.0 / 3628800 + t2 * (1.0 / 479001600.0))))));
  const int quadrant = static_cast<int>(q) & 3;
  c = quadrant == 0 ? cp : quadrant == 1 ? -sp : quadrant == 2 ? -cp : sp;
  s = quadrant == 0 ? sp : quadrant == 1 ? cp : quadrant == 2 ? -sp : -cp;
}

/// Two independent standard normals (Box–Muller).
inline void box_muller(double u1, double u2, double& g1, double& g2) {
  const double r = std::sqrt(-2.0 * std::log(u1));
  double c, s;
  cos_sin_2pi(u2, c, s);
  g1 = r * c;
  g2 = r * s;
}

/// Exponential waiting time with mean τ.
inline double exponential_wait(double u, double tau) {
  return -tau * std::log(u);
}

/// Mittag-Leffler waiting time, survival E_α(−(t/τ)^α), sampled exactly (Fulger, Scalas, Germano
/// 2008): τ_w = −τ ln u · [sin(απ)/tan(απv) − cos(απ)]^{1/α}. α = 1 is the exponential.
inline double mittag_leffler_wait(double u, double v, double alpha, double tau) {
  const double shape = std::sin(alpha * kPi) / std::tan(alpha * kPi * v) - std::cos(alpha * kPi);
  return -tau * std::log(u) * std::exp(std::log(shape) / alpha);
}

/// Pareto (Lomax) waiting time with survival (1 + t/τ)^{−α}: τ (u^{−1/α} − 1).
inline double pareto_wait(double u, double alpha, double tau) {
  return tau * (std::exp(-std::log(u) / alpha) - 1);
}

/// Standard symmetric μ-stable variate, characteristic function exp(−|k|^μ), by
/// Chambers–Mallows–Stuck: V = π(u − 1/2), W = −ln w,
/// S = sin(μV)/cos(V)^{1/μ} · (cos(V − μV)/W)^{(1−μ)/μ}. μ = 2 gives N(0, 2), μ = 1 Cauchy.
inline double symmetric_stable(double u, double w, double mu) {
  const double v = kPi * (u - 0.5);
  const double e = -std::log(w);
  const double cos_v = std::cos(v);
  return std::sin(mu * v) *
         std::exp(-std::log(cos_v) / mu + (1 - mu) / mu * std::log(std::cos(v - mu * v) / e));
}

}  // namespace fickle::particles
