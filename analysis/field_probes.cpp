#include "analysis/field_probes.hpp"

#include "meshes/cell_sampling.hpp"
#include "meshes/dmda.hpp"

namespace fickle {

namespace {

MPI_Comm comm_of(DM da) {
  MPI_Comm comm = MPI_COMM_NULL;
  FICKLE_PETSC(PetscObjectGetComm(reinterpret_cast<PetscObject>(da), &comm));
  return comm;
}

bool owns(const OwnedBox& box, const std::array<std::int64_t, 3>& cell) {
  for (int a = 0; a < 3; ++a)
    if (cell[a] < box.start[a] || cell[a] >= box.start[a] + box.count[a]) return false;
  return true;
}

}  // namespace

std::vector<double> probe_values(const Grid& grid, DM da, Vec u,
                                 const std::vector<std::array<double, 3>>& points) {
  std::vector<double> sums(points.size(), 0.0);
  if (points.empty()) return sums;
  const OwnedBox box = owned_box(da);
  const PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArrayRead(u, &values));
  for (std::size_t p = 0; p < points.size(); ++p) {
    const CellStencil stencil = multilinear_stencil(grid, points[p]);
    for (int c = 0; c < stencil.size; ++c) {
      const auto& cell = stencil.cells[c];
      if (!owns(box, cell)) continue;
      // The local index of an owned cell in the global Vec's array (i fastest in the box).
      const PetscInt n =
          (cell[0] - box.start[0]) +
          box.count[0] * ((cell[1] - box.start[1]) + box.count[1] * (cell[2] - box.start[2]));
      sums[p] += stencil.weights[c] * PetscRealPart(values[n]);
    }
  }
  FICKLE_PETSC(VecRestoreArrayRead(u, &values));
  MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                comm_of(da));
  return sums;
}

std::vector<double> region_integrals(const Grid& grid, DM da, Vec u,
                                     const std::vector<Region>& regions) {
  std::vector<double> sums(regions.size(), 0.0);
  if (regions.empty()) return sums;
  const PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArrayRead(u, &values));
  for_each_owned_cell(owned_box(da), [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    std::array<double, 3> x{0, 0, 0};
    for (int a = 0; a < grid.dim; ++a) x[a] = grid.centre(a, cell[a]);
    for (std::size_t r = 0; r < regions.size(); ++r)
      if (regions[r].contains(x, grid.dim)) sums[r] += PetscRealPart(values[n]);
  });
  FICKLE_PETSC(VecRestoreArrayRead(u, &values));
  for (double& s : sums) s *= grid.cell_volume();
  MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                comm_of(da));
  return sums;
}

}  // namespace fickle
