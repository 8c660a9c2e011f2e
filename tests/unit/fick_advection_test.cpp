// The flux-limited drift term (physics.advection: limited, solvers/fick/fick_operator.cpp) against
// upwind and central differences at high Péclet number: accuracy and order on a drifting Gaussian
// with its exact solution (1D, and 3D against upwind), bounds on a top-hat (TVD) for each time
// scheme, mass conservation in a closed 2D box stirred by a discretely divergence-free flow, and
// the cost of a step. docs/verification.md tabulates the printed measurements.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>

#include "meshes/dmda.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle::testing {
namespace {

constexpr double pi = std::numbers::pi;

struct DriftResult {
  double l1 = 0, l2 = 0;  ///< relative to the exact solution's norms
  double min = 0, max = 0;
};

/// A Gaussian (σ0 = 0.05, at 0.3) carried by v = 1 once around the periodic unit interval with
/// D = 1/Pe, Crank–Nicolson at Courant number v dt/h = 1/4 (dt ∝ h, so CN's time error falls
/// with h² as well); errors against the exact translated, spread Gaussian with its images.
DriftResult drift_once_around(int cells, double pe, AdvectionScheme scheme) {
  auto p = box_problem(1, cells, 1.0 / pe);
  make_periodic(p, 0);
  p.velocity = {1.0, 0, 0};
  p.advection = scheme;
  p.initial.center = {0.3, 0, 0};
  p.initial.sigma = 0.05;
  const long steps = 4L * cells;
  FickSolver solver(PETSC_COMM_SELF, p, {1.0 / static_cast<double>(steps), steps, "cn"});
  run_to_end(solver);
  OwnedVec exact;
  FICKLE_PETSC(DMCreateGlobalVector(solver.dm(), exact.out()));
  fill_exact_solution(ExactSolution::gaussian_images, p, solver.time(), solver.dm(), exact);
  DriftResult r;
  r.l2 = relative_errors(solver.solution(), exact).l2_rel;
  const PetscScalar *u = nullptr, *e = nullptr;
  FICKLE_PETSC(VecGetArrayRead(solver.solution(), &u));
  FICKLE_PETSC(VecGetArrayRead(exact, &e));
  double diff = 0, norm = 0;
  r.min = r.max = u[0];
  for (int i = 0; i < cells; ++i) {
    diff += std::abs(u[i] - e[i]), norm += std::abs(e[i]);
    r.min = std::min(r.min, u[i]), r.max = std::max(r.max, u[i]);
  }
  FICKLE_PETSC(VecRestoreArrayRead(exact, &e));
  FICKLE_PETSC(VecRestoreArrayRead(solver.solution(), &u));
  r.l1 = diff / norm;
  return r;
}

TEST(FickAdvection, LimitedIsSeveralTimesMoreAccurateThanUpwindAtPecletThousand) {
  // Pe = vL/D = 1000, cell Péclet number 16 on 64 cells: central oscillates, upwind's numerical
  // diffusion v h/2 is 8 D. The limited scheme is second order where the pulse is smooth and
  // clips to first order only at its peak, so its order lies well above upwind's 1.
  std::vector<double> upwind_l1, upwind_l2, limited_l1, limited_l2;
  for (int n : {64, 128, 256}) {
    const auto up = drift_once_around(n, 1000, AdvectionScheme::upwind);
    const auto lim = drift_once_around(n, 1000, AdvectionScheme::limited);
    upwind_l1.push_back(up.l1), upwind_l2.push_back(up.l2);
    limited_l1.push_back(lim.l1), limited_l2.push_back(lim.l2);
    EXPECT_GT(lim.min, -1e-3 * lim.max) << n << " cells";
    EXPECT_LT(lim.l1, up.l1 / 4) << n << " cells";
    EXPECT_LT(lim.l2, up.l2 / 4) << n << " cells";
  }
  // Upwind is still short of its asymptotic order 1 here (its numerical diffusion, 8 to 2 times
  // D, dominates the spreading); the limited scheme converges at order 2 or more.
  for (const auto& [upwind, limited] :
       {std::pair{&upwind_l1, &limited_l1}, {&upwind_l2, &limited_l2}}) {
    const auto upwind_orders = observed_orders(*upwind), limited_orders = observed_orders(*limited);
    for (std::size_t i = 0; i < limited_orders.size(); ++i) {
      EXPECT_LT(upwind_orders[i], 1.1);
      EXPECT_GT(limited_orders[i], 1.8);
      EXPECT_GT(limited_orders[i], upwind_orders[i] + 1.0);
    }
  }
}

TEST(FickAdvection, MeasuredErrorsOfTheThreeSchemesAtPecletTenHundredThousand) {
  // The table in docs/verification.md: relative L1 and L2 errors of central, upwind and limited
  // after one period on 64, 128, 256 cells, with their observed orders. Checks only what must
  // hold: limited beats upwind everywhere and stays non-negative, and at Pe = 1000 on 64 cells
  // (cell Péclet number 16) central undershoots by several per cent of the peak.
  for (double pe : {10.0, 100.0, 1000.0}) {
    for (auto scheme :
         {AdvectionScheme::central, AdvectionScheme::upwind, AdvectionScheme::limited}) {
      std::vector<double> l1, l2;
      std::printf("[ measured ] Pe %g, %s, cells 64 128 256: min/max", pe, advection_name(scheme));
      for (int n : {64, 128, 256}) {
        const auto r = drift_once_around(n, pe, scheme);
        const auto upwind = drift_once_around(n, pe, AdvectionScheme::upwind);
        l1.push_back(r.l1), l2.push_back(r.l2);
        std::printf(" %.2e", r.min / r.max);
        if (scheme == AdvectionScheme::limited) {
          EXPECT_LT(r.l1, upwind.l1);
          EXPECT_GT(r.min, -1e-3 * r.max);
        }
        if (scheme == AdvectionScheme::central && pe == 1000 && n == 64) {
          EXPECT_LT(r.min, -1e-2 * r.max);
        }
      }
      std::printf("; L1 then L2:\n");
      observed_orders(l1);
      observed_orders(l2);
    }
  }
}

/// Values of a top-hat: 1 on [0.2, 0.4), 0 elsewhere.
void fill_top_hat(const Grid& grid, DM da, Vec u) {
  const OwnedBox box = owned_box(da);
  PetscScalar* v = nullptr;
  FICKLE_PETSC(VecGetArray(u, &v));
  for_each_owned_cell(box, [&](PetscInt i, PetscInt, PetscInt, PetscInt n) {
    const double x = grid.centre(0, i);
    v[n] = x >= 0.2 && x < 0.4 ? 1.0 : 0.0;
  });
  FICKLE_PETSC(VecRestoreArray(u, &v));
}

/// Carries the top-hat once around a periodic interval of 200 cells with (almost) no diffusion at
/// Courant number `courant`; returns the lowest and highest value seen over all steps.
std::pair<double, double> top_hat_extremes(const char* scheme, double courant) {
  auto p = box_problem(1, 200, 1e-7);
  make_periodic(p, 0);
  p.velocity = {1.0, 0, 0};
  p.advection = AdvectionScheme::limited;
  const long steps = std::lround(200 / courant);
  FickSolver solver(PETSC_COMM_SELF, p, {1.0 / static_cast<double>(steps), steps, scheme});
  fill_top_hat(p.grid, solver.dm(), solver.solution());
  const double m0 = solver.mass();
  double low = 0, high = 1;
  while (solver.step_index() < steps) {
    solver.step();
    PetscReal lo = 0, hi = 0;
    FICKLE_PETSC(VecMin(solver.solution(), nullptr, &lo));
    FICKLE_PETSC(VecMax(solver.solution(), nullptr, &hi));
    low = std::min(low, lo), high = std::max(high, hi);
  }
  EXPECT_NEAR(solver.mass(), m0, 1e-10) << scheme << " at Courant " << courant;
  return {low, high};
}

TEST(FickAdvection, ATopHatStaysWithinItsInitialBoundsUpToEachSchemesCourantBound) {
  // TVD face values with the lagged correction: every cell stays within the initial [0, 1] up to
  // the Courant number limited_courant_bound derives (beuler 1, cn 2/3, bdf2 1/2) and the log warns
  // beyond. Past it the printed extremes show the over- and undershoots the warning is about.
  for (const char* scheme : {"beuler", "cn", "bdf2"}) {
    const double bound = limited_courant_bound(scheme);
    for (double courant : {0.25, bound, 1.5 * bound}) {
      const auto [low, high] = top_hat_extremes(scheme, courant);
      std::printf("[ measured ] top-hat, %s, Courant %.3f: min %.3e, max − 1 %.3e\n", scheme,
                  courant, low, high - 1);
      if (courant > bound) continue;
      EXPECT_GT(low, -1e-7) << scheme << " at Courant " << courant;
      EXPECT_LT(high, 1 + 1e-7) << scheme << " at Courant " << courant;
    }
  }
}

TEST(FickAdvection, ExplicitStagesUseTheLimitedFluxesDirectly) {
  // SSP Runge–Kutta (rk/ssp) evaluates the limited correction at every stage: a TVD scheme in the
  // strict sense for Courant numbers within SSP RK3's bound, so the top-hat stays in [0, 1].
  auto p = box_problem(1, 200, 1e-7);
  make_periodic(p, 0);
  p.velocity = {1.0, 0, 0};
  p.advection = AdvectionScheme::limited;
  FickSolver solver(PETSC_COMM_SELF, p, {1.0 / 800, 800, "ssp"});
  EXPECT_EQ(solver.solver_description(), "ts ssp (explicit, no linear solve)");
  fill_top_hat(p.grid, solver.dm(), solver.solution());
  run_to_end(solver);
  PetscReal lo = 0, hi = 0;
  FICKLE_PETSC(VecMin(solver.solution(), nullptr, &lo));
  FICKLE_PETSC(VecMax(solver.solution(), nullptr, &hi));
  EXPECT_GT(lo, -1e-12);
  EXPECT_LT(hi, 1 + 1e-12);
}

/// The cellular flow of the stream function ψ = (U/π) sin(πx) sin(πy) on [0,1]², sampled at the
/// grid nodes and differenced onto the faces (u_x = ∂ψ/∂y, u_y = −∂ψ/∂x): the discrete divergence
/// of every cell is zero to round-off and the walls carry no normal velocity.
std::shared_ptr<const FaceVelocity> cellular_flow(const Grid& grid, double U) {
  FaceVelocity f;
  f.grid = grid;
  const auto n = grid.cells;
  const double hx = grid.spacing(0), hy = grid.spacing(1);
  auto psi = [&](std::int64_t i, std::int64_t j) {
    return U / pi * std::sin(pi * static_cast<double>(i) * hx) *
           std::sin(pi * static_cast<double>(j) * hy);
  };
  f.faces[0] = {n[0] + 1, n[1], 1};
  f.faces[1] = {n[0], n[1] + 1, 1};
  for (int a = 0; a < 2; ++a) f.values[a].resize(f.faces[a][0] * f.faces[a][1]);
  for (std::int64_t j = 0; j < n[1]; ++j)
    for (std::int64_t i = 0; i <= n[0]; ++i)
      f.values[0][j * (n[0] + 1) + i] = (psi(i, j + 1) - psi(i, j)) / hy;
  for (std::int64_t j = 0; j <= n[1]; ++j)
    for (std::int64_t i = 0; i < n[0]; ++i)
      f.values[1][j * n[0] + i] = -(psi(i + 1, j) - psi(i, j)) / hx;
  f.wall.fill(true);
  return std::make_shared<const FaceVelocity>(std::move(f));
}

TEST(FickAdvection, MassIsConservedInAClosedBoxStirredByADivergenceFreeFlow) {
  // Zero-flux walls, a blob wound up by the vortex at Pe = UL/D = 1e4 (cell Péclet number 208),
  // 50 steps at Courant number 0.48: every face flux is shared by its two cells, so Σ u h² stays
  // at its initial value to the solver tolerance (rtol 1e-8 per step, as with upwind), and the
  // blob stays non-negative to a small fraction of its peak.
  auto p = box_problem(2, 48, 1e-4, {BoundaryCondition::Type::neumann, 0.0});
  p.velocity_field = cellular_flow(p.grid, 1.0);
  p.initial.center = {0.3, 0.5, 0};
  p.initial.sigma = 0.08;
  for (auto advection : {AdvectionScheme::upwind, AdvectionScheme::limited}) {
    p.advection = advection;
    for (const char* scheme : {"beuler", "cn", "bdf2"}) {
      FickSolver solver(PETSC_COMM_SELF, p, {0.005, 50, scheme});
      const double m0 = solver.mass();
      run_to_end(solver);
      PetscReal lo = 0, hi = 0;
      FICKLE_PETSC(VecMin(solver.solution(), nullptr, &lo));
      FICKLE_PETSC(VecMax(solver.solution(), nullptr, &hi));
      std::printf("[ measured ] cellular flow, %s, %s: mass drift %.2e, min/max %.2e\n",
                  advection_name(advection), scheme, solver.mass() / m0 - 1, lo / hi);
      EXPECT_NEAR(solver.mass() / m0, 1.0, 1e-9) << scheme;
      EXPECT_GT(lo, -1e-6 * hi) << scheme;
    }
  }
}

TEST(FickAdvection, A3DPeriodicDriftIsConservedAndFarMoreAccurateThanUpwind) {
  // Every axis of the limiter at once: a Gaussian drifting diagonally through a periodic 24³ box
  // at Pe = |v| L / D ≈ 1150 (cell Péclet number 42 on the x axis), against the exact images.
  auto p = box_problem(3, 24, 1e-3);
  for (int a = 0; a < 3; ++a) make_periodic(p, a);
  p.velocity = {1.0, -0.5, 0.25};
  p.initial.center = {0.4, 0.5, 0.6};
  p.initial.sigma = 0.12;
  double error[2] = {0, 0};
  for (int k : {0, 1}) {
    p.advection = k == 0 ? AdvectionScheme::upwind : AdvectionScheme::limited;
    FickSolver solver(PETSC_COMM_SELF, p, {0.01, 40, "cn"});  // Courant number 0.42
    const double m0 = solver.mass();
    run_to_end(solver);
    EXPECT_NEAR(solver.mass() / m0, 1.0, 1e-9);
    OwnedVec exact;
    FICKLE_PETSC(DMCreateGlobalVector(solver.dm(), exact.out()));
    fill_exact_solution(ExactSolution::gaussian_images, p, solver.time(), solver.dm(), exact);
    error[k] = relative_errors(solver.solution(), exact).l2_rel;
  }
  std::printf("[ measured ] 3D periodic drift, 24³: L2 upwind %.3e, limited %.3e\n", error[0],
              error[1]);
  EXPECT_LT(error[1], error[0] / 3);
}

TEST(FickAdvection, ALimitedStepCostsLittleMoreThanAnUpwindStep) {
  // The correction is one ghost exchange and one pass over the faces per step; the linear solve
  // (same matrix, same preconditioner) is unchanged. Timing is printed and only loosely bounded
  // (the machine may be shared): 128² cells in the cellular flow, cn at Courant number 1.
  auto p = box_problem(2, 128, 1e-4, {BoundaryCondition::Type::neumann, 0.0});
  p.velocity_field = cellular_flow(p.grid, 1.0);
  p.initial.center = {0.3, 0.5, 0};
  p.initial.sigma = 0.08;
  double seconds[2] = {0, 0};
  long iterations[2] = {0, 0};
  for (int repeat = 0; repeat < 3; ++repeat) {
    for (int k : {0, 1}) {
      p.advection = k == 0 ? AdvectionScheme::upwind : AdvectionScheme::limited;
      FickSolver solver(PETSC_COMM_SELF, p, {1.0 / 256, 50, "cn"});
      const auto start = std::chrono::steady_clock::now();
      run_to_end(solver);
      seconds[k] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      iterations[k] = solver.linear_iterations();
    }
  }
  std::printf(
      "[ measured ] 128², cn, Courant 1: %.3e s per upwind step, %.3e s per limited step, "
      "ratio %.2f; Krylov iterations %ld / %ld\n",
      seconds[0] / 150, seconds[1] / 150, seconds[1] / seconds[0], iterations[0], iterations[1]);
  EXPECT_LT(seconds[1] / seconds[0], 3.0);
}

}  // namespace
}  // namespace fickle::testing
