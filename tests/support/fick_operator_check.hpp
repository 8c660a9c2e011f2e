// The Fick operator built by create_fick_operator (row by row, AIJ) against DMCreateMatrix filled
// by assemble_fick_operator (MatSetValuesStencil): the same matrix, entry for entry, on a set of
// problems covering every kind of face and drift (tests/unit/fick_operator_test.cpp on one rank,
// tests/mpi/fick_ranks_test.cpp on two).
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "meshes/dmda.hpp"
#include "tests/support/fick_runs.hpp"

namespace fickle::testing {

inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// Expects A `direct` and its b to equal `reference` and its b: the same type, layout, pattern and
/// entries (bit for bit, per owned row), the same b (collective).
inline void expect_same_rows(Mat reference, Vec reference_b, Mat direct, Vec direct_b) {
  MatType reference_type = nullptr, direct_type = nullptr;
  FICKLE_PETSC(MatGetType(reference, &reference_type));
  FICKLE_PETSC(MatGetType(direct, &direct_type));
  EXPECT_STREQ(direct_type, reference_type);
  PetscInt first = 0, end = 0, direct_first = 0, direct_end = 0;
  FICKLE_PETSC(MatGetOwnershipRange(reference, &first, &end));
  FICKLE_PETSC(MatGetOwnershipRange(direct, &direct_first, &direct_end));
  ASSERT_EQ(direct_first, first);
  ASSERT_EQ(direct_end, end);

  long entries = 0, pattern_differences = 0, value_differences = 0;
  for (PetscInt row = first; row < end; ++row) {
    PetscInt n_ref = 0, n_dir = 0;
    const PetscInt *c_ref = nullptr, *c_dir = nullptr;
    const PetscScalar *v_ref = nullptr, *v_dir = nullptr;
    FICKLE_PETSC(MatGetRow(reference, row, &n_ref, &c_ref, &v_ref));
    // Copied: PETSc allows one MatGetRow at a time per matrix, and the two may share the buffer.
    const std::vector<PetscInt> ref_columns(c_ref, c_ref + n_ref);
    const std::vector<PetscScalar> ref_values(v_ref, v_ref + n_ref);
    FICKLE_PETSC(MatRestoreRow(reference, row, &n_ref, &c_ref, &v_ref));  // zeroes n_ref
    FICKLE_PETSC(MatGetRow(direct, row, &n_dir, &c_dir, &v_dir));
    entries += static_cast<long>(ref_columns.size());
    if (static_cast<std::size_t>(n_dir) != ref_columns.size()) {
      ++pattern_differences;
    } else {
      for (PetscInt e = 0; e < n_dir; ++e) {
        pattern_differences += c_dir[e] != ref_columns[e];
        value_differences += !same_bits(v_dir[e], ref_values[e]);
      }
    }
    FICKLE_PETSC(MatRestoreRow(direct, row, &n_dir, &c_dir, &v_dir));
  }
  EXPECT_EQ(pattern_differences, 0) << "rows whose columns differ";
  EXPECT_EQ(value_differences, 0) << "entries whose bits differ, of " << entries;
  EXPECT_GT(entries, end - first);  // neighbours, not only the diagonal

  PetscInt n = 0;
  FICKLE_PETSC(VecGetLocalSize(reference_b, &n));
  const PetscScalar *b_ref = nullptr, *b_dir = nullptr;
  FICKLE_PETSC(VecGetArrayRead(reference_b, &b_ref));
  FICKLE_PETSC(VecGetArrayRead(direct_b, &b_dir));
  long b_differences = 0;
  for (PetscInt i = 0; i < n; ++i) b_differences += !same_bits(b_dir[i], b_ref[i]);
  FICKLE_PETSC(VecRestoreArrayRead(direct_b, &b_dir));
  FICKLE_PETSC(VecRestoreArrayRead(reference_b, &b_ref));
  EXPECT_EQ(b_differences, 0);
}

/// Expects both constructions on a DMDA over `comm` to give the same matrix and b
/// (expect_same_rows), and A to carry the DMDA (collective).
inline void expect_same_operator(const FickProblem& p, MPI_Comm comm) {
  const OwnedDM da = create_cell_dmda(comm, p.grid);
  OwnedMat reference;
  OwnedVec reference_b, direct_b;
  FICKLE_PETSC(DMCreateMatrix(da, reference.out()));
  FICKLE_PETSC(DMCreateGlobalVector(da, reference_b.out()));
  FICKLE_PETSC(DMCreateGlobalVector(da, direct_b.out()));
  assemble_fick_operator(p, da, reference, reference_b);
  const OwnedMat direct = create_fick_operator(p, da, direct_b);
  DM attached = nullptr;
  FICKLE_PETSC(MatGetDM(direct, &attached));
  EXPECT_EQ(attached, da.get());
  expect_same_rows(reference, reference_b, direct, direct_b);
}

/// The problems both tests check, named: every face type (Neumann with a flux, Dirichlet with a
/// value and with an expression, periodic, also on an axis of 2 cells where both neighbours are
/// one cell), D with a jump, a source, and central, upwind and limited drift, constant and given by
/// an expression.
inline std::vector<std::pair<std::string, FickProblem>> operator_test_problems() {
  std::vector<std::pair<std::string, FickProblem>> problems;
  {
    auto p = box_problem(3, 12, 0.02, {BoundaryCondition::Type::neumann, 0.3});
    p.grid.cells = {12, 10, 8};
    p.velocity = {0.2, 0.0, -0.1};
    add_inclusion(p, {0.2, 0.2, 0.2}, {0.5, 0.7, 0.6}, 0.2);
    p.source.value = 1.5;
    problems.emplace_back("3d neumann flux, D jump, central drift, source", p);
  }
  {
    auto p = box_problem(2, 16, 0.05, {BoundaryCondition::Type::dirichlet, 0.5});
    p.boundary[2].formula = SpaceTimeValue::parse("1 + x*x", {});
    make_periodic(p, 0);
    p.velocity_formula[1] = SpaceTimeValue::parse("0.3 + x*y", {});
    p.advection = AdvectionScheme::upwind;
    problems.emplace_back("2d periodic x, dirichlet y, upwind drift v(x, y)", p);
  }
  {
    auto p = box_problem(3, 6, 0.1, {BoundaryCondition::Type::dirichlet, 1.0});
    p.grid.cells = {2, 6, 4};
    make_periodic(p, 0);
    make_periodic(p, 2);
    p.velocity = {0.7, 0.4, 0.0};
    p.advection = AdvectionScheme::limited;
    problems.emplace_back("3d periodic axes of 2 and 4 cells, dirichlet, limited drift", p);
  }
  {
    auto ring = box_problem(1, 20, 1e-3);
    make_periodic(ring, 0);
    ring.velocity = {1.0, 0, 0};
    problems.emplace_back("1d periodic ring, central drift", ring);
  }
  {
    auto rod = box_problem(1, 20, 0.5, {BoundaryCondition::Type::dirichlet, 2.0});
    rod.boundary[1] = {BoundaryCondition::Type::neumann, -0.5};
    problems.emplace_back("1d dirichlet and neumann ends", rod);
  }
  return problems;
}

/// expect_same_operator on every problem above, and once with -mat_type baij (3D), where
/// create_fick_operator falls back to DMCreateMatrix.
inline void expect_same_operators(MPI_Comm comm) {
  for (const auto& [name, p] : operator_test_problems()) {
    SCOPED_TRACE(name);
    expect_same_operator(p, comm);
  }
  SCOPED_TRACE("-mat_type baij");
  FICKLE_PETSC(PetscOptionsSetValue(nullptr, "-mat_type", "baij"));
  expect_same_operator(operator_test_problems().front().second, comm);
  FICKLE_PETSC(PetscOptionsClearValue(nullptr, "-mat_type"));
}

}  // namespace fickle::testing
