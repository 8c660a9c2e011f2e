// The pressure level of a closed box, the Stokes system's null space (docs/science.md §4.7),
// removed from a vector without a stored null vector: a vector of the system's size (8 MB at
// 64³) for what is the mean of the pressure over the fluid cells.
#pragma once

#include <petscmat.h>

#include <vector>

#include "core/petsc.hpp"

namespace fickle {

struct PressureLevel {
  std::vector<PetscInt> rows;  ///< offsets in this rank's part of a global vector
  double cells = 0;            ///< fluid cells over all ranks
  MPI_Comm comm = MPI_COMM_NULL;
};

/// The rows where `null_vector` (StokesOperator::fill_null_vector: 1/√N on the N fluid cells'
/// pressures) is not zero.
PressureLevel pressure_level(Vec null_vector, PetscInt fluid_cells);

/// The null space whose removal takes the mean out of `level`'s rows: x − (v·x) v for the unit
/// null vector v. `level` must outlive it.
OwnedNullSpace pressure_null_space(const PressureLevel& level);

}  // namespace fickle
