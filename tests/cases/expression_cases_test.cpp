// Expressions in cases (core/expression.hpp): manufactured solutions give the orders of the
// schemes in space (1D, 2D, 3D) and time (fick and time-fractional), on 1 and 2 ranks; reactions
// (linear decay exactly, the Fisher–KPP front speed); and the errors a bad expression gives.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// Runs `case_dir` with the overrides `sets` into `out` on `ranks` ranks; returns the summary.
nlohmann::json run_case(const fs::path& case_dir, const fs::path& out, const std::string& sets,
                        int ranks = 1) {
  const auto run =
      run_fickle(fmt::format("run {} -o {} {}", case_dir.string(), out.string(), sets), ranks);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  return read_summary(out);
}

double l2_error(const nlohmann::json& summary) {
  return summary["errors"]["l2_rel"].get<double>();
}

// A case written into `dir`/case.yaml.
fs::path write_case(const fs::path& dir, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream(dir / "case.yaml") << text;
  return dir;
}

// cases/fick-manufactured (u = e^{−t} sin(2x) cos(y) cos(z) + x t, D = 1 + x/2) on 8³… cells in
// `dim` dimensions: the L2 error falls by 4 per halving of h (Crank–Nicolson, dt 0.01 to t = 0.1,
// whose own error is ~1e-6, far below the spatial one); 2 ranks give the same errors.
void expect_second_order_in_space(int dim, std::vector<int> cells) {
  const fs::path dir = scratch_dir();
  std::vector<double> errors;
  for (int n : cells) {
    std::string list = "[";
    for (int a = 0; a < dim; ++a) list += fmt::format("{}{}", a ? "," : "", n);
    const auto sets = fmt::format("--set grid.cells={}] --set constants.m={}", list, dim - 1);
    errors.push_back(
        l2_error(run_case(cases_dir() / "fick-manufactured", dir / fmt::format("n{}", n), sets)));
    if (n == cells.back()) {
      const auto two = run_case(cases_dir() / "fick-manufactured", dir / "two", sets, 2);
      EXPECT_EQ(two["ranks"], 2);
      EXPECT_NEAR(l2_error(two), errors.back(), 1e-6 * errors.back());
    }
  }
  for (std::size_t i = 1; i < errors.size(); ++i) {
    const double order =
        std::log(errors[i - 1] / errors[i]) / std::log(1.0 * cells[i] / cells[i - 1]);
    EXPECT_NEAR(order, 2.0, 0.1) << dim << "D, " << cells[i] << " cells: " << errors[i];
  }
}

TEST(ManufacturedSolution, IsSecondOrderInSpaceIn1D) {
  expect_second_order_in_space(1, {16, 32, 64});
}
TEST(ManufacturedSolution, IsSecondOrderInSpaceIn2D) {
  expect_second_order_in_space(2, {8, 16, 32});
}
TEST(ManufacturedSolution, IsSecondOrderInSpaceIn3D) {
  expect_second_order_in_space(3, {8, 16, 24});
}

// u = (1 + x) e^{−2t} with the drift v = 1/2 + x/4 (an expression), s = ∂u/∂t + ∂(vu)/∂x − u_xx,
// u given on x− and the total flux J·n = (−u_x + v u) = e^{−2t}/2 on x+: finite volumes are exact
// for u linear in x (central faces, v at face centres), so every error is the time scheme's.
constexpr const char* kLinearInSpace = R"yaml(kind: fick
title: time order with s(t), u(face, t), flux(face, t) and v(x)
grid: {cells: [16]}
physics:
  D: 1
  velocity: ["0.5 + 0.25*x"]
  source: "exp(-2*t)*(-1.25 - 1.5*x)"
initial: {type: expression, value: "1 + x"}
boundary:
  x-: {type: dirichlet, value: "(1 + x)*exp(-2*t)"}
  x+: {type: neumann, value: "0.5*exp(-2*t)"}
time: {end: 1, dt: 0.1, scheme: beuler}
output: {every: 0}
exact: {expression: "(1 + x)*exp(-2*t)"}
)yaml";

TEST(TimeDependentForcing, GivesEachSchemeItsOrderInTime) {
  const fs::path dir = scratch_dir();
  const auto case_dir = write_case(dir / "case", kLinearInSpace);
  for (const auto& [scheme, expected] :
       std::map<std::string, double>{{"beuler", 1.0}, {"cn", 2.0}, {"bdf2", 2.0}}) {
    std::vector<double> errors;
    for (double dt : {0.1, 0.05, 0.025})
      errors.push_back(
          l2_error(run_case(case_dir, dir / fmt::format("{}_{}", scheme, dt),
                            fmt::format("--set time.dt={} --set time.scheme={}", dt, scheme))));
    for (std::size_t i = 1; i < errors.size(); ++i)
      EXPECT_NEAR(std::log2(errors[i - 1] / errors[i]), expected, 0.1)
          << scheme << ": " << errors[i - 1] << " -> " << errors[i];
    // Measured: beuler 5.1e-2, cn 4.3e-4, bdf2 1.0e-3 at dt = 0.025.
    EXPECT_LT(errors.back(), scheme == "beuler" ? 0.06 : 1.2e-3) << scheme;
  }
  const auto one = run_case(case_dir, dir / "one", "--set time.scheme=cn");
  const auto two = run_case(case_dir, dir / "two", "--set time.scheme=cn", 2);
  EXPECT_NEAR(l2_error(two), l2_error(one), 1e-8);
}

// Time-fractional ∂^α u = u_xx + s with u = t² (sin πx + x), α = 1/2: s = 2 t^{3/2}/Γ(5/2)
// (sin πx + x) + π² t² sin πx, u = t² x on the faces. The L1 scheme on a uniform mesh is of
// order 2 − α = 1.5 for this smooth u.
constexpr const char* kCaputoManufactured = R"yaml(kind: fractional
title: manufactured time-fractional solution with u(face, t)
constants: {a: 0.5, gamma_3a: 1.329340388179137}
grid: {cells: [256]}
physics:
  alpha: 0.5
  K: 1.0
  source: "2*t^(2-a)/gamma_3a*(sin(pi*x) + x) + pi^2*t^2*sin(pi*x)"
initial: {type: expression, value: "0"}
boundary:
  default: {type: dirichlet, value: "t^2*(sin(pi*x) + x)"}
time: {end: 1, steps: 10, mesh: uniform}
output: {every: 0}
exact: {expression: "t^2*(sin(pi*x) + x)"}
)yaml";

TEST(TimeDependentForcing, GivesTheCaputoL1SchemeItsOrderTwoMinusAlpha) {
  const fs::path dir = scratch_dir();
  const auto case_dir = write_case(dir / "case", kCaputoManufactured);
  std::vector<double> errors;
  for (int steps : {10, 20, 40})
    errors.push_back(l2_error(run_case(case_dir, dir / fmt::format("n{}", steps),
                                       fmt::format("--set time.steps={}", steps))));
  // Measured: 1.27e-3, 4.63e-4, 1.70e-4: orders 1.46, 1.44.
  for (std::size_t i = 1; i < errors.size(); ++i)
    EXPECT_NEAR(std::log2(errors[i - 1] / errors[i]), 1.5, 0.1) << errors[i];
  const auto two = run_case(case_dir, dir / "two", "--set time.steps=40", 2);
  EXPECT_NEAR(l2_error(two), errors.back(), 1e-7);  // the linear solver's rtol 1e-8
}

// ∂u/∂t = −k u from u = 1 with closed faces: backward Euler gives u_n = (1 + k dt)^{−n} and
// Crank–Nicolson ((1 − k dt/2)/(1 + k dt/2))^n, exactly (to the Newton tolerance), in every cell.
TEST(Reaction, LinearDecayIsSolvedImplicitlyAndExactly) {
  const fs::path dir = scratch_dir();
  const auto case_dir = write_case(dir / "case", R"yaml(kind: fick
title: linear decay
constants: {k: 3}
grid: {cells: [8, 8]}
physics: {D: 0.1, reaction: "-k*u"}
initial: {type: uniform, value: 1}
time: {end: 1, dt: 0.1, scheme: beuler}
output: {every: 0}
)yaml");
  const double k = 3, dt = 0.1;
  const auto be = run_case(case_dir, dir / "be", "");
  EXPECT_NEAR(be["mass_final"].get<double>(), std::pow(1 + k * dt, -10), 1e-12);
  const auto cn = run_case(case_dir, dir / "cn", "--set time.scheme=cn", 2);
  EXPECT_NEAR(cn["mass_final"].get<double>(), std::pow((1 - k * dt / 2) / (1 + k * dt / 2), 10),
              1e-12);
  // Newton on a linear r converges in one iteration per step (PETSc counts it, 10 steps).
  EXPECT_LE(be["newton_iterations"].get<long>(), 20);
}

// Columns t and mass of series.csv, by t.
std::map<double, double> mass_by_time(const fs::path& run) {
  std::istringstream csv(read_text(run / "series.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line.rfind("t,step,mass", 0), 0u) << line;
  std::map<double, double> mass;
  while (std::getline(csv, line)) {
    std::istringstream row(line);
    std::string t, step, m;
    std::getline(row, t, ',');
    std::getline(row, step, ',');
    std::getline(row, m, ',');
    mass[std::round(std::stod(t) * 1e6) / 1e6] = std::stod(m);
  }
  return mass;
}

// cases/fick-fisher-kpp: the front position is ∫u dx (u ≈ 1 behind it, 0 ahead), and its speed
// over [t, 2t] tends to 2√(Dk) = 2 from below (Bramson's lag 3/(2t) ln 2 per unit time): within 1%
// over [40, 80] and [60, 120], and closer on the later window. 2 ranks: the same front.
TEST(Reaction, FisherKppFrontRunsAtTwiceTheSquareRootOfDk) {
  const fs::path dir = scratch_dir();
  run_case(cases_dir() / "fick-fisher-kpp", dir / "one", "");
  const auto mass = mass_by_time(dir / "one");
  auto speed = [&](double t1, double t2) { return (mass.at(t2) - mass.at(t1)) / (t2 - t1); };
  // Measured: 1.9532 [20, 40], 1.9815 [40, 80], 1.9902 [60, 120].
  const double early = speed(20, 40), middle = speed(40, 80), late = speed(60, 120);
  EXPECT_NEAR(middle, 2.0, 0.02);
  EXPECT_NEAR(late, 2.0, 0.01);
  EXPECT_LT(std::abs(late - 2), std::abs(middle - 2));
  EXPECT_LT(std::abs(middle - 2), std::abs(early - 2));
  const auto s = read_summary(dir / "one");
  EXPECT_GT(s["newton_iterations"].get<long>(), s["steps"].get<long>());  // nonlinear: > 1 each
  run_case(cases_dir() / "fick-fisher-kpp", dir / "two", "--set time.end=40", 2);
  EXPECT_NEAR(mass_by_time(dir / "two").at(40), mass.at(40), 1e-6 * mass.at(40));
}

// Stokes with an inflow profile u = 4U y(1 − y) on x− (a wall with an expression velocity) and an
// open outlet: plane Poiseuille flow, which the MAC scheme with its quadratic wall ghost holds
// exactly, so the outlet carries the midpoint sum of the profile, 2U/3 + U h²/3, to the solver's
// tolerance, on 1 and 2 ranks. A normal profile in a closed box is refused (its flux is unchecked).
TEST(StokesProfile, PoiseuilleInflowLeavesThroughTheOutletUnchanged) {
  const fs::path dir = scratch_dir();
  const auto case_dir = write_case(dir / "case", R"yaml(kind: stokes
title: Poiseuille inflow profile
constants: {U: 1.5}
grid: {cells: [32, 16], lower: [0, 0], upper: [2, 1]}
physics: {viscosity: 1.0}
boundary:
  default: {type: wall}
  x-: {type: wall, velocity: ["4*U*y*(1-y)", 0]}
  x+: {type: pressure, pressure: 0}
)yaml");
  const double U = 1.5, h = 1.0 / 16, flux = 2 * U / 3 + U * h * h / 3;
  for (int ranks : {1, 2}) {
    const auto s = run_case(case_dir, dir / fmt::format("n{}", ranks), "", ranks);
    EXPECT_NEAR(s["flux"]["x+"].get<double>(), flux, 1e-8) << ranks;  // measured: 4e-10 off
  }
  const auto closed =
      run_fickle(fmt::format("check {} --set boundary.x+.type=wall", case_dir.string()));
  EXPECT_EQ(closed.exit_code, 2) << closed.output;
  EXPECT_NE(closed.output.find("a normal velocity profile on face x- needs an open face"),
            std::string::npos)
      << closed.output;
}

TEST(ExpressionErrors, NameTheFileLineKeyAndCharacter) {
  const fs::path dir = scratch_dir();
  struct Bad {
    std::string sets, expected;
  };
  for (const auto& bad : std::vector<Bad>{
           {"--set 'physics.source=\"sin(pi*x\"'",
            "physics.source: expected an expression in x, y, z, t, got 'sin(pi*x' (Missing "
            "parenthesis at the end)"},
           {"--set 'physics.D=\"1 + w*x\"'", "physics.D: expected an expression in x, y, z, t"},
           {"--set 'physics.D=\"1 + t\"'",
            "physics.D: expected a number or an expression in x, "
            "y, z (this value may not depend on t)"},
           {"--set 'physics.reaction=\"u*(1-v)\"'",
            "physics.reaction: expected an expression in u, x, y, z, t"},
           {"--set 'constants={x: 1}'", "constants.x: expected a constant's name"},
           {"--set 'physics.velocity=[\"1+\", 0]'",
            "physics.velocity[0]: expected a number or an "
            "expression in x, y, z"},
           {"--set 'exact={expression: \"u\"}'", "exact.expression: expected an expression"}}) {
    const auto out = run_fickle(
        fmt::format("check {} {}", (cases_dir() / "fick-manufactured").string(), bad.sets));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find(bad.expected), std::string::npos)
        << "expected '" << bad.expected << "' in:\n"
        << out.output;
  }
  // In the file: file:line:column of the key.
  const auto case_dir = write_case(dir / "case", R"yaml(kind: fick
grid: {cells: [8]}
physics:
  D: 1
  source: "2*x +* 3"
time: {end: 1, dt: 0.5}
)yaml");
  const auto out = run_fickle(fmt::format("check {}", case_dir.string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("case.yaml:5:11: physics.source: expected an expression in x, y, z, "
                            "t, got '2*x +* 3' (Unexpected operator \"*\" at character 6)"),
            std::string::npos)
      << out.output;
}

}  // namespace
}  // namespace fickle::testing
