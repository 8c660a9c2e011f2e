// Chebyshev smoother bounds without an eigenvalue-estimating Krylov solve (docs/science.md §4.7).
// PETSc's default runs a GMRES eigenvalue estimate on every multigrid level, which keeps its
// Krylov basis (10+ vectors per level) for the whole solve. For a Jacobi-preconditioned level,
// Gershgorin's theorem on D⁻¹A bounds every eigenvalue's real part by
//   λ ≤ max_i Σ_j |a_ij| / |a_ii|,
// one pass over the matrix and no vectors at all.
#pragma once

#include <petscksp.h>

namespace fickle {

/// max_i Σ_j |a_ij| / |a_ii| over the rows of A (every rank): an upper bound of the real parts of
/// the eigenvalues of D⁻¹A (D = diag A; Gershgorin discs centred at 1 of radius
/// Σ_{j≠i}|a_ij|/|a_ii|).
double jacobi_gershgorin_bound(Mat A);

/// Gives every Chebyshev/Jacobi smoother level of the multigrid `mg` (set up) the fixed interval
/// [lower_fraction · G, G], G = jacobi_gershgorin_bound of its operator, and turns the eigenvalue
/// estimate off. Levels with another smoother are left alone. Returns the levels it set.
int set_chebyshev_bounds_from_gershgorin(PC mg, double lower_fraction);

}  // namespace fickle
