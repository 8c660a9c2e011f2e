// What was run, with what, where and when: the facts `fickle --version` prints and summary.json
// records in its `build` and `run` blocks (docs/output.md), so that a result can be traced to the
// binary, libraries, machines, command line and PETSc options that made it.
#pragma once

#include <mpi.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fickle {

/// The version of fickle (CMake's project version).
const char* fickle_version();

/// Version, git commit (and whether the tree was dirty), build type, compiler and flags, the
/// vector code path (portable or native), PETSc, VTK and MPI versions.
nlohmann::json build_info();

/// `fickle --version`: build_info() as lines.
std::string version_text();

/// Records the command line as given (main calls it first).
void set_command_line(int argc, char** argv);

/// Start time (UTC, ISO 8601), host names (one per node), ranks, the command line, the PETSc
/// options in effect and the defaults fickle set itself. Collective.
nlohmann::json run_info(MPI_Comm comm, const std::string& start_time);

/// Now, in UTC, ISO 8601 (2026-12-06T10:00:00Z).
std::string utc_now();

}  // namespace fickle
