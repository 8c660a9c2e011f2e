// Random directions and turns of self-propelled particles (docs/science.md §7.3, §8): a uniform
// unit vector, a turn of a unit vector by a given angle about a random axis, and the cosines of
// the turns the models draw (E. coli's tumbles, the von Mises–Fisher steps of rotational
// diffusion on the sphere). Transforms of open uniforms u ∈ (0, 1), like distributions.hpp.
#pragma once

#include <array>
#include <cmath>

#include "particles/distributions.hpp"

namespace fickle::particles {

using Vector3 = std::array<double, 3>;

/// A uniformly random unit vector in `dim` dimensions: in 1D the sign of `positive`, in 2D the
/// angle 2πu_phi, in 3D cos θ = 2u_z − 1 (uniform cos θ: uniform on the sphere) and azimuth
/// 2πu_phi.
inline Vector3 random_direction(int dim, double u_z, double u_phi, bool positive) {
  if (dim == 1) return {positive ? 1.0 : -1.0, 0, 0};
  double c, s;
  cos_sin_2pi(u_phi, c, s);
  if (dim == 2) return {c, s, 0};
  const double z = 2 * u_z - 1;
  const double r = std::sqrt(std::max(0.0, 1 - z * z));
  return {r * c, r * s, z};
}

/// e turned by the angle θ with cos θ = `cosine` (2D and 3D): in 2D to the side `left`, in 3D about
/// an axis ⊥ e at azimuth 2πu_phi. The result is renormalised, so that |e| does not drift over
/// millions of turns.
inline Vector3 turn(int dim, const Vector3& e, double cosine, double u_phi, bool left) {
  const double sine = std::sqrt(std::max(0.0, 1 - cosine * cosine));
  Vector3 n{0, 0, 0};
  if (dim == 2) {
    const double s = left ? sine : -sine;
    n = {cosine * e[0] - s * e[1], s * e[0] + cosine * e[1], 0};
  } else {
    // a ⊥ e from the axis e is least aligned with, b = e × a: an orthonormal frame about e.
    Vector3 a = std::abs(e[0]) < 0.9 ? Vector3{0, e[2], -e[1]} : Vector3{-e[2], 0, e[0]};
    const double norm_a = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    for (double& x : a) x /= norm_a;
    const Vector3 b{e[1] * a[2] - e[2] * a[1], e[2] * a[0] - e[0] * a[2],
                    e[0] * a[1] - e[1] * a[0]};
    double c, s;
    cos_sin_2pi(u_phi, c, s);
    for (int k = 0; k < 3; ++k) n[k] = cosine * e[k] + sine * (c * a[k] + s * b[k]);
  }
  const double norm = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  for (double& x : n) x /= norm;
  return n;
}

/// cos θ of an E. coli tumble: density (1 + cos θ)/2 on [−1, 1], by inversion of its CDF
/// (1 + cos θ)²/4: ⟨cos θ⟩ = 1/3, ⟨θ⟩ = 3π/8 (§8.1).
inline double ecoli_tumble_cosine(double u) {
  return 2 * std::sqrt(u) - 1;
}

/// cos θ of a von Mises–Fisher turn on the sphere with concentration κ (density ∝ e^{κ cos θ}),
/// by inversion: 1 + ln(u + (1 − u) e^{−2κ})/κ.
inline double von_mises_fisher_cosine(double u, double kappa) {
  return 1 + std::log(u + (1 - u) * std::exp(-2 * kappa)) / kappa;
}

/// The κ whose mean cosine coth κ − 1/κ is `q` ∈ (0, 1) (Newton from 1/(1 − q), the large-κ
/// limit, where coth κ = 1 in double precision).
inline double von_mises_fisher_concentration(double q) {
  double kappa = 1 / (1 - q);
  if (kappa > 40) return kappa;
  kappa = std::max(kappa, 3 * q);  // small q: coth κ − 1/κ ≈ κ/3
  for (int it = 0; it < 100; ++it) {
    const double f = 1 / std::tanh(kappa) - 1 / kappa - q;
    const double sh = std::sinh(kappa);
    const double df = 1 / (kappa * kappa) - 1 / (sh * sh);
    const double next = kappa - f / df;
    if (std::abs(next - kappa) < 1e-15 * kappa) return next;
    kappa = next > 0 ? next : kappa / 2;
  }
  return kappa;
}

}  // namespace fickle::particles
