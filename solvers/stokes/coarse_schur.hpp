// The coarse-grid part of the Schur-complement preconditioner (docs/science.md §4.7). The pressure
// mass matrix M matches S = B A⁻¹ Bᵀ on pressures that vary within a few cells but not on smooth
// ones in a long or obstructed domain: a pressure varying over a length L along a channel of
// height H drives a lubrication flow ~H²/η ∂p/∂x, so S sees ~(H/L)² of what M sees (in the
// two-cylinder channel M⁻¹S reaches down to 0.018). The coarse part is the exact Schur complement
// of the Galerkin coarse system Qᵀ K Q (K the whole fine system; Q the MAC prolongation from a grid
// coarser by `factor`: face velocities linear along the normal and constant across, pressures
// constant over the coarse cell, none onto known faces or pinned cells), which keeps the fine
// grid's bodies and boundaries. It replaces M's own coarse part:
//   P⁻¹ = M⁻¹ − Z (Zᵀ M Z)⁻¹ Zᵀ + ½ Z S_c⁻¹ Zᵀ,
// symmetric and definite when M and S_c are (M⁻¹ − Z(ZᵀMZ)⁻¹Zᵀ is M^{−1/2} times a projector times
// M^{−1/2}). The ½: a coarse velocity space is stiffer than the fine one (S_c ≤ Zᵀ S Z), so S_c⁻¹
// over-corrects; ½ was measured best (1, 0.85, 0.7, 0.5 on three channels at factors 4 and 8).
#pragma once

#include <memory>
#include <vector>

#include "core/petsc.hpp"
#include "solvers/stokes/mac_grid.hpp"
#include "solvers/stokes/stokes.hpp"
#include "solvers/stokes/stokes_operator.hpp"

namespace fickle {

/// Q: the MAC prolongation from `coarse` (`fine` coarsened by `factor`, the same partition divided
/// by it) to `fine`, rows and columns in the two DMs' global orders. A face velocity is linear
/// between the coarse faces around it, along its normal and across (across: between the centres of
/// the coarse cells beside it, constant past the outermost ones on a bounded axis); a pressure is
/// constant over its coarse cell (Z). Known faces and pinned cells get nothing.
OwnedMat mac_prolongation(const MacGrid& fine, const MacGrid& coarse, const StokesOperator& fine_op,
                          int factor);

class CoarseSchur {
 public:
  static constexpr double kCoarseWeight = 0.5;  ///< the ½ above

  /// `system` is the assembled fine system (rows in the DM's global order), `mass_diagonal` the
  /// Schur block's mass matrix diagonal (pressure-split order). `factor` must divide every rank's
  /// share of cells along each axis (a fine rank's coarse cells are its own).
  CoarseSchur(const MacGrid& fine, const StokesOperator& fine_op, bool closed_box, Mat system,
              Vec mass_diagonal, int factor);
  ~CoarseSchur();

  /// y = P⁻¹ r for r, y in the layout of the pressure split (owned cells, x fastest).
  void apply(Vec r, Vec y) const;

  PetscInt coarse_cells() const;

 private:
  void close_empty_rows();

  std::unique_ptr<MacGrid> mac_;
  OwnedMat K_;  ///< Qᵀ K Q
  OwnedVec b_, x_, local_;
  OwnedVec inverse_mass_;  ///< 1 / M_ii
  OwnedKSP ksp_;
  /// Per owned fine cell (pressure-split order): the coarse cell's entry in a local coarse vector,
  /// or −1 for a pinned fine cell.
  std::vector<PetscInt> coarse_entry_;
  std::vector<char> has_equation_;    ///< per local coarse entry: an owned continuity row is solved
  std::vector<double> coarse_mass_;   ///< Zᵀ M Z per local coarse entry
  mutable std::vector<double> mean_;  ///< apply's (ZᵀMZ)⁻¹ Zᵀ r, per local coarse entry
  bool closed_box_ = false;           ///< no pressure boundary: the pressure level is free
  PetscInt reference_row_ = -1;       ///< the pinned coarse cell's global row on its rank
};

}  // namespace fickle
