#include "app/run/time_loop.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <csignal>

#include "app/input/case_reader.hpp"
#include "app/run/progress.hpp"
#include "core/checksum.hpp"
#include "core/on_root.hpp"
#include "solvers/common/linear_solver.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

// The first signal asks for a checkpoint at the end of the step; a second one (an impatient
// Ctrl-C) ends the process at once.
extern "C" void request_checkpoint(int signal) {
  if (g_stop_signal) _exit(128 + signal);
  g_stop_signal = signal;
}

// The signal may reach only some ranks (or only rank 0 through mpiexec): agree on it collectively.
int agreed_signal(MPI_Comm comm) {
  int mine = g_stop_signal, any = 0;
  MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, comm);
  return any;
}

void write_checkpoint(RunContext& ctx, Evolution& evolution, const LoopTotals& totals,
                      int snapshot_index) {
  const fs::path dir = ctx.run_dir / "checkpoint";
  nlohmann::json meta;
  meta["step"] = evolution.step_index();
  meta["state"] = evolution.save_state(dir);
  meta["snapshot_index"] = snapshot_index;
  meta["solve_s"] = totals.solve_s;
  meta["linear_iterations"] = totals.linear_iterations;
  meta["wall_s"] = totals.wall_before_s + ctx.elapsed();
  meta["ranks"] = ctx.ranks;
  // save_state is collective, so every rank's part is on disk before meta.json names it.
  on_root(ctx.comm, [&] {
    const std::string file = meta["state"].value("file", "");
    if (!file.empty()) meta["checksums"][file] = file_checksum(dir / file);
    write_json(dir / "meta.json", meta);
    // Older states are no longer referenced by meta.json.
    const std::string keep = meta["state"].value("file", "");
    for (const auto& entry : fs::directory_iterator(dir)) {
      const auto name = entry.path().filename().string();
      if (name.starts_with("state_") && name != keep) fs::remove(entry.path());
    }
  });
}

// The summary keys every time-stepping kind has, written here so that no kind can forget one:
// how far the run got, and (when the loop finished) its timings across restarts.
void summarise_progress(nlohmann::json& s, const Evolution& evolution,
                        const std::optional<LoopTotals>& totals) {
  s["steps"] = evolution.step_index();
  s["t_end"] = evolution.time();
  if (!totals) return;
  s["solve_s"] = totals->solve_s;
  s["wall_s_before_restart"] = totals->wall_before_s;
  if (evolution.last_iterations() >= 0) s["linear_iterations"] = totals->linear_iterations;
}

// meta.json of a checkpoint, checked before anything of it is trusted: its numbers in range, its
// state file a plain name inside the checkpoint directory, and that file's checksum unchanged.
// Every problem is bad input (CaseError) naming the file; nothing has been read into the run yet.
nlohmann::json read_checkpoint(MPI_Comm comm, const fs::path& dir) {
  const fs::path file = dir / "meta.json";
  nlohmann::json meta;
  try {
    meta = read_json(file);
  } catch (const nlohmann::json::parse_error& e) {
    throw CaseError(fmt::format(
        "--restart: {} is not valid JSON (at byte {}); the checkpoint cannot be used",
        file.string(), e.byte));
  } catch (const std::exception& e) {
    throw CaseError(fmt::format("--restart: {} is unreadable ({}); the checkpoint cannot be used",
                                file.string(), e.what()));
  }
  const auto bad = [&](const std::string& what) {
    return CaseError(fmt::format("--restart: {}: {}; the checkpoint cannot be used",
                                 file.string(), what));
  };
  const auto number = [&](const char* key, double lowest, double highest) {
    if (!meta.contains(key) || !meta[key].is_number())
      throw bad(fmt::format("{} is missing or not a number", key));
    const double v = meta[key].get<double>();
    if (!(v >= lowest && v <= highest))
      throw bad(fmt::format("{} = {} is out of range [{}, {}]", key, v, lowest, highest));
  };
  constexpr double kBig = 1e15;
  number("step", 0, kBig);
  number("snapshot_index", 0, meta["step"].get<double>() + 1);
  number("solve_s", 0, kBig);
  number("wall_s", 0, kBig);
  number("linear_iterations", 0, kBig);
  number("ranks", 1, kBig);
  if (!meta.contains("state") || !meta["state"].is_object()) throw bad("no state");
  const std::string state = meta["state"].value("file", "");
  if (!state.empty()) {
    // A plain file name in this directory: never a path that leads elsewhere, never a link.
    if (state != fs::path(state).filename().string() || state == "." || state == "..")
      throw bad(fmt::format("the state file '{}' is not a file of the checkpoint directory", state));
    if (fs::is_symlink(dir / state) || !fs::is_regular_file(dir / state))
      throw bad(fmt::format("the state file {} is missing or not a regular file", state));
    const std::string recorded = meta.value("checksums", nlohmann::json::object()).value(state, "");
    if (recorded.empty()) throw bad(fmt::format("no checksum for {}", state));
    on_root(comm, [&] {
      if (file_checksum(dir / state) != recorded)
        throw bad(fmt::format("{} does not match its checksum (damaged or changed since it was "
                              "written)",
                              state));
    });
  }
  return meta;
}

}  // namespace

void run_and_summarise(RunContext& ctx, Evolution& evolution, long total_steps,
                       const OutputSettings& output,
                       const std::function<void(const std::optional<LoopTotals>&)>& summarise) {
  std::optional<LoopTotals> totals;
  try {
    totals = run_time_loop(ctx, evolution, total_steps, output);
  } catch (const std::exception&) {
    summarise_progress(ctx.summary, evolution, std::nullopt);
    summarise(std::nullopt);  // how far it got, for an interrupted or failed run
    throw;
  }
  summarise_progress(ctx.summary, evolution, totals);
  summarise(totals);
}

std::vector<long> log_spaced_steps(long total, long per_decade) {
  std::vector<long> steps;
  if (per_decade <= 0) return steps;
  for (long k = 0;; ++k) {
    const long s = std::lround(std::pow(10.0, static_cast<double>(k) / per_decade));
    if (s > total) break;
    if (steps.empty() || s != steps.back()) steps.push_back(s);
  }
  return steps;
}

namespace {

constexpr int kCheckpointSignals[] = {SIGTERM, SIGUSR1, SIGINT};
sigset_t g_held;
bool g_ignored[3] = {false, false, false};

}  // namespace

void hold_checkpoint_signals() {
  // A signal that comes before the handlers are in place (MPI, PETSc and VTK take a while to
  // start) waits instead of killing the run; one the parent ignored (a shell's background job
  // ignores SIGINT) stays ignored.
  sigemptyset(&g_held);
  for (std::size_t k = 0; k < std::size(kCheckpointSignals); ++k) {
    struct sigaction current {};
    sigaction(kCheckpointSignals[k], nullptr, &current);
    g_ignored[k] = current.sa_handler == SIG_IGN;
    sigaddset(&g_held, kCheckpointSignals[k]);
  }
  sigprocmask(SIG_BLOCK, &g_held, nullptr);
}

void install_checkpoint_signals() {
  struct sigaction action {};
  action.sa_handler = request_checkpoint;
  sigemptyset(&action.sa_mask);
  for (std::size_t k = 0; k < std::size(kCheckpointSignals); ++k)
    if (!g_ignored[k]) sigaction(kCheckpointSignals[k], &action, nullptr);
  // What came while they were held is delivered now, to the handler.
  sigprocmask(SIG_UNBLOCK, &g_held, nullptr);
}

LoopTotals run_time_loop(RunContext& ctx, Evolution& evolution, long total_steps,
                         const OutputSettings& output) {
  std::vector<std::string> columns{"t", "step"};
  for (const auto& c : evolution.observables()) columns.push_back(c);
  Series series(ctx.run_dir / "series.csv", columns);
  LoopTotals totals;
  int snapshot = 0;
  auto record = [&] {
    std::vector<double> row{evolution.time(), static_cast<double>(evolution.step_index())};
    for (double v : evolution.observe()) row.push_back(v);  // collective
    if (ctx.rank == 0) series.add(row);
  };
  auto flush_series = [&] { on_root(ctx.comm, [&] { series.flush(); }); };

  if (ctx.restart) {
    const fs::path dir = ctx.run_dir / "checkpoint";  // the runner checked that meta.json exists
    const auto meta = read_checkpoint(ctx.comm, dir);
    try {
      evolution.load_state(dir, meta["state"]);
    } catch (const nlohmann::json::exception& e) {
      throw CaseError(fmt::format("--restart: {}: the state is not what this case writes ({})",
                                  (dir / "meta.json").string(), e.what()));
    }
    totals.solve_s = meta["solve_s"];
    totals.linear_iterations = meta["linear_iterations"];
    totals.wall_before_s = meta["wall_s"];
    snapshot = meta["snapshot_index"];
    on_root(ctx.comm, [&] { series.reload(evolution.step_index()); });
    ctx.log->line(
        fmt::format("restarting at step {} (t = {:.6g}) from a checkpoint written on {} rank(s)",
                    evolution.step_index(), evolution.time(), meta["ranks"].get<int>()));
    if (evolution.step_index() >= total_steps)
      ctx.log->line(
          fmt::format("nothing to do: the checkpoint is at step {} and time.end is step {}",
                      evolution.step_index(), total_steps));
  } else {
    record();
    evolution.write_snapshot(snapshot++);
    flush_series();
  }

  Progress progress(*ctx.log, total_steps, output.progress_seconds);
  long last_snapshot_step = evolution.step_index();
  long checkpointed_step = ctx.restart ? evolution.step_index() : -1;
  // A signal that came during the start-up (it was held until the handlers were in place): the
  // run stops here, restartable from its first state.
  if (const int signal = agreed_signal(ctx.comm); signal && !ctx.restart) {
    flush_series();
    write_checkpoint(ctx, evolution, totals, snapshot);
    ctx.mark_started();
    throw Interrupted(fmt::format(
        "stopped by signal {} before the first step; checkpoint written, continue with --restart",
        signal));
  }
  try {
    while (evolution.step_index() < total_steps) {
      const auto t0 = std::chrono::steady_clock::now();
      try {
        evolution.advance();
      } catch (const StepFailure& failure) {  // a solver diverged (solvers/common/linear_solver)
        throw RunFailure(failure.what());
      }
      ctx.mark_started();  // the first step worked: the earlier run's results may go
      totals.solve_s +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      totals.linear_iterations += std::max(0, evolution.last_iterations());
      const long step = evolution.step_index();
      const bool snapshot_step =
          (output.every > 0 && step % output.every == 0) || step == total_steps;
      if (snapshot_step || evolution.records(step)) record();
      progress.update(step, evolution.time(), evolution.time_step(), evolution.last_iterations());
      if (snapshot_step) {
        evolution.write_snapshot(snapshot++);
        last_snapshot_step = step;
        flush_series();
      }
      // A signal on the last step is moot: the run is complete and checkpointed below.
      const int signal = step < total_steps ? agreed_signal(ctx.comm) : 0;
      if (signal || (output.checkpoint_every > 0 && step % output.checkpoint_every == 0)) {
        flush_series();
        write_checkpoint(ctx, evolution, totals, snapshot);
        checkpointed_step = step;
      }
      if (signal) {
        progress.finish();
        throw Interrupted(
            fmt::format("stopped by signal {} at step {} (t = {:.6g}); checkpoint written, "
                        "continue with --restart",
                        signal, step, evolution.time()));
      }
    }
  } catch (const RunFailure& failure) {
    progress.finish();
    flush_series();
    throw RunFailure(
        fmt::format("{}; the last good snapshot is step {}", failure.what(), last_snapshot_step));
  }
  progress.finish();
  flush_series();
  // A final checkpoint lets `--restart --set time.end=...` extend a finished run (unless the
  // periodic one just wrote this step).
  if (checkpointed_step != evolution.step_index())
    write_checkpoint(ctx, evolution, totals, snapshot);
  return totals;
}

}  // namespace fickle
