#include "app/run/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace fickle {

namespace {
// Open MPI gives every rank a pseudo-terminal even when mpiexec's output goes to a file, so under
// a launcher only FICKLE_PROGRESS=live asks for the live line; FICKLE_PROGRESS=lines turns it off.
bool live_terminal() {
  const char* mode = std::getenv("FICKLE_PROGRESS");
  if (mode && std::string(mode) == "live") return true;
  if (mode && std::string(mode) == "lines") return false;
  const bool launched = std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE");
  return !launched && isatty(STDOUT_FILENO);
}
}  // namespace

Progress::Progress(Log& log, long total_steps, double end, double start, double period_seconds)
    : log_(log),
      total_(total_steps),
      end_(end),
      first_time_(start),
      period_(period_seconds),
      terminal_(live_terminal()) {
  start_ = last_line_ = last_live_ = Clock::now();
}

std::string Progress::text(long step, double t, double dt, int iterations) const {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  // The share of the run done, and of it in this part (since a restart): by time or by steps.
  const double share = end_ > 0 ? t / end_ : static_cast<double>(step) / total_;
  const double part =
      end_ > 0 ? (t - first_time_) / end_ : static_cast<double>(step - first_step_) / total_;
  const double eta = part > 0 ? elapsed * (1 - share) / part : 0.0;
  // Kinds without a linear solver (particles) pass iterations < 0.
  const std::string solver = iterations >= 0 ? fmt::format("  iterations {}", iterations) : "";
  const std::string of = end_ > 0 ? std::string() : fmt::format("/{}", total_);
  return fmt::format("step {}{} ({:.0f}%)  t {:.6g}  dt {:.3g}{}  elapsed {:.1f} s  ETA {:.1f} s",
                     step, of, 100.0 * share, t, dt, solver, elapsed, eta);
}

void Progress::update(long step, double t, double dt, int iterations) {
  if (!log_.is_root()) return;
  if (first_step_ < 0) {
    first_step_ = step - 1;
    start_ = Clock::now();
  }
  const auto now = Clock::now();
  if (terminal_ && now - last_live_ > std::chrono::milliseconds(100)) {
    std::cout << '\r' << text(step, t, dt, iterations) << "\033[K" << std::flush;
    last_live_ = now;
    live_shown_ = true;
  }
  if (std::chrono::duration<double>(now - last_line_).count() >= period_ ||
      (end_ > 0 ? t >= end_ * (1 - 1e-9) : step == total_)) {
    const auto line = text(step, t, dt, iterations);
    if (terminal_)
      log_.file_only(line);
    else
      log_.line(line);
    last_line_ = now;
  }
}

void Progress::finish() {
  if (log_.is_root() && terminal_ && live_shown_) std::cout << '\n' << std::flush;
}

}  // namespace fickle
