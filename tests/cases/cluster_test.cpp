// On a cluster (docs/cluster.md): an installed fickle that finds its data wherever its prefix is
// moved; provenance in --version, summary.json and log.txt; checkpoints by time and the K newest
// kept; --restart auto for requeued jobs; --stop-after before a time limit.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

const char* kParticles = R"(kind: particles
model: brownian
count: 20000
grid: {cells: [16, 16]}
physics: {D: 0.01}
initial: {type: point, center: [0.5, 0.5]}
time: {dt: 0.001, end: 0.4}
output: {every: 100, sample: 0}
)";

TEST(Provenance, VersionSummaryAndLogSayWhatRanWhereAndWhen) {
  const auto version = run_fickle("--version");
  EXPECT_EQ(version.exit_code, 0) << version.output;
  for (const char* fact : {"git commit", "build_type", "petsc", "vtk", "mpi", "vector_code"})
    EXPECT_NE(version.output.find(fact), std::string::npos) << fact << ":\n" << version.output;

  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml", kParticles);
  const auto out = run_fickle(fmt::format("run {} -o {} -- -options_left no",
                                          (dir / "case").string(), (dir / "run").string()),
                              2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "run");
  ASSERT_TRUE(s.contains("build")) << s.dump(1);
  EXPECT_EQ(s["build"]["version"], s["build"]["version"].get<std::string>());
  EXPECT_TRUE(std::regex_match(s["build"]["git_commit"].get<std::string>(),
                               std::regex("[0-9a-f]{40}|unknown")));
  EXPECT_EQ(s["build"]["petsc_int_bits"], 32);
  ASSERT_TRUE(s.contains("run")) << s.dump(1);
  EXPECT_EQ(s["run"]["ranks"], 2);
  EXPECT_FALSE(s["run"]["hosts"].empty());
  EXPECT_TRUE(std::regex_match(s["run"]["start"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_NE(s["run"]["petsc_options"].get<std::string>().find("-options_left no"),
            std::string::npos);
  bool has_run = false;
  for (const auto& arg : s["run"]["command_line"]) has_run = has_run || arg == "run";
  EXPECT_TRUE(has_run) << s["run"].dump();
  // Every log line carries the elapsed time; snapshots and checkpoints are logged.
  const std::string log = read_text(dir / "run/log.txt");
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(^\[ *\d+\.\d\d s\] fickle)"))) << log;
  EXPECT_NE(log.find("snapshot 4 at step 400"), std::string::npos) << log;
  EXPECT_NE(log.find("checkpoint at step 400"), std::string::npos) << log;
}

TEST(Checkpoints, ByStepsAndSecondsKeepingTheNewest) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml",
             std::string(kParticles) + "checkpoint: {every: 50, keep: 3}\n");
  auto out =
      run_fickle(fmt::format("run {} -o {}", (dir / "case").string(), (dir / "run").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  std::vector<std::string> metas, states;
  for (const auto& e : fs::directory_iterator(dir / "run/checkpoint")) {
    const auto name = e.path().filename().string();
    if (name.starts_with("meta_")) metas.push_back(name);
    if (name.starts_with("state_")) states.push_back(name);
  }
  std::sort(metas.begin(), metas.end());
  EXPECT_EQ(metas, (std::vector<std::string>{"meta_00000300.json", "meta_00000350.json",
                                             "meta_00000400.json"}));
  EXPECT_EQ(states.size(), 3u);
  // Both spellings of the step count at once are refused.
  out = run_fickle(fmt::format("check {} --set output.checkpoint_every=10 --set checkpoint.every=5",
                               (dir / "case").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("checkpoint.every"), std::string::npos) << out.output;
  // The older spelling alone still checkpoints, and its resolved.yaml is itself a valid case.
  write_file(dir / "old/case.yaml", kParticles);
  out = run_fickle(fmt::format("run {} -o {} --set output.checkpoint_every=200 --set count=100",
                               (dir / "old").string(), (dir / "old-spelling").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(read_text(dir / "old-spelling/log.txt").find("checkpoint at step 200"),
            std::string::npos);
  out = run_fickle(fmt::format("check {}", (dir / "old-spelling/resolved.yaml").string()));
  EXPECT_EQ(out.exit_code, 0) << out.output;
  // By time: a checkpoint every 0.1 s of a run that takes longer than 0.3 s.
  write_file(dir / "timed/case.yaml",
             std::string(kParticles) + "checkpoint: {every_seconds: 0.1, keep: 1000}\n");
  out = run_fickle(fmt::format("run {} -o {} --set count=50000 --set time.end=1",
                               (dir / "timed").string(), (dir / "timed-run").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  std::size_t timed = 0;
  for (const auto& e : fs::directory_iterator(dir / "timed-run/checkpoint"))
    timed += e.path().filename().string().starts_with("meta_");
  const double seconds = read_summary(dir / "timed-run")["solve_s"].get<double>();
  EXPECT_GE(static_cast<double>(timed), std::floor(seconds / 0.1))
      << seconds << " s:\n"
      << read_text(dir / "timed-run/log.txt");
}

TEST(RestartAuto, StartsAfreshContinuesAndFallsBackToAnOlderCheckpoint) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml",
             std::string(kParticles) + "checkpoint: {every: 100, keep: 2}\n");
  const std::string reference_dir = (dir / "reference").string();
  auto out = run_fickle(fmt::format("run {} -o {}", (dir / "case").string(), reference_dir));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string reference = particle_state(reference_dir);

  // A fresh directory: --restart auto starts afresh (and says so) where --restart refuses.
  const fs::path run = dir / "run";
  out = run_fickle(fmt::format("run {} -o {} --restart auto --set time.end=0.25",
                               (dir / "case").string(), run.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(read_text(run / "log.txt").find("no usable checkpoint"), std::string::npos);
  // Continued to the end: bit-identical to the run without a stop.
  out =
      run_fickle(fmt::format("run {} -o {} --restart auto", (dir / "case").string(), run.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(read_text(run / "log.txt").find("continuing from the checkpoint at step 250"),
            std::string::npos)
      << read_text(run / "log.txt");
  EXPECT_EQ(particle_state(run), reference);
  // The newest checkpoint damaged: auto falls back to the one before it.
  const auto meta = nlohmann::json::parse(read_text(run / "checkpoint/meta.json"));
  std::ofstream(run / "checkpoint" / meta["state"]["file"].get<std::string>(), std::ios::app)
      << "damage";
  out = run_fickle(fmt::format("run {} -o {} --restart auto --set time.end=0.5",
                               (dir / "case").string(), run.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string log = read_text(run / "log.txt");
  EXPECT_NE(log.find("continuing from the checkpoint at step 300"), std::string::npos) << log;
  EXPECT_NE(log.find("checksum"), std::string::npos) << log;
}

TEST(StopAfter, CheckpointsBeforeTheLimitAndContinuesToTheSameParticles) {
  const fs::path dir = scratch_dir();
  write_file(dir / "case/case.yaml", kParticles);
  const std::string more = "--set count=50000 --set time.end=2";
  auto out = run_fickle(
      fmt::format("run {} -o {} {}", (dir / "case").string(), (dir / "reference").string(), more));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const double full = read_summary(dir / "reference")["wall_s"].get<double>();
  const fs::path run = dir / "run";
  out = run_fickle(fmt::format("run {} -o {} {} --stop-after {}", (dir / "case").string(),
                               run.string(), more, std::max(1.0, full / 3)));
  EXPECT_EQ(out.exit_code, 4) << out.output;
  EXPECT_NE(out.output.find("--stop-after"), std::string::npos) << out.output;
  EXPECT_LT(read_summary(run)["steps"].get<long>(), 2000);
  out = run_fickle(
      fmt::format("run {} -o {} {} --restart auto", (dir / "case").string(), run.string(), more));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(particle_state(run), particle_state(dir / "reference"));
}

TEST(Install, TheInstalledBinaryFindsItsDataWhereverThePrefixIsMoved) {
  const fs::path dir = scratch_dir();
  const fs::path build = fs::path(FICKLE_EXE).parent_path();
  const std::string install =
      fmt::format("cmake --install {} --prefix {} > {} 2>&1", build.string(),
                  (dir / "prefix").string(), (dir / "install.log").string());
  ASSERT_EQ(std::system(install.c_str()), 0) << read_text(dir / "install.log");
  // Moved after installing: nothing may point back to where it was built or installed.
  fs::rename(dir / "prefix", dir / "moved");
  const fs::path fickle = dir / "moved/bin/fickle";
  for (const char* folder : {"tools", "cases", "docs"})
    EXPECT_TRUE(fs::is_directory(dir / "moved/share/fickle" / folder)) << folder;
  EXPECT_FALSE(fs::exists(dir / "moved/share/fickle/cases/flagship/output"));
  const std::string strings = fmt::format("strings {} | grep -c '{}' > {}", fickle.string(),
                                          FICKLE_SOURCE_DIR, (dir / "strings.txt").string());
  EXPECT_NE(std::system(strings.c_str()), -1);  // grep -c exits 1 when it counts 0
  EXPECT_EQ(read_text(dir / "strings.txt"), "0\n") << "the source path is compiled in";
  const std::string list = fmt::format(
      "{} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
      "{} list > {} 2>&1",
      without_mpi_environment(), fickle.string(), (dir / "list.txt").string());
  ASSERT_EQ(std::system(list.c_str()), 0) << read_text(dir / "list.txt");
  EXPECT_NE(read_text(dir / "list.txt").find((dir / "moved/share/fickle/cases").string()),
            std::string::npos)
      << read_text(dir / "list.txt");
  EXPECT_NE(read_text(dir / "list.txt").find("flagship"), std::string::npos);
}

TEST(Sweep, RunsTheProductSideBySideSkipsFinishedMembersAndRefusesBadOnesFirst) {
  const fs::path dir = scratch_dir();
  const std::string sets = "--set physics.D=0.01,0.02 --set grid.cells=[16],[32]";
  // Two ranks, one per member: two members at a time.
  auto out = run_fickle(fmt::format("sweep {} {} -o {} --ranks-per-member 1",
                                    case_path("fick-1d-sine"), sets, (dir / "study").string()),
                        2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string table = read_text(dir / "study/sweep.csv");
  std::istringstream lines(table);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_TRUE(header.starts_with("member,physics.D,grid.cells,status,wall_s,steps,t_end"))
      << header;
  EXPECT_NE(header.find("errors.l2_rel"), std::string::npos) << header;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u) << table;
  EXPECT_TRUE(rows[0].starts_with("D=0.01_cells=16,0.01,[16],done")) << rows[0];
  for (const char* member :
       {"D=0.01_cells=16", "D=0.01_cells=32", "D=0.02_cells=16", "D=0.02_cells=32"})
    EXPECT_EQ(read_summary(dir / "study" / member)["status"], "done") << member;
  // The finer grid is more accurate, and a member equals the same case run alone.
  const auto coarse = read_summary(dir / "study/D=0.01_cells=16")["errors"]["l2_rel"];
  const auto fine = read_summary(dir / "study/D=0.01_cells=32")["errors"]["l2_rel"];
  EXPECT_GT(coarse.get<double>(), 3 * fine.get<double>());
  out = run_fickle(fmt::format("run {} -o {} --set physics.D=0.02 --set grid.cells=[32]",
                               case_path("fick-1d-sine"), (dir / "alone").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(read_summary(dir / "alone")["mass_final"],
            read_summary(dir / "study/D=0.02_cells=32")["mass_final"]);
  // Run again: every member is finished with the same case, so none runs.
  const std::string before = read_text(dir / "study/D=0.02_cells=16/summary.json");
  out = run_fickle(
      fmt::format("sweep {} {} -o {}", case_path("fick-1d-sine"), sets, (dir / "study").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(read_text(dir / "study/D=0.02_cells=16/summary.json"), before);
  // A bad value is found before any member runs.
  out = run_fickle(fmt::format("sweep {} --set physics.D=0.01,-1 -o {}", case_path("fick-1d-sine"),
                               (dir / "bad").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("sweep member D=-1: "), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("physics.D"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(dir / "bad"));
}

TEST(OutputFormat, VtkhdfIsOneFilePerSnapshotReadBackByVtkAndParaView) {
  const fs::path dir = scratch_dir();
  const std::string fick =
      fmt::format("run {} --set grid.cells=[16,12,8] --set time.end=0.1 --set output.every=5",
                  case_path("fick-gaussian"));
  ASSERT_EQ(run_fickle(fmt::format("{} -o {}", fick, (dir / "xml").string())).exit_code, 0);
  auto out = run_fickle(
      fmt::format("{} -o {} --set output.format=vtkhdf", fick, (dir / "hdf").string()), 2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("run {} -o {} --set count=5000 --set output.format=vtkhdf "
                               "--set output.sample=1000",
                               case_path("particles-brownian"), (dir / "particles").string()),
                   2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  // One file per snapshot on 2 ranks (XML: a .pvtr and a piece per rank).
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir / "hdf/fields"))
    files += e.path().extension() == ".hdf";
  EXPECT_EQ(files, 3u);
  EXPECT_TRUE(fs::exists(dir / "hdf/u.hdf.series"));
  EXPECT_FALSE(fs::exists(dir / "hdf/u.pvd"));
  const fs::path json = dir / "read.json";
  const std::string read =
      fmt::format("/usr/bin/python3 {}/tests/support/read_vtkhdf.py {} u {} {} > {}",
                  FICKLE_SOURCE_DIR, (dir / "hdf/fields/u_0002.hdf").string(),
                  (dir / "particles/particles/particles_0000.hdf").string(),
                  (dir / "hdf/u.hdf.series").string(), json.string());
  ASSERT_EQ(std::system(read.c_str()), 0) << read;
  const auto r = nlohmann::json::parse(read_text(json));
  EXPECT_EQ(r["image_type"], "vtkImageData");
  EXPECT_EQ(r["image_points"], 16 * 12 * 8);
  // The points are the cell centres of the unit box.
  EXPECT_NEAR(r["bounds"][0].get<double>(), 1.0 / 32, 1e-12);
  EXPECT_NEAR(r["bounds"][5].get<double>(), 1 - 1.0 / 16, 1e-12);
  // The same values as the XML output of a 1-rank run, to the solver's tolerance.
  const auto xml = read_cell_array(dir / "xml/fields/u_0002.pvtr", "u");
  EXPECT_LT(max_relative_difference(r["values"].get<std::vector<double>>(), xml), 1e-7);
  EXPECT_EQ(r["points_type"], "vtkUnstructuredGrid");
  EXPECT_EQ(r["points"], 1000);
  EXPECT_EQ(r["vertices"], 1000);
  const auto ids = r["ids"].get<std::vector<std::int64_t>>();
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], 5 * static_cast<std::int64_t>(i));
  if (!r["paraview_times"].is_null()) {
    const auto times = r["paraview_times"].get<std::vector<double>>();
    ASSERT_EQ(times.size(), 3u);
    EXPECT_NEAR(times[2], 0.1, 1e-12);
  }
  // Finished VTKHDF runs are read by `fickle compare` like XML ones.
  const std::string line =
      "grid: {cells: [16], periodic: [true]}\ntime: {dt: 0.01, end: 0.1}\n"
      "output: {every: 5, format: vtkhdf}\n";
  write_file(dir / "p/case.yaml",
             "kind: particles\nmodel: brownian\ncount: 2000\n"
             "physics: {D: 0.01}\ninitial: {type: point, center: [0.5]}\n" +
                 line);
  write_file(dir / "q/case.yaml",
             "kind: fick\nphysics: {D: 0.01}\ninitial: {type: delta, center: [0.5]}\n" + line);
  for (const char* name : {"p", "q"})
    ASSERT_EQ(run_fickle(
                  fmt::format("run {} -o {}", (dir / name).string(), (dir / name / "run").string()))
                  .exit_code,
              0);
  out = run_fickle(fmt::format("compare {} {} -o {} --set compare.plots=false",
                               (dir / "p/run").string(), (dir / "q/run").string(),
                               (dir / "compared").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(read_summary(dir / "compared")["times_compared"], 3);
}

}  // namespace
}  // namespace fickle::testing
