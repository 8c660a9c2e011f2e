// Space-fractional (Riesz) diffusion: the fractional centred weights and their symbol, the FFT
// Toeplitz product against the dense sum, Fourier modes that decay with the discrete symbol and
// converge at order 2 to e^{−K|k|^μ t}, mass conservation, and a point source against the
// symmetric stable density (μ = 2: the Gaussian; μ = 1.5: by quadrature), with the circulant
// preconditioner's iteration counts.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "meshes/dmda.hpp"
#include "solvers/fractional/riesz_operator.hpp"
#include "solvers/fractional/space_fractional.hpp"
#include "solvers/fractional/stable_density.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle {
namespace {

constexpr double kPi = std::numbers::pi;

TEST(FractionalCentredWeights, HaveTheSymbolTwoSinToTheMu) {
  const auto laplacian = fractional_centred_weights(2.0, 5);  // μ = 2: the 3-point Laplacian
  EXPECT_NEAR(laplacian[0], 2, 1e-14);
  EXPECT_NEAR(laplacian[1], -1, 1e-14);
  EXPECT_NEAR(laplacian[2], 0, 1e-14);
  for (double mu : {1.2, 1.5, 1.8}) {
    const auto g = fractional_centred_weights(mu, 200000);
    for (double theta : {0.3, 1.0, kPi}) {
      double symbol = g[0];
      for (std::size_t k = 1; k < g.size(); ++k) symbol += 2 * g[k] * std::cos(k * theta);
      // The tail of the series is O(K^{−μ}) at K = 2·10⁵ terms.
      EXPECT_NEAR(symbol, std::pow(2 * std::sin(theta / 2), mu), 1e-5) << mu << " " << theta;
    }
  }
}

// x: zero outside (dense Toeplitz), y: periodic. With u(i, j) = v_i cos(2π 3 j/12) the product is
// (T_x v)_i cos(·) + v_i σ_y(3) cos(·), σ_y the periodic symbol: checked against the dense sum.
TEST(RieszOperator, FftToeplitzProductEqualsTheDenseSum) {
  Grid g;
  g.dim = 2;
  g.cells = {37, 12, 1};
  g.periodic = {false, true, false};
  const double mu = 1.5;
  RieszOperator riesz(g, mu);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> v(37), u(37 * 12), out;
  for (double& x : v) x = uniform(rng);
  for (int j = 0; j < 12; ++j)
    for (int i = 0; i < 37; ++i) u[i + 37 * j] = v[i] * std::cos(2 * kPi * 3 * j / 12);
  riesz.apply(u, out);
  const auto gx = fractional_centred_weights(mu, 37);
  const double hx = g.spacing(0);
  const double sigma_y = riesz.symbol({0, 3, 0});  // x mode 0 contributes 0
  double worst = 0, scale = 0;
  for (int j = 0; j < 12; ++j)
    for (int i = 0; i < 37; ++i) {
      double toeplitz = 0;
      for (int l = 0; l < 37; ++l) toeplitz -= std::pow(hx, -mu) * gx[std::abs(i - l)] * v[l];
      const double expected = (toeplitz + sigma_y * v[i]) * std::cos(2 * kPi * 3 * j / 12);
      worst = std::max(worst, std::abs(out[i + 37 * j] - expected));
      scale = std::max(scale, std::abs(expected));
    }
  EXPECT_LT(worst / scale, 1e-13);
}

RieszProblem periodic_cosine(int cells, double mu) {
  RieszProblem p;
  p.grid.dim = 1;
  p.grid.cells[0] = cells;
  p.grid.periodic[0] = true;
  p.mu = mu;
  p.K = 0.02;
  p.initial.type = InitialCondition::Type::cosine;
  p.initial.modes = {4, 0, 0};  // cos(4πx): wavenumber k = 4π
  return p;
}

double amplitude(SpaceFractionalSolver& s, Vec u0) {
  PetscScalar dot = 0, norm = 0;
  FICKLE_PETSC(VecDot(s.solution(), u0, &dot));
  FICKLE_PETSC(VecDot(u0, u0, &norm));
  return dot / norm;
}

TEST(RieszPeriodic, FourierModesDecayWithTheDiscreteSymbolAndConvergeAtOrderTwo) {
  const double mu = 1.5, t_end = 1.0;
  std::vector<double> errors;
  for (int cells : {16, 32, 64, 128}) {
    const RieszProblem p = periodic_cosine(cells, mu);
    const long steps = cells / 2;  // dt ∝ h
    const double dt = t_end / steps;
    SpaceFractionalSolver s(PETSC_COMM_WORLD, p, dt);
    OwnedVec u0;
    FICKLE_PETSC(VecDuplicate(s.solution(), u0.out()));
    FICKLE_PETSC(VecCopy(s.solution(), u0));
    const double mass0 = s.mass();
    while (s.step_index() < steps) s.step();
    // Crank–Nicolson of the discrete symbol, to round-off.
    RieszOperator riesz(p.grid, mu);
    const double z = dt * p.K * riesz.symbol({2, 0, 0});
    EXPECT_NEAR(amplitude(s, u0), std::pow((1 + z / 2) / (1 - z / 2), steps), 1e-12);
    EXPECT_NEAR(s.mass(), mass0, 1e-13);
    errors.push_back(std::abs(amplitude(s, u0) - std::exp(-p.K * std::pow(4 * kPi, mu) * t_end)));
  }
  const auto orders = testing::observed_orders(errors);
  EXPECT_NEAR(orders.back(), 2.0, 0.1);
}

TEST(StableDensity, IsTheGaussianAtMuTwoAndCauchyAtMuOne) {
  for (double x : {0.0, 0.3, 1.7, 4.0}) {
    const double s = 0.1;  // K t
    EXPECT_NEAR(stable_density(x, 2.0, s), std::exp(-x * x / (4 * s)) / std::sqrt(4 * kPi * s),
                1e-10);
    // The slowly decaying Cauchy tail is the hard case for eight Simpson points per period.
    const double cauchy = s / (kPi * (x * x + s * s));
    EXPECT_NEAR(stable_density(x, 1.0, s), cauchy, 1e-3 * cauchy);
  }
}

struct PointSourceRun {
  double error = 0;  ///< relative L2 against the stable density
  int iterations = 0;
};

PointSourceRun point_source(int cells, double mu, bool precondition, double K = 0.1) {
  RieszProblem p;
  p.grid.dim = 1;
  p.grid.cells[0] = cells;
  p.grid.lower[0] = -4;
  p.grid.upper[0] = 4;
  p.mu = mu;
  p.K = K;
  p.initial.type = InitialCondition::Type::delta;
  p.initial.center = {0, 0, 0};  // the middle cell, centred at 0 (odd `cells`)
  PetscOptionsSetValue(nullptr, "-pc_type", precondition ? "shell" : "none");
  SpaceFractionalSolver s(PETSC_COMM_WORLD, p, 0.01);
  PetscOptionsClearValue(nullptr, "-pc_type");
  PointSourceRun r;
  while (s.step_index() < 100) {
    s.step();
    r.iterations += s.last_linear_iterations();
  }
  // Compare at t = 1 after the delta has spread over many cells.
  const OwnedBox box = owned_box(s.dm());
  const PetscScalar* u = nullptr;
  FICKLE_PETSC(VecGetArrayRead(s.solution(), &u));
  double diff = 0, norm = 0;
  for_each_owned_cell(box, [&](PetscInt i, PetscInt, PetscInt, PetscInt n) {
    const double exact = stable_density(p.grid.centre(0, i), mu, p.K * s.time());
    diff += (u[n] - exact) * (u[n] - exact);
    norm += exact * exact;
  });
  FICKLE_PETSC(VecRestoreArrayRead(s.solution(), &u));
  r.error = std::sqrt(diff / norm);
  return r;
}

TEST(RieszDirichlet, PointSourceApproachesTheStableDensity) {
  for (double mu : {2.0, 1.5}) {
    std::vector<double> errors;
    for (int cells : {81, 161, 321}) errors.push_back(point_source(cells, mu, true).error);
    testing::observed_orders(errors);
    EXPECT_LT(errors.back(), mu == 2.0 ? 2e-3 : 1e-2) << "mu " << mu;
    EXPECT_LT(errors.back(), errors.front()) << "mu " << mu;
  }
}

TEST(RieszDirichlet, CirculantPreconditionerCutsCgIterations) {
  // Stiff steps (K dt h^{−μ}/2 ≈ 13 at K = 10): where a preconditioner matters.
  for (int cells : {161, 321, 641}) {
    const auto with = point_source(cells, 1.5, true, 10.0);
    const auto without = point_source(cells, 1.5, false, 10.0);
    std::cout << "[ measured ] CG iterations per step, " << cells
              << " cells, mu 1.5, K 10: circulant " << with.iterations / 100.0 << ", none "
              << without.iterations / 100.0 << "\n";
    EXPECT_LT(2 * with.iterations, without.iterations);
    EXPECT_NEAR(with.error, without.error, 1e-6);
  }
}

}  // namespace
}  // namespace fickle
