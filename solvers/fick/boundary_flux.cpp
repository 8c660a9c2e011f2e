// The total outward flux through each face of the domain (docs/science.md §1.3, §8.4): the same
// face fluxes F_f as the operator (fick_operator.cpp), summed over the boundary cells times the
// face area, so that at a steady state they balance the source exactly (the scheme is
// conservative, §1.7).
//   Dirichlet face, value g:  F_f = −D_P (g − u_P)/(h_a/2) + (v·n_f) u_f,
//                             u_f = g (central; upwind inflow) or u_P (upwind outflow)
//   Neumann face:             F_f = q
// g and q at the face centre and time t (they may be expressions); with D(x) α t^{α−1} the
// diffusive part has that factor.
// The limited scheme is plain upwind on boundary faces, so it uses the upwind face value.
#include <mpi.h>

#include <cmath>

#include "meshes/dmda.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {

std::array<double, 6> boundary_fluxes(const FickProblem& problem, DM da, Vec u, double t) {
  const Grid& grid = problem.grid;
  const OwnedBox box = owned_box(da);
  std::array<double, 6> flux{0, 0, 0, 0, 0, 0};
  const double alpha = problem.diffusivity_time_exponent;
  const double d_factor = alpha == 1 ? 1.0 : alpha * std::pow(t, alpha - 1);
  const PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArrayRead(u, &values));
  // Face by face, over the owned cells of its layer in the cells' order: each face's sum takes its
  // terms in the same order as a pass over all cells would.
  for (int a = 0; a < grid.dim; ++a) {
    if (grid.periodic[a]) continue;
    for (int side : {-1, +1}) {
      const int face = 2 * a + (side > 0 ? 1 : 0);
      const double area = grid.cell_volume() / grid.spacing(a);
      const BoundaryCondition& bc = problem.boundary[face];
      const PetscInt layer = side < 0 ? 0 : grid.cells[a] - 1;
      for_each_owned_cell_in_layer(
          box, a, layer, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
            const std::array<PetscInt, 3> cell{i, j, k};
            std::array<double, 3> x{0, 0, 0};
            for (int b = 0; b < grid.dim; ++b) x[b] = grid.centre(b, cell[b]);
            auto x_face = x;
            x_face[a] += 0.5 * side * grid.spacing(a);
            const double g = bc.at(x_face, t);
            if (bc.type == BoundaryCondition::Type::neumann) {
              flux[face] += g * area;
              return;
            }
            const double d_p = d_factor * problem.diffusivity.at(x, grid.dim, t);
            const double u_p = PetscRealPart(values[n]);
            const double v_out = problem.face_velocity(a, cell, side) * side;
            const bool upwind_outflow = problem.advection != AdvectionScheme::central && v_out > 0;
            const double u_f = upwind_outflow ? u_p : g;
            flux[face] += (-d_p * (g - u_p) / (grid.spacing(a) / 2) + v_out * u_f) * area;
          });
    }
  }
  FICKLE_PETSC(VecRestoreArrayRead(u, &values));
  MPI_Comm comm = MPI_COMM_NULL;
  FICKLE_PETSC(PetscObjectGetComm(reinterpret_cast<PetscObject>(da), &comm));
  MPI_Allreduce(MPI_IN_PLACE, flux.data(), 6, MPI_DOUBLE, MPI_SUM, comm);
  return flux;
}

}  // namespace fickle
