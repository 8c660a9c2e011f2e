// Conservation and exact discrete solutions: mass with closed or periodic faces (also with drift
// and a jump in D), prescribed boundary fluxes, and the piecewise-linear steady state across a
// layer.
#include <gtest/gtest.h>

#include "meshes/dmda.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle::testing {
namespace {

using BC = BoundaryCondition;

PiecewiseField with_inclusion(double outside, double inside) {
  PiecewiseField D{outside, {}};
  PiecewiseField::Piece piece{};
  piece.region.shape = Region::Shape::sphere;
  piece.region.center = {0.6, 0.5, 0.5};
  piece.region.radius = 0.2;
  piece.value = inside;
  D.pieces.push_back(piece);
  return D;
}

TEST(FickConservation, MassIsConservedInAClosedBoxWithDriftAndAJumpInD) {
  auto p = box_problem(2, 40, 0.02);
  p.diffusivity = with_inclusion(0.02, 0.2);
  p.velocity = {0.3, -0.2, 0};
  p.initial.center = {0.4, 0.5, 0};
  for (auto scheme : {AdvectionScheme::central, AdvectionScheme::upwind}) {
    p.advection = scheme;
    FickSolver solver(PETSC_COMM_SELF, p, {0.01, 30, "beuler"});
    const double m0 = solver.mass();
    run_to_end(solver);
    EXPECT_NEAR(solver.mass() / m0, 1.0, 1e-9);
  }
}

TEST(FickConservation, MassIsConservedOnAPeriodicGridWithDrift) {
  auto p = box_problem(3, 16, 0.01);
  for (int a = 0; a < 3; ++a) make_periodic(p, a);
  p.velocity = {0.5, 0.25, -1.0};
  FickSolver solver(PETSC_COMM_SELF, p, {0.02, 25, "cn"});
  const double m0 = solver.mass();
  run_to_end(solver);
  EXPECT_NEAR(solver.mass() / m0, 1.0, 1e-9);
}

TEST(FickConservation, ABoundaryFluxDrainsMassAtItsRate) {
  // Uniform u = 1, zero flux except J·n = q out through x+: d(mass)/dt = −q · (face area = 1).
  auto p = box_problem(2, 20, 0.1);
  p.initial.type = InitialCondition::Type::uniform;
  const double q = 0.05;
  p.boundary[1] = {BC::Type::neumann, q};
  FickSolver solver(PETSC_COMM_SELF, p, {0.05, 40, "beuler"});
  const double m0 = solver.mass();
  run_to_end(solver);
  EXPECT_NEAR(solver.mass(), m0 - q * solver.time(), 1e-9);
}

TEST(FickConservation, SteadyStateAcrossALayerIsExactWithHarmonicMeanFaces) {
  // D = 1 on [0, 1/2), 4 on [1/2, 1], u(0) = 0, u(1) = 1: the flux J is constant, so
  // u = J x for x < 1/2 and u = J/2 + J (x − 1/2)/4 beyond, with J (1/2 + 1/8) = 1 → J = 1.6.
  auto p = box_problem(1, 40, 1.0, {BC::Type::dirichlet, 0.0});
  p.boundary[1] = {BC::Type::dirichlet, 1.0};
  PiecewiseField::Piece layer{};
  layer.region.lower = {0.5, 0, 0};
  layer.region.upper = {1.0, 0, 0};
  layer.value = 4.0;
  p.diffusivity.pieces.push_back(layer);
  p.initial.type = InitialCondition::Type::uniform;
  p.initial.amplitude = 0.0;
  FickSolver solver(PETSC_COMM_SELF, p, {10.0, 30, "beuler"});
  run_to_end(solver);
  const PetscScalar* u = nullptr;
  FICKLE_PETSC(VecGetArrayRead(solver.solution(), &u));
  const double J = 1.6;
  for (int i = 0; i < 40; ++i) {
    const double x = p.grid.centre(0, i);
    const double exact = x < 0.5 ? J * x : J / 2 + J * (x - 0.5) / 4;
    EXPECT_NEAR(u[i], exact, 1e-7) << "cell " << i;
  }
  FICKLE_PETSC(VecRestoreArrayRead(solver.solution(), &u));
}

TEST(FickConservation, APointReleaseSpreadsWithVarianceExactlyTwoDt) {
  // The discrete Laplacian moves the second moment exactly: Σ x² (u_{i+1} − 2u_i + u_{i−1})/h²
  // = 2 Σ u, so with unit mass d⟨x²⟩/dt = 2D, and backward Euler keeps it linear in t. The walls
  // are 35 standard deviations away, so their effect is below round-off.
  auto p = box_problem(1, 400, 1e-3);
  p.initial.type = InitialCondition::Type::delta;
  p.initial.center = {0.5, 0, 0};
  FickSolver solver(PETSC_COMM_SELF, p, {0.01, 10, "beuler"});
  EXPECT_NEAR(solver.mass(), 1.0, 1e-14);
  run_to_end(solver);
  const PetscScalar* u = nullptr;
  FICKLE_PETSC(VecGetArrayRead(solver.solution(), &u));
  const double h = p.grid.spacing(0), origin = p.grid.centre(0, 200);  // the cell holding 0.5
  double mass = 0, first = 0, second = 0;
  for (int i = 0; i < 400; ++i) {
    const double x = p.grid.centre(0, i) - origin;
    mass += u[i] * h, first += x * u[i] * h, second += x * x * u[i] * h;
  }
  FICKLE_PETSC(VecRestoreArrayRead(solver.solution(), &u));
  EXPECT_NEAR(mass, 1.0, 1e-12);
  EXPECT_NEAR(first, 0.0, 1e-12);
  EXPECT_NEAR(second, 2 * 1e-3 * solver.time(), 1e-11);
}

TEST(FickConservation, SteadyAdvectionDiffusionBetweenDirichletFacesConvergesAtTheSchemesOrder) {
  // v u' = D u'' on [0,1], u(0) = 0, u(1) = 1: u = (e^{Pe x} − 1)/(e^{Pe} − 1), Pe = v/D.
  // Covers the drift terms at Dirichlet faces; central is second order, upwind first.
  const double v = 0.5, D = 0.1, pe = v / D;
  for (const auto& [scheme, order] :
       {std::pair{AdvectionScheme::central, 2.0}, {AdvectionScheme::upwind, 1.0}}) {
    std::vector<double> errors;
    for (int n : {32, 64, 128}) {
      auto p = box_problem(1, n, D, {BoundaryCondition::Type::dirichlet, 0.0});
      p.boundary[1].value = 1.0;
      p.velocity = {v, 0, 0};
      p.advection = scheme;
      p.initial.type = InitialCondition::Type::uniform;
      p.initial.amplitude = 0.0;
      FickSolver solver(PETSC_COMM_SELF, p, {100.0, 20, "beuler"});  // to steady state
      run_to_end(solver);
      const PetscScalar* u = nullptr;
      FICKLE_PETSC(VecGetArrayRead(solver.solution(), &u));
      double e2 = 0, n2 = 0;
      for (int i = 0; i < n; ++i) {
        const double exact = std::expm1(pe * p.grid.centre(0, i)) / std::expm1(pe);
        e2 += (u[i] - exact) * (u[i] - exact), n2 += exact * exact;
      }
      FICKLE_PETSC(VecRestoreArrayRead(solver.solution(), &u));
      errors.push_back(std::sqrt(e2 / n2));
    }
    for (double o : observed_orders(errors)) EXPECT_NEAR(o, order, 0.1);
  }
}

TEST(FickConservation, StiffStepsSwitchToAlgebraicMultigridAndStayAccurate) {
  // D dt/h² = 1 · 0.01 · 64² ≈ 41 in 2D with D = 10 → 410 > 100: GAMG is chosen.
  auto p = box_problem(2, 64, 10.0, {BoundaryCondition::Type::dirichlet, 0.0});
  p.initial.type = InitialCondition::Type::sine;
  FickSolver solver(PETSC_COMM_SELF, p, {1e-2, 3, "beuler"});
  EXPECT_NE(solver.solver_description().find("gamg"), std::string::npos)
      << solver.solver_description();
  run_to_end(solver);
  OwnedVec exact;
  FICKLE_PETSC(DMCreateGlobalVector(solver.dm(), exact.out()));
  // Backward Euler on the discrete eigenvector: u = (1 + λ_h dt)^{−n} u0, λ_h = D Σ 4
  // sin²(πh/2)/h².
  const double h = p.grid.spacing(0);
  const double lambda = 10.0 * 2 * 4 * std::pow(std::sin(M_PI * h / 2), 2) / (h * h);
  fill_initial_condition(p.initial, p.grid, solver.dm(), exact);
  FICKLE_PETSC(VecScale(exact, std::pow(1 + lambda * 1e-2, -3)));
  EXPECT_LT(relative_errors(solver.solution(), exact).l2_rel, 1e-7);
}

TEST(FickConservation, TheImplicitOperatorIsRebuiltOnlyWhenTheShiftChanges) {
  // bench/README.md (plain PETSc runs): rebuilding the operator and preconditioner every step costs
  // 5-20x. An unchanged matrix keeps its PETSc state, so the preconditioner is set up once per
  // distinct shift.
  auto p = box_problem(2, 16, 0.01);
  for (const auto& [scheme, builds] : {std::pair{"beuler", 1}, {"cn", 1}, {"bdf2", 3}}) {
    FickSolver solver(PETSC_COMM_SELF, p, {0.01, 12, scheme});
    run_to_end(solver);
    // bdf2 starts with a half step of BDF1, then one variable-step BDF2 step, then fixed BDF2.
    EXPECT_EQ(solver.operator_assemblies(), builds) << scheme;
  }
}

}  // namespace
}  // namespace fickle::testing
