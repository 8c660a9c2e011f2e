#include "core/checksum.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace fickle {

std::string file_checksum(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  uLong crc = crc32(0L, Z_NULL, 0);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(in.gcount()));
  }
  return fmt::format("crc32:{:08x}", crc);
}

}  // namespace fickle
