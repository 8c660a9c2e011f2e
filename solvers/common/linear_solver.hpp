// The default Krylov solver and preconditioner for an implicit diffusion step shift·I − A, shared
// by the fick and fractional solvers. PETSc options (command line or the case's petsc: keys)
// override every default.
#pragma once

#include <petscksp.h>

namespace fickle {

/// CG (symmetric) or GMRES, rtol 1e-8, with block-Jacobi ICC(1)/ILU(1), or GAMG when the step is
/// stiff (D dt/h² > 100, measured in docs/verification.md).
void set_diffusion_solver_defaults(KSP ksp, bool symmetric, double diffusion_number);

}  // namespace fickle
