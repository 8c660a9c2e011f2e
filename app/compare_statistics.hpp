// The numbers a particle/PDE comparison rests on: how far a particle histogram is from the PDE's
// density, next to how far it would be from sampling noise alone, and the moments of a density
// on the grid. docs/compare.md explains them.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <vector>

#include "meshes/grid.hpp"
#include "meshes/petsc.hpp"

namespace fickle {

/// The gap between a particle histogram and a PDE density on the same cells.
struct DensityGap {
  double l1 = 0;        ///< Σ |ρ_p − ρ| h^d
  double l2 = 0;        ///< √(Σ (ρ_p − ρ)² h^d)
  double l1_noise = 0;  ///< E[l1] if the particles were N independent draws from ρ
  double l2_noise = 0;  ///< √E[l2²] likewise
  /// (l2² − E[l2²]) / sd(l2²) under noise alone: |z| ≲ 3 means the gap is sampling noise.
  double z = 0;
  double particle_mass = 0;  ///< Σ ρ_p h^d (particles still in the grid)
  double pde_mass = 0;       ///< Σ ρ h^d
};

/// `particle` = counts/(N h^d), `pde` = the PDE density per unit initial mass, both in natural
/// cell order; `count` = N. Cell counts are Poisson with mean λ_i = N ρ_i h^d (negative ρ_i count
/// as 0): E|n − λ| = 2 e^{−λ} λ^{⌊λ⌋+1}/⌊λ⌋!, E(n − λ)² = λ, Var (n − λ)² = λ + 2λ².
DensityGap density_gap(const std::vector<double>& particle, const std::vector<double>& pde,
                       double cell_volume, double count);

/// Poisson mean absolute deviation E|X − λ| (de Moivre), exact for any λ ≥ 0.
double poisson_mean_absolute_deviation(double lambda);

struct FieldMoments {
  double mass = 0;               ///< Σ u h^d
  std::array<double, 3> mean{};  ///< centroid Σ x u h^d / mass
  double second_moment = 0;      ///< Σ |x − c|² u h^d / mass, about the given centre c
  double fractional_moment = 0;  ///< Σ_a Σ |x_a − c_a|^q u h^d / (d · mass), when q > 0
};

/// Moments of a cell density (natural order: x fastest) about `center`, at the cell centres.
FieldMoments field_moments(const Grid& grid, const std::vector<double>& values,
                           const std::array<double, 3>& center, double q = 0);
/// The same for a global Vec on a cell DMDA (collective).
FieldMoments field_moments(const Grid& grid, DM da, Vec values, const std::array<double, 3>& center,
                           double q = 0);

/// What a PDE predicts for the MSD of particles started from its initial density: the growth of
/// the density's second moment about its initial centroid, ⟨|x − c0|²⟩(t) − ⟨|x − c0|²⟩(0) per
/// unit mass now in the grid. Equal to ⟨|x(t) − x(0)|²⟩ for free motion (drift included), since
/// the increments are independent of the start; walls and non-uniform flows break the equality.
struct SpreadGrowth {
  std::array<double, 3> center{};  ///< c0
  double initial_second_moment = 0;

  static SpreadGrowth at_start(const Grid& grid, DM da, Vec u0);
  double msd(const Grid& grid, DM da, Vec u) const;
  nlohmann::json to_json() const;
  static SpreadGrowth from_json(const nlohmann::json& j);
};

}  // namespace fickle
