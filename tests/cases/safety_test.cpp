// Nothing lost, nothing injected, nothing hung (docs/output.md, "What fickle guarantees"): child
// processes run without a shell whatever the paths; a run never deletes the runs it reads, never
// shares its directory with another run, deletes nothing before it has started, never writes
// through a link; a full disk ends every rank with a message; checkpoints are checked before a
// restart trusts them; a signal at any time stops the run cleanly.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// A 1D periodic box where Brownian particles and the Fick equation share snapshot times.
const char* kParticles = R"(kind: particles
model: brownian
count: 2000
grid: {cells: [16], lower: [0], upper: [1], periodic: [true]}
physics: {D: 0.01}
initial: {type: point, center: [0.5]}
time: {dt: 0.01, end: 0.1}
output: {every: 5, sample: 0}
)";
const char* kFick = R"(kind: fick
grid: {cells: [16], lower: [0], upper: [1], periodic: [true]}
physics: {D: 0.01}
initial: {type: delta, center: [0.5]}
time: {dt: 0.01, end: 0.1}
output: {every: 5}
)";

// Finished particle and fick runs in dir/p and dir/q.
void finished_pair(const fs::path& dir) {
  write_file(dir / "cases/p/case.yaml", kParticles);
  write_file(dir / "cases/q/case.yaml", kFick);
  for (const char* name : {"p", "q"}) {
    const auto out = run_fickle(
        fmt::format("run {} -o {}", (dir / "cases" / name).string(), (dir / name).string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
  }
}

TEST(Injection, PlotScriptsRunWithoutAShellWhateverTheOutputPath) {
  const fs::path dir = scratch_dir();
  for (int k = 1; k <= 5; ++k) fs::remove(fs::current_path() / fmt::format("PWNED{}", k));
  finished_pair(dir);
  // Every quoting character a shell reacts to, in the output path the plot script is given.
  const std::vector<std::string> names = {"a';touch PWNED1;'", "b\"$(touch PWNED2)\"",
                                          "c`touch PWNED3`", "d;touch PWNED4", "e$(touch PWNED5)"};
  for (std::size_t k = 0; k < names.size(); ++k) {
    const fs::path out = dir / names[k];
    const auto result = run_fickle(fmt::format("compare {} {} -o {}", (dir / "p").string(),
                                               (dir / "q").string(), shell_quote(out.string())));
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_TRUE(fs::exists(out / "compare.json")) << names[k];
  }
  for (int k = 1; k <= 5; ++k) {
    const std::string name = fmt::format("PWNED{}", k);
    EXPECT_FALSE(fs::exists(fs::current_path() / name)) << name << " was created by a shell";
    EXPECT_FALSE(fs::exists(dir / name)) << name << " was created by a shell";
  }
}

TEST(DataLoss, ACompareOutputThatHoldsItsInputRunsIsRefused) {
  const fs::path dir = scratch_dir();
  finished_pair(dir);
  // A compare run in dir/out holding runs (as a compare case's runs/), which then become the
  // inputs of a compare run into dir/out.
  auto out = run_fickle(fmt::format("compare {} {} -o {}", (dir / "p").string(),
                                    (dir / "q").string(), (dir / "out").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  fs::create_directories(dir / "out" / "runs");
  fs::copy(dir / "p", dir / "out" / "runs" / "particles", fs::copy_options::recursive);
  fs::copy(dir / "q", dir / "out" / "runs" / "pde", fs::copy_options::recursive);
  write_file(dir / "again/case.yaml",
             fmt::format("kind: compare\nparticles: {{run: {}}}\npde: {{run: {}}}\n",
                         (dir / "out/runs/particles").string(), (dir / "out/runs/pde").string()));
  out = run_fickle(fmt::format("run {} -o {}", (dir / "again").string(), (dir / "out").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("reads"), std::string::npos) << out.output;
  EXPECT_TRUE(fs::exists(dir / "out/runs/particles/summary.json"));
  EXPECT_TRUE(fs::exists(dir / "out/runs/pde/summary.json"));
}

TEST(DataLoss, ARunIsNeverWrittenIntoTheFlowItReads) {
  const fs::path dir = scratch_dir();
  write_file(dir / "flow/case.yaml", R"(kind: stokes
grid: {cells: [8, 8]}
boundary: {default: {type: wall}, y+: {type: wall, velocity: [1, 0]}}
)");
  auto out = run_fickle(fmt::format("run {} -o {}", (dir / "flow").string(), (dir / "X").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string velocity = fmt::format("{{from: {}}}", (dir / "X").string());
  write_file(dir / "fick/case.yaml",
             fmt::format("kind: fick\ngrid: {{cells: [8, 8]}}\nphysics: {{D: 0.01, velocity: {}}}\n"
                         "time: {{dt: 0.01, end: 0.02}}\n",
                         velocity));
  write_file(dir / "particles/case.yaml",
             fmt::format("kind: particles\nmodel: brownian\ncount: 100\ngrid: {{cells: [8, 8]}}\n"
                         "physics: {{D: 0.01, velocity: {}}}\n"
                         "initial: {{type: point, center: [0.5, 0.5]}}\n"
                         "time: {{dt: 0.01, end: 0.02}}\n",
                         velocity));
  for (const char* reader : {"fick", "particles"}) {
    out = run_fickle(fmt::format("run {} -o {}", (dir / reader).string(), (dir / "X").string()));
    EXPECT_EQ(out.exit_code, 2) << reader << ": " << out.output;
    EXPECT_NE(out.output.find("reads"), std::string::npos) << out.output;
    EXPECT_TRUE(fs::exists(dir / "X/velocity/velocity.json")) << reader << " wiped its flow";
    EXPECT_EQ(read_summary(dir / "X")["kind"], "stokes");
  }
}

// A particles run long enough to be caught running (a few seconds).
const char* kSlowParticles = R"(kind: particles
model: brownian
count: 200000
grid: {cells: [16, 16]}
physics: {D: 0.01}
initial: {type: point, center: [0.5, 0.5]}
time: {dt: 0.001, end: 2}
output: {every: 500, sample: 0, progress_seconds: 0.2}
)";

TEST(Lock, ASecondRunIntoABusyDirectoryIsRefused) {
  const fs::path dir = scratch_dir();
  write_file(dir / "slow/case.yaml", kSlowParticles);
  const fs::path run = dir / "run";
  BackgroundFickle first(fmt::format("run {} -o {}", (dir / "slow").string(), run.string()),
                         dir / "first.out");
  ASSERT_TRUE(first.wait_for(run / "log.txt", "step ")) << read_text(dir / "first.out");
  for (const char* extra : {"", "--restart"}) {
    const auto second =
        run_fickle(fmt::format("run {} -o {} {}", (dir / "slow").string(), run.string(), extra));
    EXPECT_EQ(second.exit_code, 2) << extra << ": " << second.output;
    EXPECT_NE(second.output.find("in use"), std::string::npos) << second.output;
  }
  const auto done = first.wait();
  EXPECT_EQ(done.exit_code, 0) << done.output;
  const auto s = read_summary(run);
  EXPECT_EQ(s["status"], "done");
  EXPECT_EQ(s["steps"], 2000);
  // One run's rows only: the steps strictly increase.
  std::istringstream series(read_text(run / "series.csv"));
  std::string line;
  std::getline(series, line);
  long last = -1;
  while (std::getline(series, line)) {
    const long step = std::stol(line.substr(line.find(',') + 1));
    EXPECT_GT(step, last) << line;
    last = step;
  }
  EXPECT_EQ(last, 2000);
}

TEST(DataLoss, ARunThatFailsToStartKeepsThePreviousResults) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml", kFick);
  const fs::path run = dir / "run";
  auto out = run_fickle(fmt::format("run {} -o {}", (dir / "case").string(), run.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string summary = read_text(run / "summary.json");
  const std::string series = read_text(run / "series.csv");
  out = run_fickle(
      fmt::format("run {} -o {} -- -ksp_type bogus", (dir / "case").string(), run.string()));
  EXPECT_NE(out.exit_code, 0) << out.output;
  EXPECT_EQ(read_text(run / "summary.json"), summary) << "the previous results were deleted";
  EXPECT_EQ(read_text(run / "series.csv"), series);
  EXPECT_TRUE(fs::exists(run / "u.pvd"));
  EXPECT_TRUE(fs::exists(run / "fields" / "u_0002.pvtr"));
}

TEST(DataLoss, ARestartDoesNotWriteThroughALink) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml", kFick);
  const fs::path run = dir / "run";
  auto out = run_fickle(fmt::format("run {} -o {}", (dir / "case").string(), run.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  write_file(dir / "outside.txt", "keep\n");
  fs::remove(run / "log.txt");
  fs::create_symlink(dir / "outside.txt", run / "log.txt");
  out = run_fickle(fmt::format("run {} -o {} --restart --set time.end=0.2", (dir / "case").string(),
                               run.string()));
  EXPECT_EQ(read_text(dir / "outside.txt"), "keep\n") << out.output;
}

// A tmpfs of `kilobytes` at `dir` (root only); false when it cannot be mounted.
bool small_disk(const fs::path& dir, int kilobytes) {
  fs::create_directories(dir);
  return ::geteuid() == 0 &&
         ::mount("tmpfs", dir.c_str(), "tmpfs", 0, fmt::format("size={}k", kilobytes).c_str()) == 0;
}

struct Unmount {
  fs::path dir;
  ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
};

TEST(Hang, AFullDiskEndsEveryRankWithAMessage) {
  const fs::path dir = scratch_dir();
  const fs::path disk = dir / "disk";
  if (!small_disk(disk, 4096)) GTEST_SKIP() << "needs root to mount a small tmpfs";
  Unmount unmount{disk};
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fick",
       "kind: fick\ngrid: {cells: [64, 64]}\nphysics: {D: 0.01}\n"
       "time: {dt: 0.001, end: 0.05}\n"},
      {"fractional",
       "kind: fractional\ngrid: {cells: [64, 64]}\nphysics: {alpha: 0.5}\n"
       "initial: {type: sine}\nboundary: {default: {type: dirichlet}}\n"
       "time: {end: 0.05, steps: 50}\n"},
      {"particles",
       "kind: particles\nmodel: brownian\ncount: 20000\ngrid: {cells: [64, 64]}\n"
       "physics: {D: 0.01}\ninitial: {type: point, center: [0.5, 0.5]}\n"
       "time: {dt: 0.001, end: 0.05}\n"},
      // Every rank trains the same network; rank 0 writes model.npz and the checkpoints.
      {"nn",
       "kind: nn\ndata: {set: parity, size: 6}\nmodel: {type: mlp, hidden: [2000]}\n"
       "training: {epochs: 20, batch: 16}\n"}};
  // The disk fills at a different write each time: snapshots, series rows, checkpoints (written
  // collectively), the log.
  const std::vector<std::string> outputs = {"output: {every: 1, sample: 500}\n",
                                            "output: {every: 0, checkpoint_every: 1}\n"};
  for (const auto& [name, yaml] : cases)
    for (std::size_t k = 0; k < outputs.size(); ++k)
      for (int kilobytes : {40, 96}) {
        std::string text = yaml + outputs[k];
        if (const auto at = text.find(", sample: 500"); name != "particles" && at != text.npos)
          text.erase(at, 13);
        write_file(dir / name / "case.yaml", text);
        ASSERT_EQ(::mount("tmpfs", disk.c_str(), "tmpfs", MS_REMOUNT,
                          fmt::format("size={}k", kilobytes).c_str()),
                  0);
        const std::string label = fmt::format("{} with {}k, {}", name, kilobytes, outputs[k]);
        // A hang fails the test (exit 124 after a minute) instead of stopping the suite.
        BackgroundFickle run(
            fmt::format("run {} -o {}", (dir / name).string(), (disk / name).string()),
            dir / (name + ".out"), "mpiexec -n 2 --oversubscribe ");
        const auto out = run.wait(60);
        EXPECT_NE(out.exit_code, 0) << label;
        EXPECT_NE(out.exit_code, 124) << label << " hung";
        EXPECT_NE(out.output.find("No space left"), std::string::npos) << label << out.output;
        // One clear message, not a page of VTK and MPI-IO errors.
        EXPECT_EQ(out.output.find("vtkXML"), std::string::npos) << label << out.output;
        EXPECT_LT(std::count(out.output.begin(), out.output.end(), '\n'), 30) << out.output;
        fs::remove_all(disk / name);
      }
}

struct TooBig {
  const char* name;
  std::string args;      ///< after `check`/`run`
  std::string expected;  ///< in the message
  int ranks = 1;
};

TEST(Validation, CasesBeyondThisMachineOrPetscAreRefusedBeforeAnythingIsWritten) {
  const fs::path dir = scratch_dir();
  write_file(dir / "line/case.yaml", kFick);
  const std::vector<TooBig> cases = {
      // 4.3e9 cells × 3 unknowns: beyond PETSc's 32-bit indices (today: a segfault, then a hang).
      {"stokes 65536²", case_path("stokes-cavity") + " --set grid.cells=[65536,65536]",
       "grid.cells: the grid has 1.29e+10 unknowns"},
      // 1.1e9 cells fit the indices but not the memory of this machine.
      {"fick 1024³", case_path("fick-gaussian") + " --set grid.cells=[1024,1024,1024]",
       "grid.cells: the run needs about"},
      {"particles 3e9", case_path("particles-brownian") + " --set count=3000000000",
       "count: 3000000000 particles on each of 1 ranks"},
      // 3 ranks cannot share 2 cells (today: PETSc error 63 after the run directory is written).
      {"3 ranks on 2 cells", (dir / "line").string() + " --set grid.cells=[2]",
       "3 ranks cannot share this grid", 3}};
  for (const auto& c : cases) {
    for (const char* command : {"check", "run"}) {
      const fs::path out = dir / "out";
      const auto result =
          run_fickle(fmt::format("{} {}{}", command, c.args,
                                 std::string(command) == "run" ? " -o " + out.string() : ""),
                     c.ranks);
      EXPECT_EQ(result.exit_code, 2) << c.name << " " << command << ": " << result.output;
      EXPECT_NE(result.output.find(c.expected), std::string::npos) << c.name << result.output;
      EXPECT_FALSE(fs::exists(out)) << c.name << ": a refused case must write nothing";
    }
  }
  // `check` says what a case that fits needs.
  const auto fits = run_fickle(fmt::format("check {}", (dir / "line").string()));
  EXPECT_EQ(fits.exit_code, 0) << fits.output;
  EXPECT_NE(fits.output.find("memory: about"), std::string::npos) << fits.output;
}

TEST(Checkpoint, ATamperedStateIsRefused) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml", kParticles);
  const fs::path run = dir / "run";
  auto out = run_fickle(fmt::format("run {} -o {}", (dir / "case").string(), run.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const fs::path meta = run / "checkpoint/meta.json";
  const std::string good_meta = read_text(meta);
  const auto state = nlohmann::json::parse(good_meta)["state"]["file"].get<std::string>();
  const std::string good_state = read_text(run / "checkpoint" / state);
  const auto restart = [&] {
    return run_fickle(fmt::format("run {} -o {} --restart --set time.end=0.2",
                                  (dir / "case").string(), run.string()));
  };
  // The same size, full of NaN.
  {
    std::string nan(good_state.size(), '\xff');
    std::ofstream(run / "checkpoint" / state, std::ios::binary) << nan;
  }
  out = restart();
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("checksum"), std::string::npos) << out.output;
  std::ofstream(run / "checkpoint" / state, std::ios::binary) << good_state;
  // A state file outside the checkpoint directory.
  auto bad = nlohmann::json::parse(good_meta);
  bad["state"]["file"] = "../../../../../../etc/passwd";
  write_file(meta, bad.dump());
  out = restart();
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("checkpoint"), std::string::npos) << out.output;
  // Indices out of range.
  bad = nlohmann::json::parse(good_meta);
  bad["snapshot_index"] = -7;
  write_file(meta, bad.dump());
  out = restart();
  EXPECT_EQ(out.exit_code, 2) << out.output;
  // Garbage.
  write_file(meta, "{\"step\": 3, \"state\": ");
  out = restart();
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("meta.json"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("parse_error"), std::string::npos) << out.output;
  // The good checkpoint still continues.
  write_file(meta, good_meta);
  out = restart();
  EXPECT_EQ(out.exit_code, 0) << out.output;
}

TEST(Signals, ASignalDuringStartUpStopsTheRunCleanly) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml", kFick);
  const fs::path run = dir / "run";
  // SIGTERM during MPI, PETSc and VTK start-up, before the handlers are installed: fickle holds
  // the signals from the first line of main (before that only the dynamic loader runs).
  BackgroundFickle early(fmt::format("run {} -o {}", (dir / "case").string(), run.string()),
                         dir / "early.out");
  ASSERT_TRUE(early.wait_for_blocked(SIGTERM)) << "fickle does not hold SIGTERM at start-up";
  early.signal(SIGTERM);
  const auto out = early.wait();
  EXPECT_EQ(out.exit_code, 4) << out.output;
  EXPECT_TRUE(fs::exists(run / "checkpoint/meta.json")) << out.output;
  const auto resumed =
      run_fickle(fmt::format("run {} -o {} --restart", (dir / "case").string(), run.string()));
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(read_summary(run)["steps"], 10);
}

TEST(Signals, AnIgnoredSigintStaysIgnored) {
  const fs::path dir = scratch_dir();
  write_file(dir / "slow/case.yaml", kSlowParticles);
  const fs::path run = dir / "run";
  // The way a shell starts a background job: SIGINT ignored.
  BackgroundFickle ignoring(
      fmt::format("run {} -o {} --set time.end=0.5", (dir / "slow").string(), run.string()),
      dir / "ignoring.out", "", "trap '' INT; ");
  ASSERT_TRUE(ignoring.wait_for(run / "log.txt", "step ")) << read_text(dir / "ignoring.out");
  ignoring.signal(SIGINT);
  const auto out = ignoring.wait();
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(read_summary(run)["status"], "done");
}

}  // namespace
}  // namespace fickle::testing
