#include "app/run/installation.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

namespace fickle {
namespace fs = std::filesystem;

fs::path data_dir() {
  if (const char* env = std::getenv("FICKLE_DATA"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const fs::path& candidate : {exe.parent_path().parent_path() / "share" / "fickle",
                                    exe.parent_path() / "share" / "fickle"})
    if (fs::is_directory(candidate / "tools", ec)) return candidate;
  return {};
}

fs::path tool(const std::string& name) {
  const fs::path dir = data_dir();
  return dir.empty() ? fs::path() : dir / "tools" / name;
}

}  // namespace fickle
