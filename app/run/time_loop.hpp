// The time loop every time-dependent kind shares: steps, series rows, snapshots, progress,
// checkpoints (every checkpoint.every steps or every_seconds, at the end, on SIGTERM/SIGUSR1/
// SIGINT and before --stop-after's limit; app/run/checkpoints.hpp), restart.
#pragma once

#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/run/run_context.hpp"

namespace fickle {

/// A kind that advances in time (implemented by e.g. the fick kind).
class Evolution {
 public:
  virtual ~Evolution() = default;
  virtual long step_index() const = 0;
  virtual double time() const = 0;
  virtual double time_step() const = 0;
  /// One step; throws RunFailure (or a solver's StepFailure) when it diverges.
  virtual void advance() = 0;
  /// Linear iterations of the last step; < 0 for kinds without a linear solver.
  virtual int last_iterations() const = 0;
  /// Names of the series columns after `step` and `t`, and their values now.
  virtual std::vector<std::string> observables() const = 0;
  virtual std::vector<double> observe() = 0;
  /// Whether step `step` gets a series row (snapshot steps and the last step always do).
  virtual bool records(long /*step*/) const { return true; }
  /// Whether the run has reached its end: after `total_steps` steps, or (kinds whose number of
  /// steps is not fixed in advance: adaptive, or shortened to land on output times) at time.end.
  virtual bool complete(long total_steps) const { return step_index() >= total_steps; }
  /// The next step must end at or before time `stop` (an output time or time.end). A kind that can
  /// shorten its step lands on `stop` exactly; the others ignore it (docs/output.md).
  virtual void limit_next_step(double /*stop*/) {}
  /// Whether the summary reports the range of step sizes (false for kinds whose time counts
  /// something else, e.g. nn's epochs).
  virtual bool reports_step_sizes() const { return true; }
  virtual void write_snapshot(int index) = 0;
  /// Writes the state into `dir` and returns what load_state needs to find it again.
  virtual nlohmann::json save_state(const std::filesystem::path& dir) = 0;
  virtual void load_state(const std::filesystem::path& dir, const nlohmann::json& state) = 0;
};

struct LoopTotals {
  double solve_s = 0;          ///< time spent in advance(), over the whole run
  long linear_iterations = 0;  ///< over the whole run
  double wall_before_s = 0;    ///< wall time of the interrupted part(s) before a restart
  double output_s = 0;         ///< time spent writing snapshots, over the whole run
  /// The shortest and longest step taken (t after minus t before), over the whole run.
  double dt_min = std::numeric_limits<double>::infinity();
  double dt_max = 0;
};

/// Runs `evolution` until it is complete(total_steps), with snapshots as `output` schedules them
/// (app/run/output_schedule.hpp); on --restart continues from run_dir/checkpoint.
LoopTotals run_time_loop(RunContext& ctx, Evolution& evolution, long total_steps,
                         const OutputSettings& output);

/// run_time_loop, then the summary keys every time-stepping kind shares (steps, t_end and, when
/// the loop finished, solve_s, wall_s_before_restart, dt_min_used and dt_max_used, and
/// linear_iterations for kinds with a linear solver), then the kind's own summarise(totals); when
/// the loop throws (interrupted, diverged, an error) the same with nullopt records how far the run
/// got before the exception goes on.
void run_and_summarise(RunContext& ctx, Evolution& evolution, long total_steps,
                       const OutputSettings& output,
                       const std::function<void(const std::optional<LoopTotals>&)>& summarise);

/// Steps round(10^(k/per_decade)) up to `total`, deduplicated (empty when per_decade = 0): series
/// rows for quantities read on log-log axes.
std::vector<long> log_spaced_steps(long total, long per_decade);

}  // namespace fickle
