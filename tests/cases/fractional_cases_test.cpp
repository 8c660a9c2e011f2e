// The fractional kind through the binary: the ready cases meet their exact solutions, fast and
// direct histories agree, 1 and 2 ranks agree, an interrupted run continues bit for bit, and bad
// input is refused with a precise message.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

double final_difference(const fs::path& a, const fs::path& b, const std::string& snapshot) {
  return max_relative_difference(read_cell_array(a / "fields" / snapshot, "u"),
                                 read_cell_array(b / "fields" / snapshot, "u"));
}

TEST(FractionalCases, MittagLefflerSineOnTheGradedMeshWithFastHistory) {
  const fs::path dir = scratch_dir();
  auto out = run_fickle(
      fmt::format("run {} -o {}", case_path("fractional-time-sine"), (dir / "fast").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "fast");
  EXPECT_EQ(s["history"], "fast");
  EXPECT_GT(s["n_exp"].get<int>(), 30);
  EXPECT_LT(s["kernel_error"].get<double>(), 1e-9);
  // 256 cells, 400 graded steps: 5.7e-5 (space O(h²) ~ 1e-5 and time O(N^{α−2}) ~ 5e-5).
  EXPECT_LT(s["errors"]["l2_rel"].get<double>(), 1e-4);
  out = run_fickle(fmt::format("run {} -o {} --set time.history=direct",
                               case_path("fractional-time-sine"), (dir / "direct").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_LT(final_difference(dir / "fast", dir / "direct", "u_0004.pvtr"), 1e-8);
  EXPECT_EQ(read_summary(dir / "direct")["n_exp"], 0);
}

TEST(FractionalCases, PointSourceMeetsTheStableDensityOnOneAndTwoRanks) {
  const fs::path dir = scratch_dir();
  const std::string args =
      fmt::format("run {} --set grid.cells=[201]", case_path("fractional-levy-point"));
  auto one = run_fickle(fmt::format("{} -o {}", args, (dir / "one").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  auto two = run_fickle(fmt::format("{} -o {}", args, (dir / "two").string()), 2);
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto s = read_summary(dir / "one");
  EXPECT_LT(s["errors"]["l2_rel"].get<double>(), 3e-3);
  EXPECT_LT(std::abs(s["mass_drift"].get<double>()), 0.01);  // mass leaving through |x| = 4
  EXPECT_LT(final_difference(dir / "one", dir / "two", "u_0004.pvtr"), 1e-8);
}

TEST(FractionalCases, PeriodicFourierModeKeepsItsMass) {
  const fs::path dir = scratch_dir();
  const auto out = run_fickle(fmt::format(
      "run {} -o {} --set grid.periodic=[true] --set 'boundary={{}}' --set 'initial={{type: "
      "cosine, modes: [2]}}' --set exact=fourier-mode --set grid.lower=[0] --set grid.upper=[1] "
      "--set grid.cells=[128]",
      case_path("fractional-levy-point"), dir.string() + "/run"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "run");
  EXPECT_LT(std::abs(s["mass_final"].get<double>() - s["mass_initial"].get<double>()), 1e-12);
  EXPECT_LT(s["errors"]["l2_rel"].get<double>(), 1e-3);
  EXPECT_EQ(s["linear_iterations"], 0);  // an exact FFT solve
}

TEST(FractionalRestart, AnInterruptedRunContinuesBitForBit) {
  for (const char* history : {"fast", "direct"}) {
    const fs::path dir = scratch_dir();
    // Long enough (the direct history is O(N²)) that the signal arrives mid-run.
    const long steps = std::string(history) == "fast" ? 20000 : 10000;
    const std::string args = fmt::format(
        "run {} --set grid.cells=[{}] --set time.steps={} --set time.history={} --set "
        "output.every=0 --set output.progress_seconds=0.05",
        case_path("fractional-time-sine"), std::string(history) == "fast" ? 64 : 8, steps, history);
    auto out = run_fickle(fmt::format("{} -o {}", args, (dir / "whole").string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    const auto stopped = interrupt_when_running(
        fmt::format("{} -o {}", args, (dir / "parts").string()), dir / "parts/log.txt", SIGTERM);
    ASSERT_EQ(stopped.exit_code, 4) << stopped.output;
    out = run_fickle(fmt::format("{} -o {} --restart", args, (dir / "parts").string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    EXPECT_NE(out.output.find("restarting at step"), std::string::npos) << out.output;
    EXPECT_EQ(read_cell_array(dir / "parts/fields/u_0001.pvtr", "u"),
              read_cell_array(dir / "whole/fields/u_0001.pvtr", "u"))
        << history;
    EXPECT_EQ(read_summary(dir / "parts")["errors"], read_summary(dir / "whole")["errors"]);
    // The time mesh may not change on a restart.
    out = run_fickle(
        fmt::format("{} -o {} --restart --set time.end=0.2", args, (dir / "parts").string()));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find("the checkpoint has end"), std::string::npos) << out.output;
  }
}

TEST(FractionalBadInput, IsRefusedWithAPreciseMessage) {
  const fs::path dir = scratch_dir();
  {
    std::ofstream(dir / "case.yaml") << "kind: fractional\n"
                                        "grid: {cells: [16]}\n"
                                        "physics: {alpha: 0.5}\n"
                                        "initial: {type: sine}\n"
                                        "time: {end: 0.1, steps: 10}\n";
  }
  ASSERT_EQ(run_fickle(fmt::format("check {}", dir.string())).exit_code, 0);
  const std::vector<std::pair<std::string, std::string>> bad{
      {"--set physics.alpha=1", "physics.alpha: expected 0 < alpha < 1"},
      {"--set physics.mu=1.5", "physics.alpha: expected alpha (time-fractional) or mu"},
      {"--set 'physics={mu: 2.5}'", "physics.mu: expected 1 <= mu <= 2"},
      {"--set 'physics={mu: 1.5}' --set 'boundary={default: {type: neumann}}'",
       "expected periodic (grid.periodic) or {type: dirichlet, value: 0}"},
      {"--set time.mesh=log", "time.mesh: expected one of"},
      {"--set exact=stable-density", "exact: expected one of"},
      {"--set exact=mittag-leffler-sine --set initial.type=gaussian", "exact: expected an exact"},
  };
  for (const auto& [sets, expected] : bad) {
    const auto out =
        run_fickle(fmt::format("run {} -o {} {}", dir.string(), (dir / "out").string(), sets));
    EXPECT_EQ(out.exit_code, 2) << sets << "\n" << out.output;
    EXPECT_NE(out.output.find(expected), std::string::npos)
        << sets << ": expected '" << expected << "' in:\n"
        << out.output;
    EXPECT_FALSE(fs::exists(dir / "out"));
  }
}

}  // namespace
}  // namespace fickle::testing
