// Output at times and adaptive steps through the fickle binary (docs/output.md, "Snapshot
// times"): fick lands on output.times exactly on 1 and 2 ranks, particles write at the first step
// past each time, a compare case refuses snapshot times without a partner and lines its runs up
// with output.interval, and an adaptive TS (arkimex, bdf) ends exactly at time.end, within its
// tolerance of the 3D Gaussian's exact solution, in fewer steps than fixed steps need.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

std::vector<double> snapshot_times(const fs::path& pvd) {
  std::vector<double> times;
  for (const auto& entry : read_pvd(pvd)) times.push_back(entry.time);
  return times;
}

// The 3D Gaussian of cases/fick-gaussian on 12³ cells.
const char* const kGaussian =
    "kind: fick\n"
    "grid: {cells: [12, 12, 12]}\n"
    "physics: {D: 0.01}\n"
    "initial: {type: gaussian, center: [0.5, 0.5, 0.5], sigma: 0.1}\n"
    "exact: gaussian-images\n"
    "time: {dt: 0.02, end: 0.2}\n"
    "output: {times: [0.05, 0.13], plots: false}\n";

TEST(OutputTimes, FickLandsExactlyOnTheRequestedTimesOnOneAndTwoRanks) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case.yaml", kGaussian);
  for (int ranks : {1, 2}) {
    const fs::path run = dir / fmt::format("n{}", ranks);
    const auto out =
        run_fickle(fmt::format("run {} -o {}", (dir / "case.yaml").string(), run.string()), ranks);
    ASSERT_EQ(out.exit_code, 0) << out.output;
    // Bit for bit: the .pvd holds the times to 17 digits.
    EXPECT_EQ(snapshot_times(run / "u.pvd"), (std::vector<double>{0, 0.05, 0.13, 0.2}));
    const auto s = read_summary(run);
    EXPECT_EQ(s["t_end"].get<double>(), 0.2);
    // 0 → 0.05: 3 steps of 0.05/3; 0.05 → 0.13: 4 of dt; 0.13 → 0.2: 4 of 0.0175.
    EXPECT_EQ(s["steps"], 11);
    EXPECT_NEAR(s["dt_min_used"].get<double>(), 0.05 / 3, 1e-12);
    EXPECT_NEAR(s["dt_max_used"].get<double>(), 0.02, 1e-12);
  }
  const auto u1 = read_cell_array(dir / "n1" / "fields/u_0002.pvtr", "u");
  const auto u2 = read_cell_array(dir / "n2" / "fields/u_0002.pvtr", "u");
  ASSERT_EQ(u1.size(), 12u * 12u * 12u);
  EXPECT_LT(max_relative_difference(u2, u1), 1e-6);
  // Landing costs no accuracy: the same error as 10 plain steps of dt, within 10% (beuler's
  // first-order time error dominates on this grid).
  const auto plain =
      run_fickle(fmt::format("run {} -o {} --set output.times=null --set output.every=5",
                             (dir / "case.yaml").string(), (dir / "plain").string()));
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  const double landed = read_summary(dir / "n1")["errors"]["l2_rel"].get<double>();
  const double steps = read_summary(dir / "plain")["errors"]["l2_rel"].get<double>();
  EXPECT_EQ(read_summary(dir / "plain")["steps"], 10);
  EXPECT_NEAR(landed, steps, 0.1 * steps);
}

TEST(OutputTimes, TwoScheduleKeysAreRefusedAtTheSecond) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case.yaml", kGaussian);
  const auto out =
      run_fickle(fmt::format("check {} --set output.interval=0.1", (dir / "case.yaml").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("case.yaml:7:"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("output.times: expected one of output.every, output.interval and "
                            "output.times"),
            std::string::npos)
      << out.output;
}

TEST(OutputTimes, ParticlesWriteAtTheFirstStepAtOrPastEachTimeOnOneAndTwoRanks) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case.yaml",
             "kind: particles\nmodel: brownian\ncount: 2000\nseed: 5\n"
             "grid: {cells: [16], lower: [-1], upper: [1], periodic: [true]}\n"
             "physics: {D: 0.01}\ninitial: {type: point, center: [0]}\n"
             "time: {dt: 0.01, end: 0.1}\n"
             "output: {times: [0.025, 0.05, 0.051], sample: 0, plots: false}\n");
  for (int ranks : {1, 2}) {
    const fs::path run = dir / fmt::format("n{}", ranks);
    const auto out =
        run_fickle(fmt::format("run {} -o {}", (dir / "case.yaml").string(), run.string()), ranks);
    ASSERT_EQ(out.exit_code, 0) << out.output;
    // 0.025 → step 3; 0.05 → step 5; 0.051 → step 6; the end, step 10: the steps' own times.
    const auto t = [](long n) { return static_cast<double>(n) * 0.01; };
    EXPECT_EQ(snapshot_times(run / "density.pvd"),
              (std::vector<double>{0, t(3), t(5), t(6), t(10)}));
    EXPECT_EQ(read_summary(run)["steps"], 10);
  }
  EXPECT_EQ(particle_state(dir / "n1"), particle_state(dir / "n2"));
}

// cases/compare-einstein with fewer particles and a shorter run, and `sets`.
std::string einstein(const std::string& sets) {
  return fmt::format(
      "{} --set particles.count=5000 --set 'particles.grid.cells=[10,10,10]' "
      "--set 'pde.grid.cells=[10,10,10]' --set particles.time.end=0.04 "
      "--set pde.time.end=0.04 --set output.plots=false {}",
      case_path("compare-einstein"), sets);
}

TEST(CompareOutputTimes, CheckRefusesSnapshotTimesWithoutAPartner) {
  const fs::path dir = scratch_dir();
  // 7 steps of 5e-4 against the particles' 20 of 1e-3: before, such a run compared t = 0, 0.14
  // and the end only, and said nothing.
  const auto out = run_fickle("check " + einstein("--set pde.output.every=7"));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("--set pde.output.every: pde.output.every: expected snapshot times "
                            "that the particles and the pde share"),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("0.0035 (pde)"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("0.02 (particles)"), std::string::npos) << out.output;
  // An interval on one side only: the particles still every 20 steps (0.02), the pde at 0.01;
  // `run` refuses it too, before anything runs.
  const auto interval = run_fickle(
      "run " + einstein("--set pde.output.interval=0.01 --set pde.output.every=null -o " +
                        (dir / "b").string()));
  EXPECT_EQ(interval.exit_code, 2) << interval.output;
  EXPECT_NE(interval.output.find("pde.output.interval: expected snapshot times"), std::string::npos)
      << interval.output;
  EXPECT_NE(interval.output.find("0.01 (pde)"), std::string::npos) << interval.output;
  EXPECT_FALSE(fs::exists(dir / "b" / "runs"));
}

TEST(CompareOutputTimes, OutputIntervalLinesUpRunsOfDifferentSteps) {
  const fs::path dir = scratch_dir();
  // Particles on steps of 1e-3, the pde on steps of 8e-4 (0.01 is 12.5 of them): both write at
  // 0, 0.01, ..., 0.04, and every one of them is compared.
  const auto out = run_fickle(
      "run " + einstein("-o " + dir.string() +
                        " --set particles.output.interval=0.01 --set particles.output.every=null "
                        "--set pde.output.interval=0.01 --set pde.output.every=null "
                        "--set pde.time.dt=0.0008 --set pde.time.steps=50"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(read_summary(dir)["times_compared"], 5);
  const auto pde = read_summary(dir / "runs" / "pde");
  EXPECT_EQ(pde["t_end"].get<double>(), 0.04);
  EXPECT_EQ(pde["steps"], 52);  // 13 steps of 0.01/13 per interval
}

}  // namespace
}  // namespace fickle::testing
