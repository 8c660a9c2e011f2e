#include "solvers/stokes/mac_grid.hpp"

namespace fickle {

MacGrid::MacGrid(MPI_Comm comm, const Grid& grid,
                 const std::array<std::vector<PetscInt>, 3>& ranges)
    : grid_(grid) {
  if (grid.dim < 2) throw std::invalid_argument("a MAC grid needs 2 or 3 dimensions");
  const auto& n = grid.cells;
  auto ranks = [&](int a) {
    return ranges[a].empty() ? PETSC_DECIDE : static_cast<PetscInt>(ranges[a].size());
  };
  auto range = [&](int a) { return ranges[a].empty() ? nullptr : ranges[a].data(); };
  // A star stencil of width 1 holds every coupling of the scheme (no cross-component terms).
  if (grid.dim == 2)
    FICKLE_PETSC(DMStagCreate2d(comm, boundary(0), boundary(1), n[0], n[1], ranks(0), ranks(1), 0,
                                1, 1, DMSTAG_STENCIL_STAR, 1, range(0), range(1), dm_.out()));
  else
    FICKLE_PETSC(DMStagCreate3d(comm, boundary(0), boundary(1), boundary(2), n[0], n[1], n[2],
                                ranks(0), ranks(1), ranks(2), 0, 0, 1, 1, DMSTAG_STENCIL_STAR, 1,
                                range(0), range(1), range(2), dm_.out()));
  // A given partition is a coarse twin of another grid (coarse_schur.hpp): -stag_ options would
  // break the match.
  if (ranges[0].empty()) FICKLE_PETSC(DMSetFromOptions(dm_));
  FICKLE_PETSC(DMSetUp(dm_));
  FICKLE_PETSC(DMStagSetUniformCoordinatesProduct(dm_, grid.lower[0], grid.upper[0], grid.lower[1],
                                                  grid.upper[1], grid.lower[2], grid.upper[2]));
  FICKLE_PETSC(DMStagGetCorners(dm_, &start_[0], &start_[1], &start_[2], &count_[0], &count_[1],
                                &count_[2], nullptr, nullptr, nullptr));
  FICKLE_PETSC(DMStagGetGhostCorners(dm_, &ghost_start_[0], &ghost_start_[1], &ghost_start_[2],
                                     &ghost_count_[0], &ghost_count_[1], &ghost_count_[2]));
  if (grid.dim == 2) {
    start_[2] = ghost_start_[2] = 0;
    count_[2] = ghost_count_[2] = 1;
  }
  FICKLE_PETSC(DMStagGetEntriesPerElement(dm_, &per_element_));
  const std::array<DMStagStencilLocation, 3> lower{DMSTAG_LEFT, DMSTAG_DOWN, DMSTAG_BACK};
  for (int a = 0; a < grid.dim; ++a)
    FICKLE_PETSC(DMStagGetLocationSlot(dm_, lower[a], 0, &face_slot_[a]));
  FICKLE_PETSC(DMStagGetLocationSlot(dm_, DMSTAG_ELEMENT, 0, &cell_slot_));
  FICKLE_PETSC(DMStagGetEntriesLocal(dm_, &local_size_));
}

DM MacGrid::box_dm() const {
  if (box_dm_) return box_dm_;
  // The box-stencil twin, with the same ownership so that global vectors match entry for entry.
  const auto& n = grid_.cells;
  const auto r = ownership_ranges();
  if (grid_.dim == 2)
    FICKLE_PETSC(DMStagCreate2d(comm(), boundary(0), boundary(1), n[0], n[1],
                                static_cast<PetscInt>(r[0].size()),
                                static_cast<PetscInt>(r[1].size()), 0, 1, 1, DMSTAG_STENCIL_BOX, 1,
                                r[0].data(), r[1].data(), box_dm_.out()));
  else
    FICKLE_PETSC(DMStagCreate3d(comm(), boundary(0), boundary(1), boundary(2), n[0], n[1], n[2],
                                static_cast<PetscInt>(r[0].size()),
                                static_cast<PetscInt>(r[1].size()),
                                static_cast<PetscInt>(r[2].size()), 0, 0, 1, 1, DMSTAG_STENCIL_BOX,
                                1, r[0].data(), r[1].data(), r[2].data(), box_dm_.out()));
  FICKLE_PETSC(DMSetUp(box_dm_));
  return box_dm_;
}

DMBoundaryType MacGrid::boundary(int a) const {
  return grid_.periodic[a] ? DM_BOUNDARY_PERIODIC : DM_BOUNDARY_NONE;
}

std::array<std::vector<PetscInt>, 3> MacGrid::ownership_ranges() const {
  const PetscInt* r[3] = {nullptr, nullptr, nullptr};
  FICKLE_PETSC(DMStagGetOwnershipRanges(dm_, &r[0], &r[1], &r[2]));
  PetscInt ranks[3] = {1, 1, 1};
  FICKLE_PETSC(DMStagGetNumRanks(dm_, &ranks[0], &ranks[1], &ranks[2]));
  std::array<std::vector<PetscInt>, 3> out;
  for (int a = 0; a < dim(); ++a) out[a].assign(r[a], r[a] + ranks[a]);
  return out;
}

bool MacGrid::cell_exists(const Index3& idx) const {
  for (int a = 0; a < dim(); ++a) {
    const PetscInt lo = grid_.periodic[a] ? -1 : 0;
    const PetscInt hi = grid_.periodic[a] ? grid_.cells[a] : grid_.cells[a] - 1;
    if (idx[a] < lo || idx[a] > hi) return false;
  }
  return true;
}

bool MacGrid::face_exists(int a, const Index3& idx) const {
  for (int b = 0; b < dim(); ++b) {
    const PetscInt lo = grid_.periodic[b] ? -1 : 0;
    const PetscInt hi = grid_.periodic[b] || b == a ? grid_.cells[b] : grid_.cells[b] - 1;
    if (idx[b] < lo || idx[b] > hi) return false;
  }
  return true;
}

Index3 MacGrid::wrap(Index3 idx) const {
  for (int a = 0; a < dim(); ++a)
    if (grid_.periodic[a]) idx[a] = (idx[a] % grid_.cells[a] + grid_.cells[a]) % grid_.cells[a];
  return idx;
}

std::array<double, 3> MacGrid::cell_centre(const Index3& idx) const {
  std::array<double, 3> x{0, 0, 0};
  for (int a = 0; a < dim(); ++a) x[a] = grid_.centre(a, idx[a]);
  return x;
}

std::array<double, 3> MacGrid::face_centre(int a, const Index3& idx) const {
  auto x = cell_centre(idx);
  x[a] = grid_.lower[a] + static_cast<double>(idx[a]) * grid_.spacing(a);
  return x;
}

PetscInt MacGrid::local_index(const MacDof& dof) const {
  // Local vectors are [k][j][i][slot] over the ghost box; an upper boundary face is the lower face
  // of the dummy element DMStag keeps past the last cell (DMSTAG_RIGHT is slot LEFT + entries).
  const auto& g = ghost_start_;
  const auto& n = ghost_count_;
  const PetscInt element =
      ((dof.idx[2] - g[2]) * n[1] + (dof.idx[1] - g[1])) * n[0] + (dof.idx[0] - g[0]);
  return element * per_element_ + (dof.axis == MacDof::kCell ? cell_slot_ : face_slot_[dof.axis]);
}

}  // namespace fickle
