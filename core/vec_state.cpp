#include "core/vec_state.hpp"

#include <fmt/format.h>

#include "core/atomic_file.hpp"

namespace fickle {

namespace {
MPI_Comm comm_of(Vec v) {
  return PetscObjectComm(reinterpret_cast<PetscObject>(v));
}
}  // namespace

std::string save_vec_state(const std::filesystem::path& dir, long step,
                           const std::vector<Vec>& vectors) {
  const std::string name = fmt::format("state_{:08d}.bin", step);
  const MPI_Comm comm = comm_of(vectors.front());
  write_atomically(comm, dir / name, [&](const std::filesystem::path& partial) {
    OwnedViewer viewer;
    FICKLE_PETSC(PetscViewerBinaryOpen(comm, partial.c_str(), FILE_MODE_WRITE, viewer.out()));
    FICKLE_PETSC(PetscViewerBinarySetSkipInfo(viewer, PETSC_TRUE));
    // VecView of a DMDA vector writes the natural (rank-independent) ordering.
    for (Vec v : vectors) FICKLE_PETSC(VecView(v, viewer));
  });  // the viewer closes the file (rank 0 writes it) before the rename
  return name;
}

void load_vec_state(const std::filesystem::path& file, const std::vector<Vec>& vectors) {
  OwnedViewer viewer;
  FICKLE_PETSC(
      PetscViewerBinaryOpen(comm_of(vectors.front()), file.c_str(), FILE_MODE_READ, viewer.out()));
  FICKLE_PETSC(PetscViewerBinarySetSkipInfo(viewer, PETSC_TRUE));
  for (Vec v : vectors) FICKLE_PETSC(VecLoad(v, viewer));
}

}  // namespace fickle
