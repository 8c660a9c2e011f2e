// Atomic writes: a file is written under a temporary name beside its place (`NAME.partial`) and
// renamed into place only once complete, so a killed run never leaves a truncated file that looks
// complete. Every file fickle writes that a reader may take as finished goes through here.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <functional>
#include <string_view>

namespace fickle {

/// The temporary name `path` is written under.
std::filesystem::path partial_path(const std::filesystem::path& path);

/// Calls write(partial) and renames `partial` to `path` when it returns (a write that throws
/// leaves `path` as it was).
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& partial)>& write);

/// The same for a writer that is collective on `comm` (every rank calls it; PETSc viewers, MPI-IO):
/// rank 0 renames once every rank's write returned. Collective.
void write_atomically(MPI_Comm comm, const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& partial)>& write);

/// Writes `content` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace fickle
