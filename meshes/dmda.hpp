// Cell-centred DMDA for a Grid: one DMDA point per cell (the geometry stays with the Grid).
#pragma once

#include <mpi.h>

#include <array>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"

namespace fickle {

/// Creates a DMDA with one degree of freedom per cell and a star stencil of the given width.
/// Periodic axes use DM_BOUNDARY_PERIODIC; the interpolation type is Q0 (piecewise constant)
/// so that DMCoarsen halves the number of cells, as a cell-centred multigrid hierarchy needs.
/// `ownership` (cells per rank along each axis, as DMDACreate's lx, ly, lz) matches another DM's
/// decomposition, e.g. a DMStag's; empty lets PETSc decide. The DMDA has no coordinates: cell
/// centres and faces come from the Grid.
OwnedDM create_cell_dmda(MPI_Comm comm, const Grid& grid, int stencil_width = 1,
                         const std::array<std::vector<PetscInt>, 3>& ownership = {});

/// The cells this rank owns: [start, start + count) per axis (count 1 on unused axes).
struct OwnedBox {
  std::array<PetscInt, 3> start{0, 0, 0};
  std::array<PetscInt, 3> count{1, 1, 1};
  PetscInt size() const { return count[0] * count[1] * count[2]; }
};
OwnedBox owned_box(DM da);

/// Calls f(i, j, k, local_index) for every owned cell, i fastest (the order of a global Vec's
/// array).
template <class F>
void for_each_owned_cell(const OwnedBox& box, F&& f) {
  PetscInt n = 0;
  for (PetscInt k = box.start[2]; k < box.start[2] + box.count[2]; ++k)
    for (PetscInt j = box.start[1]; j < box.start[1] + box.count[1]; ++j)
      for (PetscInt i = box.start[0]; i < box.start[0] + box.count[0]; ++i) f(i, j, k, n++);
}

/// Calls f(i, j, k, local_index) for the owned cells whose index along `axis` is `layer` (none
/// when this rank owns no such cell), in for_each_owned_cell's order.
template <class F>
void for_each_owned_cell_in_layer(const OwnedBox& box, int axis, PetscInt layer, F&& f) {
  if (layer < box.start[axis] || layer >= box.start[axis] + box.count[axis]) return;
  std::array<PetscInt, 3> lo = box.start, hi{0, 0, 0};
  for (int a = 0; a < 3; ++a) hi[a] = box.start[a] + box.count[a];
  lo[axis] = layer;
  hi[axis] = layer + 1;
  for (PetscInt k = lo[2]; k < hi[2]; ++k)
    for (PetscInt j = lo[1]; j < hi[1]; ++j)
      for (PetscInt i = lo[0]; i < hi[0]; ++i)
        f(i, j, k,
          (i - box.start[0]) +
              ((j - box.start[1]) + (k - box.start[2]) * box.count[1]) * box.count[0]);
}

/// Sum of the cell values times the cell volume over the whole grid (the mass Σ u h^d).
double integrate(const Grid& grid, Vec u);
/// Σ |u| h^d: the scale a relative mass drift is measured against (meaningful when Σ u h^d ≈ 0).
double integrate_absolute(const Grid& grid, Vec u);

}  // namespace fickle
