#include "app/run/time_loop.hpp"

#include <fmt/format.h>

#include <cmath>

#include "app/input/case_reader.hpp"
#include "app/run/checkpoints.hpp"
#include "app/run/output_schedule.hpp"
#include "app/run/progress.hpp"
#include "app/run/signals.hpp"
#include "core/on_root.hpp"
#include "solvers/common/linear_solver.hpp"

namespace fickle {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// The summary keys every time-stepping kind has, written here so that no kind can forget one:
// how far the run got, and (when the loop finished) its timings across restarts.
void summarise_progress(nlohmann::json& s, const Evolution& evolution,
                        const std::optional<LoopTotals>& totals) {
  s["steps"] = evolution.step_index();
  s["t_end"] = evolution.time();
  if (!totals) return;
  s["solve_s"] = totals->solve_s;
  s["wall_s_before_restart"] = totals->wall_before_s;
  s["output_s"] = totals->output_s;
  if (evolution.reports_step_sizes() && totals->dt_max > 0) {
    s["dt_min_used"] = totals->dt_min;
    s["dt_max_used"] = totals->dt_max;
  }
  if (evolution.last_iterations() >= 0) s["linear_iterations"] = totals->linear_iterations;
}

// Why a run stops before its end, as the ranks agree on it.
struct StopRequest {
  int signal = 0;               ///< SIGTERM, SIGUSR1 or SIGINT on any rank
  bool time_limit = false;      ///< --stop-after: the next step might not finish in time
  bool checkpoint_due = false;  ///< checkpoint.every_seconds have passed since the last one
};

// One pass of the run: steps from where the evolution is to `total_steps`, with series rows,
// snapshots, progress, checkpoints and the stops above.
class TimeLoop {
 public:
  TimeLoop(RunContext& ctx, Evolution& evolution, long total_steps, const OutputSettings& output)
      : ctx_(ctx),
        evolution_(evolution),
        total_(total_steps),
        output_(output),
        schedule_(output),
        series_(ctx.run_dir / "series.csv", columns()),
        every_(ctx.checkpoint.every > 0 ? ctx.checkpoint.every : output.checkpoint_every) {}

  LoopTotals run() {
    if (ctx_.restart)
      resume();
    else
      begin();
    Progress progress(*ctx_.log, total_, output_.end, evolution_.time(), output_.progress_seconds);
    checkpointed_step_ = ctx_.restart ? evolution_.step_index() : -1;
    last_checkpoint_ = Clock::now();
    // A signal that came during the start-up (held until the handlers were in place): the run
    // stops here, restartable from its first state.
    if (const int signal = agreed_signal(ctx_.comm); signal && !ctx_.restart) {
      checkpoint();
      ctx_.mark_started();
      throw Interrupted(fmt::format(
          "stopped by signal {} before the first step; checkpoint written, continue with "
          "--restart",
          signal));
    }
    try {
      while (!evolution_.complete(total_)) step(progress);
    } catch (const RunFailure& failure) {
      progress.finish();
      flush_series();
      throw RunFailure(
          fmt::format("{}; the last good snapshot is step {}", failure.what(), last_snapshot_));
    }
    progress.finish();
    flush_series();
    // A final checkpoint lets `--restart --set time.end=...` extend a finished run (unless the
    // periodic one just wrote this step).
    if (checkpointed_step_ != evolution_.step_index()) checkpoint();
    return totals_;
  }

 private:
  std::vector<std::string> columns() const {
    std::vector<std::string> c{"t", "step"};
    for (const auto& name : evolution_.observables()) c.push_back(name);
    return c;
  }

  void record() {
    std::vector<double> row{evolution_.time(), static_cast<double>(evolution_.step_index())};
    for (double v : evolution_.observe()) row.push_back(v);  // collective
    if (ctx_.rank == 0) series_.add(row);
  }

  void flush_series() {
    on_root(ctx_.comm, [&] { series_.flush(); });
  }

  void snapshot() {
    const auto t0 = Clock::now();
    evolution_.write_snapshot(snapshot_++);
    totals_.output_s += std::chrono::duration<double>(Clock::now() - t0).count();
    last_snapshot_ = evolution_.step_index();
    flush_series();
    ctx_.log->file_only(fmt::format("snapshot {} at step {} (t = {:.6g})", snapshot_ - 1,
                                    evolution_.step_index(), evolution_.time()));
  }

  void begin() {
    record();
    snapshot();
  }

  void resume() {
    const fs::path dir = ctx_.run_dir / "checkpoint";
    const nlohmann::json meta =
        ctx_.resume_from.is_null() ? read_checkpoint(ctx_.comm, dir) : ctx_.resume_from;
    try {
      evolution_.load_state(dir, meta["state"]);
    } catch (const nlohmann::json::exception& e) {
      throw CaseError(fmt::format("--restart: {}: the state is not what this case writes ({})",
                                  (dir / "meta.json").string(), e.what()));
    }
    totals_.solve_s = meta["solve_s"];
    totals_.linear_iterations = meta["linear_iterations"];
    totals_.wall_before_s = meta["wall_s"];
    totals_.output_s = meta.value("output_s", 0.0);
    if (meta.contains("dt_max_used")) {
      totals_.dt_min = meta["dt_min_used"];
      totals_.dt_max = meta["dt_max_used"];
    }
    snapshot_ = meta["snapshot_index"];
    last_snapshot_ = evolution_.step_index();
    on_root(ctx_.comm, [&] { series_.reload(evolution_.step_index()); });
    ctx_.log->line(
        fmt::format("restarting at step {} (t = {:.6g}) from a checkpoint written on {} rank(s)",
                    evolution_.step_index(), evolution_.time(), meta["ranks"].get<int>()));
    if (evolution_.complete(total_))
      ctx_.log->line(
          fmt::format("nothing to do: the checkpoint is at step {} (t = {:.6g}), the end",
                      evolution_.step_index(), evolution_.time()));
  }

  void checkpoint() {
    flush_series();
    nlohmann::json meta = {{"step", evolution_.step_index()},
                           {"snapshot_index", snapshot_},
                           {"solve_s", totals_.solve_s},
                           {"linear_iterations", totals_.linear_iterations},
                           {"wall_s", totals_.wall_before_s + ctx_.elapsed()},
                           {"output_s", totals_.output_s},
                           {"ranks", ctx_.ranks}};
    if (totals_.dt_max > 0)
      meta.update({{"dt_min_used", totals_.dt_min}, {"dt_max_used", totals_.dt_max}});
    write_checkpoint(
        ctx_.comm, ctx_.run_dir / "checkpoint", meta,
        [&](const fs::path& dir) { return evolution_.save_state(dir); }, ctx_.checkpoint.keep);
    checkpointed_step_ = evolution_.step_index();
    last_checkpoint_ = Clock::now();
    ctx_.log->file_only(fmt::format("checkpoint at step {} (t = {:.6g})", evolution_.step_index(),
                                    evolution_.time()));
  }

  // The stops every rank agrees on: a signal on any rank, and rank 0's clock for the rest.
  StopRequest stop_request(double step_seconds) {
    int flags[3] = {pending_signal(), 0, 0};
    if (ctx_.rank == 0) {
      const double elapsed = ctx_.elapsed();
      // Room for two more steps, the checkpoint and the summary.
      flags[1] = ctx_.stop_after > 0 && elapsed + 2 * step_seconds + 1 > ctx_.stop_after;
      flags[2] = ctx_.checkpoint.every_seconds > 0 &&
                 std::chrono::duration<double>(Clock::now() - last_checkpoint_).count() >=
                     ctx_.checkpoint.every_seconds;
    }
    MPI_Allreduce(MPI_IN_PLACE, flags, 3, MPI_INT, MPI_MAX, ctx_.comm);
    return {flags[0], flags[1] != 0, flags[2] != 0};
  }

  void step(Progress& progress) {
    const auto t0 = Clock::now();
    const double t_before = evolution_.time();
    evolution_.limit_next_step(schedule_.next_stop(t_before));
    try {
      evolution_.advance();
    } catch (const StepFailure& failure) {  // a solver diverged (solvers/common/linear_solver)
      throw RunFailure(failure.what());
    }
    ctx_.mark_started();  // the first step worked: the earlier run's results may go
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    totals_.solve_s += seconds;
    totals_.linear_iterations += std::max(0, evolution_.last_iterations());
    const long step = evolution_.step_index();
    const double dt = evolution_.time() - t_before;
    totals_.dt_min = std::min(totals_.dt_min, dt);
    totals_.dt_max = std::max(totals_.dt_max, dt);
    const bool last = evolution_.complete(total_);
    const bool snapshot_step = schedule_.due(step, t_before, evolution_.time()) || last;
    if (snapshot_step || evolution_.records(step)) record();
    progress.update(step, evolution_.time(), evolution_.time_step(), evolution_.last_iterations());
    if (snapshot_step) snapshot();
    // A stop on the last step is moot: the run is complete and checkpointed at the end.
    const StopRequest stop = !last ? stop_request(seconds) : StopRequest{};
    const bool stopping = stop.signal || stop.time_limit;
    if (stopping || stop.checkpoint_due || (every_ > 0 && step % every_ == 0)) checkpoint();
    if (!stopping) return;
    progress.finish();
    throw Interrupted(stop.signal
                          ? fmt::format("stopped by signal {} at step {} (t = {:.6g}); checkpoint "
                                        "written, continue with --restart",
                                        stop.signal, step, evolution_.time())
                          : fmt::format("stopped at step {} (t = {:.6g}) before the time limit of "
                                        "--stop-after {:g} s; checkpoint written, continue with "
                                        "--restart",
                                        step, evolution_.time(), ctx_.stop_after));
  }

  RunContext& ctx_;
  Evolution& evolution_;
  const long total_;
  const OutputSettings& output_;
  const OutputSchedule schedule_;
  Series series_;
  const long every_;  ///< steps between checkpoints (0: none by step count)
  LoopTotals totals_;
  int snapshot_ = 0;
  long last_snapshot_ = 0;
  long checkpointed_step_ = -1;
  Clock::time_point last_checkpoint_;
};

}  // namespace

LoopTotals run_time_loop(RunContext& ctx, Evolution& evolution, long total_steps,
                         const OutputSettings& output) {
  return TimeLoop(ctx, evolution, total_steps, output).run();
}

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

}  // namespace fickle
