// The default Krylov solver and preconditioner for an implicit diffusion step shift·I − A, shared
// by the fick and fractional solvers. PETSc options (command line or the case's petsc: keys)
// override every default.
#pragma once

#include <petscksp.h>

#include <stdexcept>
#include <string>

namespace fickle {

/// A time step failed (solver divergence or a non-finite solution).
class StepFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// KSPSolve for step `step`; returns the iteration count, throws StepFailure when the solver
/// diverged or x is not finite.
int solve_step(KSP ksp, Vec b, Vec x, long step);

/// Throws StepFailure when u holds a NaN or an infinity after step `step`.
void require_finite(Vec u, long step, double t);

/// "ksp cg + pc bjacobi": the Krylov method and preconditioner a KSP uses (a shell
/// preconditioner by the name given with PCShellSetName).
std::string ksp_description(KSP ksp);

/// CG (symmetric) or GMRES, rtol 1e-8, with block-Jacobi ICC(1)/ILU(1), or GAMG when the step is
/// stiff (D dt/h² > 100, measured in docs/verification.md).
void set_diffusion_solver_defaults(KSP ksp, bool symmetric, double diffusion_number);

}  // namespace fickle
