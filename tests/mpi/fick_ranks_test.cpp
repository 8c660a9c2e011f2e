// Run under mpiexec -n 2: the same problem solved on all ranks (PETSC_COMM_WORLD) and on each rank
// alone (PETSC_COMM_SELF) agrees to the solver tolerance, compared in the natural cell ordering.
#include <gtest/gtest.h>

#include "meshes/dmda.hpp"
#include "tests/support/fick_operator_check.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle::testing {
namespace {

void expect_rank_independent(const FickProblem& p, const TimeStepping& ts) {
  int size = 0;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  ASSERT_EQ(size, 2) << "run this test under mpiexec -n 2";
  FickSolver world(PETSC_COMM_WORLD, p, ts), alone(PETSC_COMM_SELF, p, ts);
  run_to_end(world);
  run_to_end(alone);
  expect_same_solution(world.dm(), world.solution(), alone.dm(), alone.solution());
  const double world_mass = world.mass(), alone_mass = alone.mass();  // collective: every rank
  EXPECT_NEAR(world_mass, alone_mass, 1e-7 * std::abs(alone_mass));
}

TEST(FickRanks, ClosedBoxWithDriftAndAnInclusionAgreesOnOneAndTwoRanks) {
  auto p = box_problem(3, 20, 0.02);
  p.velocity = {0.2, 0.0, -0.1};
  add_inclusion(p, {0.2, 0.2, 0.2}, {0.5, 0.7, 0.6}, 0.2);
  expect_rank_independent(p, {0.01, 10, "beuler"});
}

TEST(FickRanks, PeriodicAndDirichletFacesAgreeOnOneAndTwoRanks) {
  auto p = box_problem(2, 48, 0.05, {BoundaryCondition::Type::dirichlet, 0.5});
  make_periodic(p, 0);
  p.velocity = {1.0, 0.0, 0.0};
  expect_rank_independent(p, {0.005, 20, "cn"});
}

TEST(FickRanks, LimitedAdvectionAgreesOnOneAndTwoRanks) {
  // The limiter reads two cells upstream, across the rank boundary and (periodic axis) around the
  // box: a 1D ring split in two, and a 2D box with walls, a periodic axis and a diagonal drift at
  // cell Péclet number 25.
  auto ring = box_problem(1, 64, 1e-3);
  make_periodic(ring, 0);
  ring.velocity = {1.0, 0, 0};
  ring.advection = AdvectionScheme::limited;
  ring.initial.center = {0.45, 0, 0};
  ring.initial.sigma = 0.05;
  expect_rank_independent(ring, {0.004, 150, "cn"});

  auto box = box_problem(2, 40, 1e-3, {BoundaryCondition::Type::neumann, 0.0});
  make_periodic(box, 1);
  box.velocity = {0.6, -1.0, 0};
  box.advection = AdvectionScheme::limited;
  box.initial.center = {0.5, 0.5, 0};
  box.initial.sigma = 0.1;
  expect_rank_independent(box, {0.01, 40, "bdf2"});
}

TEST(FickRanks, TheSolutionRelativeToleranceWithItsExtrapolatedGuessAgreesOnOneAndTwoRanks) {
  // -fick_solution_rtol (fick_solver.cpp): block Jacobi on 2 ranks stops elsewhere than one block,
  // but both within τ ||u|| per step.
  FICKLE_PETSC(PetscOptionsSetValue(nullptr, "-fick_solution_rtol", "1e-9"));
  auto p = box_problem(3, 20, 0.05);
  p.initial.type = InitialCondition::Type::gaussian;
  p.initial.center = {0.4, 0.5, 0.5};
  p.initial.sigma = 0.1;
  expect_rank_independent(p, {0.01, 10, "beuler"});
  // Point-Jacobi CG with its scaled stopping test: the same iterations on any number of ranks.
  FICKLE_PETSC(PetscOptionsSetValue(nullptr, "-pc_type", "jacobi"));
  expect_rank_independent(p, {0.01, 10, "beuler"});
  FICKLE_PETSC(PetscOptionsClearValue(nullptr, "-pc_type"));
  FICKLE_PETSC(PetscOptionsClearValue(nullptr, "-fick_solution_rtol"));
}

TEST(FickRanks, TheDirectAssemblyEqualsDMCreateMatrixEntryForEntryOnTwoRanks) {
  // Rows split across the ranks, columns on the other rank and periodic images across them.
  int size = 0;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  ASSERT_EQ(size, 2) << "run this test under mpiexec -n 2";
  expect_same_operators(PETSC_COMM_WORLD);
}

}  // namespace
}  // namespace fickle::testing
