#include "analysis/comparison.hpp"

#include <cmath>
#include <stdexcept>

#include "analysis/field_moments.hpp"
#include "analysis/msd_fit.hpp"

namespace fickle {

double value_at(const std::vector<double>& t, const std::vector<double>& y, double when) {
  const std::size_t n = std::min(t.size(), y.size());
  if (n == 0) return NAN;
  const double tol = 1e-9 * std::max(std::abs(t[n - 1]), 1e-300);
  if (when < t[0] - tol) return NAN;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::abs(t[i] - when) <= tol) return y[i];
    if (t[i] > when && i > 0)
      return y[i - 1] + (y[i] - y[i - 1]) * (when - t[i - 1]) / (t[i] - t[i - 1]);
  }
  return NAN;
}

std::vector<ComparisonColumn> comparison_columns(const ComparisonRow& r) {
  std::vector<ComparisonColumn> c{
      {"t", {r.t}},
      {"l1", {r.gap.l1}},
      {"l1_noise", {r.gap.l1_noise}},
      {"l2", {r.gap.l2}},
      {"l2_noise", {r.gap.l2_noise}},
      {"z", {r.gap.z}},
      {"particle_mass", {r.gap.particle_mass}},
      {"pde_mass", {r.gap.pde_mass}},
      {"msd_particles", {r.msd_particles}},
      {"msd_particles_standard_error", {r.msd_particles_standard_error}},
      {"msd_pde", {r.msd_pde}},
      {"msd_z", {r.msd_z}},
      {"second_moment_growth_particles", {r.second_moment_growth_particles}},
      {"second_moment_growth_pde", {r.second_moment_growth_pde}},
      {"centroid_shift", {r.centroid_shift}},
      {"centroid_shift_z", {r.centroid_shift_z}},
      {"centroid_particles", r.centroid_particles, true},
      {"centroid_pde", r.centroid_pde, true}};
  if (r.levy) {
    c.push_back({"fractional_moment_particles", {r.fractional_moment_particles}});
    c.push_back({"fractional_moment_pde", {r.fractional_moment_pde}});
  }
  return c;
}

DensityComparison::DensityComparison(const Grid& grid, double count, double fractional_order)
    : grid_(grid), count_(count), q_(fractional_order) {}

ComparisonRow DensityComparison::add(double t, const std::vector<double>& particle,
                                     std::vector<double>& pde,
                                     std::optional<double> pde_mass_initial, double msd_particles,
                                     double msd_standard_error, double msd_pde) {
  const Grid& g = grid_;
  if (!started_) {
    const FieldMoments start = field_moments(g, pde, {});
    mass0_ = pde_mass_initial.value_or(start.mass);
    if (!(mass0_ > 0)) throw std::invalid_argument("the PDE run has no positive initial mass");
    center_ = start.mean;
  }
  // The PDE density per unit initial mass, so that both are densities of the same start.
  for (double& x : pde) x /= mass0_;
  // One pass per density: mass, centroid, ⟨|x − c0|²⟩ and (Lévy) ⟨|x_a − c0_a|^q⟩.
  const FieldMoments mp = field_moments(g, particle, center_, q_);
  const FieldMoments mq = field_moments(g, pde, center_, q_);
  // The ensemble's spread as the PDE sees it: the growth of ⟨|x − c0|²⟩ on both histograms. In a
  // flow it differs from the displacement MSD, and it is what the PDE's msd column predicts.
  if (!started_) m2_particles0_ = mp.second_moment, m2_pde0_ = mq.second_moment;
  started_ = true;

  ComparisonRow r;
  r.t = t;
  r.gap = density_gap(particle, pde, g.cell_volume(), count_);
  if (t > 0) z_max_ = std::max(z_max_, r.gap.z);
  r.second_moment_growth_particles = mp.second_moment - m2_particles0_;
  r.second_moment_growth_pde = mq.second_moment - m2_pde0_;
  // Lévy flights have no finite MSD (their series' msd is the sample's, dominated by its largest
  // jump): none, the fractional moments stand for it.
  r.levy = q_ > 0;
  r.msd_particles = r.levy ? NAN : msd_particles;
  r.msd_particles_standard_error = msd_standard_error;
  // A run from before the msd column: the PDE's second-moment growth on its density.
  r.msd_pde = r.levy ? NAN : std::isfinite(msd_pde) ? msd_pde : r.second_moment_growth_pde;
  r.msd_z = msd_standard_error > 0 ? (r.msd_particles - r.msd_pde) / msd_standard_error : NAN;
  // Centroids: the shift between them in standard errors of the particles' mean, √(Σ_a σ_a²/N),
  // with Σ_a σ_a² = ⟨|x − c0|²⟩ − |mean − c0|².
  double shift = 0, offset = 0;
  for (int a = 0; a < g.dim; ++a) {
    shift += (mp.mean[a] - mq.mean[a]) * (mp.mean[a] - mq.mean[a]);
    offset += (mp.mean[a] - center_[a]) * (mp.mean[a] - center_[a]);
    r.centroid_particles.push_back(mp.mean[a]);
    r.centroid_pde.push_back(mq.mean[a]);
  }
  r.centroid_shift = std::sqrt(shift);
  r.centroid_shift_z =
      r.centroid_shift / std::sqrt((mp.second_moment - offset) / (count_ * r.gap.particle_mass));
  if (r.levy) {
    r.fractional_moment_particles = mp.fractional_moment;
    r.fractional_moment_pde = mq.fractional_moment;
    t_.push_back(t);
    fractional_particles_.push_back(mp.fractional_moment);
    fractional_pde_.push_back(mq.fractional_moment);
  }
  return r;
}

std::pair<double, double> DensityComparison::spread_exponents() const {
  // ⟨|Δx|^q⟩ ∝ t^{q/μ}: both fitted on the histograms, so that binning biases both alike.
  const auto exponent = [&](const std::vector<double>& moments) {
    const MsdFit fit = fit_last_decade(t_, moments, grid_.dim);
    return fit.points >= 2 && q_ > 0 ? fit.exponent / q_ : NAN;
  };
  return {exponent(fractional_particles_), exponent(fractional_pde_)};
}

double half_msd_time(const std::vector<double>& t, const std::vector<double>& msd,
                     const std::vector<double>& pde_t, const std::vector<double>& pde_msd) {
  double previous_t = NAN, previous_r = NAN;
  for (std::size_t i = 0; i < t.size() && i < msd.size(); ++i) {
    const double pde = value_at(pde_t, pde_msd, t[i]);
    if (!(t[i] > 0 && pde > 0)) continue;
    const double r = msd[i] / pde;
    if (r >= 0.5 && previous_r < 0.5)
      return std::exp(std::log(previous_t) + (0.5 - previous_r) / (r - previous_r) *
                                                 (std::log(t[i]) - std::log(previous_t)));
    previous_t = t[i], previous_r = r;
  }
  return NAN;
}

}  // namespace fickle
