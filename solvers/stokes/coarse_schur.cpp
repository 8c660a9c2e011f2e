#include "solvers/stokes/coarse_schur.hpp"

#include <petscksp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace fickle {
namespace {

Grid coarsened(Grid grid, int factor) {
  for (int a = 0; a < grid.dim; ++a) {
    if (grid.cells[a] % factor != 0)
      throw std::logic_error("the coarse Schur grid must divide the fine one");
    grid.cells[a] /= factor;
  }
  return grid;
}

std::array<std::vector<PetscInt>, 3> coarsened(std::array<std::vector<PetscInt>, 3> ranges,
                                               int factor) {
  for (auto& axis : ranges)
    for (auto& share : axis) {
      if (share % factor != 0)
        throw std::logic_error("the coarse Schur grid must divide every rank's share");
      share /= factor;
    }
  return ranges;
}

Index3 coarse_of(const Index3& idx, int factor) {
  return {idx[0] / factor, idx[1] / factor, idx[2] / factor};
}

}  // namespace

CoarseSchur::CoarseSchur(const MacGrid& fine, const StokesOperator& fine_op, bool closed_box,
                         Mat system, Vec mass_diagonal, int factor)
    : closed_box_(closed_box) {
  mac_ = std::make_unique<MacGrid>(fine.comm(), coarsened(fine.grid(), factor),
                                   coarsened(fine.ownership_ranges(), factor));
  {
    const OwnedMat Q = mac_prolongation(fine, *mac_, fine_op, factor);
    FICKLE_PETSC(MatPtAP(system, Q, MAT_INITIAL_MATRIX, PETSC_DEFAULT, K_.out()));
  }
  close_empty_rows();
  FICKLE_PETSC(DMCreateGlobalVector(mac_->dm(), b_.out()));
  FICKLE_PETSC(VecDuplicate(b_, x_.out()));
  FICKLE_PETSC(DMCreateLocalVector(mac_->dm(), local_.out()));

  fine.for_each_owned_cell([&](const Index3& idx) {
    coarse_entry_.push_back(
        fine_op.is_pinned(idx) ? -1 : mac_->local_index({MacDof::kCell, coarse_of(idx, factor)}));
  });
  FICKLE_PETSC(VecDuplicate(mass_diagonal, inverse_mass_.out()));
  FICKLE_PETSC(VecCopy(mass_diagonal, inverse_mass_));
  FICKLE_PETSC(VecReciprocal(inverse_mass_));
  coarse_mass_.assign(mac_->local_size(), 0.0);
  mean_.assign(mac_->local_size(), 0.0);
  const PetscScalar* m = nullptr;
  FICKLE_PETSC(VecGetArrayRead(mass_diagonal, &m));
  for (std::size_t i = 0; i < coarse_entry_.size(); ++i)
    if (coarse_entry_[i] >= 0) coarse_mass_[coarse_entry_[i]] += PetscRealPart(m[i]);
  FICKLE_PETSC(VecRestoreArrayRead(mass_diagonal, &m));

  // S_c⁻¹ r is the pressure part of a coarse solve whose right-hand side has only continuity
  // entries: [A Bᵀ; B 0][u; p] = [0; r] gives p = −(B A⁻¹ Bᵀ)⁻¹ r, PETSc's sign for S.
  FICKLE_PETSC(KSPCreate(mac_->comm(), ksp_.out()));
  FICKLE_PETSC(KSPSetOperators(ksp_, K_, K_));
  FICKLE_PETSC(KSPSetType(ksp_, KSPPREONLY));
  PC pc = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp_, &pc));
  FICKLE_PETSC(PCSetType(pc, PCLU));
  FICKLE_PETSC(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  FICKLE_PETSC(PCFactorSetUpMatSolverType(pc));
  Mat factor_matrix = nullptr;
  FICKLE_PETSC(PCFactorGetMatrix(pc, &factor_matrix));
  // MUMPS's pivoting on a saddle point overflows its estimated workspace (StokesSolver::set_up).
  FICKLE_PETSC(MatMumpsSetIcntl(factor_matrix, 14, 200));
  FICKLE_PETSC(KSPSetUp(ksp_));
}

CoarseSchur::~CoarseSchur() = default;

PetscInt CoarseSchur::coarse_cells() const {
  return static_cast<PetscInt>(mac_->grid().cell_count());
}

OwnedMat mac_prolongation(const MacGrid& fine, const MacGrid& coarse, const StokesOperator& fine_op,
                          int factor) {
  PetscInt rows = 0, cols = 0;
  {
    OwnedVec f, c;
    FICKLE_PETSC(DMCreateGlobalVector(fine.dm(), f.out()));
    FICKLE_PETSC(DMCreateGlobalVector(coarse.dm(), c.out()));
    FICKLE_PETSC(VecGetLocalSize(f, &rows));
    FICKLE_PETSC(VecGetLocalSize(c, &cols));
  }
  OwnedMat Q;
  FICKLE_PETSC(MatCreateAIJ(fine.comm(), rows, cols, PETSC_DETERMINE, PETSC_DETERMINE, 8, nullptr,
                            8, nullptr, Q.out()));
  // Columns through the box-stencil twin: an interpolation across two axes can need a diagonal
  // neighbour's face, which the star-stencil DM's local vector holds but maps to no global entry
  // (MatSetValuesLocal would drop it). Both DMs have the same local layout.
  ISLocalToGlobalMapping fine_l2g = nullptr, coarse_l2g = nullptr;
  FICKLE_PETSC(DMGetLocalToGlobalMapping(fine.dm(), &fine_l2g));
  FICKLE_PETSC(DMGetLocalToGlobalMapping(coarse.box_dm(), &coarse_l2g));
  FICKLE_PETSC(MatSetLocalToGlobalMapping(Q, fine_l2g, coarse_l2g));
  // A face velocity is linear between the coarse faces around it, along its normal and across
  // (across: between the centres of the coarse cells beside it, constant past the outermost
  // ones on a bounded axis); a pressure is constant over its coarse cell (Z). Linear across
  // matters: a velocity constant over each coarse face has shear jumps between coarse cells that
  // make Qᵀ K Q's viscous part ~factor times too stiff. Known faces and pinned cells get nothing.
  const int dim = fine.dim();
  const auto& cells = coarse.grid().cells;
  const auto& periodic = coarse.grid().periodic;
  fine.for_each_owned_face([&](int a, const Index3& idx) {
    if (fine_op.is_fixed({a, idx})) return;
    // Per axis: up to two coarse indices and their weights.
    std::array<std::array<PetscInt, 2>, 3> at{};
    std::array<std::array<double, 2>, 3> w{};
    std::array<int, 3> n{1, 1, 1};
    for (int b = 0; b < 3; ++b) {
      at[b] = {idx[b] / factor, 0};
      w[b] = {1.0, 0.0};
      if (b >= dim) continue;
      if (b == a) {
        const PetscInt offset = idx[a] % factor;
        if (offset == 0) continue;
        at[b][1] = at[b][0] + 1;
        w[b] = {1.0 - static_cast<double>(offset) / factor, static_cast<double>(offset) / factor};
        n[b] = 2;
        continue;
      }
      const double s = (static_cast<double>(idx[b]) + 0.5) / factor - 0.5;
      const auto low = static_cast<PetscInt>(std::floor(s));
      const double t = s - static_cast<double>(low);
      if (!periodic[b] && low < 0) {
        at[b][0] = 0;
      } else if (!periodic[b] && low + 1 >= cells[b]) {
        at[b][0] = cells[b] - 1;
      } else {
        at[b] = {low, low + 1};
        w[b] = {1.0 - t, t};
        n[b] = 2;
      }
    }
    const PetscInt row = fine.local_index({a, idx});
    std::array<PetscInt, 8> cols{};
    std::array<PetscScalar, 8> vals{};
    int count = 0;
    for (int i = 0; i < n[0]; ++i)
      for (int j = 0; j < n[1]; ++j)
        for (int k = 0; k < n[2]; ++k) {
          const double weight = w[0][i] * w[1][j] * w[2][k];
          if (weight == 0.0) continue;
          cols[count] = coarse.local_index({a, Index3{at[0][i], at[1][j], at[2][k]}});
          vals[count++] = weight;
        }
    FICKLE_PETSC(MatSetValuesLocal(Q, 1, &row, count, cols.data(), vals.data(), INSERT_VALUES));
  });
  fine.for_each_owned_cell([&](const Index3& idx) {
    if (fine_op.is_pinned(idx)) return;
    const PetscInt row = fine.local_index({MacDof::kCell, idx});
    const PetscInt col = coarse.local_index({MacDof::kCell, coarse_of(idx, factor)});
    const PetscScalar one = 1;
    FICKLE_PETSC(MatSetValuesLocal(Q, 1, &row, 1, &col, &one, INSERT_VALUES));
  });
  FICKLE_PETSC(MatAssemblyBegin(Q, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(Q, MAT_FINAL_ASSEMBLY));
  return Q;
}

void CoarseSchur::close_empty_rows() {
  // Coarse faces over known fine faces only and coarse cells over pinned ones have empty rows:
  // identity rows. A closed box's pressure level is free: the first coarse cell with an equation
  // is pinned (its continuity is implied by the others once the residual has zero sum: apply).
  ISLocalToGlobalMapping l2g = nullptr;
  FICKLE_PETSC(DMGetLocalToGlobalMapping(mac_->dm(), &l2g));
  auto global_row = [&](PetscInt local) {
    PetscInt row = 0;
    FICKLE_PETSC(ISLocalToGlobalMappingApply(l2g, 1, &local, &row));
    return row;
  };
  auto is_empty = [&](PetscInt row) {
    PetscInt n = 0;
    const PetscScalar* v = nullptr;
    FICKLE_PETSC(MatGetRow(K_, row, &n, nullptr, &v));
    const bool empty = std::all_of(v, v + n, [](PetscScalar x) { return x == 0.0; });
    FICKLE_PETSC(MatRestoreRow(K_, row, &n, nullptr, &v));
    return empty;
  };
  std::vector<PetscInt> empty;
  has_equation_.assign(mac_->local_size(), 0);
  PetscInt first_cell = std::numeric_limits<PetscInt>::max();
  mac_->for_each_owned_face([&](int a, const Index3& idx) {
    const PetscInt row = global_row(mac_->local_index({a, idx}));
    if (is_empty(row)) empty.push_back(row);
  });
  mac_->for_each_owned_cell([&](const Index3& idx) {
    const PetscInt local = mac_->local_index({MacDof::kCell, idx});
    const PetscInt row = global_row(local);
    if (is_empty(row)) {
      empty.push_back(row);
      return;
    }
    has_equation_[local] = 1;
    first_cell = std::min(first_cell, row);
  });
  if (closed_box_) {
    PetscInt reference = 0;
    FICKLE_PETSC(MPI_Allreduce(&first_cell, &reference, 1, MPIU_INT, MPI_MIN, mac_->comm()));
    if (reference == first_cell && reference != std::numeric_limits<PetscInt>::max()) {
      empty.push_back(reference);
      reference_row_ = reference;
    }
  }
  FICKLE_PETSC(MatSetOption(K_, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_FALSE));
  FICKLE_PETSC(MatZeroRowsColumns(K_, static_cast<PetscInt>(empty.size()), empty.data(), 1.0,
                                  nullptr, nullptr));
}

void CoarseSchur::apply(Vec r, Vec y) const {
  // y = M⁻¹ r − Z (ZᵀMZ)⁻¹ Zᵀ r + Z S_c⁻¹ Zᵀ r. Q's pressure part is Z, so the coarse unknowns
  // are in the fine pressure's units: no scaling between the grids.
  FICKLE_PETSC(VecPointwiseMult(y, inverse_mass_, r));
  PetscScalar* c = nullptr;
  const PetscScalar* rr = nullptr;
  FICKLE_PETSC(VecSet(local_, 0.0));
  FICKLE_PETSC(VecGetArray(local_, &c));
  FICKLE_PETSC(VecGetArrayRead(r, &rr));
  for (std::size_t i = 0; i < coarse_entry_.size(); ++i)
    if (coarse_entry_[i] >= 0) c[coarse_entry_[i]] += rr[i];
  FICKLE_PETSC(VecRestoreArrayRead(r, &rr));
  for (std::size_t k = 0; k < mean_.size(); ++k) {
    mean_[k] = coarse_mass_[k] != 0 ? PetscRealPart(c[k]) / coarse_mass_[k] : 0.0;
    if (!has_equation_[k]) c[k] = 0;  // an identity row (close_empty_rows): no correction there
  }
  if (closed_box_) {
    // S_c is singular with the constant pressure; its range has zero sum.
    double sum[2] = {0, 0}, total[2] = {0, 0};
    for (std::size_t k = 0; k < has_equation_.size(); ++k)
      if (has_equation_[k]) sum[0] += PetscRealPart(c[k]), sum[1] += 1;
    FICKLE_PETSC(MPI_Allreduce(sum, total, 2, MPI_DOUBLE, MPI_SUM, mac_->comm()));
    for (std::size_t k = 0; k < has_equation_.size() && total[1] > 0; ++k)
      if (has_equation_[k]) c[k] -= total[0] / total[1];
  }
  FICKLE_PETSC(VecRestoreArray(local_, &c));
  FICKLE_PETSC(VecSet(b_, 0.0));
  FICKLE_PETSC(DMLocalToGlobal(mac_->dm(), local_, INSERT_VALUES, b_));
  if (reference_row_ >= 0) FICKLE_PETSC(VecSetValue(b_, reference_row_, 0.0, INSERT_VALUES));
  FICKLE_PETSC(VecAssemblyBegin(b_));
  FICKLE_PETSC(VecAssemblyEnd(b_));
  FICKLE_PETSC(KSPSolve(ksp_, b_, x_));
  FICKLE_PETSC(DMGlobalToLocal(mac_->dm(), x_, INSERT_VALUES, local_));
  const PetscScalar* xc = nullptr;
  PetscScalar* yy = nullptr;
  FICKLE_PETSC(VecGetArrayRead(local_, &xc));
  FICKLE_PETSC(VecGetArray(y, &yy));
  for (std::size_t i = 0; i < coarse_entry_.size(); ++i)
    if (coarse_entry_[i] >= 0)
      yy[i] += kCoarseWeight * xc[coarse_entry_[i]] - mean_[coarse_entry_[i]];
  FICKLE_PETSC(VecRestoreArray(y, &yy));
  FICKLE_PETSC(VecRestoreArrayRead(local_, &xc));
}

}  // namespace fickle
