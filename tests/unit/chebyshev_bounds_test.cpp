// The Chebyshev smoother bounds from Gershgorin (docs/science.md §4.7): an upper bound of the
// eigenvalues of the Jacobi-scaled operator, checked against its exact extreme eigenvalues, and a
// multigrid whose smoothers get them instead of an eigenvalue estimate.
#include <gtest/gtest.h>
#include <petscdmda.h>
#include <petscksp.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/petsc.hpp"
#include "solvers/common/chebyshev_bounds.hpp"

namespace fickle::testing {
namespace {

// The 5-point Laplacian on an n×n grid with Dirichlet walls; with `forced_row` one row becomes
// an interpolated-forcing row u − w u' − w″ u″ (docs/science.md §4.5: non-symmetric, w″ < 0).
Mat laplacian(PetscInt n, bool forced_row) {
  Mat A = nullptr;
  FICKLE_PETSC(MatCreateSeqAIJ(PETSC_COMM_SELF, n * n, n * n, 5, nullptr, &A));
  for (PetscInt j = 0; j < n; ++j)
    for (PetscInt i = 0; i < n; ++i) {
      const PetscInt row = j * n + i;
      FICKLE_PETSC(MatSetValue(A, row, row, 4.0, INSERT_VALUES));
      if (i > 0) FICKLE_PETSC(MatSetValue(A, row, row - 1, -1.0, INSERT_VALUES));
      if (i + 1 < n) FICKLE_PETSC(MatSetValue(A, row, row + 1, -1.0, INSERT_VALUES));
      if (j > 0) FICKLE_PETSC(MatSetValue(A, row, row - n, -1.0, INSERT_VALUES));
      if (j + 1 < n) FICKLE_PETSC(MatSetValue(A, row, row + n, -1.0, INSERT_VALUES));
    }
  FICKLE_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  if (forced_row) {
    // θ = 0.3: w = 2θ/(1 + θ), w″ = −θ/(2 + θ), scaled by the identity scale 4.
    const double theta = 0.3, s = 4.0;
    const PetscInt row = 2 * n + 3;
    FICKLE_PETSC(MatZeroRows(A, 1, &row, s, nullptr, nullptr));
    FICKLE_PETSC(MatSetOption(A, MAT_NEW_NONZERO_LOCATION_ERR, PETSC_FALSE));
    FICKLE_PETSC(MatSetValue(A, row, row + 1, -s * 2 * theta / (1 + theta), INSERT_VALUES));
    FICKLE_PETSC(MatSetValue(A, row, row + 2, s * theta / (2 + theta), INSERT_VALUES));
    FICKLE_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    FICKLE_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  }
  return A;
}

// Exact eigenvalues of D⁻¹A (dense LAPACK through KSPComputeEigenvaluesExplicitly).
std::vector<double> jacobi_scaled_real_parts(Mat A, PetscInt size) {
  KSP ksp = nullptr;
  FICKLE_PETSC(KSPCreate(PETSC_COMM_SELF, &ksp));
  FICKLE_PETSC(KSPSetOperators(ksp, A, A));
  PC pc = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp, &pc));
  FICKLE_PETSC(PCSetType(pc, PCJACOBI));
  FICKLE_PETSC(KSPSetUp(ksp));
  std::vector<PetscReal> re(size), im(size);
  FICKLE_PETSC(KSPComputeEigenvaluesExplicitly(ksp, size, re.data(), im.data()));
  FICKLE_PETSC(KSPDestroy(&ksp));
  return {re.begin(), re.end()};
}

TEST(ChebyshevBounds, GershgorinBoundsTheJacobiScaledLaplacianTightly) {
  const PetscInt n = 8;
  Mat A = laplacian(n, false);
  const auto re = jacobi_scaled_real_parts(A, n * n);
  const double bound = jacobi_gershgorin_bound(A);
  const double lambda_max = *std::max_element(re.begin(), re.end());
  // D⁻¹A = I − (cos terms)/2: λ_max = 1 + cos(π/(n+1)) exactly; Gershgorin gives 2.
  EXPECT_NEAR(lambda_max, 1 + std::cos(std::numbers::pi / (n + 1)), 1e-10);
  EXPECT_DOUBLE_EQ(bound, 2.0);
  EXPECT_GE(bound, lambda_max);
  EXPECT_LT(bound, 1.05 * lambda_max);
  FICKLE_PETSC(MatDestroy(&A));
}

TEST(ChebyshevBounds, GershgorinBoundsANonSymmetricForcedRow) {
  const PetscInt n = 8;
  Mat A = laplacian(n, true);
  const auto re = jacobi_scaled_real_parts(A, n * n);
  const double bound = jacobi_gershgorin_bound(A);
  const double lambda_max = *std::max_element(re.begin(), re.end());
  // The forced row's disc: centre 1, radius 2θ/(1 + θ) + θ/(2 + θ) = 0.592 < 1: the bound stays 2
  // (θ → 1 would give 4/3 and G = 7/3).
  EXPECT_DOUBLE_EQ(bound, 2.0);
  EXPECT_GE(bound, lambda_max);
  EXPECT_GT(*std::min_element(re.begin(), re.end()), 0.0);
  FICKLE_PETSC(MatDestroy(&A));
}

TEST(ChebyshevBounds, MultigridSmoothersGetFixedBoundsAndNoEstimate) {
  // Galerkin multigrid on a 2D DMDA Laplacian: after the bounds are set every level has no
  // eigenvalue-estimating KSP, and the solve converges as with the estimate.
  DM da = nullptr;
  FICKLE_PETSC(DMDACreate2d(PETSC_COMM_SELF, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR,
                            33, 33, PETSC_DECIDE, PETSC_DECIDE, 1, 1, nullptr, nullptr, &da));
  FICKLE_PETSC(DMSetUp(da));
  Mat A = nullptr;
  FICKLE_PETSC(DMCreateMatrix(da, &A));
  DMDALocalInfo info;
  FICKLE_PETSC(DMDAGetLocalInfo(da, &info));
  for (PetscInt j = 0; j < info.my; ++j)
    for (PetscInt i = 0; i < info.mx; ++i) {
      MatStencil row{0, j, i, 0};
      std::vector<MatStencil> cols{row};
      std::vector<PetscScalar> vals{4.0};
      for (const auto& [di, dj] : {std::pair{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
        if (i + di < 0 || i + di >= info.mx || j + dj < 0 || j + dj >= info.my) continue;
        cols.push_back({0, j + dj, i + di, 0});
        vals.push_back(-1.0);
      }
      FICKLE_PETSC(MatSetValuesStencil(A, 1, &row, static_cast<PetscInt>(cols.size()), cols.data(),
                                       vals.data(), INSERT_VALUES));
    }
  FICKLE_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  KSP ksp = nullptr;
  FICKLE_PETSC(KSPCreate(PETSC_COMM_SELF, &ksp));
  FICKLE_PETSC(KSPSetDM(ksp, da));
  FICKLE_PETSC(KSPSetDMActive(ksp, PETSC_FALSE));
  FICKLE_PETSC(KSPSetOperators(ksp, A, A));
  FICKLE_PETSC(KSPSetType(ksp, KSPCG));
  FICKLE_PETSC(KSPSetTolerances(ksp, 1e-10, 1e-50, PETSC_DEFAULT, 100));
  PC pc = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp, &pc));
  FICKLE_PETSC(PCSetType(pc, PCMG));
  FICKLE_PETSC(PCMGSetLevels(pc, 4, nullptr));
  FICKLE_PETSC(PCMGSetGalerkin(pc, PC_MG_GALERKIN_BOTH));
  for (PetscInt l = 1; l < 4; ++l) {
    KSP smoother = nullptr;
    PC jacobi = nullptr;
    FICKLE_PETSC(PCMGGetSmoother(pc, l, &smoother));
    FICKLE_PETSC(KSPSetType(smoother, KSPCHEBYSHEV));
    FICKLE_PETSC(KSPGetPC(smoother, &jacobi));
    FICKLE_PETSC(PCSetType(jacobi, PCJACOBI));
  }
  FICKLE_PETSC(KSPSetUp(ksp));
  EXPECT_EQ(set_chebyshev_bounds_from_gershgorin(pc, 0.1), 3);
  for (PetscInt l = 1; l < 4; ++l) {
    KSP smoother = nullptr, estimate = nullptr;
    FICKLE_PETSC(PCMGGetSmoother(pc, l, &smoother));
    FICKLE_PETSC(KSPChebyshevEstEigGetKSP(smoother, &estimate));
    EXPECT_EQ(estimate, nullptr) << "level " << l;
  }
  Vec x = nullptr, b = nullptr;
  FICKLE_PETSC(MatCreateVecs(A, &x, &b));
  FICKLE_PETSC(VecSet(b, 1.0));
  FICKLE_PETSC(KSPSolve(ksp, b, x));
  KSPConvergedReason reason;
  PetscInt its = 0;
  FICKLE_PETSC(KSPGetConvergedReason(ksp, &reason));
  FICKLE_PETSC(KSPGetIterationNumber(ksp, &its));
  EXPECT_GT(reason, 0);
  EXPECT_LE(its, 12);  // multigrid: a grid-independent handful
  FICKLE_PETSC(VecDestroy(&x));
  FICKLE_PETSC(VecDestroy(&b));
  FICKLE_PETSC(KSPDestroy(&ksp));
  FICKLE_PETSC(MatDestroy(&A));
  FICKLE_PETSC(DMDestroy(&da));
}

}  // namespace
}  // namespace fickle::testing
