// Helpers for solver-level tests: build a problem, run it, measure its error.
#pragma once

#include <petscdmda.h>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "solvers/fick/exact_solution.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle::testing {

/// A problem on [0,1]^d with `cells` per axis, constant D, every face `face` (unless periodic).
inline FickProblem box_problem(int dim, int cells, double D, BoundaryCondition face = {}) {
  FickProblem p;
  p.grid.dim = dim;
  for (int a = 0; a < dim; ++a) p.grid.cells[a] = cells;
  p.diffusivity.value = D;
  p.boundary.fill(face);
  return p;
}

inline void make_periodic(FickProblem& p, int axis) {
  p.grid.periodic[axis] = true;
  p.boundary[2 * axis].type = p.boundary[2 * axis + 1].type = BoundaryCondition::Type::periodic;
}

/// A box [lower, upper] where D takes `value` (a diffusivity region).
inline void add_inclusion(FickProblem& p, const std::array<double, 3>& lower,
                          const std::array<double, 3>& upper, double value) {
  PiecewiseField::Piece inclusion{};
  inclusion.region.lower = lower;
  inclusion.region.upper = upper;
  inclusion.value = value;
  p.diffusivity.pieces.push_back(inclusion);
}

inline void run_to_end(FickSolver& solver) {
  while (solver.step_index() < solver.stepping().steps) solver.step();
}

/// Relative L2 error against `exact` at the end of the run.
inline double final_error(const FickProblem& p, const TimeStepping& ts, ExactSolution exact,
                          MPI_Comm comm = PETSC_COMM_SELF) {
  FickSolver solver(comm, p, ts);
  run_to_end(solver);
  OwnedVec reference;
  FICKLE_PETSC(DMCreateGlobalVector(solver.dm(), reference.out()));
  fill_exact_solution(exact, p, solver.time(), solver.dm(), reference);
  return relative_errors(solver.solution(), reference).l2_rel;
}

/// Observed orders log(e_i/e_{i+1}) / log(r) between successive refinements by the factor r,
/// printed with the errors so that the test log records the measured numbers.
inline std::vector<double> observed_orders(const std::vector<double>& errors, double ratio = 2.0) {
  std::vector<double> orders;
  for (std::size_t i = 0; i + 1 < errors.size(); ++i)
    orders.push_back(std::log(errors[i] / errors[i + 1]) / std::log(ratio));
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::printf("[ measured ] %s:", test ? test->name() : "");
  for (double e : errors) std::printf(" %.4e", e);
  std::printf("  orders:");
  for (double o : orders) std::printf(" %.3f", o);
  std::printf("\n");
  return orders;
}

// The solution in natural ordering, gathered on rank 0 (empty elsewhere).
inline std::vector<double> natural_on_root(DM dm, Vec u) {
  OwnedVec natural, gathered;
  OwnedScatter scatter;
  FICKLE_PETSC(DMDACreateNaturalVector(dm, natural.out()));
  FICKLE_PETSC(DMDAGlobalToNaturalBegin(dm, u, INSERT_VALUES, natural));
  FICKLE_PETSC(DMDAGlobalToNaturalEnd(dm, u, INSERT_VALUES, natural));
  FICKLE_PETSC(VecScatterCreateToZero(natural, scatter.out(), gathered.out()));
  FICKLE_PETSC(VecScatterBegin(scatter, natural, gathered, INSERT_VALUES, SCATTER_FORWARD));
  FICKLE_PETSC(VecScatterEnd(scatter, natural, gathered, INSERT_VALUES, SCATTER_FORWARD));
  PetscInt n = 0;
  FICKLE_PETSC(VecGetLocalSize(gathered, &n));
  const PetscScalar* v = nullptr;
  FICKLE_PETSC(VecGetArrayRead(gathered, &v));
  std::vector<double> out(v, v + n);
  FICKLE_PETSC(VecRestoreArrayRead(gathered, &v));
  return out;
}

/// Expects the two solutions (e.g. on all ranks and on one) to agree to `tolerance` relative to
/// the largest value, compared on rank 0 in the natural ordering (collective).
inline void expect_same_solution(DM dm_a, Vec a, DM dm_b, Vec b, double tolerance = 1e-7) {
  const auto first = natural_on_root(dm_a, a);
  const auto second = natural_on_root(dm_b, b);
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (rank != 0) return;
  ASSERT_EQ(first.size(), second.size());
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < second.size(); ++i) {
    diff = std::max(diff, std::abs(first[i] - second[i]));
    norm = std::max(norm, std::abs(second[i]));
  }
  EXPECT_LT(diff / norm, tolerance);
}

}  // namespace fickle::testing
