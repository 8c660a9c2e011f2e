// The gradient block of the Stokes system held as the divergence block's transpose
// (docs/science.md §4.7). With every row scaled by the cell volume and the pressure by η/h, the
// MAC system is symmetric where the flow is an unknown: Bᵀ's row of an unknown face is B's column
// of that face. Rows whose velocity is known or forced carry no pressure (their columns of B stay
// as they are), and a face whose row covers half a cell scales it: Bᵀ = D Bᵀ_B with D diagonal.
// Stored explicitly, Bᵀ costs as much as B and a row array of the velocity's length (~30 MB at
// 64³); as MatMultTranspose of B and the rows with D ≠ 1 (forced and open faces) it costs little.
#pragma once

#include <petscmat.h>

#include "core/petsc.hpp"

namespace fickle {

/// A MATSHELL applying `upper` (velocity rows, pressure columns) as D·lowerᵀ when `upper` is
/// D·lowerᵀ entry for entry (to rounding) on every rank for some diagonal D; null otherwise.
/// `lower` (pressure rows, velocity columns) is referenced, not copied.
OwnedMat scaled_transpose(Mat upper, Mat lower);

}  // namespace fickle
