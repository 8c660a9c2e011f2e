// The MAC discretisation of −∇·(η∇u) + ∇p = f, ∇·u = 0 as one symmetric saddle-point system
//   [ A  Bᵀ ] [u]   [f]
//   [ B  C  ] [p] = [g]
// with every row multiplied by the cell volume (so B is the transpose of the gradient, the
// divergence with a minus sign) and the pressure unknown scaled by η/h. Faces whose velocity is
// known (walls, obstacle faces) keep an identity row scaled like A's diagonal; their columns move
// to the right-hand side. C is zero except on cells whose faces are all known (inside obstacles),
// where it pins p = 0.
//
// Boundaries use ghost values (Harlow & Welch 1965): a wall's tangential ghost is the quadratic
// extrapolation (8 u_wall − 6 u + u')/3 (exact for plane Poiseuille flow; it costs A's symmetry),
// a free-slip or open face mirrors u, an open (pressure) face's ghost pressure is 2 p_b − p and its
// normal velocity is an unknown whose row covers half a cell.
#pragma once

#include <petscmat.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "solvers/stokes/mac_grid.hpp"
#include "solvers/stokes/stokes.hpp"

namespace fickle {

/// One row of the unmodified system: Σ coef·x[dof] = rhs, boundary ghosts already folded in.
struct StencilRow {
  struct Term {
    MacDof dof;
    double coef;
  };
  std::array<Term, 16> terms{};
  int size = 0;
  double rhs = 0;

  void add(const MacDof& dof, double coef) { terms[size++] = {dof, coef}; }
};

class StokesOperator {
 public:
  StokesOperator(const MacGrid& mac, const StokesProblem& problem);

  /// Momentum row of face (a, idx) (an unknown or an obstacle face; the ghosts of the box
  /// boundaries folded in).
  StencilRow momentum_row(int a, const Index3& idx) const;
  /// Continuity row −h^d ∇·u of cell idx.
  StencilRow continuity_row(const Index3& idx) const;

  /// Creates A (AIJ, exactly preallocated, the DM's local-to-global mapping) and assembles the
  /// system into A and b (a global vector of the DM). With `pin_reference` the balance cell's
  /// pressure (leaks_into_pinned_cells), else the first fluid cell's, is set to 0 (a direct solver
  /// cannot handle the constant null space). With `drop_balance_row` the balance cell's
  /// continuity row is left empty and its pressure free: the rows become compatible with the
  /// null space when the flux into the pinned cells does not cancel.
  void assemble(Mat* A, Vec b, bool pin_reference, bool drop_balance_row = false) const;
  /// −h^d s²/η per cell: the viscosity-scaled pressure mass matrix that preconditions the Schur
  /// complement B A⁻¹ Bᵀ, rows in the order of the pressure split; cells cut by a body are weighted
  /// by schur_body_weight (docs/science.md §4.7).
  void assemble_schur_preconditioner(Mat S) const;
  /// The pressure null space (1 on every fluid cell) when no face fixes the pressure level.
  void fill_null_vector(Vec v) const;

  /// Force of the fluid on each obstacle: minus the sum over its faces and the faces forced next
  /// to it of the momentum residual with the standard stencil (the force that holds them). `local`
  /// is a ghosted solution.
  std::vector<std::array<double, 3>> obstacle_forces(Vec local) const;

  bool is_fixed(const MacDof& face) const { return fixed(mac_.local_index(face)); }
  bool is_pinned(const Index3& cell) const {
    return pinned(mac_.local_index({MacDof::kCell, cell}));
  }
  double viscosity(const Index3& cell) const;
  PetscInt fluid_cell_count() const { return fluid_cells_; }
  /// True when a forced face lets flux into the pinned cells (an interpolated body cut so that a
  /// pinned cell has a forced face): in a closed box the continuity rows may then be one too many
  /// for the pressure null space (find_balance_cell).
  bool leaks_into_pinned_cells() const { return balance_cell_ >= 0; }
  /// The solution holds p / pressure_scale() in its cell entries.
  double pressure_scale() const { return pressure_scale_; }

 private:
  double cell_volume() const { return mac_.grid().cell_volume(); }
  double identity_scale(const Index3& cell) const;
  double schur_diagonal(const Index3& cell) const;
  /// √(open share of the cell's faces), the cut-cell correction of the Schur preconditioner.
  double schur_body_weight(const Index3& cell) const;
  void classify_faces();
  void find_balance_cell();
  PetscInt natural_index(const Index3& cell) const;  ///< i + n_x (j + n_y k): the same on any rank
  template <class Emit>
  void for_each_row(bool pin_reference, bool drop_balance_row, Emit&& emit) const;

  /// A face next to an interpolated body (docs/science.md §4.5):
  /// u = w u' + w_after u'' + (1 − w − w_after) u_B.
  struct Forcing {
    MacDof next, after;
    double weight, weight_after;  ///< on u' and u''; 1 − both on u_B
    double body_velocity;
  };
  void classify_forced_faces();
  bool in_ghost_box(const Index3& idx) const;  ///< inside this rank's ghosted region
  bool fixed(PetscInt local) const { return (flags_[local] & kFixed) != 0; }
  bool pinned(PetscInt local) const { return (flags_[local] & kPinned) != 0; }
  int body_at(PetscInt local) const { return body_[local] == kNoBody ? -1 : body_[local]; }
  /// The condition of the box face that face (a, idx) lies on (mac_.on_boundary(a, idx)).
  const StokesBoundary& box_face(int a, const Index3& idx) const {
    return problem_.boundary[2 * a + (idx[a] == 0 ? 0 : 1)];
  }
  /// The known velocity of a fixed face: its wall's (0 on a free-slip face) or its body's.
  double fixed_velocity(const MacDof& face) const;
  StencilRow forced_row(int a, const Index3& idx, const Forcing& f) const;

  const MacGrid& mac_;
  const StokesProblem& problem_;
  std::unordered_map<PetscInt, Forcing> forced_;  ///< by local entry
  // Per local entry, a byte of flags and the obstacle holding the face (kNoBody: none). A known
  // face's velocity follows from its boundary or body (fixed_velocity): stored as a double and an
  // int per entry they took 14 MB at 64³ (docs/science.md §4.7).
  static constexpr std::uint8_t kFixed = 1, kPinned = 2;
  static constexpr std::uint16_t kNoBody = 0xFFFF;
  std::vector<std::uint8_t> flags_;  ///< kFixed: the face velocity is known; kPinned: cell pressure
  std::vector<std::uint16_t> body_;
  PetscInt fluid_cells_ = 0;    ///< global count of cells that are not pinned
  PetscInt balance_cell_ = -1;  ///< natural index of the cell whose continuity is dropped, or −1
  double pressure_scale_ = 1;
};

}  // namespace fickle
