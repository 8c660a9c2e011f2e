#include "core/vec_state.hpp"

#include <fmt/format.h>
#include <petscdmda.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "core/atomic_file.hpp"
#include "core/on_root.hpp"

namespace fickle {

namespace {

MPI_Comm comm_of(Vec v) {
  return PetscObjectComm(reinterpret_cast<PetscObject>(v));
}

// `v` in the natural (rank-independent) ordering, gathered on rank 0 (empty elsewhere).
OwnedVec natural_on_root(Vec v) {
  int ranks = 1;
  MPI_Comm_size(comm_of(v), &ranks);
  if (ranks == 1) {
    // A copy: on one rank a DMDA's ordering is the natural one. The scatters below would cost
    // more than the write itself (~25 ms at 64³, paid by every run's final checkpoint).
    PetscInt n = 0;
    FICKLE_PETSC(VecGetLocalSize(v, &n));
    OwnedVec copy;
    FICKLE_PETSC(VecCreateSeq(PETSC_COMM_SELF, n, copy.out()));
    const PetscScalar* from = nullptr;
    PetscScalar* to = nullptr;
    FICKLE_PETSC(VecGetArrayRead(v, &from));
    FICKLE_PETSC(VecGetArray(copy, &to));
    std::copy(from, from + n, to);
    FICKLE_PETSC(VecRestoreArray(copy, &to));
    FICKLE_PETSC(VecRestoreArrayRead(v, &from));
    return copy;
  }
  DM dm = nullptr;
  FICKLE_PETSC(VecGetDM(v, &dm));
  OwnedVec natural, gathered;
  Vec source = v;
  if (dm) {
    FICKLE_PETSC(DMDACreateNaturalVector(dm, natural.out()));
    FICKLE_PETSC(DMDAGlobalToNaturalBegin(dm, v, INSERT_VALUES, natural));
    FICKLE_PETSC(DMDAGlobalToNaturalEnd(dm, v, INSERT_VALUES, natural));
    source = natural;
  }
  OwnedScatter scatter;
  FICKLE_PETSC(VecScatterCreateToZero(source, scatter.out(), gathered.out()));
  FICKLE_PETSC(VecScatterBegin(scatter, source, gathered, INSERT_VALUES, SCATTER_FORWARD));
  FICKLE_PETSC(VecScatterEnd(scatter, source, gathered, INSERT_VALUES, SCATTER_FORWARD));
  return gathered;
}

// Bytes of a state file: per vector its class id, its length and its values.
double state_bytes(const std::vector<OwnedVec>& vectors) {
  double bytes = 0;
  for (const OwnedVec& v : vectors) {
    PetscInt n = 0;
    FICKLE_PETSC(VecGetSize(v, &n));
    bytes += 8.0 + 8.0 * static_cast<double>(n);
  }
  return bytes;
}

}  // namespace

std::string save_vec_state(const std::filesystem::path& dir, long step,
                           const std::vector<Vec>& vectors) {
  const std::string name = fmt::format("state_{:08d}.bin", step);
  const MPI_Comm comm = comm_of(vectors.front());
  // Gathered first, written by rank 0 alone: a write that fails (a full disk) then fails on rank 0
  // with every other rank already past the collective part, and on_root tells them.
  std::vector<OwnedVec> gathered;
  for (Vec v : vectors) gathered.push_back(natural_on_root(v));
  on_root(comm, [&] {
    write_atomically(dir / name, [&](const std::filesystem::path& partial) {
      try {
        OwnedViewer viewer;
        FICKLE_PETSC(
            PetscViewerBinaryOpen(PETSC_COMM_SELF, partial.c_str(), FILE_MODE_WRITE, viewer.out()));
        FICKLE_PETSC(PetscViewerBinarySetSkipInfo(viewer, PETSC_TRUE));
        for (const OwnedVec& v : gathered) FICKLE_PETSC(VecView(v, viewer));
      } catch (const PetscFailure&) {
        // PETSc's message gives byte counts; the system's reason is what a user can act on (its
        // errno does not survive PETSc's error handling: a full disk is recognised by statvfs).
        std::filesystem::remove(partial);
        struct statvfs disk {};
        const bool full = ::statvfs(dir.c_str(), &disk) == 0 &&
                          static_cast<double>(disk.f_bavail) * disk.f_bsize < state_bytes(gathered);
        throw std::runtime_error(fmt::format("cannot write {}: {}", (dir / name).string(),
                                             full ? std::strerror(ENOSPC) : "write failed"));
      }
    });  // the viewer closes the file before the rename
  });
  return name;
}

void load_vec_state(const std::filesystem::path& file, const std::vector<Vec>& vectors) {
  OwnedViewer viewer;
  FICKLE_PETSC(
      PetscViewerBinaryOpen(comm_of(vectors.front()), file.c_str(), FILE_MODE_READ, viewer.out()));
  FICKLE_PETSC(PetscViewerBinarySetSkipInfo(viewer, PETSC_TRUE));
  // VecLoad of a DMDA vector reads the natural ordering.
  for (Vec v : vectors) FICKLE_PETSC(VecLoad(v, viewer));
}

long vec_state_count(const std::filesystem::path& file, Vec like) {
  PetscInt n = 0;
  FICKLE_PETSC(VecGetSize(like, &n));
  // Per vector: class id and length (PetscInt each), then the values (PETSc's binary VecView).
  const double bytes = 2.0 * sizeof(PetscInt) + sizeof(PetscScalar) * static_cast<double>(n);
  long count = 0;
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (!error) count = static_cast<long>(static_cast<double>(size) / bytes);
  // Rank 0 reads the file (PETSc's binary viewer): its count holds for all.
  MPI_Bcast(&count, 1, MPI_LONG, 0, comm_of(like));
  return count;
}

}  // namespace fickle
