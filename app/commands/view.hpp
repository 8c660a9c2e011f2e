// `fickle view RUN [--png FILE]`: ParaView on a run directory with the state the run wrote
// (RUN/view.py, app/run/view_state.hpp), or that picture rendered headless into FILE. Writes
// nothing into RUN (FILE goes where it is given).
#pragma once

#include <filesystem>

namespace fickle {

/// Runs `paraview --state RUN/view.py`, or with a non-empty `png` `xvfb-run -a pvpython
/// RUN/view.py --png PNG`, without a shell; returns its exit code. Throws CaseError (exit 2) when
/// RUN is not a finished run with a state to show.
int view_run(const std::filesystem::path& run, const std::filesystem::path& png);

}  // namespace fickle
