// The Stokes system's off-diagonal blocks and vector checks for the solver's memory-saving parts
// (solvers/stokes/transpose_block.hpp, pressure_level.hpp), on any communicator.
#pragma once

#include <gtest/gtest.h>

#include "solvers/stokes/stokes_operator.hpp"

namespace fickle::testing {

inline void fill_random(Vec v, unsigned long seed) {
  PetscRandom random = nullptr;
  FICKLE_PETSC(PetscRandomCreate(PetscObjectComm((PetscObject)v), &random));
  FICKLE_PETSC(PetscRandomSetSeed(random, seed));
  FICKLE_PETSC(PetscRandomSeed(random));
  FICKLE_PETSC(VecSetRandom(v, random));
  FICKLE_PETSC(PetscRandomDestroy(&random));
}

// max |a − b| / max |a|
inline double relative_difference(Vec a, Vec b) {
  OwnedVec d;
  FICKLE_PETSC(VecDuplicate(a, d.out()));
  FICKLE_PETSC(VecWAXPY(d, -1.0, b, a));
  PetscReal scale = 0, difference = 0;
  FICKLE_PETSC(VecNorm(a, NORM_INFINITY, &scale));
  FICKLE_PETSC(VecNorm(d, NORM_INFINITY, &difference));
  EXPECT_GT(scale, 0);
  return difference / scale;
}

// The assembled system of `p` and its blocks Bᵀ (velocity rows) and B (pressure rows).
struct Blocks {
  OwnedMat system, upper, lower;
};

inline Blocks blocks_of(const MacGrid& mac, const StokesOperator& op) {
  Blocks b;
  OwnedVec rhs;
  FICKLE_PETSC(DMCreateGlobalVector(mac.dm(), rhs.out()));
  op.assemble(b.system.out(), rhs, false);
  PetscInt n = 0;
  char** names = nullptr;  // DMStag needs them asked for
  IS* fields = nullptr;
  FICKLE_PETSC(DMCreateFieldDecomposition(mac.dm(), &n, &names, &fields, nullptr));
  EXPECT_EQ(n, 2);
  FICKLE_PETSC(
      MatCreateSubMatrix(b.system, fields[0], fields[1], MAT_INITIAL_MATRIX, b.upper.out()));
  FICKLE_PETSC(
      MatCreateSubMatrix(b.system, fields[1], fields[0], MAT_INITIAL_MATRIX, b.lower.out()));
  for (PetscInt i = 0; i < n; ++i) {
    FICKLE_PETSC(ISDestroy(&fields[i]));
    FICKLE_PETSC(PetscFree(names[i]));
  }
  FICKLE_PETSC(PetscFree(fields));
  FICKLE_PETSC(PetscFree(names));
  return b;
}

// Bᵀ's product through the shell is the assembled block's, to rounding.
inline void expect_same_product(Mat upper, Mat shell) {
  OwnedVec p, u, v;
  FICKLE_PETSC(MatCreateVecs(upper, p.out(), u.out()));
  FICKLE_PETSC(VecDuplicate(u, v.out()));
  fill_random(p, 11);
  FICKLE_PETSC(MatMult(upper, p, u));
  FICKLE_PETSC(MatMult(shell, p, v));
  EXPECT_LE(relative_difference(u, v), 1e-14);
}

}  // namespace fickle::testing
