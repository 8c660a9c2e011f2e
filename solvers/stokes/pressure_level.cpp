#include "solvers/stokes/pressure_level.hpp"

namespace fickle {
namespace {

PetscErrorCode remove_pressure_level(MatNullSpace, Vec x, void* context) {
  const auto* level = static_cast<const PressureLevel*>(context);
  PetscScalar* xa = nullptr;
  PetscCall(VecGetArray(x, &xa));
  double sum = 0;
  for (const PetscInt i : level->rows) sum += PetscRealPart(xa[i]);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &sum, 1, MPI_DOUBLE, MPI_SUM, level->comm));
  const double mean = sum / level->cells;
  for (const PetscInt i : level->rows) xa[i] -= mean;
  PetscCall(VecRestoreArray(x, &xa));
  return 0;
}

}  // namespace

PressureLevel pressure_level(Vec null_vector, PetscInt fluid_cells) {
  PressureLevel level;
  level.comm = PetscObjectComm((PetscObject)null_vector);
  level.cells = static_cast<double>(fluid_cells);
  PetscInt n = 0;
  const PetscScalar* v = nullptr;
  FICKLE_PETSC(VecGetLocalSize(null_vector, &n));
  FICKLE_PETSC(VecGetArrayRead(null_vector, &v));
  for (PetscInt i = 0; i < n; ++i)
    if (v[i] != 0.0) level.rows.push_back(i);
  FICKLE_PETSC(VecRestoreArrayRead(null_vector, &v));
  return level;
}

OwnedNullSpace pressure_null_space(const PressureLevel& level) {
  OwnedNullSpace space;
  FICKLE_PETSC(MatNullSpaceCreate(level.comm, PETSC_FALSE, 0, nullptr, space.out()));
  FICKLE_PETSC(
      MatNullSpaceSetFunction(space, remove_pressure_level, const_cast<PressureLevel*>(&level)));
  return space;
}

}  // namespace fickle
