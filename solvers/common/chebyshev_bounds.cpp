#include "solvers/common/chebyshev_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/petsc.hpp"

namespace fickle {

double jacobi_gershgorin_bound(Mat A) {
  PetscInt begin = 0, end = 0;
  FICKLE_PETSC(MatGetOwnershipRange(A, &begin, &end));
  double bound = 0;
  for (PetscInt row = begin; row < end; ++row) {
    PetscInt n = 0;
    const PetscInt* cols = nullptr;
    const PetscScalar* vals = nullptr;
    FICKLE_PETSC(MatGetRow(A, row, &n, &cols, &vals));
    double diagonal = 0, sum = 0;
    for (PetscInt k = 0; k < n; ++k) {
      sum += std::abs(PetscRealPart(vals[k]));
      if (cols[k] == row) diagonal = std::abs(PetscRealPart(vals[k]));
    }
    FICKLE_PETSC(MatRestoreRow(A, row, &n, &cols, &vals));
    if (diagonal > 0) bound = std::max(bound, sum / diagonal);
  }
  double global = 0;
  FICKLE_PETSC(
      MPI_Allreduce(&bound, &global, 1, MPI_DOUBLE, MPI_MAX, PetscObjectComm((PetscObject)A)));
  return global;
}

int set_chebyshev_bounds_from_gershgorin(PC mg, double lower_fraction) {
  PetscInt levels = 0;
  FICKLE_PETSC(PCMGGetLevels(mg, &levels));
  int set = 0;
  for (PetscInt l = 1; l < levels; ++l) {
    KSP smoother = nullptr;
    FICKLE_PETSC(PCMGGetSmoother(mg, l, &smoother));
    PetscBool chebyshev = PETSC_FALSE, jacobi = PETSC_FALSE;
    FICKLE_PETSC(PetscObjectTypeCompare((PetscObject)smoother, KSPCHEBYSHEV, &chebyshev));
    PC pc = nullptr;
    FICKLE_PETSC(KSPGetPC(smoother, &pc));
    FICKLE_PETSC(PetscObjectTypeCompare((PetscObject)pc, PCJACOBI, &jacobi));
    if (!chebyshev || !jacobi) continue;
    Mat A = nullptr, P = nullptr;
    FICKLE_PETSC(KSPGetOperators(smoother, &A, &P));
    const double g = jacobi_gershgorin_bound(P);
    FICKLE_PETSC(KSPChebyshevSetEigenvalues(smoother, g, lower_fraction * g));
    FICKLE_PETSC(KSPChebyshevEstEigSet(smoother, 0, 0, 0, 0));
    ++set;
  }
  return set;
}

}  // namespace fickle
