// Where fickle's own data is (tools/ with the plot and render scripts, cases/, docs/): found from
// the binary's own location, so that an installed fickle works wherever its prefix is moved and
// whether or not the source tree still exists. No path is compiled in.
#pragma once

#include <filesystem>

namespace fickle {

/// $FICKLE_DATA if set; else PREFIX/share/fickle beside an installed PREFIX/bin/fickle; else
/// BUILD/share/fickle beside BUILD/fickle (CMake links the source's folders there). Empty when
/// none exists.
std::filesystem::path data_dir();

/// data_dir()/tools/NAME (empty when there is no data directory).
std::filesystem::path tool(const std::string& name);

}  // namespace fickle
