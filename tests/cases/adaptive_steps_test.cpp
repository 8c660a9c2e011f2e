// Adaptive time steps that honour the case (docs/cases.md, `time`): an adaptive PETSc TS (arkimex,
// bdf under -ts_adapt_type basic) on the 3D Gaussian ends exactly at time.end, lands on every
// output time, keeps within time.dt_min/dt_max, and meets the exact solution to the grid's error
// plus a time error its tolerance controls (below 10 tolerances, and smaller with a tighter one);
// the same on 2 ranks. The time error is measured against a run with 50 times finer fixed steps,
// and printed beside that of as many fixed steps.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

constexpr double kTolerance = 1e-4;  ///< -ts_rtol of the adaptive runs (-ts_atol 1e-4 of it)

// The 3D Gaussian of cases/fick-gaussian on 16³ cells, to t = 10: σ² grows from 0.01 to 0.21 and
// the pulse fills the box, fast at first and ever more slowly (the slowest mode decays as
// e^{−Dπ²t}).
const char* const kGaussian =
    "kind: fick\n"
    "grid: {cells: [16, 16, 16]}\n"
    "physics: {D: 0.01}\n"
    "initial: {type: gaussian, center: [0.5, 0.5, 0.5], sigma: 0.1}\n"
    "exact: gaussian-images\n"
    "time: {dt: 0.001, end: 10}\n"
    "output: {interval: 2.5, plots: false}\n";

struct FickRun {
  nlohmann::json summary;
  std::vector<double> u;  ///< at t = 1
};

FickRun run(const fs::path& dir, const std::string& name, const std::string& args, int ranks = 1) {
  const auto out = run_fickle(
      fmt::format("run {} -o {} {}", (dir / "case.yaml").string(), (dir / name).string(), args),
      ranks);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  const auto entries = read_pvd(dir / name / "u.pvd");
  EXPECT_FALSE(entries.empty()) << name;
  if (entries.empty()) return {};
  return {read_summary(dir / name), read_cell_array(dir / name / entries.back().file, "u")};
}

// ‖u − reference‖₂ / ‖reference‖₂
double relative_gap(const std::vector<double>& u, const std::vector<double>& reference) {
  if (u.empty() || u.size() != reference.size()) return INFINITY;
  double d = 0, n = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    d += (u[i] - reference[i]) * (u[i] - reference[i]);
    n += reference[i] * reference[i];
  }
  return n > 0 ? std::sqrt(d / n) : INFINITY;
}

std::string adaptive(const std::string& type, double tolerance = kTolerance) {
  return fmt::format(
      "--set time.scheme={} --set time.dt_max=2 -- -ts_adapt_type basic "
      "-ts_rtol {:g} -ts_atol {:g}",
      type, tolerance, 1e-4 * tolerance);
}

class AdaptiveSteps : public ::testing::TestWithParam<const char*> {};

TEST_P(AdaptiveSteps, EndExactlyAtTimeEndWithAnErrorTheToleranceControls) {
  const std::string type = GetParam();
  const fs::path dir = scratch_dir();
  write_file(dir / "case.yaml", kGaussian);
  // The same grid with 50 times finer fixed steps than the adaptive run's mean: its time error is
  // negligible, so the gaps to it are time errors.
  const FickRun a = run(dir, "adaptive", adaptive(type));
  const long steps = a.summary["steps"].get<long>();
  const FickRun reference =
      run(dir, "reference",
          fmt::format("--set time.scheme={} --set time.steps={} --set time.dt=null "
                      "--set output.interval=null --set output.every=0",
                      type, 50 * steps));
  const FickRun two = run(dir, "two", adaptive(type), 2);
  const FickRun tighter = run(dir, "tighter", adaptive(type, kTolerance / 10));

  // The end, exactly; every output time, exactly; the controller's steps within dt_max.
  EXPECT_EQ(a.summary["t_end"].get<double>(), 10.0);
  EXPECT_EQ(a.summary["status"], "done");
  std::vector<double> times;
  for (const auto& e : read_pvd(dir / "adaptive" / "u.pvd")) times.push_back(e.time);
  EXPECT_EQ(times, (std::vector<double>{0, 2.5, 5, 7.5, 10}));
  EXPECT_LE(a.summary["dt_max_used"].get<double>(), 2.0);
  EXPECT_LT(a.summary["dt_min_used"].get<double>(), 0.01);  // it starts at dt = 0.001

  // The error against the exact solution is the grid's (the reference's) plus the time error,
  // which the tolerance controls: below 10 tolerances, and a tolerance 10 times tighter makes it
  // at least 3 times smaller (per-step control of an order-p method: ∝ tol^{p/(p+1)}, 10^{2/3}
  // = 4.6 for BDF2).
  const double time_error = relative_gap(a.u, reference.u);
  const double tighter_error = relative_gap(tighter.u, reference.u);
  const double l2 = a.summary["errors"]["l2_rel"].get<double>();
  const double l2_grid = reference.summary["errors"]["l2_rel"].get<double>();
  EXPECT_LT(time_error, 10 * kTolerance);
  EXPECT_LT(tighter_error, time_error / 3);
  EXPECT_LT(std::abs(l2 - l2_grid), time_error + 1e-12);

  // Fixed steps of the same method, as many as the adaptive run took: measured, not asserted. On
  // this smooth problem they are the more accurate (errors of the early steps decay, and the
  // per-step control spends steps where the final error does not need them).
  const FickRun fixed =
      run(dir, "fixed",
          fmt::format("--set time.scheme={} --set time.steps={} --set time.dt=null "
                      "--set output.interval=null --set output.every=0",
                      type, steps));
  std::printf(
      "%s adaptive (rtol %g, atol %g): %ld steps, dt %.3g ... %.3g, time error %.3g, l2_rel %.6g "
      "(grid %.6g); tolerance/10: %ld steps, time error %.3g; %ld fixed steps: time error %.3g\n",
      type.c_str(), kTolerance, 1e-4 * kTolerance, steps, a.summary["dt_min_used"].get<double>(),
      a.summary["dt_max_used"].get<double>(), time_error, l2, l2_grid,
      tighter.summary["steps"].get<long>(), tighter_error, steps,
      relative_gap(fixed.u, reference.u));

  // Two ranks: the same steps to round-off, the same field to the solver tolerance.
  EXPECT_EQ(two.summary["t_end"].get<double>(), 10.0);
  EXPECT_NEAR(two.summary["steps"].get<double>(), static_cast<double>(steps), 1);
  EXPECT_LT(relative_gap(two.u, a.u), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Types, AdaptiveSteps, ::testing::Values("arkimex", "bdf"));

TEST(AdaptiveSteps, NoStepPassesTheEnd) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case.yaml", kGaussian);
  // A controller that may not step below 0.3 and accepts every step: 0.25 (the first step, dt),
  // then steps of 0.3 would reach 1.15. Before, such a run stopped after time.steps steps
  // wherever that was (t = 3.2 with time.end 2, status done); now the steps are cut (to half
  // the rest when a whole step would leave less than a step) and the last lands on time.end.
  const FickRun a = run(dir, "coarse",
                        "--set time.end=1 --set time.dt=0.25 --set time.steps=4 --set "
                        "output.interval=null --set output.every=1 "
                        "--set time.scheme=bdf -- -ts_adapt_type basic -ts_adapt_dt_min 0.3 "
                        "-ts_adapt_always_accept");
  EXPECT_EQ(a.summary["t_end"].get<double>(), 1.0);
  EXPECT_EQ(a.summary["steps"], 4);
  EXPECT_LT(a.summary["dt_min_used"].get<double>(), 0.3);  // below the controller's minimum
  const auto entries = read_pvd(dir / "coarse" / "u.pvd");
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().time, 1.0);
}

// The ready case: adaptive BDF on the Gaussian lands on its output.interval and on time.end, in far
// fewer steps than time.end/dt, with the 16³ grid's error.
TEST(AdaptiveSteps, ReadyCaseEndsAtTimeEnd) {
  const fs::path dir = scratch_dir();
  const auto out = run_fickle(fmt::format("run {} -o {} --set output.plots=false",
                                          case_path("fick-adaptive"), dir.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir);
  EXPECT_EQ(s["t_end"].get<double>(), 1.0);
  EXPECT_LT(s["steps"].get<long>(), 100);  // time.steps is 1000
  EXPECT_LE(s["dt_max_used"].get<double>(), 0.2);
  EXPECT_LT(s["errors"]["l2_rel"].get<double>(), 0.02);  // the grid's error is 0.0179
  std::vector<double> times;
  for (const auto& e : read_pvd(dir / "u.pvd")) times.push_back(e.time);
  EXPECT_EQ(times, (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
}

}  // namespace
}  // namespace fickle::testing
