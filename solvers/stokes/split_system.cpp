#include "solvers/stokes/split_system.hpp"

#include <memory>
#include <vector>

namespace fickle {
namespace {

// What the shell's product needs: the blocks, one scatter per field between the whole vector and
// the field's part, and each field's part of x and of y.
struct SplitProduct {
  PetscInt n = 0;
  std::vector<OwnedMat> block;  ///< n × n, row-major
  std::vector<OwnedScatter> scatter;
  std::vector<OwnedVec> in, out;
};

PetscErrorCode split_mult(Mat K, Vec x, Vec y) {
  SplitProduct* s = nullptr;
  PetscCall(MatShellGetContext(K, &s));
  for (PetscInt j = 0; j < s->n; ++j) {
    PetscCall(VecScatterBegin(s->scatter[j], x, s->in[j], INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(s->scatter[j], x, s->in[j], INSERT_VALUES, SCATTER_FORWARD));
  }
  for (PetscInt i = 0; i < s->n; ++i) {
    PetscCall(MatMult(s->block[i * s->n], s->in[0], s->out[i]));
    for (PetscInt j = 1; j < s->n; ++j)
      PetscCall(MatMultAdd(s->block[i * s->n + j], s->in[j], s->out[i], s->out[i]));
    PetscCall(VecScatterBegin(s->scatter[i], s->out[i], y, INSERT_VALUES, SCATTER_REVERSE));
    PetscCall(VecScatterEnd(s->scatter[i], s->out[i], y, INSERT_VALUES, SCATTER_REVERSE));
  }
  return 0;
}

PetscErrorCode split_destroy(Mat K) {
  SplitProduct* s = nullptr;
  PetscCall(MatShellGetContext(K, &s));
  delete s;
  return 0;
}

}  // namespace

SplitSystem split_system(Mat assembled, PetscInt n, const IS fields[]) {
  auto s = std::make_unique<SplitProduct>();
  s->n = n;
  std::vector<Mat> handles;
  for (PetscInt i = 0; i < n; ++i)
    for (PetscInt j = 0; j < n; ++j) {
      s->block.emplace_back();
      FICKLE_PETSC(MatCreateSubMatrix(assembled, fields[i], fields[j], MAT_INITIAL_MATRIX,
                                      s->block.back().out()));
      handles.push_back(s->block.back());
    }
  OwnedVec whole;
  FICKLE_PETSC(MatCreateVecs(assembled, whole.out(), nullptr));
  s->scatter.resize(static_cast<std::size_t>(n));
  s->in.resize(static_cast<std::size_t>(n));
  s->out.resize(static_cast<std::size_t>(n));
  for (PetscInt i = 0; i < n; ++i) {
    FICKLE_PETSC(MatCreateVecs(s->block[i * n + i], s->in[i].out(), s->out[i].out()));
    FICKLE_PETSC(VecScatterCreate(whole, fields[i], s->in[i], nullptr, s->scatter[i].out()));
  }
  SplitSystem system;
  FICKLE_PETSC(MatCreateNest(PetscObjectComm((PetscObject)assembled), n, fields, n, fields,
                             handles.data(), system.blocks.out()));
  PetscInt rows = 0, columns = 0;
  FICKLE_PETSC(MatGetLocalSize(assembled, &rows, &columns));
  FICKLE_PETSC(MatCreateShell(PetscObjectComm((PetscObject)assembled), rows, columns,
                              PETSC_DETERMINE, PETSC_DETERMINE, s.get(), system.product.out()));
  FICKLE_PETSC(MatShellSetOperation(system.product, MATOP_DESTROY, (void (*)(void))split_destroy));
  s.release();  // the shell owns it now
  FICKLE_PETSC(MatShellSetOperation(system.product, MATOP_MULT, (void (*)(void))split_mult));
  return system;
}

}  // namespace fickle
