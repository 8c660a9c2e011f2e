#include "meshes/dmda.hpp"

namespace fickle {

OwnedDM create_cell_dmda(MPI_Comm comm, const Grid& grid, int stencil_width,
                         const std::array<std::vector<PetscInt>, 3>& ownership) {
  auto ranks = [&](int a) {
    return ownership[a].empty() ? PETSC_DECIDE : static_cast<PetscInt>(ownership[a].size());
  };
  auto ranges = [&](int a) { return ownership[a].empty() ? nullptr : ownership[a].data(); };
  auto boundary = [&](int a) { return grid.periodic[a] ? DM_BOUNDARY_PERIODIC : DM_BOUNDARY_NONE; };
  OwnedDM da;
  const auto& n = grid.cells;
  switch (grid.dim) {
    case 1:
      FICKLE_PETSC(DMDACreate1d(comm, boundary(0), n[0], 1, stencil_width, ranges(0), da.out()));
      break;
    case 2:
      FICKLE_PETSC(DMDACreate2d(comm, boundary(0), boundary(1), DMDA_STENCIL_STAR, n[0], n[1],
                                ranks(0), ranks(1), 1, stencil_width, ranges(0), ranges(1),
                                da.out()));
      break;
    default:
      FICKLE_PETSC(DMDACreate3d(comm, boundary(0), boundary(1), boundary(2), DMDA_STENCIL_STAR,
                                n[0], n[1], n[2], ranks(0), ranks(1), ranks(2), 1, stencil_width,
                                ranges(0), ranges(1), ranges(2), da.out()));
  }
  FICKLE_PETSC(DMDASetInterpolationType(da, DMDA_Q0));
  FICKLE_PETSC(DMSetFromOptions(da));
  FICKLE_PETSC(DMSetUp(da));
  // No coordinates: fickle's geometry is the Grid (its VTK output, the operators, the probes), and
  // DMDASetUniformCoordinates would cost a coordinate DMDA and a dim-component vector, ~20 ms of a
  // 64³ run's start-up (bench/README.md, startup.sh). PETSc's own viewers then place the cells by
  // index (-vec_view vtk:...) or in the unit box (-ts_monitor_draw_solution).
  return da;
}

OwnedBox owned_box(DM da) {
  OwnedBox box;
  FICKLE_PETSC(DMDAGetCorners(da, &box.start[0], &box.start[1], &box.start[2], &box.count[0],
                              &box.count[1], &box.count[2]));
  return box;
}

double integrate(const Grid& grid, Vec u) {
  PetscScalar sum = 0;
  FICKLE_PETSC(VecSum(u, &sum));
  return PetscRealPart(sum) * grid.cell_volume();
}

double integrate_absolute(const Grid& grid, Vec u) {
  PetscReal l1 = 0;
  FICKLE_PETSC(VecNorm(u, NORM_1, &l1));
  return l1 * grid.cell_volume();
}

}  // namespace fickle
