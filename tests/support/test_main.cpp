// GoogleTest main for fickle: PETSc and VTK's MPI controller around RUN_ALL_TESTS. Under mpiexec
// only rank 0 prints, and the exit code is the worst over all ranks.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cstdlib>

#include "meshes/vtk_fields.hpp"

int main(int argc, char** argv) {
  // Open MPI refuses to run as root (CI) unless told it may; mpiexec in the tests inherits these.
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
  // Plots cost a second or more per run (matplotlib): the tests that check them ask for them
  // (--set output.plots=true); FICKLE_PLOTS=on in the environment turns them on everywhere.
  setenv("FICKLE_PLOTS", "off", 0);
  ::testing::InitGoogleTest(&argc, argv);
  if (PetscInitialize(&argc, &argv, nullptr, nullptr) != 0) return 1;
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  int rank = 0, code = 0, worst = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  {
    fickle::VtkSession vtk(&argc, &argv);
    if (rank != 0) {
      auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
      delete listeners.Release(listeners.default_result_printer());
    }
    code = RUN_ALL_TESTS();
  }
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD);
  PetscFinalize();
  return worst;
}
