#include "core/petsc.hpp"

#include <fmt/format.h>

namespace fickle {

void petsc_check(PetscErrorCode code, const char* what, const char* file, int line) {
  if (code == 0) return;
  const char* text = nullptr;
  char* specific = nullptr;
  PetscErrorMessage(code, &text, &specific);
  // `specific` is PETSc's own description of the failure (e.g. which sizes did not match).
  throw PetscFailure(fmt::format("PETSc error {} ({}{}{}) in {} at {}:{}", code,
                                 text ? text : "unknown", specific && *specific ? ": " : "",
                                 specific ? specific : "", what, file, line));
}

}  // namespace fickle
