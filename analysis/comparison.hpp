// Particles against the PDE they converge to, at the times both runs share (docs/science.md §6;
// docs/compare.md has every quantity): per time the gaps between the particle histogram and the
// PDE's density next to the gaps sampling noise alone gives, the MSDs, the growth of the second
// moments and the centroids; over the whole run the verdict and the exponents.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/density_gap.hpp"
#include "meshes/grid.hpp"

namespace fickle {

/// x with (1 − e^{−x})/x = 1/2: the Langevin MSD 2D[t − τ_p(1 − e^{−t/τ_p})] is half of Fick's 2Dt
/// at t = 1.5936 τ_p (docs/science.md §2.6).
inline constexpr double kLangevinHalfTime = 1.5936242600400401;

/// A column of a run's series.csv: y at time `when`, linear between rows (t sorted); NaN outside
/// the rows, or when the run has no such column.
double value_at(const std::vector<double>& t, const std::vector<double>& y, double when);

/// One compared time.
struct ComparisonRow {
  double t = 0;
  DensityGap gap;
  double msd_particles = 0;  ///< the particles' displacement MSD (NaN for Lévy flights)
  double msd_particles_standard_error = 0;
  double msd_pde = 0;  ///< the PDE's second-moment growth (its series' msd column)
  double msd_z = 0;    ///< (msd_particles − msd_pde) / standard error
  std::vector<double> centroid_particles, centroid_pde;  ///< one entry per axis
  double second_moment_growth_particles = 0, second_moment_growth_pde = 0;
  double centroid_shift = 0;    ///< |centroid_particles − centroid_pde|
  double centroid_shift_z = 0;  ///< in standard errors of the particles' mean
  bool levy = false;            ///< the fractional moments below are compared
  double fractional_moment_particles = 0, fractional_moment_pde = 0;
};

/// A row's columns in order, each a name and its value (or an axis vector's components): the one
/// list that compare.csv and compare.json both write.
struct ComparisonColumn {
  std::string name;
  std::vector<double> values;
  bool vector = false;  ///< a per-axis quantity (JSON array; CSV columns name_x, name_y, ...)
};
std::vector<ComparisonColumn> comparison_columns(const ComparisonRow& row);

/// Compares, time after time, a particle histogram with the PDE's density on the same grid.
class DensityComparison {
 public:
  /// `count` particles; `fractional_order` q > 0 (Lévy flights, q = μ/4) compares ⟨|x_a − c_a|^q⟩
  /// instead of the MSD, which is infinite.
  DensityComparison(const Grid& grid, double count, double fractional_order);

  /// The comparison at time t (times in increasing order; the first one sets the start).
  /// `particle` = cell counts/(N h^d); `pde` = the PDE's density, divided here by its initial mass
  /// (`pde_mass_initial`, or the first density's mass when absent); msd_* as the runs' series give
  /// them at t (NaN when they have none). Throws std::invalid_argument on a start without mass.
  ComparisonRow add(double t, const std::vector<double>& particle, std::vector<double>& pde,
                    std::optional<double> pde_mass_initial, double msd_particles,
                    double msd_standard_error, double msd_pde);

  /// The centroid of the PDE's first density, c0: where the profiles run through.
  const std::array<double, 3>& initial_centroid() const { return center_; }
  /// The largest z after t = 0.
  double z_max() const { return z_max_; }
  /// Exponents of ⟨|Δx|^q⟩ ∝ t^{q/μ} fitted on both histograms over the last decade, divided
  /// by q: the spread exponents 1/μ (NaN without two points or without q).
  std::pair<double, double> spread_exponents() const;

 private:
  const Grid grid_;
  double count_, q_;
  double mass0_ = 0, m2_particles0_ = 0, m2_pde0_ = 0;
  std::array<double, 3> center_{};
  bool started_ = false;
  double z_max_ = 0;
  std::vector<double> t_, fractional_particles_, fractional_pde_;
};

/// The first time the particles' MSD reaches half the PDE's, log-interpolated between the
/// particles' rows (the Langevin crossover, compared with kLangevinHalfTime τ_p); NaN if never.
double half_msd_time(const std::vector<double>& t, const std::vector<double>& msd,
                     const std::vector<double>& pde_t, const std::vector<double>& pde_msd);

}  // namespace fickle
