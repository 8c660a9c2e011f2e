// What a case kind gets from the runner: communicator, run directory, log, settings, summary.
#pragma once

#include <mpi.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "app/input/case_sections.hpp"
#include "app/run/run_directory.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

struct RunContext {
  MPI_Comm comm = MPI_COMM_WORLD;
  int rank = 0;
  int ranks = 1;
  std::filesystem::path run_dir;
  bool restart = false;
  /// The checkpoint to continue from when the runner chose it (--restart auto); empty: the
  /// time loop reads checkpoint/meta.json.
  nlohmann::json resume_from;
  CheckpointSettings checkpoint;  ///< the case's `checkpoint:` section
  VtkMetadata vtk;                ///< title and units for the field data of every VTK file
  double stop_after = 0;          ///< wall seconds after which to checkpoint and stop; 0 = never
  Log* log = nullptr;
  nlohmann::json
      summary;  ///< the kind adds its results; the runner adds kind, title, ranks, wall_s
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  /// Called once when the run has proved it can start (its first step, or its solve, succeeded):
  /// from then on the results of an earlier run in run_dir are gone (app/run/case_runner).
  std::function<void()> on_started;

  void mark_started() {
    if (on_started) std::exchange(on_started, nullptr)();
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
};

/// The run stopped on SIGTERM/SIGUSR1 after writing a checkpoint (exit code 4).
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The run diverged or produced non-finite values (exit code 3).
class RunFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fickle
