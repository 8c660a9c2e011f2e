// view.py, the ParaView state every run leaves in its run directory: tools/view_state.py with the
// run's kind filled in. It names the run's files relative to itself, so
// `paraview --state RUN/view.py` works wherever the run directory is copied, and
// `fickle view RUN [--png FILE]` uses it (docs/output.md, "Looking at a run").
#pragma once

#include <mpi.h>

#include <filesystem>
#include <string>

#include "app/run/run_directory.hpp"

namespace fickle {

/// The name of the state file in a run directory.
inline constexpr const char* kViewState = "view.py";

/// Rank 0 writes RUN_DIR/view.py (atomically) for a run of `kind`; a failure is a log line, never
/// a failed run.
void write_view_state(MPI_Comm comm, const std::filesystem::path& run_dir, const std::string& kind,
                      Log& log);

}  // namespace fickle
