#include "particles/msd_law.hpp"

#include <cmath>
#include <numbers>

namespace fickle::particles {

namespace {

bool free_space(const ParticleModel& m) {
  for (int a = 0; a < m.dim(); ++a)
    for (Wall w : m.walls[a])
      if (w == Wall::reflecting || w == Wall::absorbing) return false;
  return m.spring == 0;
}

}  // namespace

std::optional<double> exact_fractional_moment(const ParticleModel& m, double t, double q) {
  if (m.model != Model::levy || !free_space(m) || q <= -1 || q >= m.levy_mu) return std::nullopt;
  const double mu = m.levy_mu;
  const double standard = std::pow(2.0, q) * std::tgamma((1 + q) / 2) * std::tgamma(1 - q / mu) /
                          (std::sqrt(std::numbers::pi) * std::tgamma(1 - q / 2));
  return std::pow(m.levy_K * t, q / mu) * standard;
}

std::optional<double> exact_msd(const ParticleModel& m, double t) {
  const int dim = m.dim();
  if (!free_space(m)) return std::nullopt;
  double msd = 0;
  switch (m.model) {
    case Model::brownian:
    case Model::random_walk:
      for (int a = 0; a < dim; ++a) {
        const double mean = (m.drift[a] + m.force[a] / m.friction) * t;
        msd += 2 * m.diffusivity * t + mean * mean;
      }
      return msd;
    case Model::langevin: {
      // Per axis: variance 2D[t − τ_p(1 − e^{−t/τ_p})]; the mean moves with the flow u and relaxes
      // to the terminal velocity F/γ over τ_p.
      const double tau_p = m.momentum_relaxation_time();
      const double lag = t - tau_p * (1 - std::exp(-t / tau_p));
      for (int a = 0; a < dim; ++a) {
        const double mean = m.drift[a] * t + m.force[a] / m.friction * lag;
        msd += 2 * m.diffusivity * lag + mean * mean;
      }
      return msd;
    }
    case Model::ctrw: {
      const Ctrw& c = m.ctrw;
      if (c.jump == JumpLaw::levy || c.waiting == Waiting::pareto) return std::nullopt;
      // ⟨N(t)⟩ = (t/τ)^α / Γ(1+α) jumps (a fractional Poisson process), σ² per jump and axis.
      const double alpha = c.waiting == Waiting::exponential ? 1.0 : c.alpha;
      return dim * c.sigma * c.sigma * std::pow(t / c.tau, alpha) / std::tgamma(1 + alpha);
    }
    case Model::levy:  // μ = 2: the increments are N(0, 2K dt) per axis
      return m.levy_mu == 2 ? std::optional<double>(2 * dim * m.levy_K * t) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace fickle::particles
