// Atomic writes: a killed run never leaves a truncated file that looks complete.
#pragma once

#include <filesystem>
#include <string_view>

namespace fickle {

/// Writes `content` to `path` by writing `path.tmp` and renaming it over `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace fickle
