#include "app/commands/view.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app/input/case_reader.hpp"
#include "app/run/view_state.hpp"
#include "core/subprocess.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

// The kind of the run in `run`, from its summary.json ("" when there is none).
std::string kind_of(const fs::path& run) {
  std::ifstream in(run / "summary.json");
  try {
    return in ? nlohmann::json::parse(in).value("kind", "") : "";
  } catch (const nlohmann::json::exception&) {
    return "";
  }
}

}  // namespace

int view_run(const fs::path& run, const fs::path& png) {
  const fs::path state = run / kViewState;
  if (!fs::is_directory(run))
    throw CaseError(
        fmt::format("view {}: expected a run directory, got nothing there", run.string()));
  if (kind_of(run) == "nn")
    throw CaseError(fmt::format("view {}: an nn run has no ParaView data; its pictures are in {}",
                                run.string(), (run / "plots").string()));
  if (!fs::exists(state))
    throw CaseError(
        fmt::format("view {}: no {} (a run that did not finish, or one made before "
                    "fickle wrote it: run it again)",
                    run.string(), kViewState));
  if (png.empty()) {
    const int code = run_program({"paraview", "--state=" + state.string()}, {});
    if (code < 0)
      throw std::runtime_error("view: cannot start paraview (tools/setup.sh installs it)");
    return code == 0 ? 0 : 1;
  }
  // -noreset: Xvfb would reset when ParaView closes its first connection and drop the next.
  const int code = run_program({"xvfb-run", "-a", "-s", "-noreset -screen 0 1600x1200x24",
                                "pvpython", state.string(), "--png", fs::absolute(png).string()},
                               {});
  if (code != 0)
    throw std::runtime_error(fmt::format(
        "view {}: pvpython under xvfb-run failed (exit {}; tools/setup.sh installs them)",
        run.string(), code));
  return 0;
}

}  // namespace fickle
