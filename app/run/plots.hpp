// The pictures a finished run draws of itself: the kind's plot script (tools/plot_*.py) run by
// /usr/bin/python3 without a shell. Plotting never fails a run: a script that cannot run or fails
// leaves one line in the log and its output in plots.log.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <string>

#include "app/run/run_directory.hpp"

namespace fickle {

/// The default of `output.plots`: whether /usr/bin/python3 has matplotlib (Debian's
/// python3-matplotlib), unless FICKLE_PLOTS is `off` (false) or `on` (true).
bool plots_by_default();

/// Rank 0 runs `/usr/bin/python3 TOOLS/script RUN_DIR` and logs the outcome; the other ranks
/// return at once. Never throws.
void make_plots(MPI_Comm comm, const std::filesystem::path& run_dir, const std::string& script,
                Log& log);

}  // namespace fickle
