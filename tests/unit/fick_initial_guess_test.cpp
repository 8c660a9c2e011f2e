// The solution-relative stopping test (-fick_solution_rtol τ) with the extrapolated first guess
// of beuler and cn (solvers/fick/fick_solver.cpp): the same answer as the default solve to the
// tolerance, fewer iterations, and a restart from a checkpoint that continues bit for bit.
#include <gtest/gtest.h>

#include <filesystem>

#include "meshes/dmda.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle::testing {
namespace {

/// Sets -fick_solution_rtol for the solvers built while it lives.
class SolutionTolerance {
 public:
  explicit SolutionTolerance(const char* tau) {
    FICKLE_PETSC(PetscOptionsSetValue(nullptr, "-fick_solution_rtol", tau));
  }
  ~SolutionTolerance() { PetscOptionsClearValue(nullptr, "-fick_solution_rtol"); }
};

/// The 3D Gaussian in a closed box at D·dt/h² ≈ 0.4, as in the 64³ benchmark, on 24³ cells.
FickProblem gaussian() {
  auto p = box_problem(3, 24, 0.07);
  p.initial.type = InitialCondition::Type::gaussian;
  p.initial.center = {0.5, 0.5, 0.5};
  p.initial.sigma = 0.1;
  return p;
}

TEST(FickInitialGuess, AgreesWithTheDefaultSolveToTheToleranceInFewerIterations) {
  const auto p = gaussian();
  for (const char* scheme : {"beuler", "cn"}) {
    const TimeStepping ts{0.01, 20, scheme};
    FickSolver plain(PETSC_COMM_SELF, p, ts);
    run_to_end(plain);
    SolutionTolerance tau("1e-8");
    FickSolver guessed(PETSC_COMM_SELF, p, ts);
    run_to_end(guessed);
    // Each step's error is ≲ τ ||u||, 20 steps: within 20τ of the default solve (rtol 1e-8).
    expect_same_solution(plain.dm(), plain.solution(), guessed.dm(), guessed.solution(), 20e-8);
    EXPECT_NEAR(guessed.mass() / plain.mass(), 1.0, 1e-7) << scheme;
    std::printf("[ measured ] %s: iterations %ld (default) -> %ld (τ = 1e-8, extrapolated)\n",
                scheme, plain.linear_iterations(), guessed.linear_iterations());
    EXPECT_LT(guessed.linear_iterations(), plain.linear_iterations()) << scheme;
  }
}

TEST(FickInitialGuess, ARestartTakesTheSameGuessAndContinuesBitForBit) {
  const auto p = gaussian();
  const TimeStepping ts{0.01, 12, "beuler"};
  SolutionTolerance tau("1e-8");
  FickSolver whole(PETSC_COMM_SELF, p, ts);
  run_to_end(whole);

  const auto dir = std::filesystem::temp_directory_path() / "fickle_initial_guess_test";
  std::filesystem::create_directories(dir);
  FickSolver first(PETSC_COMM_SELF, p, ts);
  while (first.step_index() < 7) first.step();
  const auto file = first.save_state(dir);
  FickSolver second(PETSC_COMM_SELF, p, ts);
  second.load_state(dir / file, first.stamp());
  run_to_end(second);
  std::filesystem::remove_all(dir);
  expect_same_solution(whole.dm(), whole.solution(), second.dm(), second.solution(), 1e-300);
}

}  // namespace
}  // namespace fickle::testing
