#include "app/run/view_state.hpp"

#include <fstream>
#include <sstream>

#include "app/run/installation.hpp"
#include "core/atomic_file.hpp"

namespace fickle {
namespace fs = std::filesystem;

void write_view_state(MPI_Comm comm, const fs::path& run_dir, const std::string& kind, Log& log) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) return;
  try {
    const fs::path source = tool("view_state.py");
    std::ifstream in(source);
    if (source.empty() || !in) {
      log.line("view: no view.py (view_state.py not found in the data directory)");
      return;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string state = text.str();
    // The template's one placeholder: the kind decides the picture.
    const std::string placeholder = "KIND = None";
    const auto at = state.find(placeholder);
    if (at == std::string::npos) throw std::runtime_error(source.string() + " has no KIND line");
    state.replace(at, placeholder.size(), "KIND = \"" + kind + "\"");
    write_file_atomically(run_dir / kViewState, state);
  } catch (const std::exception& e) {
    log.line(std::string("view: no view.py (") + e.what() + ")");
  }
}

}  // namespace fickle
