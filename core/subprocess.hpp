// Running another program (a plot script) without a shell: its arguments are passed as they are,
// so no path, however it is quoted, is ever interpreted as a command.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace fickle {

/// Runs argv[0] (searched on PATH when it has no slash) with `argv`, its standard output and
/// error appended to `output` (empty: this process's own), and waits for it. Returns its exit code,
/// or −1 when it could not be started or ended on a signal.
int run_program(const std::vector<std::string>& argv, const std::filesystem::path& output);

/// Remembers this process's environment as it is now, before MPI starts: programs started later
/// by run_program get this one. Open MPI's initialisation adds its own variables (OMPI_MCA_ess,
/// OMPI_MCA_pmix, the session directory fickle chooses for a singleton, ...); a child that uses MPI
/// itself (pvpython) would take them as its own and share, then remove, this process's session
/// directory. Without a call, children get the environment as it is when they start.
void remember_launch_environment();

}  // namespace fickle
