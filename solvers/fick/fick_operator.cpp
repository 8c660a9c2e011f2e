// Assembly of du/dt = A u + b for the cell-centred finite-volume Fick operator (see fick.hpp).
//
// For cell P and each face f with outward normal n_f (axis a, side ±1), the cell balance is
//   du_P/dt = −(1/h_a) Σ_f F_f + s_P,     F_f = outward flux through f per unit face area,
// with, for an interior (or periodic) face to the neighbour N,
//   F_f = −D_f (u_N − u_P)/h_a + (v·n_f) u_f,  D_f = 2 D_P D_N/(D_P + D_N),
//   u_f = (u_P + u_N)/2 (central) or the upwind cell value,
// at a Dirichlet face with value g
//   F_f = −D_P (g − u_P)/(h_a/2) + (v·n_f) u_f,  u_f = g (central; upwind inflow) or u_P (upwind
//   outflow),
// and at a Neumann face F_f = q, the prescribed total outward flux.
#include <vector>

#include "meshes/dmda.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {

namespace {

struct Coefficient {
  MatStencil column;
  PetscScalar value;
};

std::array<double, 3> centre_of(const Grid& grid, const std::array<PetscInt, 3>& cell) {
  std::array<double, 3> x{0, 0, 0};
  for (int a = 0; a < grid.dim; ++a) x[a] = grid.centre(a, cell[a]);
  return x;
}

}  // namespace

bool FickProblem::has_drift() const {
  if (velocity_field) return true;
  for (int a = 0; a < grid.dim; ++a)
    if (velocity[a] != 0.0) return true;
  return false;
}

double FickProblem::face_velocity(int a, const std::array<PetscInt, 3>& cell, int side) const {
  if (!velocity_field) return velocity[a];
  std::array<std::int64_t, 3> face{cell[0], cell[1], cell[2]};
  if (side > 0) ++face[a];
  if (grid.periodic[a]) face[a] %= grid.cells[a];  // the face past the last cell is face 0
  return velocity_field->at(a, face[0], face[1], face[2]);
}

double FickProblem::cell_peclet() const {
  double pe = 0;
  for (int a = 0; a < grid.dim; ++a) {
    double v = std::abs(velocity[a]);
    if (velocity_field)
      for (double u : velocity_field->values[a]) v = std::max(v, std::abs(u));
    pe = std::max(pe, v * grid.spacing(a) / diffusivity.min());
  }
  return pe;
}

double FickProblem::diffusion_number(double dt) const {
  return diffusivity.max() * dt / (grid.min_spacing() * grid.min_spacing());
}

void assemble_fick_operator(const FickProblem& problem, DM da, Mat A, Vec b) {
  const Grid& grid = problem.grid;
  const OwnedBox box = owned_box(da);
  FICKLE_PETSC(MatZeroEntries(A));
  PetscScalar* rhs = nullptr;
  FICKLE_PETSC(VecGetArray(b, &rhs));

  std::vector<Coefficient> row;
  for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    const auto x = centre_of(grid, cell);
    const double d_p = problem.diffusivity.at(x, grid.dim);
    double diagonal = 0;
    double constant = problem.source.at(x, grid.dim);
    row.clear();

    for (int a = 0; a < grid.dim; ++a) {
      const double h = grid.spacing(a);
      for (int side : {-1, +1}) {
        const double v_out = problem.face_velocity(a, cell, side) * side;  // v·n_f
        const bool upwind = problem.advection == AdvectionScheme::upwind;
        std::array<PetscInt, 3> neighbour = cell;
        neighbour[a] += side;
        const bool inside = grid.periodic[a] || (neighbour[a] >= 0 && neighbour[a] < grid.cells[a]);
        if (inside) {
          // Periodic images: the DMDA wraps the stencil index, the geometry wraps the centre.
          auto xn = centre_of(grid, neighbour);
          if (grid.periodic[a]) {
            if (neighbour[a] < 0) xn[a] += grid.length(a);
            if (neighbour[a] >= grid.cells[a]) xn[a] -= grid.length(a);
          }
          const double d_n = problem.diffusivity.at(xn, grid.dim);
          const double d_f = 2 * d_p * d_n / (d_p + d_n);
          // −F_f/h = D_f (u_N − u_P)/h² − (v·n) u_f/h
          double c_p = -d_f / (h * h), c_n = d_f / (h * h);
          if (upwind) {
            (v_out > 0 ? c_p : c_n) -= v_out / h;
          } else {
            c_p -= 0.5 * v_out / h;
            c_n -= 0.5 * v_out / h;
          }
          diagonal += c_p;
          MatStencil col{};
          col.i = neighbour[0];
          col.j = neighbour[1];
          col.k = neighbour[2];
          row.push_back({col, c_n});
          continue;
        }
        const BoundaryCondition& bc = problem.boundary[2 * a + (side > 0 ? 1 : 0)];
        if (bc.type == BoundaryCondition::Type::neumann) {
          constant -= bc.value / h;
          continue;
        }
        // Dirichlet: −F_f/h = 2 D_P (g − u_P)/h² − (v·n) u_f/h
        diagonal -= 2 * d_p / (h * h);
        constant += 2 * d_p * bc.value / (h * h);
        if (upwind && v_out > 0)
          diagonal -= v_out / h;
        else
          constant -= v_out * bc.value / h;
      }
    }
    MatStencil self{};
    self.i = i;
    self.j = j;
    self.k = k;
    row.push_back({self, diagonal});
    for (const auto& c : row)
      FICKLE_PETSC(MatSetValuesStencil(A, 1, &self, 1, &c.column, &c.value, ADD_VALUES));
    rhs[n] = constant;
  });
  FICKLE_PETSC(VecRestoreArray(b, &rhs));
  FICKLE_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
}

}  // namespace fickle
