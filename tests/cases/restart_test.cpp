// Checkpoint and restart: a run stopped half way and continued with --restart reproduces the
// uninterrupted run (bit for bit on the same ranks for one-step schemes, to the solver tolerance
// on other rank counts and for bdf2); SIGTERM writes a checkpoint and exits with code 4.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

const std::string kCase = "fick-2d-drift";
const std::string kShort = "--set grid.cells=[48,48] --set output.every=10";

std::string case_path() {
  return (cases_dir() / kCase).string();
}

// Runs to time.end = 1 uninterrupted, and as two parts: to `half`, then --restart to 1.
struct Pair {
  fs::path whole, parts;
};

Pair run_whole_and_parts(const fs::path& dir, const std::string& extra, int restart_ranks) {
  Pair p{dir / "whole", dir / "parts"};
  auto out =
      run_fickle(fmt::format("run {} -o {} {} {}", case_path(), p.whole.string(), kShort, extra));
  EXPECT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("run {} -o {} {} {} --set time.end=0.45", case_path(),
                               p.parts.string(), kShort, extra));
  EXPECT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(
      fmt::format("run {} -o {} {} {} --restart", case_path(), p.parts.string(), kShort, extra),
      restart_ranks);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("restarting at step 90"), std::string::npos) << out.output;
  return p;
}

TEST(Restart, ContinuesBitForBitOnTheSameRanks) {
  for (const char* scheme : {"beuler", "cn"}) {
    const auto p =
        run_whole_and_parts(scratch_dir(), fmt::format("--set time.scheme={}", scheme), 1);
    // Identical rows: same times, masses, iteration counts and errors at every step.
    EXPECT_EQ(read_text(p.parts / "series.csv"), read_text(p.whole / "series.csv")) << scheme;
    const auto parts = read_cell_array(p.parts / "fields/u_0020.pvtr", "u");
    ASSERT_EQ(parts.size(), 48u * 48u) << scheme;
    EXPECT_EQ(parts, read_cell_array(p.whole / "fields/u_0020.pvtr", "u")) << scheme;
    EXPECT_EQ(read_summary(p.parts)["errors"], read_summary(p.whole)["errors"]) << scheme;
    EXPECT_EQ(read_text(p.parts / "u.pvd"), read_text(p.whole / "u.pvd")) << scheme;
  }
}

TEST(Restart, ContinuesOnADifferentNumberOfRanks) {
  const auto p = run_whole_and_parts(scratch_dir(), "", 2);
  const auto a = read_cell_array(p.parts / "fields/u_0020.pvtr", "u");
  ASSERT_EQ(a.size(), 48u * 48u);
  EXPECT_LT(max_relative_difference(a, read_cell_array(p.whole / "fields/u_0020.pvtr", "u")), 1e-7);
  EXPECT_EQ(read_summary(p.parts)["ranks"], 2);
  EXPECT_EQ(read_summary(p.parts)["steps"], 200);
}

TEST(Restart, ContinuesAMultistepSchemeWithItsHistory) {
  // bdf2 needs u at two levels; the checkpoint holds both. Restarting BDF2 from a single level
  // (a fresh start) would differ by O(dt²) ≈ 1e-5 here, far above this tolerance.
  const auto p = run_whole_and_parts(scratch_dir(), "--set time.scheme=bdf2", 1);
  EXPECT_LT(max_relative_difference(read_cell_array(p.parts / "fields/u_0020.pvtr", "u"),
                                    read_cell_array(p.whole / "fields/u_0020.pvtr", "u")),
            1e-8);
}

TEST(Restart, WithoutACheckpointIsABadInput) {
  const fs::path dir = scratch_dir();
  const auto out =
      run_fickle(fmt::format("run {} -o {} --restart", case_path(), (dir / "none").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("no checkpoint"), std::string::npos) << out.output;
}

TEST(Restart, RefusesAChangedStepOrSchemeBeforeDoingAnything) {
  const fs::path run = scratch_dir() / "run";
  auto out = run_fickle(
      fmt::format("run {} -o {} {} --set time.end=0.1", case_path(), run.string(), kShort));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  for (const char* change : {"--set time.dt=0.01", "--set time.scheme=bdf2"}) {
    out = run_fickle(
        fmt::format("run {} -o {} {} --restart {}", case_path(), run.string(), kShort, change));
    EXPECT_EQ(out.exit_code, 2) << change << "\n" << out.output;
    EXPECT_NE(out.output.find("only time.end and output may change on a restart"),
              std::string::npos)
        << out.output;
  }
  EXPECT_NEAR(read_summary(run)["t_end"].get<double>(), 0.1, 1e-12);  // untouched by the refusals
}

// Starts a long run (under `launcher`), sends `signal` once it is stepping, and checks the
// checkpoint, the exit code 4 and that --restart continues the series without gap or repeat.
void interrupt_and_resume(const std::string& launcher, int signal, int ranks) {
  const fs::path dir = scratch_dir();
  const fs::path run = dir / "run";
  // Long enough (thousands of steps) that the signal arrives mid-run.
  const std::string args = fmt::format(
      "run {} -o {} --set grid.cells=[96,96] --set time.end=100 --set output.every=0 "
      "--set output.progress_seconds=0.05",
      case_path(), run.string());
  const auto stopped = interrupt_when_running(args, run / "log.txt", signal, launcher);
  ASSERT_EQ(stopped.exit_code, 4) << stopped.output;
  EXPECT_NE(stopped.output.find("continue with --restart"), std::string::npos);
  EXPECT_EQ(read_summary(run)["status"], "interrupted");
  ASSERT_TRUE(fs::exists(run / "checkpoint/meta.json"));
  const long step = nlohmann::json::parse(read_text(run / "checkpoint/meta.json"))["step"];
  ASSERT_GT(step, 0);
  ASSERT_LT(step, 20000);

  // Continue for five more steps: the series runs 0..step+5 with no gap and no repeat.
  const auto out = run_fickle(fmt::format("run {} -o {} --set grid.cells=[96,96] --set time.end={} "
                                          "--set output.every=0 --restart",
                                          case_path(), run.string(), (step + 5) * 0.005),
                              ranks);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  std::istringstream series(read_text(run / "series.csv"));
  std::string line;
  std::getline(series, line);
  long expected = 0;
  while (std::getline(series, line)) {  // columns t, step, ...
    const auto comma = line.find(',');
    EXPECT_EQ(std::stol(line.substr(comma + 1, line.find(',', comma + 1) - comma - 1)), expected++);
  }
  EXPECT_EQ(expected, step + 6);
  EXPECT_EQ(read_summary(run)["status"], "done");
}

TEST(Signals, SigtermWritesACheckpointAndTheRunContinuesFromIt) {
  interrupt_and_resume("", SIGTERM, 1);
}

TEST(Signals, SigusrThroughMpiexecStopsAllRanksAtTheSameStep) {
  // mpiexec forwards SIGUSR1 to the ranks; they agree on the step and exit 4 together.
  interrupt_and_resume(
      "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpiexec -n 2 --oversubscribe ",
      SIGUSR1, 2);
}

}  // namespace
}  // namespace fickle::testing
