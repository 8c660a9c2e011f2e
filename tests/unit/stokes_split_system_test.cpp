// The Stokes system held as its field blocks (solvers/stokes/split_system.hpp, docs/science.md
// §4.7): the shell's product is the assembled system's, the MATNEST hands the fieldsplit its blocks
// by reference, and a user's -pc_ option keeps the assembled matrix with the same flow.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/stokes/flow_fields.hpp"
#include "solvers/stokes/split_system.hpp"
#include "solvers/stokes/stokes_solver.hpp"
#include "tests/support/stokes_problems.hpp"

namespace fickle::testing {
namespace {

// A periodic box with an interpolated sphere: forced rows, pinned cells and both fields.
StokesProblem sphere_in_a_box(int n) {
  StokesProblem p = box(3, {n, n, n});
  for (int a = 0; a < 3; ++a) make_periodic(p, a);
  p.force = {1.0, 0, 0};
  p.obstacles.push_back(
      body(Region::Shape::sphere, {0.5, 0.5, 0.5}, 0.2, Obstacle::Surface::interpolated));
  return p;
}

TEST(StokesSplitSystem, ProductIsTheAssembledSystemsAndBlocksComeByReference) {
  const StokesProblem p = sphere_in_a_box(8);
  MacGrid mac(PETSC_COMM_SELF, p.grid);
  StokesOperator op(mac, p);
  OwnedMat A;
  OwnedVec b, x, y, z;
  FICKLE_PETSC(DMCreateGlobalVector(mac.dm(), b.out()));
  op.assemble(A.out(), b, false);
  PetscInt n = 0;
  char** names = nullptr;
  IS* fields = nullptr;
  FICKLE_PETSC(DMCreateFieldDecomposition(mac.dm(), &n, &names, &fields, nullptr));
  ASSERT_EQ(n, 2);
  SplitSystem system = split_system(A, n, fields);
  FICKLE_PETSC(VecDuplicate(b, x.out()));
  FICKLE_PETSC(VecDuplicate(b, y.out()));
  FICKLE_PETSC(VecDuplicate(b, z.out()));
  PetscRandom random = nullptr;
  FICKLE_PETSC(PetscRandomCreate(PETSC_COMM_SELF, &random));
  FICKLE_PETSC(PetscRandomSetSeed(random, 7));
  FICKLE_PETSC(PetscRandomSeed(random));
  FICKLE_PETSC(VecSetRandom(x, random));
  FICKLE_PETSC(PetscRandomDestroy(&random));
  FICKLE_PETSC(MatMult(A, x, y));
  FICKLE_PETSC(MatMult(system.product, x, z));
  PetscReal scale = 0, difference = 0;
  FICKLE_PETSC(VecNorm(y, NORM_INFINITY, &scale));
  FICKLE_PETSC(VecAXPY(z, -1.0, y));
  FICKLE_PETSC(VecNorm(z, NORM_INFINITY, &difference));
  EXPECT_GT(scale, 0);
  EXPECT_LE(difference, 1e-14 * scale);
  // Bᵀ is applied as B's transpose (transpose_block.hpp), not stored.
  Mat gradient = nullptr;
  PetscBool shell = PETSC_FALSE;
  FICKLE_PETSC(MatNestGetSubMat(system.blocks, 0, 1, &gradient));
  FICKLE_PETSC(PetscObjectTypeCompare((PetscObject)gradient, MATSHELL, &shell));
  EXPECT_TRUE(shell);
  // What PCFIELDSPLIT asks for (MatCreateSubMatrix on a field) is the nest's own block.
  for (PetscInt i = 0; i < n; ++i) {
    Mat block = nullptr, sub = nullptr;
    FICKLE_PETSC(MatNestGetSubMat(system.blocks, i, i, &block));
    FICKLE_PETSC(MatCreateSubMatrix(system.blocks, fields[i], fields[i], MAT_INITIAL_MATRIX, &sub));
    EXPECT_EQ(sub, block) << names[i];
    FICKLE_PETSC(MatDestroy(&sub));
    FICKLE_PETSC(PetscFree(names[i]));
    FICKLE_PETSC(ISDestroy(&fields[i]));
  }
  FICKLE_PETSC(PetscFree(names));
  FICKLE_PETSC(PetscFree(fields));
}

TEST(StokesSplitSystem, AUsersPcOptionKeepsTheAssembledSystemAndTheSameFlow) {
  const StokesProblem p = sphere_in_a_box(16);
  StokesSolver blocks(PETSC_COMM_SELF, p, {});
  blocks.solve();
  // The default's own value, given as a -pc_ option: the assembled AIJ matrix stays.
  FICKLE_PETSC(PetscOptionsSetValue(nullptr, "-pc_fieldsplit_schur_fact_type", "upper"));
  StokesSolver assembled(PETSC_COMM_SELF, p, {});
  assembled.solve();
  FICKLE_PETSC(PetscOptionsClearValue(nullptr, "-pc_fieldsplit_schur_fact_type"));
  EXPECT_EQ(blocks.outer_iterations(), assembled.outer_iterations());
  const double u = FlowFields(blocks).mean_velocity()[0];
  const double v = FlowFields(assembled).mean_velocity()[0];
  EXPECT_GT(u, 0);
  EXPECT_NEAR(u, v, 1e-12 * u);
}

}  // namespace
}  // namespace fickle::testing
