// fickle: the command line.
//
//   fickle run CASE [-o DIR] [--set key.path=value ...] [--restart] [-- PETSc options]
//   fickle compare RUN_A RUN_B [-o DIR] [--set compare.z_limit=...]
//   fickle check CASE [--set ...]
//   fickle analyse TRACKS --model RUN_DIR [-o DIR]
//   fickle list
//
// Exit codes: 0 done, 1 internal or PETSc error, 2 bad input, 3 the run diverged,
// 4 stopped by SIGTERM/SIGUSR1 with a checkpoint written (continue with --restart).
#include <fmt/format.h>

#include <petscsys.h>
#include <yaml-cpp/yaml.h>
#include <CLI/CLI.hpp>
#include <algorithm>

#include <filesystem>
#include <iostream>

#include "app/input/case_reader.hpp"
#include "app/kinds/compare/compare_runs.hpp"
#include "app/kinds/nn/analyse.hpp"
#include "app/kinds/registry.hpp"
#include "app/run/case_runner.hpp"
#include "app/run/resources.hpp"
#include "app/run/time_loop.hpp"
#include "meshes/vtk_fields.hpp"

#ifndef FICKLE_SOURCE_DIR
#define FICKLE_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;
using namespace fickle;

namespace {

struct Command {
  std::string name;
  fs::path case_dir;
  fs::path output;
  std::vector<std::string> sets;
  bool restart = false;
  bool force = false;          ///< run even where the memory check says the node is too small
  std::vector<fs::path> runs;  ///< compare: two finished run directories
  fs::path tracks, model;      ///< analyse: a tracks file, an anomalous nn run
};

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank;
}

void say_error(const std::string& text) {
  if (world_rank() == 0) std::cerr << "fickle: " << text << std::endl;
}

int run_case(const Command& cmd) {
  LoadedCase c = load_case_file(cmd.case_dir, cmd.sets);  // throws CaseError before any output
  check_resources(PETSC_COMM_WORLD, *c.kind, cmd.force);
  const fs::path case_dir =
      fs::is_directory(cmd.case_dir) ? cmd.case_dir : cmd.case_dir.parent_path();
  const fs::path run_dir = cmd.output.empty() ? case_dir / "output" : cmd.output;
  return run_loaded_case(PETSC_COMM_WORLD, c, {run_dir, cmd.restart, cmd.case_dir.string()});
}

// `fickle compare RUN_A RUN_B`: a compare case made of two finished runs.
int compare_finished(const Command& cmd) {
  // Absolute and without a trailing slash, so that parent_path() and filename() mean the run.
  const auto clean = [](const fs::path& p) {
    fs::path a = fs::absolute(p).lexically_normal();
    return a.has_filename() ? a : a.parent_path();
  };
  const auto [particles, pde] = read_run_pair(clean(cmd.runs[0]), clean(cmd.runs[1]));
  const fs::path out =
      cmd.output.empty() ? clean(cmd.runs[0]).parent_path() / "compare" : clean(cmd.output);
  // Built as a YAML node and emitted, so that any path is quoted as YAML needs. The runner
  // refuses an `out` that is, or holds, one of the runs.
  YAML::Node compare;
  compare["kind"] = "compare";
  compare["title"] = particles.dir.filename().string() + " against " + pde.dir.filename().string();
  compare["particles"]["run"] = fs::absolute(particles.dir).string();
  compare["pde"]["run"] = fs::absolute(pde.dir).string();
  YAML::Emitter text;
  text << compare;
  auto doc = CaseDocument::parse(text.c_str(), out / "resolved.yaml");
  for (const auto& s : cmd.sets) doc->apply_override(s);
  LoadedCase c = load_case(Section::root(doc), {"compare"});
  doc->reject_unknown_keys();
  check_resources(PETSC_COMM_WORLD, *c.kind, cmd.force);
  return run_loaded_case(PETSC_COMM_WORLD, c, {out, false, "compare"});
}

int check_case(const Command& cmd) {
  LoadedCase c = load_case_file(cmd.case_dir, cmd.sets);
  const ResourceReport resources = check_resources(PETSC_COMM_WORLD, *c.kind, cmd.force);
  if (world_rank() == 0)
    std::cout << fmt::format(
        "{}: a valid {} case{}\n{} on {} rank(s)\n", case_file(cmd.case_dir).string(), c.kind_name,
        c.title.empty() ? "" : " (" + c.title + ")", describe(resources), resources.ranks);
  return 0;
}

// `fickle analyse TRACKS --model RUN_DIR`: rank 0 reads, predicts and writes; every rank shares
// the outcome.
int analyse(const Command& cmd) {
  const fs::path out = cmd.output.empty() ? fs::absolute(cmd.tracks).parent_path() : cmd.output;
  AnalysisOutcome outcome;
  std::string error;
  if (world_rank() == 0) {
    try {
      outcome = analyse_tracks(cmd.tracks, cmd.model, out);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  int failed = error.empty() ? 0 : 1;
  MPI_Bcast(&failed, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  if (failed) {
    say_error(error);
    return 2;
  }
  if (world_rank() == 0)
    std::cout << fmt::format(
        "{}: {} tracks{}\n", outcome.file.string(), outcome.tracks,
        outcome.skipped ? fmt::format(" ({} with fewer than 3 frames left out)", outcome.skipped)
                        : "");
  return 0;
}

int list_kinds() {
  if (world_rank() != 0) return 0;
  std::cout << "case kinds:\n";
  for (const auto& k : case_kinds())
    std::cout << fmt::format("  {:<12} {}\n", k.name, k.description);
  const char* env = std::getenv("FICKLE_CASES");
  const fs::path dir = env ? fs::path(env) : fs::path(FICKLE_SOURCE_DIR) / "cases";
  std::cout << "ready cases in " << dir.string() << ":\n";
  if (!fs::exists(dir)) return 0;
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(dir))
    if (fs::exists(e.path() / "case.yaml")) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  for (const auto& p : cases) {
    std::string kind = "?", title;
    try {
      const auto y = YAML::LoadFile((p / "case.yaml").string());
      if (y["kind"]) kind = y["kind"].as<std::string>();
      if (y["title"]) title = y["title"].as<std::string>();
    } catch (const YAML::Exception&) {
      kind = "invalid";
    }
    std::cout << fmt::format("  {:<24} {:<10} {}\n", p.filename().string(), kind, title);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  hold_checkpoint_signals();
  // Everything after `--` goes to PETSc; the rest is ours.
  std::vector<char*> ours{argv[0]}, petsc{argv[0]};
  bool after = false;
  for (int i = 1; i < argc; ++i) {
    if (!after && std::string(argv[i]) == "--")
      after = true;
    else
      (after ? petsc : ours).push_back(argv[i]);
  }

  CLI::App cli{"fickle: diffusion and slow flow (Fick, fractional, Stokes, particles)"};
  cli.set_version_flag("--version", kFickleVersion);
  cli.require_subcommand(1);
  Command cmd;
  auto add_case = [&](CLI::App* sub) {
    sub->add_option("CASE", cmd.case_dir, "case directory (or its case.yaml)")->required();
    sub->add_option("--set", cmd.sets, "override a key: key.path=value (repeatable)");
    sub->add_flag("--force", cmd.force,
                  "run even when the memory estimate exceeds what the node has available");
  };
  auto* run = cli.add_subcommand("run", "run a case (under mpiexec -n N for N ranks)");
  add_case(run);
  run->add_option("-o,--output", cmd.output, "run directory (default CASE/output)");
  run->add_flag("--restart", cmd.restart, "continue from the run directory's checkpoint");
  run->footer("PETSc options follow `--`, e.g. fickle run CASE -- -ksp_monitor");
  auto* compare = cli.add_subcommand(
      "compare", "compare a finished particles run with a finished fick or fractional run");
  compare->add_option("RUNS", cmd.runs, "the two run directories, in either order")
      ->required()
      ->expected(2);
  compare->add_option("-o,--output", cmd.output, "where to write (default: compare/ beside RUN_A)");
  compare->add_option("--set", cmd.sets, "compare settings, e.g. compare.z_limit=4");
  auto* check = cli.add_subcommand("check", "validate a case without running it");
  add_case(check);
  auto* analyse_cmd = cli.add_subcommand(
      "analyse", "α and the model of every track of a tracks file, by an anomalous nn run");
  analyse_cmd->add_option("TRACKS", cmd.tracks, "tracks CSV (fickle, trackpy or TrackMate)")
      ->required();
  analyse_cmd->add_option("--model", cmd.model, "run directory of an anomalous nn run")->required();
  analyse_cmd->add_option("-o,--output", cmd.output,
                          "where analysis.csv goes (default: beside TRACKS)");
  cli.add_subcommand("list", "list the case kinds and the ready cases");
  try {
    cli.parse(static_cast<int>(ours.size()), ours.data());
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  cmd.name = cli.get_subcommands().front()->get_name();

  int petsc_argc = static_cast<int>(petsc.size());
  petsc.push_back(nullptr);  // MPI walks argv up to a null pointer
  char** petsc_argv = petsc.data();
  if (PetscInitialize(&petsc_argc, &petsc_argv, nullptr, nullptr) != 0) return 1;
  // PETSc errors become exceptions carrying PETSc's message (meshes/petsc.hpp); its default handler
  // would also print a traceback with the whole configure line. -fickle_petsc_traceback keeps it.
  PetscBool traceback = PETSC_FALSE;
  PetscOptionsGetBool(nullptr, nullptr, "-fickle_petsc_traceback", &traceback, nullptr);
  if (!traceback) PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  int code = 0;
  {
    VtkSession vtk(&petsc_argc, &petsc_argv);
    install_checkpoint_signals();
    try {
      if (cmd.name == "run")
        code = run_case(cmd);
      else if (cmd.name == "compare")
        code = compare_finished(cmd);
      else if (cmd.name == "check")
        code = check_case(cmd);
      else if (cmd.name == "analyse")
        code = analyse(cmd);
      else
        code = list_kinds();
    } catch (const CaseError& e) {
      say_error(e.what());
      code = 2;
    } catch (const std::exception& e) {
      say_error(e.what());
      code = 1;
    }
  }
  // Every rank gets here (rank-0-only writes go through on_root), so all agree on the exit code.
  int worst = code;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD);
  code = worst;  // every rank exits with the same code (rank 0's reason, e.g. 2 for bad input)
  PetscFinalize();
  return code;
}
