#include "solvers/common/linear_solver.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <string>

#include "core/petsc.hpp"

namespace fickle {
namespace {

// D dt / h² above which algebraic multigrid beats block-Jacobi ICC(1), measured on the 64³
// Gaussian (docs/verification.md), s/step ICC(1) against GAMG: 0.030 / 0.20 at 0.41, 0.072 / 0.20
// at 4.1, 0.22 / 0.22 at 41, 0.47 / 0.24 at 410. Geometric MG through the DMDA is not offered:
// PETSc 3.18 cannot build the injection between cell-centred (Q0) levels of a non-periodic DMDA.
constexpr double kMultigridAbove = 100.0;

// Sets a PETSc option unless the user did (command line or petsc: keys win). Options fickle set
// itself for an earlier solver are replaced, so each solver gets the defaults for its own operator.
void default_option(const std::string& name, const char* value) {
  static std::set<std::string> ours;
  PetscBool set = PETSC_FALSE;
  FICKLE_PETSC(PetscOptionsHasName(nullptr, nullptr, name.c_str(), &set));
  if (set && !ours.contains(name)) return;
  FICKLE_PETSC(PetscOptionsSetValue(nullptr, name.c_str(), value));
  ours.insert(name);
}

}  // namespace

std::string ksp_description(KSP ksp) {
  KSPType ktype = nullptr;
  PC pc = nullptr;
  PCType ptype = nullptr;
  FICKLE_PETSC(KSPGetType(ksp, &ktype));
  FICKLE_PETSC(KSPGetPC(ksp, &pc));
  FICKLE_PETSC(PCGetType(pc, &ptype));
  const char* name = ptype;
  if (std::string(ptype) == PCSHELL) FICKLE_PETSC(PCShellGetName(pc, &name));
  return fmt::format("ksp {} + pc {}", ktype, name);
}

int solve_step(KSP ksp, Vec b, Vec x, long step) {
  FICKLE_PETSC(KSPSolve(ksp, b, x));
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  FICKLE_PETSC(KSPGetConvergedReason(ksp, &reason));
  PetscInt iterations = 0;
  FICKLE_PETSC(KSPGetIterationNumber(ksp, &iterations));
  if (reason < 0)
    throw StepFailure(fmt::format("the linear solver diverged at step {} ({})", step,
                                  KSPConvergedReasons[reason]));
  return static_cast<int>(iterations);
}

void require_finite(Vec u, long step, double t) {
  PetscReal norm = 0;
  FICKLE_PETSC(VecNorm(u, NORM_INFINITY, &norm));
  if (!std::isfinite(norm))
    throw StepFailure(fmt::format("the solution is not finite after step {} (t = {:g})", step, t));
}

void set_diffusion_solver_defaults(KSP ksp, bool symmetric, double diffusion_number) {
  PC pc = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp, &pc));
  FICKLE_PETSC(KSPSetTolerances(ksp, 1e-8, 1e-50, PETSC_DEFAULT, 1000));
  FICKLE_PETSC(KSPSetType(ksp, symmetric ? KSPCG : KSPGMRES));
  if (diffusion_number > kMultigridAbove) {
    FICKLE_PETSC(PCSetType(pc, PCGAMG));
  } else {
    // Block Jacobi with one block per rank; ICC(1) inside when symmetric, ILU(1) otherwise.
    FICKLE_PETSC(PCSetType(pc, PCBJACOBI));
    default_option("-sub_pc_type", symmetric ? "icc" : "ilu");
    default_option("-sub_pc_factor_levels", "1");
  }
}

}  // namespace fickle
