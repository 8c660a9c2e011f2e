// When the time loop writes snapshots (docs/output.md, "Snapshot times"): every `output.every`
// steps, or at the times of `output.interval` (its multiples) and `output.times`, and always at
// the start and the end. A kind whose steps can be shortened is told the next such time and lands
// on it exactly (fick); the others take their own steps and write the snapshot at the first step
// at or past each time, with the time that step reached (fractional, particles, nn).
#pragma once

#include <functional>
#include <limits>
#include <vector>

#include "app/input/case_sections.hpp"

namespace fickle {

class OutputSchedule {
 public:
  explicit OutputSchedule(const OutputSettings& output) : output_(output) {}

  /// Whether the step that went from t_before to (step, t_after) is due a snapshot: a multiple
  /// of `every`, or the first step at or past a requested time. The last step is the loop's to
  /// add.
  bool due(long step, double t_before, double t_after) const;

  /// The first requested time after t (time.end when none is left; infinite for a kind without
  /// an end): where a step that may be shortened should stop next.
  double next_stop(double t) const;

 private:
  /// The first requested time that t has not reached (to round-off), or infinity.
  double next_requested(double t) const;

  const OutputSettings& output_;
};

/// Whether t has reached `target` (to 1e-9 relative: times summed from steps carry round-off).
bool reached(double t, double target);

/// The times the snapshots of a run with fixed steps will have, before it runs: its start, then
/// each requested time (when `lands`: the kind shortens its step to it) or the time of the first
/// step at or past it, then the end; `time_at(n)` is the time after n of the `steps` steps.
std::vector<double> planned_snapshot_times(const OutputSettings& output, long steps,
                                           const std::function<double(long)>& time_at, bool lands);

}  // namespace fickle
