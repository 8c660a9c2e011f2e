#include "app/run/output_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace fickle {

bool reached(double t, double target) {
  return t >= target - 1e-9 * std::abs(target);
}

double OutputSchedule::next_requested(double t) const {
  constexpr double none = std::numeric_limits<double>::infinity();
  if (output_.interval > 0) {
    // The smallest multiple k·T (k ≥ 1) that t has not reached.
    const double T = output_.interval;
    double k = std::max(1.0, std::floor(t / T));
    while (reached(t, k * T)) k += 1;
    return k * T;
  }
  for (double target : output_.times)
    if (!reached(t, target)) return target;
  return none;
}

bool OutputSchedule::due(long step, double t_before, double t_after) const {
  if (!output_.by_time()) return output_.every > 0 && step % output_.every == 0;
  return reached(t_after, next_requested(t_before));
}

double OutputSchedule::next_stop(double t) const {
  const double requested = next_requested(t);
  if (output_.end <= 0) return requested;
  return std::min(requested, output_.end);
}

std::vector<double> planned_snapshot_times(const OutputSettings& output, long steps,
                                           const std::function<double(long)>& time_at, bool lands) {
  const OutputSchedule schedule(output);
  std::vector<double> times{time_at(0)};  // the start (time.start of a continued fick run)
  const auto add = [&](double t) {
    if (!reached(times.back(), t)) times.push_back(t);
  };
  if (!output.by_time()) {
    for (long n = output.every; output.every > 0 && n < steps; n += output.every) add(time_at(n));
  } else if (lands) {
    for (double t = schedule.next_stop(times.front()); t < output.end && !reached(t, output.end);
         t = schedule.next_stop(t))
      add(t);
  } else {
    double before = times.front();
    for (long n = 1; n < steps; ++n) {
      const double after = time_at(n);
      if (schedule.due(n, before, after)) add(after);
      before = after;
    }
  }
  add(time_at(steps));
  return times;
}

}  // namespace fickle
