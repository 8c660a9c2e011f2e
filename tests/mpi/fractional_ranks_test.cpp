// Run under mpiexec -n 2: the fractional solvers on all ranks and on each rank alone agree to the
// solver tolerance, in the natural cell ordering.
#include <gtest/gtest.h>

#include "solvers/fractional/space_fractional.hpp"
#include "solvers/fractional/time_fractional.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle::testing {
namespace {

TEST(FractionalRanks, TimeFractionalAgreesOnOneAndTwoRanks) {
  FickProblem p;
  p.grid.dim = 2;
  p.grid.cells = {24, 20, 1};
  p.diffusivity.value = 0.5;
  p.initial.type = InitialCondition::Type::sine;
  p.initial.modes = {1, 2, 0};
  const CaputoStepping stepping{0.6, 0.1, 40, TimeMesh::graded, 0, CaputoHistory::fast, 1e-9};
  TimeFractionalSolver world(PETSC_COMM_WORLD, p, stepping), alone(PETSC_COMM_SELF, p, stepping);
  while (world.step_index() < 40) world.step(), alone.step();
  expect_same_solution(world.dm(), world.solution(), alone.dm(), alone.solution());
}

TEST(FractionalRanks, RieszAgreesOnOneAndTwoRanks) {
  for (bool periodic : {true, false}) {
    RieszProblem p;
    p.grid.dim = 2;
    p.grid.cells = {32, 24, 1};
    p.grid.periodic = {periodic, periodic, false};
    p.mu = 1.5;
    p.K = 0.01;
    p.initial.type = InitialCondition::Type::gaussian;
    p.initial.center = {0.4, 0.5, 0};
    p.initial.sigma = 0.1;
    SpaceFractionalSolver world(PETSC_COMM_WORLD, p, 0.05), alone(PETSC_COMM_SELF, p, 0.05);
    for (int n = 0; n < 10; ++n) world.step(), alone.step();
    expect_same_solution(world.dm(), world.solution(), alone.dm(), alone.solution());
  }
}

}  // namespace
}  // namespace fickle::testing
