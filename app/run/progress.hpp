// Progress of a long run on rank 0: a live line on a terminal (step, t, dt, iterations, ETA),
// and a line in the log every few seconds (and on stdout when it is not a terminal, e.g. CI).
#pragma once

#include <chrono>
#include <string>

#include "app/run/run_directory.hpp"

namespace fickle {

class Progress {
 public:
  /// `end`: the run's end time when it has one (the share done and the ETA then go by time, as an
  /// adaptive run's steps are not known in advance; 0: by steps); `start`: the time now.
  Progress(Log& log, long total_steps, double end, double start, double period_seconds);
  void update(long step, double t, double dt, int iterations);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string text(long step, double t, double dt, int iterations) const;

  Log& log_;
  long total_;
  double end_;
  long first_step_ = -1;
  double first_time_ = 0;
  double period_;
  bool terminal_;
  Clock::time_point start_, last_line_, last_live_;
  bool live_shown_ = false;
};

}  // namespace fickle
