#include "solvers/stokes/transpose_block.hpp"

#include <cmath>
#include <memory>
#include <vector>

namespace fickle {
namespace {

// What the shell's product needs: `lower` and the rows where D ≠ 1 (local offsets).
struct ScaledTranspose {
  OwnedMat lower;
  std::vector<PetscInt> rows;
  std::vector<PetscScalar> factors;
};

PetscErrorCode scaled_transpose_mult(Mat shell, Vec x, Vec y) {
  ScaledTranspose* s = nullptr;
  PetscCall(MatShellGetContext(shell, &s));
  PetscCall(MatMultTranspose(s->lower, x, y));
  if (s->rows.empty()) return 0;
  PetscScalar* ya = nullptr;
  PetscCall(VecGetArray(y, &ya));
  for (std::size_t k = 0; k < s->rows.size(); ++k) ya[s->rows[k]] *= s->factors[k];
  PetscCall(VecRestoreArray(y, &ya));
  return 0;
}

// The factor d with upper_row = d·transposed_row (entries equal to 1e-13 relative; explicit zeros
// ignored; both rows' columns sorted), or NaN when there is none. Both empty: 1 (no row to
// store); only the upper one empty: 0. Walked in place: it runs once per velocity row.
double row_factor(PetscInt n_upper, const PetscInt* c_upper, const PetscScalar* v_upper,
                  PetscInt n_transposed, const PetscInt* c_transposed,
                  const PetscScalar* v_transposed) {
  constexpr double kTolerance = 1e-13;
  auto next = [](PetscInt k, PetscInt n, const PetscScalar* v) {
    while (k < n && v[k] == 0.0) ++k;
    return k;
  };
  double d = NAN;
  PetscInt u = next(0, n_upper, v_upper), t = next(0, n_transposed, v_transposed);
  for (; u < n_upper && t < n_transposed;
       u = next(u + 1, n_upper, v_upper), t = next(t + 1, n_transposed, v_transposed)) {
    if (c_upper[u] != c_transposed[t]) return NAN;
    if (std::isnan(d)) d = PetscRealPart(v_upper[u] / v_transposed[t]);
    if (std::abs(v_upper[u] - d * v_transposed[t]) > kTolerance * std::abs(v_upper[u])) return NAN;
  }
  if (u < n_upper) return NAN;                             // entries of Bᵀ beyond B's column
  if (t < n_transposed) return std::isnan(d) ? 0.0 : NAN;  // an empty row of Bᵀ: D = 0
  return std::isnan(d) ? 1.0 : d;
}

}  // namespace

OwnedMat scaled_transpose(Mat upper, Mat lower) {
  OwnedMat transposed;
  FICKLE_PETSC(MatTranspose(lower, MAT_INITIAL_MATRIX, transposed.out()));
  PetscInt first = 0, last = 0, t_first = 0, t_last = 0;
  FICKLE_PETSC(MatGetOwnershipRange(upper, &first, &last));
  FICKLE_PETSC(MatGetOwnershipRange(transposed, &t_first, &t_last));
  auto s = std::make_unique<ScaledTranspose>();
  int found = first == t_first && last == t_last ? 1 : 0;
  for (PetscInt r = first; found && r < last; ++r) {
    PetscInt nu = 0, nt = 0;
    const PetscInt *cu = nullptr, *ct = nullptr;
    const PetscScalar *vu = nullptr, *vt = nullptr;
    FICKLE_PETSC(MatGetRow(upper, r, &nu, &cu, &vu));
    FICKLE_PETSC(MatGetRow(transposed, r, &nt, &ct, &vt));
    const double d = row_factor(nu, cu, vu, nt, ct, vt);
    FICKLE_PETSC(MatRestoreRow(transposed, r, &nt, &ct, &vt));
    FICKLE_PETSC(MatRestoreRow(upper, r, &nu, &cu, &vu));
    if (std::isnan(d)) {
      found = 0;
    } else if (d != 1.0) {
      s->rows.push_back(r - first);
      s->factors.push_back(d);
    }
  }
  const MPI_Comm comm = PetscObjectComm((PetscObject)upper);
  FICKLE_PETSC(MPI_Allreduce(MPI_IN_PLACE, &found, 1, MPI_INT, MPI_MIN, comm));
  if (!found) return {};
  transposed.reset();
  FICKLE_PETSC(PetscObjectReference((PetscObject)lower));
  *s->lower.out() = lower;
  PetscInt rows = 0, columns = 0;
  FICKLE_PETSC(MatGetLocalSize(upper, &rows, &columns));
  OwnedMat shell;
  FICKLE_PETSC(
      MatCreateShell(comm, rows, columns, PETSC_DETERMINE, PETSC_DETERMINE, s.get(), shell.out()));
  FICKLE_PETSC(MatShellSetOperation(shell, MATOP_DESTROY,
                                    (void (*)(void))delete_shell_context<ScaledTranspose>));
  s.release();  // the shell owns it now
  FICKLE_PETSC(MatShellSetOperation(shell, MATOP_MULT, (void (*)(void))scaled_transpose_mult));
  return shell;
}

}  // namespace fickle
