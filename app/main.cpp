// fickle: the command line.
//
//   fickle run CASE [-o DIR] [--set key.path=value ...] [--restart] [-- PETSc options]
//   fickle check CASE [--set ...]
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

#include "app/case_reader.hpp"
#include "app/kinds.hpp"
#include "app/run_context.hpp"
#include "app/time_loop.hpp"
#include "meshes/atomic_file.hpp"
#include "meshes/on_root.hpp"
#include "meshes/petsc.hpp"
#include "meshes/vtk_fields.hpp"

#ifndef FICKLE_SOURCE_DIR
#define FICKLE_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;
using namespace fickle;

namespace {

constexpr const char* kVersion = "0.1.0";

struct Command {
  std::string name;
  fs::path case_dir;
  fs::path output;
  std::vector<std::string> sets;
  bool restart = false;
};

fs::path case_file(const fs::path& case_path) {
  return fs::is_directory(case_path) ? case_path / "case.yaml" : case_path;
}

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank;
}

void say_error(const std::string& text) {
  if (world_rank() == 0) std::cerr << "fickle: " << text << std::endl;
}

// The parsed case: kind object and the document (for resolved.yaml).
struct LoadedCase {
  std::shared_ptr<CaseDocument> doc;
  std::unique_ptr<CaseKind> kind;
  std::string kind_name;
  std::string title;
  std::vector<std::pair<std::string, std::string>> petsc_options;
};

LoadedCase load_case(const Command& cmd) {
  LoadedCase c;
  c.doc = CaseDocument::load(case_file(cmd.case_dir));
  for (const auto& s : cmd.sets) c.doc->apply_override(s);
  Section root = Section::root(c.doc);
  c.kind_name = root.choice("kind", case_kind_names());
  c.title = root.text("title", "");
  root.integer("seed", 1);
  // resolved.yaml carries a fickle: section (version, ranks, options) and is itself a valid case.
  if (root.has("fickle")) root.section("fickle").keys();
  Section petsc = root.section("petsc");
  for (const auto& key : petsc.keys()) c.petsc_options.emplace_back(key, petsc.text(key));
  for (const auto& k : case_kinds())
    if (c.kind_name == k.name) c.kind = k.make();
  c.kind->read(root);
  c.doc->reject_unknown_keys();
  return c;
}

// Case `petsc:` keys become options unless the command line already set them; true is a bare
// flag, false leaves the option out.
void insert_petsc_options(const LoadedCase& c) {
  for (const auto& [key, value] : c.petsc_options) {
    const std::string option = "-" + key;
    PetscBool set = PETSC_FALSE;
    FICKLE_PETSC(PetscOptionsHasName(nullptr, nullptr, option.c_str(), &set));
    if (set || value == "false") continue;
    // `ksp_monitor: true` is the bare flag -ksp_monitor (PETSc would read "true" as a viewer name).
    FICKLE_PETSC(
        PetscOptionsSetValue(nullptr, option.c_str(), value == "true" ? nullptr : value.c_str()));
  }
}

std::string petsc_options_string() {
  char* all = nullptr;
  FICKLE_PETSC(PetscOptionsGetAll(nullptr, &all));
  std::string s = all ? all : "";
  FICKLE_PETSC(PetscFree(all));
  return s;
}

int run_case(const Command& cmd) {
  LoadedCase c = load_case(cmd);  // throws CaseError before anything is written
  insert_petsc_options(c);

  RunContext ctx;
  ctx.comm = PETSC_COMM_WORLD;
  MPI_Comm_rank(ctx.comm, &ctx.rank);
  MPI_Comm_size(ctx.comm, &ctx.ranks);
  const fs::path case_dir =
      fs::is_directory(cmd.case_dir) ? cmd.case_dir : cmd.case_dir.parent_path();
  ctx.run_dir = cmd.output.empty() ? case_dir / "output" : cmd.output;
  ctx.restart = cmd.restart;
  on_root(ctx.comm, [&] {
    if (!cmd.restart)
      prepare_run_directory(ctx.run_dir);
    else if (!fs::exists(ctx.run_dir / "checkpoint" / "meta.json"))
      throw CaseError(
          fmt::format("--restart: no checkpoint in {}", (ctx.run_dir / "checkpoint").string()));
  });
  Log log(ctx.comm, ctx.run_dir / "log.txt", cmd.restart);
  ctx.log = &log;

  YAML::Node resolved = c.doc->resolved;
  resolved["fickle"]["version"] = kVersion;
  resolved["fickle"]["ranks"] = ctx.ranks;
  resolved["fickle"]["petsc_options"] = petsc_options_string();
  resolved["fickle"]["case"] = fs::absolute(case_file(cmd.case_dir)).string();
  on_root(ctx.comm, [&] {
    YAML::Emitter out;
    out << resolved;
    write_file_atomically(ctx.run_dir / "resolved.yaml", std::string(out.c_str()) + "\n");
  });
  log.line(fmt::format("fickle {}: {} case {} on {} rank(s) -> {}", kVersion, c.kind_name,
                       cmd.case_dir.string(), ctx.ranks, ctx.run_dir.string()));
  if (!c.title.empty()) log.line("title: " + c.title);

  ctx.summary["kind"] = c.kind_name;
  ctx.summary["title"] = c.title;
  ctx.summary["ranks"] = ctx.ranks;
  auto finish = [&](const std::string& status) {
    ctx.summary["status"] = status;
    ctx.summary["wall_s"] = ctx.elapsed() + ctx.summary.value("wall_s_before_restart", 0.0);
    on_root(ctx.comm, [&] { write_json(ctx.run_dir / "summary.json", ctx.summary); });
  };
  try {
    c.kind->run(ctx);
  } catch (const Interrupted& stop) {
    finish("interrupted");
    log.line(stop.what());
    return 4;
  } catch (const RunFailure& failure) {
    finish("diverged");
    log.line(std::string("fickle: the run failed: ") + failure.what());
    return 3;
  }
  finish("done");
  log.line(
      fmt::format("done in {:.2f} s: {}", ctx.elapsed(), (ctx.run_dir / "summary.json").string()));
  std::vector<std::filesystem::path> series;
  for (const auto& entry : std::filesystem::directory_iterator(ctx.run_dir))
    if (entry.path().extension() == ".pvd") series.push_back(entry.path());
  std::sort(series.begin(), series.end());
  for (const auto& file : series) log.line(fmt::format("ParaView: open {}", file.string()));
  return 0;
}

int check_case(const Command& cmd) {
  LoadedCase c = load_case(cmd);
  if (world_rank() == 0)
    std::cout << fmt::format("{}: a valid {} case{}\n", case_file(cmd.case_dir).string(),
                             c.kind_name, c.title.empty() ? "" : " (" + c.title + ")");
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
  cli.set_version_flag("--version", kVersion);
  cli.require_subcommand(1);
  Command cmd;
  auto add_case = [&](CLI::App* sub) {
    sub->add_option("CASE", cmd.case_dir, "case directory (or its case.yaml)")->required();
    sub->add_option("--set", cmd.sets, "override a key: key.path=value (repeatable)");
  };
  auto* run = cli.add_subcommand("run", "run a case (under mpiexec -n N for N ranks)");
  add_case(run);
  run->add_option("-o,--output", cmd.output, "run directory (default CASE/output)");
  run->add_flag("--restart", cmd.restart, "continue from the run directory's checkpoint");
  run->footer("PETSc options follow `--`, e.g. fickle run CASE -- -ksp_monitor");
  auto* check = cli.add_subcommand("check", "validate a case without running it");
  add_case(check);
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
      else if (cmd.name == "check")
        code = check_case(cmd);
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
