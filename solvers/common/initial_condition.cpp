#include "solvers/common/initial_condition.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "meshes/dmda.hpp"

namespace fickle {

double InitialCondition::wavenumber(const Grid& grid, int axis) const {
  return modes[axis] * std::numbers::pi / grid.length(axis);
}

double InitialCondition::at(const Grid& grid, const std::array<double, 3>& x) const {
  switch (type) {
    case Type::gaussian: {
      double r2 = 0;
      for (int a = 0; a < grid.dim; ++a) r2 += (x[a] - center[a]) * (x[a] - center[a]);
      return amplitude * std::exp(-r2 / (2 * sigma * sigma));
    }
    case Type::uniform:
      return amplitude;
    case Type::sine:
    case Type::cosine: {
      double v = amplitude;
      for (int a = 0; a < grid.dim; ++a) {
        const double phase = wavenumber(grid, a) * (x[a] - grid.lower[a]);
        v *= type == Type::sine ? std::sin(phase) : std::cos(phase);
      }
      return v;
    }
    case Type::expression:
      return formula.at(x, 0.0);
    case Type::delta:
    case Type::cells:  // given per cell, not at points
      break;
  }
  return 0.0;
}

void fill_initial_condition(const InitialCondition& ic, const Grid& grid, DM da, Vec u) {
  const OwnedBox box = owned_box(da);
  std::array<PetscInt, 3> delta_cell{-1, -1, -1};
  if (ic.type == InitialCondition::Type::delta)
    for (int a = 0; a < grid.dim; ++a)
      delta_cell[a] = std::clamp<PetscInt>(
          static_cast<PetscInt>(std::floor((ic.center[a] - grid.lower[a]) / grid.spacing(a))), 0,
          grid.cells[a] - 1);
  PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArray(u, &values));
  for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    if (ic.type == InitialCondition::Type::delta) {
      bool here = true;
      for (int a = 0; a < grid.dim; ++a) here = here && cell[a] == delta_cell[a];
      values[n] = here ? ic.mass / grid.cell_volume() : 0.0;
      return;
    }
    if (ic.type == InitialCondition::Type::cells) {
      values[n] = (*ic.cells)[static_cast<std::size_t>(
          i + grid.cells[0] * (j + static_cast<std::int64_t>(grid.cells[1]) * k))];
      return;
    }
    std::array<double, 3> x{0, 0, 0};
    for (int a = 0; a < grid.dim; ++a) x[a] = grid.centre(a, cell[a]);
    values[n] = ic.at(grid, x);
  });
  FICKLE_PETSC(VecRestoreArray(u, &values));
}

void fill_cell_values(const SpaceTimeValue& f, const Grid& grid, double t, DM da, Vec u) {
  PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArray(u, &values));
  for_each_owned_cell(owned_box(da), [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    std::array<double, 3> x{0, 0, 0};
    for (int a = 0; a < grid.dim; ++a) x[a] = grid.centre(a, cell[a]);
    values[n] = f.at(x, t);
  });
  FICKLE_PETSC(VecRestoreArray(u, &values));
}

}  // namespace fickle
