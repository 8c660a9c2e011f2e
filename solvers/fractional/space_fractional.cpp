#include "solvers/fractional/space_fractional.hpp"

#include <fmt/format.h>
#include <petscdmda.h>

#include <cmath>

#include "core/vec_state.hpp"
#include "meshes/dmda.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {

SpaceFractionalSolver::SpaceFractionalSolver(MPI_Comm comm, RieszProblem problem, double dt)
    : problem_(std::move(problem)), dt_(dt) {
  da_ = create_cell_dmda(comm, problem_.grid, 0);
  for (OwnedVec* v : {&u_, &rhs_, &source_}) FICKLE_PETSC(DMCreateGlobalVector(da_, v->out()));
  fill_initial_condition(problem_.initial, problem_.grid, da_, u_);
  {
    const Grid& g = problem_.grid;
    PetscScalar* values = nullptr;
    FICKLE_PETSC(VecGetArray(source_, &values));
    for_each_owned_cell(owned_box(da_), [&](PetscInt i, PetscInt j, PetscInt, PetscInt n) {
      values[n] = problem_.source.at({g.centre(0, i), g.centre(1, j), 0.0}, g.dim);
    });
    FICKLE_PETSC(VecRestoreArray(source_, &values));
  }
  FICKLE_PETSC(DMDACreateNaturalVector(da_, natural_.out()));
  FICKLE_PETSC(VecScatterCreateToAll(natural_, to_all_.out(), full_.out()));
  riesz_ = std::make_unique<RieszOperator>(problem_.grid, problem_.mu);
  if (all_periodic()) return;

  PetscInt local = 0, global = 0;
  FICKLE_PETSC(VecGetLocalSize(u_, &local));
  FICKLE_PETSC(VecGetSize(u_, &global));
  FICKLE_PETSC(MatCreateShell(comm, local, local, global, global, this, shell_.out()));
  FICKLE_PETSC(
      MatShellSetOperation(shell_, MATOP_MULT, reinterpret_cast<void (*)(void)>(shell_mult)));
  FICKLE_PETSC(MatSetOption(shell_, MAT_SYMMETRIC, PETSC_TRUE));
  FICKLE_PETSC(KSPCreate(comm, ksp_.out()));
  FICKLE_PETSC(KSPSetOperators(ksp_, shell_, shell_));
  FICKLE_PETSC(KSPSetType(ksp_, KSPCG));
  FICKLE_PETSC(KSPSetTolerances(ksp_, 1e-10, 1e-50, PETSC_DEFAULT, 1000));
  PC pc = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp_, &pc));
  FICKLE_PETSC(PCSetType(pc, PCSHELL));
  FICKLE_PETSC(PCShellSetContext(pc, this));
  FICKLE_PETSC(PCShellSetApply(pc, shell_precondition));
  FICKLE_PETSC(PCShellSetName(pc, "circulant"));
  FICKLE_PETSC(KSPSetFromOptions(ksp_));
}

SpaceFractionalSolver::~SpaceFractionalSolver() = default;

bool SpaceFractionalSolver::all_periodic() const {
  for (int a = 0; a < problem_.grid.dim; ++a)
    if (!problem_.grid.periodic[a]) return false;
  return true;
}

void SpaceFractionalSolver::gather(Vec global, std::vector<double>& full) const {
  FICKLE_PETSC(DMDAGlobalToNaturalBegin(da_, global, INSERT_VALUES, natural_));
  FICKLE_PETSC(DMDAGlobalToNaturalEnd(da_, global, INSERT_VALUES, natural_));
  FICKLE_PETSC(VecScatterBegin(to_all_, natural_, full_, INSERT_VALUES, SCATTER_FORWARD));
  FICKLE_PETSC(VecScatterEnd(to_all_, natural_, full_, INSERT_VALUES, SCATTER_FORWARD));
  const PetscScalar* values = nullptr;
  PetscInt n = 0;
  FICKLE_PETSC(VecGetSize(full_, &n));
  FICKLE_PETSC(VecGetArrayRead(full_, &values));
  full.assign(values, values + n);
  FICKLE_PETSC(VecRestoreArrayRead(full_, &values));
}

void SpaceFractionalSolver::keep_owned(const std::vector<double>& full, Vec global) const {
  const OwnedBox box = owned_box(da_);
  const PetscInt nx = problem_.grid.cells[0];
  PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArray(global, &values));
  for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt, PetscInt n) {
    values[n] = full[static_cast<std::size_t>(i + nx * j)];
  });
  FICKLE_PETSC(VecRestoreArray(global, &values));
}

void SpaceFractionalSolver::apply_operator(Vec u, Vec out) {
  gather(u, work_a_);
  riesz_->apply(work_a_, work_b_);
  for (double& v : work_b_) v *= problem_.K;
  keep_owned(work_b_, out);
}

// y = (I − (dt/2) K R) x
PetscErrorCode SpaceFractionalSolver::shell_mult(Mat A, Vec x, Vec y) {
  PetscFunctionBeginUser;
  SpaceFractionalSolver* self = nullptr;
  PetscCall(MatShellGetContext(A, &self));
  self->apply_operator(x, y);
  PetscCall(VecAYPX(y, -0.5 * self->dt_, x));
  PetscFunctionReturn(0);
}

// y = (I − (dt/2) K C)^{-1} x, C the circulant with the periodic symbol
PetscErrorCode SpaceFractionalSolver::shell_precondition(PC pc, Vec x, Vec y) {
  PetscFunctionBeginUser;
  SpaceFractionalSolver* self = nullptr;
  PetscCall(PCShellGetContext(pc, &self));
  self->gather(x, self->work_a_);
  self->riesz_->solve_circulant(0.5 * self->dt_ * self->problem_.K, self->work_a_, self->work_b_);
  self->keep_owned(self->work_b_, y);
  PetscFunctionReturn(0);
}

void SpaceFractionalSolver::step() {
  // rhs = u + (dt/2) K R u + dt s
  apply_operator(u_, rhs_);
  FICKLE_PETSC(VecAYPX(rhs_, 0.5 * dt_, u_));
  FICKLE_PETSC(VecAXPY(rhs_, dt_, source_));
  if (all_periodic()) {
    gather(rhs_, work_a_);
    riesz_->solve_circulant(0.5 * dt_ * problem_.K, work_a_, work_b_);
    keep_owned(work_b_, u_);
    last_iterations_ = 0;
  } else {
    last_iterations_ = solve_step(ksp_, rhs_, u_, n_ + 1);
  }
  require_finite(u_, n_ + 1, (n_ + 1) * dt_);
  ++n_;
}

double SpaceFractionalSolver::mass() const {
  return integrate(problem_.grid, u_);
}

std::string SpaceFractionalSolver::solver_description() const {
  if (all_periodic()) return "Crank–Nicolson, exact FFT solve (periodic)";
  return fmt::format("Crank–Nicolson, {} (Toeplitz by FFT)", ksp_description(ksp_));
}

std::string SpaceFractionalSolver::save_state(const std::filesystem::path& dir) const {
  return save_vec_state(dir, n_, {u_});
}

void SpaceFractionalSolver::load_state(const std::filesystem::path& file, long step) {
  load_vec_state(file, {u_});
  n_ = step;
}

}  // namespace fickle
