// The parts of the Stokes solver that hold less memory (docs/science.md §4.7): the gradient block
// applied as the divergence block's scaled transpose (solvers/stokes/transpose_block.hpp) and the
// pressure level removed without a null vector (solvers/stokes/pressure_level.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/stokes/pressure_level.hpp"
#include "solvers/stokes/stokes_operator.hpp"
#include "solvers/stokes/transpose_block.hpp"
#include "tests/support/stokes_blocks.hpp"
#include "tests/support/stokes_problems.hpp"

namespace fickle::testing {
namespace {

using Type = StokesBoundary::Type;

StokesProblem sphere_in_a_periodic_box() {
  StokesProblem p = box(3, {8, 8, 8});
  for (int a = 0; a < 3; ++a) make_periodic(p, a);
  p.force = {1.0, 0, 0};
  p.obstacles.push_back(
      body(Region::Shape::sphere, {0.5, 0.5, 0.5}, 0.2, Obstacle::Surface::interpolated));
  return p;
}

// Open ends (half-cell rows), walls, a moving interpolated cylinder: every kind of row.
StokesProblem open_channel_with_a_cylinder() {
  StokesProblem p = box(2, {24, 8, 1});
  p.grid.upper = {3, 1, 1};
  p.boundary[0] = {Type::pressure, {0, 0, 0}, 1.0};
  p.boundary[1] = {Type::pressure, {0, 0, 0}, 0.0};
  p.obstacles.push_back(
      body(Region::Shape::cylinder, {1.2, 0.45, 0}, 0.2, Obstacle::Surface::interpolated));
  p.obstacles.back().velocity = {0.1, 0, 0};
  return p;
}

TEST(StokesTransposeBlock, GradientIsTheDivergencesScaledTransposeOnEveryKindOfRow) {
  for (const StokesProblem& p : {sphere_in_a_periodic_box(), open_channel_with_a_cylinder()}) {
    MacGrid mac(PETSC_COMM_SELF, p.grid);
    StokesOperator op(mac, p);
    Blocks b = blocks_of(mac, op);
    OwnedMat shell = scaled_transpose(b.upper, b.lower);
    ASSERT_TRUE(shell) << p.grid.dim << "D";
    expect_same_product(b.upper, shell);
  }
}

TEST(StokesTransposeBlock, ABlockThatIsNotATransposeStaysAssembled) {
  const StokesProblem p = open_channel_with_a_cylinder();
  MacGrid mac(PETSC_COMM_SELF, p.grid);
  StokesOperator op(mac, p);
  Blocks b = blocks_of(mac, op);
  // One entry of one row of Bᵀ off by 1e-10 relative: that row is no multiple of B's column.
  PetscInt row = -1, n = 0;
  const PetscInt* cols = nullptr;
  const PetscScalar* vals = nullptr;
  PetscInt column = 0;
  PetscScalar value = 0;
  for (PetscInt r = 0; row < 0; ++r) {
    FICKLE_PETSC(MatGetRow(b.upper, r, &n, &cols, &vals));
    if (n >= 2 && vals[0] != 0.0 && vals[1] != 0.0) {
      row = r;
      column = cols[0];
      value = vals[0] * (1 + 1e-10);
    }
    FICKLE_PETSC(MatRestoreRow(b.upper, r, &n, &cols, &vals));
  }
  FICKLE_PETSC(MatSetValue(b.upper, row, column, value, INSERT_VALUES));
  FICKLE_PETSC(MatAssemblyBegin(b.upper, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(b.upper, MAT_FINAL_ASSEMBLY));
  EXPECT_FALSE(scaled_transpose(b.upper, b.lower));
}

TEST(StokesPressureLevel, RemovalIsTheProjectionOffTheNullVector) {
  StokesProblem p = box(2, {12, 10, 1});
  p.boundary[3] = {Type::wall, {1, 0, 0}, 0};
  p.obstacles.push_back(body(Region::Shape::cylinder, {0.4, 0.5, 0}, 0.2));  // pinned cells
  MacGrid mac(PETSC_COMM_SELF, p.grid);
  StokesOperator op(mac, p);
  OwnedVec v, x, expected;
  FICKLE_PETSC(DMCreateGlobalVector(mac.dm(), v.out()));
  FICKLE_PETSC(VecDuplicate(v, x.out()));
  FICKLE_PETSC(VecDuplicate(v, expected.out()));
  op.fill_null_vector(v);
  fill_random(x, 5);
  // x − (v·x) v with the stored unit null vector, as PETSc's own null space removes it.
  PetscScalar vx = 0;
  FICKLE_PETSC(VecDot(v, x, &vx));
  FICKLE_PETSC(VecWAXPY(expected, -vx, v, x));
  const PressureLevel level = pressure_level(v, op.fluid_cell_count());
  EXPECT_EQ(static_cast<PetscInt>(level.rows.size()), op.fluid_cell_count());
  EXPECT_LT(op.fluid_cell_count(), 12 * 10);
  OwnedNullSpace space = pressure_null_space(level);
  FICKLE_PETSC(MatNullSpaceRemove(space, x));
  EXPECT_LE(relative_difference(expected, x), 1e-14);
}

}  // namespace
}  // namespace fickle::testing
