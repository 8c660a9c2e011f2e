// The solution-relative stopping test (-fick_solution_rtol τ) with the extrapolated first guess
// of beuler and cn (solvers/fick/fick_solver.cpp): the same answer as the default solve to the
// tolerance, fewer iterations, and a restart from a checkpoint that continues bit for bit. With
// -pc_type jacobi its stopping test is scaled so that each step's error stays below τ ||u^n||.
#include <gtest/gtest.h>

#include <petscvec.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <string>

#include "core/vec_state.hpp"
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

/// Sets -pc_type jacobi for the solvers built while it lives.
class PointJacobi {
 public:
  PointJacobi() { FICKLE_PETSC(PetscOptionsSetValue(nullptr, "-pc_type", "jacobi")); }
  ~PointJacobi() { PetscOptionsClearValue(nullptr, "-pc_type"); }
};

TEST(FickInitialGuess, AJacobiStepIsWithinTauOfTheConvergedStep) {
  // One step from u0 (no extrapolation yet) with a loose τ and point-Jacobi CG, against the
  // default solve (rtol 1e-8 of the first residual, ~1e-10 of ||u||): the scaled test bounds the
  // 2-norm error by τ ||u0||₂, with zero-flux walls and with u = 0 on the walls (a larger
  // diagonal there). Unscaled, Jacobi's residual would allow 1 + 6 D dt/h² = 3.4 times more.
  for (const auto face : {BoundaryCondition::Type::neumann, BoundaryCondition::Type::dirichlet}) {
    auto p = gaussian();
    p.boundary.fill({face, 0.0});
    const TimeStepping ts{0.01, 1, "beuler"};
    FickSolver converged(PETSC_COMM_SELF, p, ts);
    PetscReal size = 0, error = 0;
    FICKLE_PETSC(VecNorm(converged.solution(), NORM_2, &size));
    run_to_end(converged);
    const double tau = 1e-4;
    SolutionTolerance option("1e-4");
    PointJacobi jacobi;
    FickSolver loose(PETSC_COMM_SELF, p, ts);
    run_to_end(loose);
    ASSERT_NE(loose.solver_description().find("pc jacobi"), std::string::npos);
    OwnedVec difference;
    FICKLE_PETSC(VecDuplicate(loose.solution(), difference.out()));
    FICKLE_PETSC(VecWAXPY(difference, -1.0, converged.solution(), loose.solution()));
    FICKLE_PETSC(VecNorm(difference, NORM_2, &error));
    std::printf("[ measured ] %s walls: error %.3g τ||u0|| after %ld iterations (default: %ld)\n",
                face == BoundaryCondition::Type::neumann ? "zero-flux" : "u = 0",
                error / (tau * size), loose.linear_iterations(), converged.linear_iterations());
    EXPECT_LE(error, tau * size);
    EXPECT_LT(loose.linear_iterations(), converged.linear_iterations());
  }
}

/// Steps of 0.01 with one of 0.005 after the third (a stop at 0.035): the guess's nodes uneven.
void run_with_a_short_step(FickSolver& solver) {
  while (solver.step_index() < 3) solver.step();
  solver.limit_next_step(0.035);
  solver.step();
  solver.limit_next_step(std::numeric_limits<double>::infinity());
  while (solver.time() < solver.stepping().end() - 1e-12) solver.step();
}

TEST(FickInitialGuess, UnevenStepsKeepTheToleranceAndContinueBitForBitAfterARestart) {
  const auto p = gaussian();
  const TimeStepping ts{0.01, 8, "beuler"};
  FickSolver plain(PETSC_COMM_SELF, p, ts);
  run_with_a_short_step(plain);
  SolutionTolerance tau("1e-8");
  FickSolver guessed(PETSC_COMM_SELF, p, ts);
  run_with_a_short_step(guessed);
  EXPECT_EQ(guessed.step_index(), 9);
  expect_same_solution(plain.dm(), plain.solution(), guessed.dm(), guessed.solution(), 9e-8);
  EXPECT_LT(guessed.linear_iterations(), plain.linear_iterations());
  // A restart right after the short step (t^{n−2}, t^{n−1}, t^n = 0.02, 0.03, 0.035).
  const auto dir = std::filesystem::temp_directory_path() / "fickle_initial_guess_uneven";
  std::filesystem::create_directories(dir);
  FickSolver first(PETSC_COMM_SELF, p, ts);
  while (first.step_index() < 3) first.step();
  first.limit_next_step(0.035);
  first.step();
  const auto file = first.save_state(dir);
  FickSolver second(PETSC_COMM_SELF, p, ts);
  second.load_state(dir / file, first.stamp());
  while (second.time() < ts.end() - 1e-12) second.step();
  std::filesystem::remove_all(dir);
  expect_same_solution(guessed.dm(), guessed.solution(), second.dm(), second.solution(), 1e-300);
}

TEST(FickInitialGuess, ALastStepUnderAQuarterOfTheNextTakesABoundedGuess) {
  // Steps of 0.01, one of 1e-4 after the third (a stop at 0.0301), then ≈ 0.01: a line through
  // u^{n−1}, u^n would weigh them ±99 (Σ|w| ≈ 200), amplifying their solver error; the guess takes
  // u^{n−2}, u^n (ω ≈ 1) instead, then u^{n−1}, u^n, then the quadratic (Σ|w| ≈ 7).
  const auto p = gaussian();
  const TimeStepping ts{0.01, 8, "beuler"};
  double after_short = 0;  // Σ|w| of the step after the short one
  const auto run = [&after_short](FickSolver& solver, double* largest) {
    while (solver.step_index() < 3) solver.step();
    solver.limit_next_step(0.0301);
    solver.step();
    solver.limit_next_step(std::numeric_limits<double>::infinity());
    solver.step();
    after_short = solver.guess_amplification();
    while (solver.time() < solver.stepping().end() - 1e-12) {
      solver.step();
      *largest = std::max(*largest, solver.guess_amplification());
    }
  };
  double unused = 0, largest = 0;
  FickSolver plain(PETSC_COMM_SELF, p, ts);
  run(plain, &unused);
  SolutionTolerance tau("1e-8");
  FickSolver guessed(PETSC_COMM_SELF, p, ts);
  run(guessed, &largest);
  std::printf("[ measured ] after a step of h/99: Σ|w| %.4g, largest %.3g, iterations %ld -> %ld\n",
              after_short, largest, plain.linear_iterations(), guessed.linear_iterations());
  // The line through u^{n−2}, u^n: ω = h/(t_n − t_{n−2}) ≈ 0.99, Σ|w| = 1 + 2ω.
  EXPECT_NEAR(after_short, 1 + 2 * (0.0499 / 5) / 0.0101, 1e-6);
  EXPECT_LE(largest, 1 + 2 * 4.0);  // a line through nodes ≥ h/4 apart; the quadratic ≈ 7
  EXPECT_GE(largest, 6.9);          // the quadratic was reached again
  expect_same_solution(plain.dm(), plain.solution(), guessed.dm(), guessed.solution(), 9e-8);
  EXPECT_LT(guessed.linear_iterations(), plain.linear_iterations());
}

TEST(FickInitialGuess, ARestartFromFewerSavedLevelsStartsFromTheLevelsThereAre) {
  // A checkpoint of an earlier version (u^n, u^{n−1}, no earlier_time) or of a run without the
  // option (u^n): the restart reads what is there, steps from the line or from u^n, then takes
  // the quadratic again, and stays within the tolerance of the default solve.
  const auto p = gaussian();
  const TimeStepping ts{0.01, 12, "beuler"};
  FickSolver plain(PETSC_COMM_SELF, p, ts);
  run_to_end(plain);
  SolutionTolerance tau("1e-8");
  const auto dir = std::filesystem::temp_directory_path() / "fickle_initial_guess_levels";
  std::filesystem::create_directories(dir);
  FickSolver first(PETSC_COMM_SELF, p, ts);
  while (first.step_index() < 6) first.step();
  OwnedVec before;
  FICKLE_PETSC(VecDuplicate(first.solution(), before.out()));
  FICKLE_PETSC(VecCopy(first.solution(), before));
  first.step();
  StateStamp stamp = first.stamp();
  stamp.earlier_time = 0;  // absent from an older meta.json
  for (const bool with_previous : {true, false}) {
    const auto file = save_vec_state(dir, first.step_index(),
                                     with_previous ? std::vector<Vec>{first.solution(), before}
                                                   : std::vector<Vec>{first.solution()});
    FickSolver second(PETSC_COMM_SELF, p, ts);
    second.load_state(dir / file, stamp);
    second.step();
    EXPECT_NEAR(second.guess_amplification(), with_previous ? 3.0 : 1.0, 1e-9);  // 2u^n − u^{n−1}
    second.step();
    EXPECT_NEAR(second.guess_amplification(), with_previous ? 7.0 : 3.0, 1e-9);  // 3, −3, 1
    run_to_end(second);
    EXPECT_EQ(second.step_index(), 12);
    expect_same_solution(plain.dm(), plain.solution(), second.dm(), second.solution(), 12e-8);
  }
  std::filesystem::remove_all(dir);
}

/// Runs to the end in one go and with a save after step 7 and a restart: bit for bit the same.
void check_restart(const FickProblem& p, const TimeStepping& ts) {
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

TEST(FickInitialGuess, ARestartTakesTheSameGuessAndContinuesBitForBit) {
  const auto p = gaussian();
  const TimeStepping ts{0.01, 12, "beuler"};
  SolutionTolerance tau("1e-8");
  check_restart(p, ts);
  PointJacobi jacobi;  // and with its scaled stopping test
  check_restart(p, ts);
}

}  // namespace
}  // namespace fickle::testing
