// Time-fractional diffusion: the Mittag-Leffler function against closed forms, the
// sum-of-exponentials kernel against t^{−α}, and the L1 scheme's temporal orders (α on a uniform
// mesh, 2 − α on the graded mesh) against E_α(−λ t^α) for a discrete eigenmode, so that the
// errors are purely temporal; the fast history equals the direct sum to its tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "solvers/fractional/mittag_leffler.hpp"
#include "solvers/fractional/sum_of_exponentials.hpp"
#include "solvers/fractional/time_fractional.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle {
namespace {

double erfcx(double z) {
  return std::exp(z * z) * std::erfc(z);
}

TEST(MittagLeffler, HalfIsErfcx) {
  for (double x : {0.0, 0.01, 0.3, 0.49, 0.5, 0.51, 1.0, 2.5, 7.0, 20.0})
    EXPECT_NEAR(mittag_leffler(0.5, x), erfcx(x), 1e-13 * erfcx(x)) << "x = " << x;
  // docs/science.md §3.6: K = 1, t = 0.1.
  EXPECT_NEAR(mittag_leffler(0.5, std::numbers::pi * std::numbers::pi * std::sqrt(0.1)),
              0.17264481091389788, 1e-14);
}

TEST(MittagLeffler, OneIsTheExponentialAndSeriesMeetsIntegral) {
  for (double x : {0.0, 0.7, 5.0}) EXPECT_DOUBLE_EQ(mittag_leffler(1.0, x), std::exp(-x));
  // Below x = 0.5 the series is used, above the integral: the two agree at x = 0.5..2, where the
  // series (summed here in long double) is still accurate.
  for (double alpha : {0.2, 0.7, 0.95})
    for (double x : {0.5, 1.0, alpha > 0.5 ? 2.0 : 1.5}) {  // no cancellation in the series
      long double sum = 0, power = 1;
      for (int k = 0; k < 600; ++k, power *= -x) sum += power / std::tgamma(alpha * k + 1);
      EXPECT_NEAR(mittag_leffler(alpha, x), static_cast<double>(sum), 1e-12)
          << "alpha " << alpha << " x " << x;
    }
}

TEST(SumOfExponentials, ApproximatesTheKernelToItsTolerance) {
  for (double alpha : {0.2, 0.5, 0.8}) {
    const auto soe = kernel_sum_of_exponentials(alpha, 1e-7, 2.0, 1e-9);
    EXPECT_LT(soe.size(), 120u);
    EXPECT_LE(soe.max_relative_error, 1e-9);
    for (double t : {1e-7, 3.3e-6, 0.01, 0.77, 2.0})  // points of its own
      EXPECT_NEAR(soe(t) * std::pow(t, alpha), 1.0, 1e-9) << "alpha " << alpha << " t " << t;
    std::cout << "[ measured ] alpha " << alpha << ": " << soe.size()
              << " exponentials for 1e-9 on [1e-7, 2]\n";
  }
}

// cos(2πx) on a periodic grid is an eigenvector of the discrete Laplacian, λ_h = (4/h²) sin²(πh);
// its amplitude follows E_α(−K λ_h t^α) exactly in space, so the error is the L1 scheme's alone.
struct ModeRun {
  double max_error = 0;    ///< max over the steps of ‖u − u_exact‖₂ / ‖u_exact‖₂
  double final_error = 0;  ///< at t = T
  Vec solution = nullptr;
};

FickProblem periodic_mode(int cells, double K) {
  FickProblem p;
  p.grid.dim = 1;
  p.grid.cells[0] = cells;
  p.grid.periodic[0] = true;
  p.diffusivity.value = K;
  for (auto& face : p.boundary) face.type = BoundaryCondition::Type::periodic;
  p.initial.type = InitialCondition::Type::cosine;
  p.initial.modes = {2, 0, 0};
  return p;
}

double mode_error(TimeFractionalSolver& s, double alpha, double lambda, Vec u0, Vec scratch) {
  const double decay = mittag_leffler(alpha, lambda * std::pow(s.time(), alpha));
  FICKLE_PETSC(VecCopy(u0, scratch));
  FICKLE_PETSC(VecScale(scratch, decay));
  PetscReal exact_norm = 0, error = 0;
  FICKLE_PETSC(VecNorm(scratch, NORM_2, &exact_norm));
  FICKLE_PETSC(VecAXPY(scratch, -1.0, s.solution()));
  FICKLE_PETSC(VecNorm(scratch, NORM_2, &error));
  return error / exact_norm;
}

ModeRun run_mode(double alpha, long steps, TimeMesh mesh, CaputoHistory history) {
  const int cells = 16;
  const double K = 1, h = 1.0 / cells;
  const double lambda = K * 4 / (h * h) * std::pow(std::sin(std::numbers::pi * h), 2);
  TimeFractionalSolver s(PETSC_COMM_WORLD, periodic_mode(cells, K),
                         {alpha, 0.1, steps, mesh, 0, history, 1e-9});
  OwnedVec u0, scratch;
  FICKLE_PETSC(VecDuplicate(s.solution(), u0.out()));
  FICKLE_PETSC(VecDuplicate(s.solution(), scratch.out()));
  FICKLE_PETSC(VecCopy(s.solution(), u0));
  ModeRun r;
  while (s.step_index() < steps) {
    s.step();
    r.max_error = std::max(r.max_error, mode_error(s, alpha, lambda, u0, scratch));
  }
  r.final_error = mode_error(s, alpha, lambda, u0, scratch);
  return r;
}

TEST(CaputoL1, TemporalOrderIsAlphaOnAUniformMeshAndTwoMinusAlphaOnTheGradedMesh) {
  const double alpha = 0.5;
  std::vector<double> uniform, graded;
  for (long steps : {64, 128, 256, 512}) {
    uniform.push_back(run_mode(alpha, steps, TimeMesh::uniform, CaputoHistory::direct).max_error);
    graded.push_back(run_mode(alpha, steps, TimeMesh::graded, CaputoHistory::direct).max_error);
  }
  const auto uniform_orders = fickle::testing::observed_orders(uniform);  // uniform mesh
  const auto graded_orders = fickle::testing::observed_orders(graded);    // graded mesh
  EXPECT_NEAR(uniform_orders.back(), alpha, 0.1);
  EXPECT_NEAR(graded_orders.back(), 2 - alpha, 0.15);
}

TEST(CaputoL1, FastHistoryEqualsTheDirectSumToItsTolerance) {
  for (TimeMesh mesh : {TimeMesh::uniform, TimeMesh::graded}) {
    const auto direct = run_mode(0.3, 300, mesh, CaputoHistory::direct);
    const auto fast = run_mode(0.3, 300, mesh, CaputoHistory::fast);
    EXPECT_NEAR(fast.final_error, direct.final_error, 1e-8);
    EXPECT_NEAR(fast.max_error, direct.max_error, 1e-8);
  }
}

}  // namespace
}  // namespace fickle
