// Convergence orders of the Fick solver against exact solutions (docs/science.md §1.6, §1.9), each
// measured on three grids or step sizes. Spatial runs use Crank–Nicolson with a step small enough
// that the time error is far below the spatial one; temporal runs use grids fine enough for the
// reverse.
#include <gtest/gtest.h>

#include "tests/support/fick_runs.hpp"

namespace fickle::testing {
namespace {

using BC = BoundaryCondition;

FickProblem sine_problem(int dim, int cells, double D) {
  auto p = box_problem(dim, cells, D, {BC::Type::dirichlet, 0.0});
  p.initial.type = InitialCondition::Type::sine;
  return p;
}

std::vector<double> errors_on_grids(FickProblem (*make)(int), const TimeStepping& ts,
                                    ExactSolution exact, std::initializer_list<int> cells) {
  std::vector<double> e;
  for (int n : cells) e.push_back(final_error(make(n), ts, exact));
  return e;
}

TEST(FickConvergence, SpatialOrderTwoIn1DWithDirichletFaces) {
  // u = e^{−π² t} sin(πx); cell-centred Dirichlet faces keep the scheme second order.
  const auto e = errors_on_grids([](int n) { return sine_problem(1, n, 1.0); }, {1e-4, 500, "cn"},
                                 ExactSolution::sine, {16, 32, 64});
  for (double order : observed_orders(e)) EXPECT_NEAR(order, 2.0, 0.05) << e[0] << " " << e[2];
}

TEST(FickConvergence, SpatialOrderTwoIn2DWithZeroFluxAndPeriodicAxes) {
  // u = e^{−D(π² + (4π)²)t} cos(πx) cos(4πy): zero-flux faces in x, periodic in y.
  auto make = [](int n) {
    auto p = box_problem(2, n, 0.1, {BC::Type::neumann, 0.0});
    make_periodic(p, 1);
    p.initial.type = InitialCondition::Type::cosine;
    p.initial.modes = {1, 4, 1};
    return p;
  };
  std::vector<double> e;
  for (int n : {16, 32, 64})
    e.push_back(final_error(make(n), {2e-4, 100, "cn"}, ExactSolution::sine));
  for (double order : observed_orders(e)) EXPECT_NEAR(order, 2.0, 0.1) << e[0] << " " << e[2];
}

TEST(FickConvergence, SpatialOrderTwoIn3DForTheGaussianWithImages) {
  // Centred with σ = 0.1 so that the mirror images, which the sampled initial Gaussian lacks, are
  // below 4e-6 at the walls (an off-centre pulse puts a floor under the error instead).
  auto make = [](int n) {
    auto p = box_problem(3, n, 0.01);
    p.initial.center = {0.5, 0.5, 0.5};
    p.initial.sigma = 0.1;
    return p;
  };
  std::vector<double> e;
  for (int n : {16, 32, 64})
    e.push_back(final_error(make(n), {0.01, 10, "cn"}, ExactSolution::gaussian_images));
  for (double order : observed_orders(e))
    EXPECT_NEAR(order, 2.0, 0.15) << e[0] << " " << e[1] << " " << e[2];
}

struct TemporalCase {
  const char* scheme;
  double expected_order;
  double first_dt;
};

void PrintTo(const TemporalCase& c, std::ostream* os) {
  *os << c.scheme;
}

class FickTemporalOrder : public ::testing::TestWithParam<TemporalCase> {};

TEST_P(FickTemporalOrder, MeasuredOnThreeStepSizes) {
  // 1D sine mode on 4000 cells: the spatial error (~5e−8) is far below the time error.
  const auto [scheme, expected, dt0] = GetParam();
  std::vector<double> e;
  for (int k = 0; k < 3; ++k) {
    const double dt = dt0 / (1 << k);
    e.push_back(final_error(sine_problem(1, 4000, 1.0), {dt, std::lround(0.16 / dt), scheme},
                            ExactSolution::sine));
  }
  for (double order : observed_orders(e)) EXPECT_NEAR(order, expected, 0.1) << e[0] << " " << e[2];
}

INSTANTIATE_TEST_SUITE_P(Schemes, FickTemporalOrder,
                         ::testing::Values(TemporalCase{"beuler", 1.0, 0.01},
                                           TemporalCase{"cn", 2.0, 0.04},
                                           TemporalCase{"bdf2", 2.0, 0.01}),
                         [](const auto& info) { return std::string(info.param.scheme); });

TEST(FickConvergence, DriftOnAPeriodicAxisIsSecondOrderWithCentralDifferences) {
  // A Gaussian carried by v = 0.5 around a periodic unit interval: u = translated images.
  auto make = [](int n, AdvectionScheme scheme) {
    auto p = box_problem(1, n, 0.01);
    make_periodic(p, 0);
    p.velocity = {0.5, 0, 0};
    p.advection = scheme;
    p.initial.center = {0.3, 0, 0};
    p.initial.sigma = 0.08;
    return p;
  };
  std::vector<double> central, upwind;
  for (int n : {64, 128, 256}) {
    const TimeStepping ts{0.8 / n, n, "cn"};  // dt ∝ h: CN's time error shrinks with h² too
    central.push_back(
        final_error(make(n, AdvectionScheme::central), ts, ExactSolution::gaussian_images));
    upwind.push_back(
        final_error(make(n, AdvectionScheme::upwind), ts, ExactSolution::gaussian_images));
  }
  for (double order : observed_orders(central)) EXPECT_NEAR(order, 2.0, 0.15);
  // First-order upwinding: numerical diffusion v h / 2 dominates.
  for (double order : observed_orders(upwind)) EXPECT_NEAR(order, 1.0, 0.2);
}

TEST(FickConvergence, TheExactDriftingGaussianWrapsAroundThePeriodicBoxManyTimes) {
  // v t = 15 box lengths, more than the ~10 periods of images summed: the exact solution must
  // follow the pulse around (its centre is wrapped into the box), and the numerical one with it.
  auto p = box_problem(1, 256, 0.01);
  make_periodic(p, 0);
  p.velocity = {1.5, 0, 0};
  p.initial.center = {0.5, 0, 0};
  p.initial.sigma = 0.08;
  const double e = final_error(p, {0.002, 5000, "cn"}, ExactSolution::gaussian_images);
  std::printf("[ measured ] drifting Gaussian after 15 periods: relative L2 error %.3e\n", e);
  EXPECT_LT(e, 1e-3);
}

}  // namespace
}  // namespace fickle::testing
