// The staggered (MAC) grid of a Grid as a PETSc DMStag: one velocity component on each face (the
// component normal to it) and the pressure at each cell centre.
//
// Indices are global. Face (a, idx) is the face normal to axis a at x_a = lower_a + idx[a] h_a, its
// other coordinates at cell centres: idx[a] runs over [0, N_a] (N_a + 1 faces, the last one on the
// upper boundary) or [0, N_a) on a periodic axis. Cell idx is the cell with that index. Indices one
// step outside [0, N) are ghosts: on periodic axes they wrap, on the others they do not exist.
#pragma once

#include <mpi.h>
#include <petscdmstag.h>

#include <array>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"

namespace fickle {

using Index3 = std::array<PetscInt, 3>;

/// idx moved by `by` cells along `axis`.
inline Index3 shifted(Index3 idx, int axis, PetscInt by) {
  idx[axis] += by;
  return idx;
}

/// A degree of freedom: a face velocity (axis 0..2) or a cell pressure (axis = kCell).
struct MacDof {
  static constexpr int kCell = -1;
  int axis = kCell;
  Index3 idx{0, 0, 0};
};

class MacGrid {
 public:
  /// `ranges` (cells per rank along each axis) fixes the partition; empty: PETSc decides.
  MacGrid(MPI_Comm comm, const Grid& grid, const std::array<std::vector<PetscInt>, 3>& ranges = {});

  DM dm() const { return dm_; }
  /// The same layout with a box stencil: its local vectors also hold the diagonal neighbours
  /// (edge vorticity, cell averages); global vectors of both DMs are interchangeable. Made on the
  /// first call (collective), so that it does not add to the solver's peak memory.
  DM box_dm() const;
  const Grid& grid() const { return grid_; }
  int dim() const { return grid_.dim; }
  MPI_Comm comm() const { return PetscObjectComm(reinterpret_cast<PetscObject>(dm_.get())); }

  /// The cells this rank owns: [start, start + count) per axis (count 1 on unused axes).
  const Index3& start() const { return start_; }
  const Index3& count() const { return count_; }
  /// The ghosted box of a local vector (owned cells, one layer of neighbours, and the dummy
  /// element past the last cell on a non-periodic axis that holds the upper boundary faces).
  const Index3& ghost_start() const { return ghost_start_; }
  const Index3& ghost_count() const { return ghost_count_; }
  /// Ownership ranges per axis (cells per rank along the axis), for a matching cell DMDA.
  std::array<std::vector<PetscInt>, 3> ownership_ranges() const;

  /// Number of faces normal to axis a along a (N_a + 1, or N_a when periodic).
  PetscInt face_count(int a) const {
    return grid_.cells[a] + (grid_.periodic[a] || a >= dim() ? 0 : 1);
  }
  /// True when cell idx exists (inside, or a ghost across a periodic axis).
  bool cell_exists(const Index3& idx) const;
  /// True when face (a, idx) exists.
  bool face_exists(int a, const Index3& idx) const;
  /// The face (a, idx) lies on the box boundary (idx[a] = 0 or N_a on a non-periodic axis).
  bool on_boundary(int a, const Index3& idx) const {
    return !grid_.periodic[a] && (idx[a] == 0 || idx[a] == grid_.cells[a]);
  }
  /// Cell index wrapped into [0, N) on periodic axes (unchanged elsewhere).
  Index3 wrap(Index3 idx) const;

  std::array<double, 3> cell_centre(const Index3& idx) const;
  std::array<double, 3> face_centre(int a, const Index3& idx) const;

  /// Index into a local (ghosted) vector of this DM; valid for owned dofs and ghosts one cell away.
  PetscInt local_index(const MacDof& dof) const;
  PetscInt local_size() const { return local_size_; }

  /// Calls f(a, idx) for every face this rank owns (its cells' lower faces, plus the upper
  /// boundary faces of the last cells), axis by axis in no particular order.
  template <class F>
  void for_each_owned_face(F&& f) const;
  /// Calls f(idx) for every owned cell, x fastest.
  template <class F>
  void for_each_owned_cell(F&& f) const;

 private:
  DMBoundaryType boundary(int a) const;

  Grid grid_;
  OwnedDM dm_;
  mutable OwnedDM box_dm_;
  Index3 start_{0, 0, 0}, count_{1, 1, 1};
  Index3 ghost_start_{0, 0, 0}, ghost_count_{1, 1, 1};
  PetscInt per_element_ = 0;
  std::array<PetscInt, 3> face_slot_{0, 0, 0};
  PetscInt cell_slot_ = 0;
  PetscInt local_size_ = 0;
};

template <class F>
void MacGrid::for_each_owned_cell(F&& f) const {
  for (PetscInt k = start_[2]; k < start_[2] + count_[2]; ++k)
    for (PetscInt j = start_[1]; j < start_[1] + count_[1]; ++j)
      for (PetscInt i = start_[0]; i < start_[0] + count_[0]; ++i) f(Index3{i, j, k});
}

template <class F>
void MacGrid::for_each_owned_face(F&& f) const {
  for (int a = 0; a < dim(); ++a) {
    // The rank holding the last cells along a also owns the upper boundary faces.
    Index3 end{start_[0] + count_[0], start_[1] + count_[1], start_[2] + count_[2]};
    if (!grid_.periodic[a] && end[a] == grid_.cells[a]) ++end[a];
    for (PetscInt k = start_[2]; k < end[2]; ++k)
      for (PetscInt j = start_[1]; j < end[1]; ++j)
        for (PetscInt i = start_[0]; i < end[0]; ++i) f(a, Index3{i, j, k});
  }
}

}  // namespace fickle
