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

MsdFit fit_last_decade(const std::vector<double>& t, const std::vector<double>& msd, int dim) {
  MsdFit fit;
  if (t.empty()) return fit;
  const double t_last = t.back();
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;  // log-log
  double lx = 0, ly = 0, lxx = 0, lxy = 0;         // linear
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] <= 0 || t[i] < t_last / 10 || msd[i] <= 0) continue;
    const double x = std::log(t[i]), y = std::log(msd[i]);
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
    lx += t[i], ly += msd[i], lxx += t[i] * t[i], lxy += t[i] * msd[i];
  }
  fit.points = static_cast<int>(n);
  if (n < 2) return fit;
  fit.exponent = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  fit.diffusivity = (n * lxy - lx * ly) / (n * lxx - lx * lx) / (2 * dim);
  return fit;
}

}  // namespace fickle::particles
