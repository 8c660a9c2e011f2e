#include "particles/msd_law.hpp"

#include <cmath>
#include <numbers>

#include "particles/fbm_paths.hpp"
#include "particles/renewal_law.hpp"

namespace fickle::particles {

namespace {

bool free_space(const ParticleModel& m) {
  for (int a = 0; a < m.dim(); ++a)
    for (Wall w : m.walls[a])
      if (w == Wall::reflecting || w == Wall::absorbing) return false;
  return m.spring == 0;
}

// Pareto survival (scale/s)^tail beyond `scale`: the flights of a Lévy walk, ATTM's segments.
double pareto_cdf(double s, double scale, double tail) {
  return s <= scale ? 0.0 : 1 - std::pow(scale / s, tail);
}

// Lévy walk (§7.3): the flights add v² min(τ, t)² each, so MSD = v² F with g = E[min(τ, t)²].
RenewalProblem levy_walk_renewal(const LevyWalk& w) {
  const double t0 = w.tau, g = w.gamma;
  return {[t0, g](double t) {
            if (t <= t0) return t * t;
            const double tail = std::pow(t0, g) * std::pow(t, 2 - g);  // t² P(τ > t)
            if (std::abs(g - 2) < 1e-12) return 2 * t0 * t0 * std::log(t / t0) + tail;
            return g * std::pow(t0, g) * (std::pow(t, 2 - g) - std::pow(t0, 2 - g)) / (2 - g) +
                   tail;
          },
          [t0, g](double s) { return pareto_cdf(s, t0, g); }, t0};
}

// ATTM (§7.4): a segment adds 2 D min(τ, t) per axis; with D = D_max u^{1/σ} and
// τ = τ_min u^{−γ/σ}, g(t) = E[D min(τ, t)] splits at u* = (τ_min/t)^{σ/γ}, where τ = t.
RenewalProblem attm_renewal(const Attm& a) {
  const double sigma = a.sigma, gamma = a.gamma, d_max = a.D_max, t_min = a.tau;
  return {[=](double t) {
            const double mean_d = d_max * sigma / (sigma + 1);
            if (t <= t_min) return mean_d * t;
            const double u_star = std::pow(t_min / t, sigma / gamma);
            const double p = 1 + (1 - gamma) / sigma;
            const double longer = t * mean_d * std::pow(u_star, (sigma + 1) / sigma);
            const double shorter =
                d_max * t_min *
                (std::abs(p) < 1e-12 ? -std::log(u_star) : (1 - std::pow(u_star, p)) / p);
            return longer + shorter;
          },
          [=](double s) { return pareto_cdf(s, t_min, sigma / gamma); }, t_min};
}

// Models whose displacements over disjoint times are independent with zero mean: the TAMSD
// averages MSD(t + Δ) − MSD(t) over the frames.
bool independent_increments(const ParticleModel& m) {
  if (m.model == Model::sbm || m.model == Model::attm) return true;
  return m.model == Model::ctrw && m.ctrw.jump != JumpLaw::levy &&
         m.ctrw.waiting != Waiting::pareto;
}

// Brownian motion and the lattice walk (with a constant drift) and fBm: increments whose law does
// not depend on when they start.
bool stationary_increments(const ParticleModel& m) {
  // Active particles start with uniform directions, the stationary ones, and forget them at
  // Poisson tumbles or by rotational diffusion: their increments are stationary too (§8.1).
  return ((m.model == Model::brownian && !m.flow) || m.model == Model::random_walk ||
          m.model == Model::fbm || (m.is_active() && !chemotactic(m) && !m.flow));
}

}  // namespace

bool chemotactic(const ParticleModel& m) {
  const RunAndTumble& r = m.run_and_tumble;
  return m.model == Model::run_and_tumble && r.sensitivity != 0 &&
         (r.field || r.gradient != std::array<double, 3>{0, 0, 0});
}

namespace {

// Run-and-tumble with tumbles of mean duration τ_t = 1/μ (§8.1): given a run at 0 in direction
// e0, a(t) = E[e0·e(t); running at t] and b(t) = E[e0·e(t); tumbling at t] (e the heading) obey
// a' = −λa + μ⟨cos θ⟩b, b' = λa − μb, a(0) = 1, b(0) = 0: a = A₊e^{s₊t} + A₋e^{s₋t} with
// s² + (λ + μ)s + λμ(1 − ⟨cos θ⟩) = 0; ⟨v(0)·v(t)⟩ = v² p_run a(t), p_run = (1/λ)/(1/λ + τ_t).
struct Paused {
  double p_run = 1;
  std::array<double, 2> s{}, A{};
};

Paused paused_correlation(const RunAndTumble& r) {
  const double lambda = r.tumble_rate, mu = 1 / r.tumble_duration;
  Paused c;
  c.p_run = mu / (lambda + mu);
  const double root =
      std::sqrt((lambda + mu) * (lambda + mu) - 4 * lambda * mu * (1 - r.mean_cos()));
  c.s = {0.5 * (-(lambda + mu) + root), 0.5 * (-(lambda + mu) - root)};
  c.A[0] = (-lambda - c.s[1]) / (c.s[0] - c.s[1]);
  c.A[1] = 1 - c.A[0];
  return c;
}

double speed_of(const ParticleModel& m) {
  return m.model == Model::run_and_tumble ? m.run_and_tumble.speed : m.active_brownian.speed;
}

}  // namespace

double persistent_msd(const ParticleModel& m, double t) {
  const double v = speed_of(m);
  if (m.has_pauses()) {  // 2 ∫_0^t (t − s) ⟨v(0)·v(s)⟩ ds of the stationary process
    const Paused c = paused_correlation(m.run_and_tumble);
    double sum = 0;
    for (int k = 0; k < 2; ++k)
      sum += c.A[k] * (std::expm1(c.s[k] * t) - c.s[k] * t) / (c.s[k] * c.s[k]);
    return 2 * v * v * c.p_run * sum;
  }
  // §8.1–8.2: ⟨e(0)·e(t)⟩ = e^{−t/τ} integrates twice to 2v²τ²(t/τ − 1 + e^{−t/τ}), plus 2dDt.
  const double tau = m.persistence_time();
  const double D = m.model == Model::active_brownian ? m.active_brownian.D : 0.0;
  const double x = t / tau;
  return 2 * m.dim() * D * t + 2 * v * v * tau * tau * (x + std::expm1(-x));
}

double effective_diffusivity(const ParticleModel& m) {
  const double tau = m.persistence_time();
  if (m.model == Model::run_and_tumble) {
    // v² τ_run² / (d (τ_run + τ_t)(1 − ⟨cos θ⟩)): τ_t = 0 gives v²τ/d
    const RunAndTumble& r = m.run_and_tumble;
    const double run = 1 / r.tumble_rate;
    return r.speed * r.speed * run * run /
           (m.dim() * (run + r.tumble_duration) * (1 - r.mean_cos()));
  }
  if (m.model == Model::active_brownian)
    return m.active_brownian.D + m.active_brownian.speed * m.active_brownian.speed * tau / m.dim();
  return m.diffusivity;
}

std::array<double, 3> chemotactic_drift(const ParticleModel& m, bool linear) {
  // §8.3: with uniform tumble kernels the stationary density of directions is ∝ 1/λ(e) ∝
  // e^{ε e·ĝ}, ε = χ v |∇c|; its mean is tanh ε (1D), I₁(ε)/I₀(ε) (2D), coth ε − 1/ε (3D), and
  // ε/d to first order.
  const RunAndTumble& r = m.run_and_tumble;
  std::array<double, 3> V{0, 0, 0};
  if (!chemotactic(m) || r.field) return V;
  double g = 0;
  for (int a = 0; a < m.dim(); ++a) g += r.gradient[a] * r.gradient[a];
  g = std::sqrt(g);
  const double eps = r.sensitivity * r.speed * g;
  double mean = eps / m.dim();
  if (!linear) {
    mean = m.dim() == 1   ? std::tanh(eps)
           : m.dim() == 2 ? std::cyl_bessel_i(1.0, eps) / std::cyl_bessel_i(0.0, eps)
                          : 1 / std::tanh(eps) - 1 / eps;
  }
  for (int a = 0; a < m.dim(); ++a) V[a] = r.speed * mean * r.gradient[a] / g;
  return V;
}

std::optional<double> exact_fractional_moment(const ParticleModel& m, double t, double q) {
  if (m.model != Model::levy || !free_space(m) || q <= -1 || q >= m.levy_mu) return std::nullopt;
  const double mu = m.levy_mu;
  const double standard = std::pow(2.0, q) * std::tgamma((1 + q) / 2) * std::tgamma(1 - q / mu) /
                          (std::sqrt(std::numbers::pi) * std::tgamma(1 - q / 2));
  return std::pow(m.levy_K * t, q / mu) * standard;
}

std::optional<std::vector<double>> exact_msd_at(const ParticleModel& m,
                                                const std::vector<double>& times) {
  if (!free_space(m)) return std::nullopt;
  if (m.model == Model::levy_walk) {
    auto F = solve_renewal(levy_walk_renewal(m.levy_walk), times);
    for (double& f : F) f *= m.levy_walk.speed * m.levy_walk.speed;
    return F;
  }
  if (m.model == Model::attm) {
    auto F = solve_renewal(attm_renewal(m.attm), times);
    for (double& f : F) f *= 2 * m.dim();
    return F;
  }
  std::vector<double> out;
  for (double t : times) {
    const auto value = exact_msd(m, t);
    if (!value) return std::nullopt;
    out.push_back(*value);
  }
  return out;
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
    case Model::fbm:  // x_a = √(2K) B_H: Var = 2K t^{2H} per axis
      return 2 * dim * m.fbm.K * std::pow(t, 2 * m.fbm.hurst);
    case Model::sbm:  // ∫_0^t 2 αK s^{α−1} ds per axis
      return 2 * dim * m.sbm.K * std::pow(t, m.sbm.alpha);
    case Model::levy_walk:
    case Model::attm:
      return exact_msd_at(m, {t})->front();
    case Model::crowded:  // without obstacles: a lattice step a² per dt
      if (m.crowded.fraction > 0) return std::nullopt;
      return m.crowded.spacing * m.crowded.spacing * std::floor(t / m.dt + 1e-9);
    case Model::run_and_tumble:
    case Model::active_brownian:
      if (chemotactic(m) || m.flow) return std::nullopt;
      return persistent_msd(m, t);
  }
  return std::nullopt;
}

std::optional<double> exact_velocity_autocorrelation(const ParticleModel& m, double t) {
  if (!free_space(m)) return std::nullopt;
  if (m.is_active() && m.flow) return std::nullopt;  // turned by the flow's vorticity too
  if (m.is_active() && !chemotactic(m)) {            // (v²/d) e^{−t/τ}
    const double v = speed_of(m);
    if (m.has_pauses()) {
      const Paused c = paused_correlation(m.run_and_tumble);
      return v * v / m.dim() * c.p_run *
             (c.A[0] * std::exp(c.s[0] * t) + c.A[1] * std::exp(c.s[1] * t));
    }
    return v * v / m.dim() * std::exp(-t / m.persistence_time());
  }
  if (m.model != Model::levy_walk) return std::nullopt;
  const LevyWalk& w = m.levy_walk;
  return w.speed * w.speed / m.dim() * (1 - pareto_cdf(t, w.tau, w.gamma));
}

TamsdLaw tamsd_law(const ParticleModel& m) {
  if (!free_space(m)) return TamsdLaw::none;
  if (stationary_increments(m)) return TamsdLaw::stationary;
  return independent_increments(m) ? TamsdLaw::independent : TamsdLaw::none;
}

double tamsd_from_msd(TamsdLaw law, const std::vector<double>& msd_at_frames, long frames,
                      long lag) {
  if (lag >= frames || law == TamsdLaw::none) return NAN;
  if (law == TamsdLaw::stationary) return msd_at_frames[static_cast<std::size_t>(lag)];
  double sum = 0;
  for (long j = 0; j + lag < frames; ++j)
    sum += msd_at_frames[static_cast<std::size_t>(j + lag)] -
           msd_at_frames[static_cast<std::size_t>(j)];
  return sum / static_cast<double>(frames - lag);
}

std::optional<std::vector<double>> exact_tamsd(const ParticleModel& m, double frame_dt, long frames,
                                               const std::vector<long>& lags) {
  const TamsdLaw law = tamsd_law(m);
  if (law == TamsdLaw::none || frames < 2) return std::nullopt;
  std::vector<double> times;
  for (long j = 0; j < frames; ++j) times.push_back(static_cast<double>(j) * frame_dt);
  const auto msd = exact_msd_at(m, times);
  if (!msd) return std::nullopt;
  std::vector<double> out;
  for (long k : lags) out.push_back(tamsd_from_msd(law, *msd, frames, k));
  return out;
}

std::optional<double> exact_increment_correlation(const ParticleModel& m, long k) {
  // Active particles' steps are correlated over τ, which this law (per frame count) cannot say.
  if (!free_space(m) || m.is_active()) return std::nullopt;
  if (m.model == Model::fbm) return fgn_autocovariance(m.fbm.hurst, k);
  if (k == 0) return 1.0;
  // Independent displacements over disjoint frames (without a drift, which correlates them).
  const bool drift =
      m.drift != std::array<double, 3>{0, 0, 0} || m.force != std::array<double, 3>{0, 0, 0};
  if (tamsd_law(m) != TamsdLaw::none && !drift) return 0.0;
  return std::nullopt;
}

std::optional<double> ergodicity_breaking_limit(const ParticleModel& m) {
  if (!free_space(m)) return std::nullopt;
  switch (m.model) {
    case Model::ctrw: {
      if (m.ctrw.jump == JumpLaw::levy || m.ctrw.waiting == Waiting::pareto) return std::nullopt;
      const double a = m.ctrw.waiting == Waiting::exponential ? 1.0 : m.ctrw.alpha;
      return 2 * std::pow(std::tgamma(1 + a), 2) / std::tgamma(1 + 2 * a) - 1;
    }
    case Model::brownian:
    case Model::random_walk:
    case Model::fbm:
      return 0.0;
    default:
      return std::nullopt;
  }
}

std::optional<double> crowded_msd_after_steps(const ParticleModel& m, int steps) {
  if (m.model != Model::crowded || m.crowded.spanning > 0 || steps < 1 || steps > 2)
    return std::nullopt;
  const double phi = m.crowded.fraction, q = 1 - phi, a2 = m.crowded.spacing * m.crowded.spacing;
  const double z = 2.0 * m.dim();  // neighbours
  if (steps == 1) return a2 * q;
  // Moved first (q): back home (1/z) 0, straight on (1/z) 4a² or a², sideways ((z−2)/z) 2a² or
  // a². Blocked first (φ): the same blocked neighbour again (1/z), else a² with probability q.
  return a2 * (q * ((4 * q + phi) + (z - 2) * (2 * q + phi)) / z + phi * q * (z - 1) / z);
}

}  // namespace fickle::particles
