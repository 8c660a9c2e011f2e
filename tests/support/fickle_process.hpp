// Helpers for tests that drive the fickle binary: run it (optionally under mpiexec), read what it
// wrote (summary.json, series.csv, VTK snapshots with VTK's own readers).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "meshes/vtk_reader.hpp"

namespace fickle::testing {

struct Outcome {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// `env -u ...` removing the MPI launcher variables of this (singleton MPI) test process, which
/// would confuse a child mpiexec and make a child fickle believe it runs under a launcher.
std::string without_mpi_environment();

/// Runs `fickle ARGS` on `ranks` ranks (mpiexec when > 1) and waits for it.
Outcome run_fickle(const std::string& args, int ranks = 1);

/// Starts `fickle ARGS` (behind `launcher`, e.g. "mpiexec -n 2 "), waits until `log_txt` shows a
/// progress line, sends `signal` and waits for the exit: the way a batch scheduler stops a job.
/// Its output goes to `output` (default: interrupted.out beside the run directory of log_txt).
Outcome interrupt_when_running(const std::string& args, const std::filesystem::path& log_txt,
                               int signal, const std::string& launcher = "",
                               std::filesystem::path output = {});

/// `text` quoted for /bin/sh: inside single quotes, with each ' written as '\''.
std::string shell_quote(const std::string& text);

/// A fickle process started in the background (behind `launcher`, e.g. "mpiexec -n 2 ", and after
/// the shell text `prefix`, e.g. "trap '' INT; "), in its own process group, its output in
/// `output`.
class BackgroundFickle {
 public:
  BackgroundFickle(const std::string& args, std::filesystem::path output,
                   const std::string& launcher = "", const std::string& prefix = "");
  ~BackgroundFickle();  ///< kills the process group if it still runs
  BackgroundFickle(const BackgroundFickle&) = delete;
  BackgroundFickle& operator=(const BackgroundFickle&) = delete;
  /// Waits (up to `seconds`) until `file` contains `text`; false on timeout or when it exited.
  bool wait_for(const std::filesystem::path& file, const std::string& text, double seconds = 30);
  /// Waits until the process is the program `name` (after the shell's and env's exec).
  bool wait_for_program(const std::string& name, double seconds = 30);
  /// Waits until the process blocks `signal` (its SigBlk in /proc).
  bool wait_for_blocked(int signal, double seconds = 30);
  void signal(int signal) const;
  /// Waits for the exit; after `seconds` kills the process group and returns exit code 124.
  Outcome wait(double seconds = 600);

 private:
  bool exited();  ///< reaps the process if it ended

  int pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::filesystem::path output_;
};

/// A fresh, empty scratch directory for the current test (emptied on every call).
std::filesystem::path scratch_dir();

/// The repository's cases/ directory.
std::filesystem::path cases_dir();
/// cases/NAME as a string for a command line.
std::string case_path(const std::string& name);

nlohmann::json read_summary(const std::filesystem::path& run_dir);
/// The bytes of a particle run's last checkpoint (positions, velocities, clocks in id order).
std::string particle_state(const std::filesystem::path& run_dir);
std::string read_text(const std::filesystem::path& file);
/// Writes `text` to `file`, creating its directories.
void write_file(const std::filesystem::path& file, const std::string& text);

/// A cell array of a .pvtr snapshot (meshes/vtk_reader.hpp, the reader fickle itself uses).
using ::fickle::read_cell_array;

/// Largest |a_i − b_i| / max |b_i|; infinite when either is empty or the sizes differ.
double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace fickle::testing
