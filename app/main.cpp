// fickle: the command line.
//
//   fickle run CASE [-o DIR] [--set key.path=value ...] [--restart [auto]] [--stop-after S]
//              [--force] [-- PETSc options]
//   fickle compare RUN_A RUN_B [-o DIR] [--set compare.z_limit=...]
//   fickle sweep CASE [-o DIR] [--ranks-per-member N] [--set ...]
//   fickle check CASE [--set ...]
//   fickle analyse TRACKS --model RUN_DIR [-o DIR]
//   fickle list
//   fickle describe KIND [--template] [--json]
//   fickle view RUN [--png FILE]
//
// Exit codes: 0 done, 1 internal or PETSc error, 2 bad input, 3 the run diverged,
// 4 stopped by SIGTERM/SIGUSR1 with a checkpoint written (continue with --restart).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <petscsys.h>
#include <yaml-cpp/yaml.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

#include "app/commands/describe.hpp"
#include "app/commands/view.hpp"
#include "app/input/case_reader.hpp"
#include "app/input/strict_yaml.hpp"
#include "app/kinds/compare/compare_runs.hpp"
#include "app/kinds/nn/analyse.hpp"
#include "app/kinds/registry.hpp"
#include "app/run/case_runner.hpp"
#include "app/run/installation.hpp"
#include "app/run/mpi_startup.hpp"
#include "app/run/provenance.hpp"
#include "app/run/resources.hpp"
#include "app/run/signals.hpp"
#include "app/run/sweep.hpp"
#include "core/subprocess.hpp"
#include "meshes/vtk_fields.hpp"

namespace fs = std::filesystem;
using namespace fickle;

namespace {

struct Command {
  std::string name;
  fs::path case_dir;
  fs::path output;
  bool output_given = false;  ///< -o was given (an empty -o '' is refused, not the default)
  std::vector<std::string> sets;
  RunRequest::Restart restart = RunRequest::Restart::no;
  double stop_after = 0;           ///< --stop-after seconds
  bool force = false;              ///< run even where the memory check says the node is too small
  std::vector<fs::path> runs;      ///< compare: two finished run directories
  std::vector<std::string> petsc;  ///< the arguments after `--`
  std::string kind;                ///< describe
  bool as_template = false, as_json = false;
  fs::path png;              ///< view --png
  int ranks_per_member = 0;  ///< sweep: ranks of each member (0: all)
  fs::path tracks, model;    ///< analyse: a tracks file, an anomalous nn run
};

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank;
}

void say_error(const std::string& text) {
  if (world_rank() == 0) std::cerr << "fickle: " << text << std::endl;
}

// A path from the command line, given as `what`: valid UTF-8 also once made absolute (run
// directories and case paths reach summary.json and resolved.yaml, whose text must be UTF-8).
void check_path(const std::string& what, const fs::path& path) {
  for (const std::string& text : {path.string(), fs::absolute(path).string()})
    if (const auto bad = invalid_utf8_at(text))
      throw CaseError(fmt::format("{}: expected a path of valid UTF-8 text, got {}", what,
                                  invalid_utf8_found(text, *bad)));
}

// What the command line gives that no later check sees in time: paths that are not UTF-8 (the run
// would be lost at its end, writing summary.json), an empty -o (which would mean the default),
// PETSc option names with white space (no solver would read them).
void check_command_line(const Command& cmd) {
  if (cmd.output_given && cmd.output.empty())
    throw CaseError("-o: expected a directory, got an empty path");
  if (cmd.output_given) check_path("-o " + cmd.output.string(), cmd.output);
  if (!cmd.case_dir.empty()) check_path(cmd.case_dir.string(), cmd.case_dir);
  for (const auto& run : cmd.runs) check_path(run.string(), run);
  for (const auto& arg : cmd.petsc)
    if (arg.size() > 1 && arg[0] == '-' && std::isalpha(static_cast<unsigned char>(arg[1])) &&
        arg.find_first_of(" \t\n") != std::string::npos)
      throw CaseError(fmt::format("-- '{}': expected a PETSc option name (no white space)", arg));
}

int run_case(const Command& cmd) {
  LoadedCase c = load_case_file(cmd.case_dir, cmd.sets);  // throws CaseError before any output
  check_resources(PETSC_COMM_WORLD, *c.kind, cmd.force);
  const fs::path case_dir =
      fs::is_directory(cmd.case_dir) ? cmd.case_dir : cmd.case_dir.parent_path();
  const fs::path run_dir = cmd.output_given ? cmd.output : case_dir / "output";
  RunRequest request{run_dir, cmd.restart, cmd.case_dir.string(), cmd.stop_after};
  return run_loaded_case(PETSC_COMM_WORLD, c, request);
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
      cmd.output_given ? clean(cmd.output) : clean(cmd.runs[0]).parent_path() / "compare";
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
  return run_loaded_case(PETSC_COMM_WORLD, c, {out, RunRequest::Restart::no, "compare"});
}

// `fickle sweep CASE --set key=v1,v2 ...`: one run per member of the product (app/run/sweep.hpp).
int sweep_case(const Command& cmd) {
  const fs::path case_dir =
      fs::is_directory(cmd.case_dir) ? cmd.case_dir : cmd.case_dir.parent_path();
  return run_sweep(PETSC_COMM_WORLD,
                   {cmd.case_dir, cmd.sets, cmd.output_given ? cmd.output : case_dir / "sweep",
                    cmd.ranks_per_member, cmd.force});
}

int check_case(const Command& cmd) {
  LoadedCase c = load_case_file(cmd.case_dir, cmd.sets);
  const ResourceReport resources = check_resources(PETSC_COMM_WORLD, *c.kind, cmd.force);
  if (world_rank() == 0)
    std::cout << fmt::format("{}: a valid {} case{}\non {} rank(s): {}\n",
                             case_file(cmd.case_dir).string(), c.kind_name,
                             c.title.empty() ? "" : " (" + c.title + ")", resources.ranks,
                             describe(resources, c.series_format == SeriesFormat::vtkhdf));
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
  const fs::path dir = env ? fs::path(env) : data_dir() / "cases";
  std::cout << "ready cases in " << dir.string() << ":\n";
  if (!fs::exists(dir)) return 0;
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(dir))
    if (fs::exists(e.path() / "case.yaml")) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  for (const auto& p : cases) {
    std::string kind = "?", title;
    try {
      const auto y = load_strict_yaml(p / "case.yaml");
      if (y["kind"]) kind = y["kind"].as<std::string>();
      if (y["title"]) title = y["title"].as<std::string>();
    } catch (const std::exception&) {  // CaseError or YAML::Exception
      kind = "invalid";
    }
    std::cout << fmt::format("  {:<24} {:<10} {}\n", p.filename().string(), kind, title);
  }
  return 0;
}

// `fickle` alone prints the usage; `fickle frobnicate` names the command and lists the real ones
// (CLI11 would only say that a subcommand is required). 0 when the command line names a command.
int refuse_unknown_command(CLI::App& cli, const std::vector<char*>& args) {
  if (args.size() < 2) {
    std::cerr << cli.help();
    return 2;
  }
  const std::string first = args[1];
  if (first.starts_with("-")) return 0;  // --help, --version: CLI11's
  std::vector<std::string> names;
  for (const CLI::App* sub : cli.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), first) != names.end()) return 0;
  std::cerr << fmt::format("fickle: unknown command '{}' (commands: {})\n", first,
                           fmt::join(names, ", "))
            << "Run with --help for more information.\n";
  return 2;
}

// What main needs of the options after parsing.
struct ParsedOptions {
  std::string restart_mode;
  CLI::Option* restart = nullptr;
  std::vector<CLI::Option*> outputs;  ///< every command's -o
};

// The commands and their options, filling `cmd` when parsed.
void add_commands(CLI::App& cli, Command& cmd, ParsedOptions& options) {
  cli.set_version_flag("--version", version_text());
  cli.require_subcommand(1);
  auto add_case = [&](CLI::App* sub) {
    sub->add_option("CASE", cmd.case_dir, "case directory (or its case.yaml)")->required();
    sub->add_option("--set", cmd.sets, "override a key: key.path=value (repeatable)");
    sub->add_flag("--force", cmd.force,
                  "run even when the memory estimate exceeds what the node has available");
  };
  auto* run = cli.add_subcommand("run", "run a case (under mpiexec -n N for N ranks)");
  add_case(run);
  options.outputs.push_back(
      run->add_option("-o,--output", cmd.output, "run directory (default CASE/output)"));
  options.restart =
      run->add_option("--restart", options.restart_mode,
                      "continue from the run directory's checkpoint; `--restart auto`: "
                      "from the newest usable one if there is one, else afresh")
          ->expected(0, 1)
          ->check(CLI::IsMember({"", "auto"}));
  run->add_option("--stop-after", cmd.stop_after,
                  "wall seconds after which the run writes a checkpoint and stops (exit 4) "
                  "before a batch time limit")
      ->check(CLI::PositiveNumber);
  run->footer("PETSc options follow `--`, e.g. fickle run CASE -- -ksp_monitor");
  auto* compare = cli.add_subcommand(
      "compare", "compare a finished particles run with a finished fick or fractional run");
  compare->add_option("RUNS", cmd.runs, "the two run directories, in either order")
      ->required()
      ->expected(2);
  options.outputs.push_back(compare->add_option("-o,--output", cmd.output,
                                                "where to write (default: compare/ beside RUN_A)"));
  compare->add_option("--set", cmd.sets, "compare settings, e.g. compare.z_limit=4");
  auto* sweep = cli.add_subcommand(
      "sweep", "run a case for every combination of values: --set key=v1,v2,... (repeatable)");
  add_case(sweep);
  options.outputs.push_back(
      sweep->add_option("-o,--output", cmd.output, "where the members go (default CASE/sweep)"));
  sweep
      ->add_option("--ranks-per-member", cmd.ranks_per_member,
                   "ranks of each member; more ranks run members side by side (default: all)")
      ->check(CLI::PositiveNumber);
  auto* check = cli.add_subcommand("check", "validate a case without running it");
  add_case(check);
  auto* analyse_cmd = cli.add_subcommand(
      "analyse", "α and the model of every track of a tracks file, by an anomalous nn run");
  analyse_cmd->add_option("TRACKS", cmd.tracks, "tracks CSV (fickle, trackpy or TrackMate)")
      ->required();
  analyse_cmd->add_option("--model", cmd.model, "run directory of an anomalous nn run")->required();
  options.outputs.push_back(analyse_cmd->add_option(
      "-o,--output", cmd.output, "where analysis.csv goes (default: beside TRACKS)"));
  cli.add_subcommand("list", "list the case kinds and the ready cases");
  auto* describe = cli.add_subcommand(
      "describe", "every key of a kind with its type, default, range and meaning");
  describe->add_option("KIND", cmd.kind, "a case kind (fickle list)")->required();
  describe->add_flag("--template", cmd.as_template,
                     "print a commented case.yaml of the kind that `fickle check` accepts");
  describe->add_flag("--json", cmd.as_json, "the same keys as JSON");
  auto* view = cli.add_subcommand(
      "view", "open a finished run in ParaView (its view.py state), or render it to a PNG");
  view->add_option("RUN", cmd.case_dir, "a run directory")->required();
  view->add_option("--png", cmd.png, "render headless (xvfb-run pvpython) into this PNG file");
  const fs::path docs = data_dir() / "docs";
  cli.footer(fmt::format(
      "Documentation: {} (README.md in the source; cases.md: every key, output.md: the run "
      "directory). `fickle describe KIND` prints a kind's keys.",
      data_dir().empty() ? std::string("docs/ of fickle's data directory (not found)")
                         : docs.string()));
}

// Runs the parsed command; its exit code.
int run_command(const Command& cmd) {
  if (cmd.name == "run") return run_case(cmd);
  if (cmd.name == "compare") return compare_finished(cmd);
  if (cmd.name == "sweep") return sweep_case(cmd);
  if (cmd.name == "check") return check_case(cmd);
  if (cmd.name == "analyse") return analyse(cmd);
  if (cmd.name == "describe") return describe_kind(cmd.kind, cmd.as_template, cmd.as_json);
  if (cmd.name == "view") return world_rank() == 0 ? view_run(cmd.case_dir, cmd.png) : 0;
  return list_kinds();
}

}  // namespace

int main(int argc, char** argv) {
  hold_checkpoint_signals();
  set_command_line(argc, argv);
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
  Command cmd;
  ParsedOptions options;
  add_commands(cli, cmd, options);
  if (const int code = refuse_unknown_command(cli, ours); code != 0) return code;
  try {
    cli.parse(static_cast<int>(ours.size()), ours.data());
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  cmd.name = cli.get_subcommands().front()->get_name();
  if (options.restart->count() > 0)
    cmd.restart =
        options.restart_mode == "auto" ? RunRequest::Restart::automatic : RunRequest::Restart::yes;
  cmd.output_given = std::any_of(options.outputs.begin(), options.outputs.end(),
                                 [](const CLI::Option* o) { return o->count() > 0; });
  cmd.petsc.assign(petsc.begin() + 1, petsc.end());

  remember_launch_environment();  // before Open MPI adds its own variables (core/subprocess.hpp)
  prefer_quick_singleton_start();
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
      check_command_line(cmd);
      code = run_command(cmd);
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
