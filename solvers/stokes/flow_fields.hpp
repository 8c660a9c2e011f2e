// What a solved Stokes flow gives a user: cell-centred velocity and vorticity, divergence, fluxes
// through the open faces, the superficial mean velocity and, in 2D, the streamfunction.
//
// Face values one step outside the box come from the same ghost rules as the operator (a wall's
// tangential ghost is (8 u_wall − 6 u + u')/3, free-slip and open faces mirror), so the vorticity
// on a wall is the one the discretisation implies.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "solvers/stokes/stokes_solver.hpp"

namespace fickle {

/// ψ on the vertices of a 2D grid, u = ∂ψ/∂y, v = −∂ψ/∂x, ψ = 0 at the lower-left corner.
struct Streamfunction {
  std::array<PetscInt, 2> vertices{0, 0};  ///< (N_x + 1, N_y + 1)
  std::vector<double> values;              ///< x fastest
  double min = 0;  ///< refined by a quadratic fit around the smallest vertex
  std::array<double, 2> min_at{0, 0};
  double at(PetscInt i, PetscInt j) const { return values[j * vertices[0] + i]; }
};

class FlowFields {
 public:
  explicit FlowFields(const StokesSolver& solver);
  const StokesSolver& solver() const { return solver_; }
  ~FlowFields();
  FlowFields(const FlowFields&) = delete;
  FlowFields& operator=(const FlowFields&) = delete;

  /// Velocity normal to face (a, idx); idx may be one face outside the box (a ghost).
  double face_velocity(int a, Index3 idx) const;
  double pressure(const Index3& cell) const;
  std::array<double, 3> cell_velocity(const Index3& cell) const;
  /// ω = ∇×u averaged from the cell's four edges per component (2D: component 2 only).
  std::array<double, 3> vorticity(const Index3& cell) const;
  double divergence(const Index3& cell) const;

  // Collective reductions over the grid.
  double divergence_max() const;
  /// Outward flux through every open face and every wall with a normal velocity, and the flux
  /// through the plane x_a = lower_a of every periodic axis (keyed "x", "y", "z").
  std::vector<std::pair<std::string, double>> boundary_fluxes() const;
  /// (1/V) ∫ u dV over the whole box, bodies included (the superficial velocity of porous media).
  std::array<double, 3> mean_velocity() const;
  /// 2D only: gathers the x-face velocities on every rank and integrates ψ along columns.
  Streamfunction streamfunction() const;

 private:
  const StokesSolver& solver_;
  const MacGrid& mac_;
  OwnedVec local_;  ///< box-stencil ghosted solution
  const PetscScalar* x_ = nullptr;
};

}  // namespace fickle
