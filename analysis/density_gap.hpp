// How far a particle histogram is from a PDE density on the same cells, next to how far it would
// be from sampling noise alone (Poisson cell counts: docs/science.md §6; docs/compare.md).
#pragma once

#include <vector>

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

}  // namespace fickle
