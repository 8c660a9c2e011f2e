#include "app/run/provenance.hpp"

#include <fmt/format.h>
#include <petscsys.h>
#include <unistd.h>
#include <vtkVersion.h>

#include <chrono>
#include <ctime>
#include <set>

#include "core/petsc.hpp"
#include "core/petsc_options.hpp"

namespace fickle::build {
extern const char* const kGitCommit;  // generated at build time (cmake/build_info.cmake)
extern const bool kGitDirty;
}  // namespace fickle::build

namespace fickle {

namespace {

std::vector<std::string>& command_line() {
  static std::vector<std::string> args;
  return args;
}

std::string mpi_library() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = "";
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string s(text, static_cast<std::size_t>(length));
  return s.substr(0, s.find_first_of(",\n"));
}

}  // namespace

const char* fickle_version() {
  return FICKLE_VERSION;
}

nlohmann::json build_info() {
  return {{"version", FICKLE_VERSION},
          {"git_commit", build::kGitCommit},
          {"git_dirty", build::kGitDirty},
          {"build_type", FICKLE_BUILD_TYPE},
          {"compiler", FICKLE_COMPILER},
          {"flags", FICKLE_CXX_FLAGS},
          {"vector_code", FICKLE_VECTOR_CODE},
          {"petsc", fmt::format("{}.{}.{}", PETSC_VERSION_MAJOR, PETSC_VERSION_MINOR,
                                PETSC_VERSION_SUBMINOR)},
          {"petsc_int_bits", 8 * sizeof(PetscInt)},
          {"vtk", vtkVersion::GetVTKVersion()},
          {"mpi", mpi_library()}};
}

std::string version_text() {
  const nlohmann::json b = build_info();
  std::string text = fmt::format("fickle {}\n", b["version"].get<std::string>());
  text += fmt::format("  git commit   {}{}\n", b["git_commit"].get<std::string>(),
                      b["git_dirty"].get<bool>() ? " (with uncommitted changes)" : "");
  for (const char* key : {"build_type", "compiler", "flags", "vector_code", "petsc", "vtk", "mpi"})
    text += fmt::format("  {:<12} {}\n", key, b[key].get<std::string>());
  return text;
}

void set_command_line(int argc, char** argv) {
  command_line().assign(argv, argv + argc);
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

nlohmann::json run_info(MPI_Comm comm, const std::string& start_time) {
  int ranks = 1, rank = 0;
  MPI_Comm_size(comm, &ranks);
  MPI_Comm_rank(comm, &rank);
  // Every rank's host name, gathered on rank 0; the summary lists each node once.
  char host[256] = "";
  gethostname(host, sizeof host - 1);
  std::vector<char> all(static_cast<std::size_t>(256 * ranks));
  MPI_Gather(host, 256, MPI_CHAR, all.data(), 256, MPI_CHAR, 0, comm);
  std::set<std::string> hosts;
  for (int r = 0; r < ranks; ++r) hosts.insert(std::string(all.data() + 256 * r));
  return {{"start", start_time},
          {"hosts", std::vector<std::string>(hosts.begin(), hosts.end())},
          {"ranks", ranks},
          {"command_line", command_line()},
          {"petsc_options", petsc_options_in_effect()},
          {"fickle_defaults", ScopedOptions::applied()}};
}

}  // namespace fickle
