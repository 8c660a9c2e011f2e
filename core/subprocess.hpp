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

}  // namespace fickle
