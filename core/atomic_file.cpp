#include "core/atomic_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;

fs::path partial_path(const fs::path& path) {
  fs::path partial = path;
  partial += ".partial";
  return partial;
}

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  const fs::path partial = partial_path(path);
  write(partial);
  fs::rename(partial, path);
}

void write_atomically(MPI_Comm comm, const fs::path& path,
                      const std::function<void(const fs::path&)>& write) {
  const fs::path partial = partial_path(path);
  write(partial);
  on_root(comm, [&] { fs::rename(partial, path); });
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  write_atomically(path, [&](const fs::path& partial) {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out)
      throw std::runtime_error(
          fmt::format("cannot write {}: {}", partial.string(), std::strerror(errno)));
  });
}

}  // namespace fickle
