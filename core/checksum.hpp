// A file's checksum (CRC-32, zlib's): checkpoints record one per state file, and a restart trusts
// a state only when it still matches (a truncated, overwritten or damaged file is refused).
#pragma once

#include <filesystem>
#include <string>

namespace fickle {

/// "crc32:" and eight hex digits of the file's bytes; throws std::runtime_error if unreadable.
std::string file_checksum(const std::filesystem::path& file);

}  // namespace fickle
