#include "app/run/case_runner.hpp"

#include <fmt/format.h>
#include <petscsys.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "app/run/checkpoints.hpp"
#include "app/run/plots.hpp"
#include "app/run/provenance.hpp"
#include "app/run/run_context.hpp"
#include "app/run/view_state.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "core/petsc.hpp"
#include "core/petsc_options.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

// Case `petsc:` keys as PETSc options for this run only, unless the command line set them: a
// compare case's sub-runs must not share them. `ksp_monitor: true` is the bare flag -ksp_monitor
// (PETSc would read "true" as a viewer); `false` leaves the option unset.
void set_case_options(ScopedOptions& options, const LoadedCase& c) {
  for (const auto& [key, value] : c.petsc_options)
    if (value != "false") options.set_default("-" + key, value == "true" ? "" : value, false);
}

// A case's petsc: key is an option name without its dash: letters, digits and _, as PETSc's own
// names. Anything else (a space, an empty name, "-ksp_type") would be set as a name no solver
// reads, so the user's option would be silently lost.
void check_petsc_name(const Section& petsc, const std::string& name) {
  const std::string expected = "a PETSc option name (letters, digits and _)";
  if (name.empty()) petsc.fail_found(name, expected, "an empty name");
  const std::string got = "the name '" + name + "'";
  if (name.front() == '-')
    petsc.fail_found(name,
                     fmt::format("a PETSc option name without its leading '-' ({})",
                                 name.substr(std::min(name.size(), name.find_first_not_of('-')))),
                     got);
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!plain) petsc.fail_found(name, expected, got);
}

}  // namespace

fs::path case_file(const fs::path& case_path) {
  return fs::is_directory(case_path) ? case_path / "case.yaml" : case_path;
}

LoadedCase load_case(Section root, const std::vector<std::string>& kinds) {
  LoadedCase c;
  c.doc = root.document();
  c.file = c.doc->file;
  c.kind_name = root.choice({"kind", "the case kind (fickle list)"}, kinds);
  c.title = root.text({"title", "one line, shown in the log, summary.json and every VTK file"}, "");
  root.integer({"seed", "seed of all random numbers"}, 1);
  // resolved.yaml carries a fickle: section (version, ranks, options) and is itself a valid case.
  if (root.has("fickle"))
    root.section({"fickle", "ignored: what resolved.yaml records (version, ranks, options)"})
        .keys();
  c.checkpoint = read_checkpoint_settings(
      root.section({"checkpoint", "when checkpoints are written"}), root.section(keys::output));
  c.vtk = {c.title,
           read_units(root.section({"units", "units of the quantities, for VTK files and plots"}))};
  c.plots =
      root.section(keys::output)
          .boolean(
              {"plots", "draw plots/*.png at the end (default: true when python3 has matplotlib)"},
              plots_by_default());
  // How every kind writes its VTK series (meshes/vtkhdf.hpp); the kinds read the other keys.
  c.series_format =
      root.section(keys::output)
                  .choice(
                      {"format", "vtk: XML files per rank; vtkhdf: one VTKHDF file per snapshot"},
                      {"vtk", "vtkhdf"}, "vtk") == "vtkhdf"
          ? SeriesFormat::vtkhdf
          : SeriesFormat::xml;
  Section petsc =
      root.section({"petsc", "PETSc options for this run (name without its dash: value)"});
  for (const auto& key : petsc.keys()) {
    check_petsc_name(petsc, key);
    c.petsc_options.emplace_back(key, petsc.text({key, "a PETSc option"}));
  }
  for (const auto& k : case_kinds())
    if (c.kind_name == k.name) c.kind = k.make();
  c.kind->read(root);
  c.resolved = root.resolved();
  return c;
}

LoadedCase load_case_file(const fs::path& case_path, const std::vector<std::string>& sets) {
  auto doc = CaseDocument::load(case_file(case_path));
  for (const auto& s : sets) doc->apply_override(s);
  LoadedCase c = load_case(Section::root(doc), case_kind_names());
  doc->reject_unknown_keys();
  return c;
}

namespace {

// A run never writes where it reads: a directory that is, or holds, one of the case's input runs
// would be cleaned before they are read.
void refuse_inputs_inside(const LoadedCase& c, const fs::path& run_dir) {
  const fs::path out = fs::weakly_canonical(fs::absolute(run_dir));
  for (const auto& input : c.doc->inputs) {
    const fs::path in = fs::weakly_canonical(fs::absolute(input));
    const auto inside = in.lexically_relative(out);
    if (!inside.empty() && *inside.begin() != "..")
      throw CaseError(fmt::format(
          "-o {}: the case reads {}, which lies inside it and would be deleted; choose another "
          "run directory",
          run_dir.string(), input.string()));
  }
}

void write_resolved(const RunContext& ctx, const LoadedCase& c) {
  YAML::Node resolved = YAML::Clone(c.resolved);
  resolved["fickle"]["version"] = fickle_version();
  resolved["fickle"]["ranks"] = ctx.ranks;
  resolved["fickle"]["petsc_options"] = petsc_options_in_effect();
  resolved["fickle"]["case"] = fs::absolute(c.file).string();
  on_root(ctx.comm, [&] {
    YAML::Emitter out;
    out << resolved;
    write_file_atomically(ctx.run_dir / "resolved.yaml", std::string(out.c_str()) + "\n");
  });
}

// Whether the run continues from a checkpoint (ctx.restart, ctx.resume_from) or starts afresh;
// with --restart auto, a line for the log that says which and why.
std::string choose_start(RunContext& ctx, const RunRequest& req) {
  ctx.restart = req.restart == RunRequest::Restart::yes;
  if (req.restart != RunRequest::Restart::automatic) return {};
  std::string why;
  const auto meta = newest_usable_checkpoint(ctx.comm, ctx.run_dir / "checkpoint", why);
  if (!meta)
    return fmt::format("--restart auto: no usable checkpoint{}: starting afresh",
                       why.empty() ? std::string() : " (" + why + ")");
  ctx.restart = true;
  ctx.resume_from = *meta;
  return fmt::format("--restart auto: continuing from the checkpoint at step {}{}",
                     meta->value("step", 0L),
                     why.empty() ? std::string() : " (newer ones unusable: " + why + ")");
}

// Runs the kind; the exit code of an interrupted (4) or diverged (3) run, 0 when done.
int run_kind(RunContext& ctx, LoadedCase& c, Log& log) {
  auto finish = [&](const std::string& status) {
    ctx.summary["status"] = status;
    ctx.summary["wall_s"] = ctx.elapsed() + ctx.summary.value("wall_s_before_restart", 0.0);
    on_root(ctx.comm, [&] { write_json(ctx.run_dir / "summary.json", ctx.summary); });
    write_view_state(ctx.comm, ctx.run_dir, c.kind_name, log);
  };
  try {
    c.kind->run(ctx);
  } catch (const Interrupted& stop) {
    ctx.mark_started();
    finish("interrupted");
    log.line(stop.what());
    return 4;
  } catch (const RunFailure& failure) {
    ctx.mark_started();
    finish("diverged");
    log.line(std::string("fickle: the run failed: ") + failure.what());
    return 3;
  }
  ctx.mark_started();
  finish("done");
  log.line(
      fmt::format("done in {:.2f} s: {}", ctx.elapsed(), (ctx.run_dir / "summary.json").string()));
  std::vector<fs::path> series;
  for (const auto& entry : fs::directory_iterator(ctx.run_dir))
    if (entry.path().extension() == ".pvd" || entry.path().extension() == ".series")
      series.push_back(entry.path());
  std::sort(series.begin(), series.end());
  for (const auto& file : series) log.line(fmt::format("ParaView: open {}", file.string()));
  if (!series.empty())
    log.line(fmt::format("ParaView state: fickle view {} (or paraview --state {})",
                         ctx.run_dir.string(), (ctx.run_dir / kViewState).string()));
  if (c.plots && !c.kind->plot_script().empty())
    make_plots(ctx.comm, ctx.run_dir, c.kind->plot_script(), log);
  return 0;
}

}  // namespace

int run_loaded_case(MPI_Comm comm, LoadedCase& c, const RunRequest& req) {
  const std::string start_time = utc_now();
  refuse_inputs_inside(c, req.run_dir);
  ScopedOptions options;
  set_case_options(options, c);
  RunContext ctx;
  ctx.comm = comm;
  MPI_Comm_rank(ctx.comm, &ctx.rank);
  MPI_Comm_size(ctx.comm, &ctx.ranks);
  ctx.run_dir = req.run_dir;
  ctx.checkpoint = c.checkpoint;
  ctx.vtk = c.vtk;
  // The run's VTK series format, for this run only (a compare case's sub-runs have their own).
  const SeriesFormat outer_format = series_format();
  set_series_format(c.series_format);
  struct RestoreFormat {
    SeriesFormat format;
    ~RestoreFormat() { set_series_format(format); }
  } restore_format{outer_format};
  ctx.stop_after = req.stop_after;
  const RunLock lock(ctx.comm, ctx.run_dir);
  const std::string start_note = choose_start(ctx, req);
  // Nothing of an earlier run is deleted before this one has started: it is set aside, and put
  // back when the set-up fails (docs/output.md, "What fickle guarantees").
  std::optional<FreshStart> fresh;
  on_root(ctx.comm, [&] {
    if (!ctx.restart)
      fresh.emplace(ctx.run_dir);
    else if (!fs::exists(ctx.run_dir / "checkpoint" / "meta.json"))
      throw CaseError(
          fmt::format("--restart: no checkpoint in {}", (ctx.run_dir / "checkpoint").string()));
  });
  ctx.on_started = [&] {
    on_root(ctx.comm, [&] {
      if (fresh) fresh->commit();
    });
  };
  try {
    Log log(ctx.comm, ctx.run_dir / "log.txt", ctx.restart);
    ctx.log = &log;
    if (!start_note.empty()) log.line(start_note);
    write_resolved(ctx, c);
    log.line(fmt::format("fickle {}: {} case {} on {} rank(s) -> {}", fickle_version(), c.kind_name,
                         req.label, ctx.ranks, ctx.run_dir.string()));
    if (!c.title.empty()) log.line("title: " + c.title);
    ctx.summary["kind"] = c.kind_name;
    ctx.summary["title"] = c.title;
    ctx.summary["ranks"] = ctx.ranks;
    ctx.summary["build"] = build_info();
    ctx.summary["run"] = run_info(ctx.comm, start_time);
    return run_kind(ctx, c, log);
  } catch (...) {
    // Not started: what this attempt wrote goes, the earlier results come back (rank 0 alone, no
    // collective call: the failure may not be every rank's).
    if (ctx.on_started && fresh) fresh->abandon();
    throw;
  }
}

}  // namespace fickle
