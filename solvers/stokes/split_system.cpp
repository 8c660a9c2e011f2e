#include "solvers/stokes/split_system.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "solvers/stokes/transpose_block.hpp"

namespace fickle {
namespace {

// What the shell's product needs: the blocks, the fields (each lists rows this rank owns, so
// that a field's part of a vector is a gather from the local array: no scatter, no communication)
// and each field's part of x and of y.
struct SplitProduct {
  PetscInt n = 0;
  PetscInt first = 0;           ///< first row this rank owns
  std::vector<OwnedMat> block;  ///< n × n, row-major
  std::vector<IS> field;
  std::vector<OwnedVec> in, out;
  ~SplitProduct() {
    for (IS& is : field) ISDestroy(&is);
  }
};

PetscErrorCode gather(IS field, PetscInt first, const PetscScalar* whole, Vec part) {
  PetscInt size = 0;
  const PetscInt* rows = nullptr;
  PetscScalar* p = nullptr;
  PetscCall(ISGetLocalSize(field, &size));
  PetscCall(ISGetIndices(field, &rows));
  PetscCall(VecGetArrayWrite(part, &p));
  for (PetscInt k = 0; k < size; ++k) p[k] = whole[rows[k] - first];
  PetscCall(VecRestoreArrayWrite(part, &p));
  PetscCall(ISRestoreIndices(field, &rows));
  return 0;
}

PetscErrorCode spread(IS field, PetscInt first, Vec part, PetscScalar* whole) {
  PetscInt size = 0;
  const PetscInt* rows = nullptr;
  const PetscScalar* p = nullptr;
  PetscCall(ISGetLocalSize(field, &size));
  PetscCall(ISGetIndices(field, &rows));
  PetscCall(VecGetArrayRead(part, &p));
  for (PetscInt k = 0; k < size; ++k) whole[rows[k] - first] = p[k];
  PetscCall(VecRestoreArrayRead(part, &p));
  PetscCall(ISRestoreIndices(field, &rows));
  return 0;
}

PetscErrorCode split_mult(Mat K, Vec x, Vec y) {
  SplitProduct* s = nullptr;
  PetscCall(MatShellGetContext(K, &s));
  const PetscScalar* xa = nullptr;
  PetscCall(VecGetArrayRead(x, &xa));
  for (PetscInt j = 0; j < s->n; ++j) PetscCall(gather(s->field[j], s->first, xa, s->in[j]));
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscScalar* ya = nullptr;
  PetscCall(VecGetArrayWrite(y, &ya));
  // Each row starts past its diagonal block: an off-diagonal block may be a shell with a product
  // alone (transpose_block.hpp), the diagonal one is assembled.
  for (PetscInt i = 0; i < s->n; ++i) {
    const PetscInt first = (i + 1) % s->n;
    PetscCall(MatMult(s->block[i * s->n + first], s->in[first], s->out[i]));
    for (PetscInt k = 2; k <= s->n; ++k) {
      const PetscInt j = (i + k) % s->n;
      PetscCall(MatMultAdd(s->block[i * s->n + j], s->in[j], s->out[i], s->out[i]));
    }
    PetscCall(spread(s->field[i], s->first, s->out[i], ya));
  }
  PetscCall(VecRestoreArrayWrite(y, &ya));
  return 0;
}

}  // namespace

SplitSystem split_system(Mat assembled, PetscInt n, const IS fields[]) {
  auto s = std::make_unique<SplitProduct>();
  s->n = n;
  for (PetscInt i = 0; i < n; ++i)
    for (PetscInt j = 0; j < n; ++j) {
      s->block.emplace_back();
      FICKLE_PETSC(MatCreateSubMatrix(assembled, fields[i], fields[j], MAT_INITIAL_MATRIX,
                                      s->block.back().out()));
    }
  // [A Bᵀ; B C]: Bᵀ as B's transpose where the system is symmetric (transpose_block.hpp).
  if (n == 2)
    if (OwnedMat gradient = scaled_transpose(s->block[1], s->block[2]))
      s->block[1] = std::move(gradient);
  std::vector<Mat> handles(s->block.begin(), s->block.end());
  PetscInt last = 0;
  FICKLE_PETSC(MatGetOwnershipRange(assembled, &s->first, &last));
  s->in.resize(static_cast<std::size_t>(n));
  s->out.resize(static_cast<std::size_t>(n));
  for (PetscInt i = 0; i < n; ++i) {
    PetscInt lo = 0, hi = 0;
    FICKLE_PETSC(ISGetMinMax(fields[i], &lo, &hi));
    PetscInt size = 0;
    FICKLE_PETSC(ISGetLocalSize(fields[i], &size));
    if (size > 0 && (lo < s->first || hi >= last))
      throw std::logic_error("a field of the Stokes system lists rows of another rank");
    FICKLE_PETSC(PetscObjectReference((PetscObject)fields[i]));
    s->field.push_back(fields[i]);
    FICKLE_PETSC(MatCreateVecs(s->block[i * n + i], s->in[i].out(), s->out[i].out()));
  }
  SplitSystem system;
  FICKLE_PETSC(MatCreateNest(PetscObjectComm((PetscObject)assembled), n, fields, n, fields,
                             handles.data(), system.blocks.out()));
  PetscInt rows = 0, columns = 0;
  FICKLE_PETSC(MatGetLocalSize(assembled, &rows, &columns));
  FICKLE_PETSC(MatCreateShell(PetscObjectComm((PetscObject)assembled), rows, columns,
                              PETSC_DETERMINE, PETSC_DETERMINE, s.get(), system.product.out()));
  FICKLE_PETSC(MatShellSetOperation(system.product, MATOP_DESTROY,
                                    (void (*)(void))delete_shell_context<SplitProduct>));
  s.release();  // the shell owns it now
  FICKLE_PETSC(MatShellSetOperation(system.product, MATOP_MULT, (void (*)(void))split_mult));
  return system;
}

}  // namespace fickle
