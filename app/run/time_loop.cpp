#include "app/run/time_loop.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <csignal>

#include "app/run/progress.hpp"
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

void install_checkpoint_signals() {
  struct sigaction action {};
  action.sa_handler = request_checkpoint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
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
    const fs::path dir = ctx.run_dir / "checkpoint";  // main checked that meta.json exists
    const auto meta = read_json(dir / "meta.json");
    evolution.load_state(dir, meta["state"]);
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
  try {
    while (evolution.step_index() < total_steps) {
      const auto t0 = std::chrono::steady_clock::now();
      try {
        evolution.advance();
      } catch (const StepFailure& failure) {  // a solver diverged (solvers/common/linear_solver)
        throw RunFailure(failure.what());
      }
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
