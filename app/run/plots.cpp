#include "app/run/plots.hpp"

#include <cstdlib>
#include <string_view>

#include "app/run/installation.hpp"
#include "core/on_root.hpp"
#include "core/subprocess.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {
// Debian's interpreter, where python3-matplotlib lives, before whatever python3 PATH finds.
std::string python() {
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}
}  // namespace

bool plots_by_default() {
  if (const char* env = std::getenv("FICKLE_PLOTS"); env && *env)
    return std::string_view(env) != "off";
  // A look at the disk rather than starting Python: `check` and every run ask.
  std::error_code ec;
  return fs::exists("/usr/bin/python3", ec) &&
         fs::exists("/usr/lib/python3/dist-packages/matplotlib/__init__.py", ec);
}

void make_plots(MPI_Comm comm, const fs::path& run_dir, const std::string& script, Log& log) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) return;  // nothing collective: rank 0 alone runs the script and logs
  try {
    const fs::path path = tool(script);
    if (path.empty() || !fs::exists(path)) {
      log.line("plots: skipped (" + script + " not found in the data directory)");
      return;
    }
    const fs::path plots_log = run_dir / "plots.log";
    fs::remove(plots_log);
    if (run_program({python(), path.string(), run_dir.string()}, plots_log) == 0)
      log.line("plots: " + (run_dir / "plots").string());
    else
      log.line("plots: failed, the run is not affected (python3 with matplotlib? see " +
               plots_log.string() + ")");
  } catch (const std::exception& e) {
    log.line(std::string("plots: failed, the run is not affected (") + e.what() + ")");
  }
}

}  // namespace fickle
