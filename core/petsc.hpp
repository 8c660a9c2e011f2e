// PETSc at the C++ edge: error codes become exceptions, handles get RAII owners.
//
// Inside PETSc callbacks we keep PETSc's own PetscCall/PetscFunctionReturn convention; everywhere
// else a call is wrapped in `petsc_check(...)` (as ABLATE's checkError), so a failure carries the
// PETSc message up to `app`, which reports it and exits non-zero.
#pragma once

#include <petscdm.h>
#include <petscdmda.h>
#include <petscksp.h>
#include <petscts.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace fickle {

/// A PETSc call failed; what() holds PETSc's message and the call site.
class PetscFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws PetscFailure when `code` is non-zero.
void petsc_check(PetscErrorCode code, const char* what, const char* file, int line);

#define FICKLE_PETSC(call) ::fickle::petsc_check((call), #call, __FILE__, __LINE__)

/// Owner of one PETSc object (Vec, Mat, DM, KSP, TS, ...): destroys it once, moves, never copies.
template <class Handle, PetscErrorCode (*Destroy)(Handle*)>
class Owned {
 public:
  Owned() = default;
  explicit Owned(Handle h) : handle_(h) {}
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned(Owned&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  ~Owned() { reset(); }

  void reset() {
    if (handle_) Destroy(&handle_);
    handle_ = nullptr;
  }
  Handle get() const { return handle_; }
  operator Handle() const { return handle_; }  // NOLINT: used like the raw handle in PETSc calls
  Handle* out() {                              // for PETSc's XxxCreate(..., &h)
    reset();
    return &handle_;
  }
  explicit operator bool() const { return handle_ != nullptr; }

 private:
  Handle handle_ = nullptr;
};

/// MATOP_DESTROY of a MATSHELL whose context is a `new Context`: deletes it with the shell.
template <class Context>
PetscErrorCode delete_shell_context(Mat shell) {
  Context* context = nullptr;
  PetscCall(MatShellGetContext(shell, &context));
  delete context;
  return 0;
}

using OwnedVec = Owned<Vec, VecDestroy>;
using OwnedMat = Owned<Mat, MatDestroy>;
using OwnedDM = Owned<DM, DMDestroy>;
using OwnedTS = Owned<TS, TSDestroy>;
using OwnedKSP = Owned<KSP, KSPDestroy>;
using OwnedViewer = Owned<PetscViewer, PetscViewerDestroy>;
using OwnedScatter = Owned<VecScatter, VecScatterDestroy>;
using OwnedNullSpace = Owned<MatNullSpace, MatNullSpaceDestroy>;
using OwnedIS = Owned<IS, ISDestroy>;

}  // namespace fickle
