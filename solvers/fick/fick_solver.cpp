// Time integration of du/dt = A u + b with PETSc TS, written as the implicit system
//   F(t, u, u̇) = u̇ − A u − b = 0,   ∂F/∂u + shift ∂F/∂u̇ = shift·I − A,
// so every TS method (beuler, cn, bdf, theta, arkimex, ...) applies; TS_LINEAR makes the nonlinear
// solver a single Krylov solve per stage.
//
// Limited advection adds the deferred correction c (fick_operator.cpp, limited_correction), with
// A the upwind operator:
//   F(t, u, u̇) = u̇ − A u − b − c*,  c* = c(u^n)            (beuler, cn, other implicit types)
//                                   c* = c(2u^n − u^{n−1})   (bdf2: extrapolated to t^{n+1}, the
//                                        IMEX BDF2 of Ascher, Ruuth & Wetton 1995, SIAM J. Numer.
//                                        Anal. 32:797, doi:10.1137/0732037)
//   G(t, u)    = A u + b + c(u)         (explicit methods: c at every stage, the plain TVD scheme).
// For backward Euler this is (I − dt A) u^{n+1} = u^n + dt (b + c(u^n)): the limited scheme with
// its anti-diffusive correction one step behind. The Jacobian stays the linear upwind matrix (one
// Krylov solve per stage, the preconditioner set up once); the lag changes the result by
// dt (A_lim − A)(u^{n+1} − u^n) = O(dt·h) per unit time, second order in h at a fixed Courant
// number C = v dt/h. Bounds: in 1D the lagged correction is −C α_i (u_i − u_{i−1}) with
// α_i = ½ (ψ(r_{i+½})/r_{i+½} − ψ(r_{i−½})) ∈ [−1, 1] (van Leer: ψ ≤ 2, ψ/r ≤ 2), so the explicit
// part of θ-stepping is u_i − C (1 − θ + α_i)(u_i − u_{i−1}), and Harten's incremental-form
// condition C (1 − θ + α_i) ≤ 1 (Harten 1983, J. Comput. Phys. 49:357,
// doi:10.1016/0021-9991(83)90136-5) gives C ≤ 1 for beuler and C ≤ 2/3 for cn. A top-hat stays
// within its initial bounds exactly up to these Courant numbers and overshoots beyond them; bdf2
// stays bounded up to C = 1/2, as BDF2 with plain upwind does (tests/unit/fick_advection_test.cpp).
// A nonlinear implicit solve (JFNK with the upwind matrix as preconditioner) was measured too: 4
// Newton and ~11 Krylov iterations per step, 13-33x the cost of an upwind step, and less accurate
// than the lagged correction with cn (docs/verification.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>

#include "core/on_root.hpp"
#include "core/vec_state.hpp"
#include "meshes/dmda.hpp"
#include "solvers/common/linear_solver.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {
namespace {

// τ of the solution-relative stopping test (update_tolerance); 0 (off) by default, so that the
// default solve stops at rtol alone as it always did: mass is then conserved to ~1e-11 relative,
// while τ = 1e-9 already lets a closed box drift by 3e-9 (tests/unit/fick_conservation_test.cpp).
// On the 64³ Gaussian (bench/README.md) with the linearly extrapolated guess of an earlier version
// (the quadratic one needs fewer: docs/science.md §1.5), iterations per step on 1 rank
// and the final error (5.95073601e-3 converged): τ = 1e-10: 3.86, 5.95073597e-3; 3e-9: 3.02,
// 5.95073570e-3; 1e-8: 2.28, 5.9507173e-3; 3e-8: 2.02, 5.9506774e-3 (rtol 1e-8 alone: 4.06).
constexpr double kSolutionTolerance = 0;

}  // namespace

FickSolver::FickSolver(MPI_Comm comm, FickProblem problem, TimeStepping stepping)
    : problem_(std::move(problem)), stepping_(std::move(stepping)) {
  da_ = create_cell_dmda(comm, problem_.grid);
  FICKLE_PETSC(DMCreateGlobalVector(da_, rhs_constant_.out()));
  rhs_matrix_ = create_fick_operator(problem_, da_, rhs_constant_);
  if (problem_.advection == AdvectionScheme::limited && problem_.has_drift()) {
    // The limiter reads two cells upstream. A second DMDA with the same cells per rank and two
    // ghost layers supplies them, so da_'s matrix keeps its compact 2d+1-point pattern.
    PetscInt ranks[3] = {1, 1, 1};
    FICKLE_PETSC(DMDAGetInfo(da_, nullptr, nullptr, nullptr, nullptr, &ranks[0], &ranks[1],
                             &ranks[2], nullptr, nullptr, nullptr, nullptr, nullptr, nullptr));
    const PetscInt* ranges[3] = {nullptr, nullptr, nullptr};
    FICKLE_PETSC(DMDAGetOwnershipRanges(da_, &ranges[0], &ranges[1], &ranges[2]));
    std::array<std::vector<PetscInt>, 3> ownership;
    for (int a = 0; a < problem_.grid.dim; ++a)
      ownership[a].assign(ranges[a], ranges[a] + ranks[a]);
    limiter_da_ = create_cell_dmda(comm, problem_.grid, 2, ownership);
    FICKLE_PETSC(DMCreateLocalVector(limiter_da_, limiter_local_.out()));
    FICKLE_PETSC(VecDuplicate(rhs_constant_, correction_.out()));
    FICKLE_PETSC(VecZeroEntries(correction_));
  }
  // shift·I − A, for the implicit schemes only (an explicit one never solves: no second matrix).
  if (!is_explicit(stepping_.scheme)) {
    FICKLE_PETSC(MatDuplicate(rhs_matrix_, MAT_DO_NOT_COPY_VALUES, implicit_matrix_.out()));
    // The operator is symmetric without drift (harmonic-mean D keeps it so): let CG/ICC rely on it.
    if (!problem_.has_drift())
      FICKLE_PETSC(MatSetOption(implicit_matrix_, MAT_SYMMETRIC, PETSC_TRUE));
  }

  FICKLE_PETSC(DMCreateGlobalVector(da_, u_.out()));
  FICKLE_PETSC(PetscObjectSetName(reinterpret_cast<PetscObject>(u_.get()), "u"));
  fill_initial_condition(problem_.initial, problem_.grid, da_, u_);

  FICKLE_PETSC(TSCreate(comm, ts_.out()));
  FICKLE_PETSC(TSSetDM(ts_, da_));
  if (problem_.has_time_dependent_forcing()) {
    FICKLE_PETSC(VecDuplicate(rhs_constant_, forcing_.out()));
    FICKLE_PETSC(VecDuplicate(rhs_constant_, time_forcing_.out()));
  }
  if (problem_.reaction) {
    FICKLE_PETSC(VecDuplicate(rhs_constant_, reaction_.out()));
    FICKLE_PETSC(VecDuplicate(rhs_constant_, reaction_slope_.out()));
  }
  // A reaction makes F nonlinear in u: SNES Newton (newtonls) on each stage; a linear r = −k u
  // converges in one Newton step, so it is solved implicitly like A.
  FICKLE_PETSC(TSSetProblemType(ts_, problem_.reaction ? TS_NONLINEAR : TS_LINEAR));
  if (stepping_.scheme == "bdf2") {
    FICKLE_PETSC(TSSetType(ts_, TSBDF));
    FICKLE_PETSC(TSBDFSetOrder(ts_, 2));
  } else {
    FICKLE_PETSC(TSSetType(ts_, stepping_.scheme.c_str()));
  }
  if (is_explicit(stepping_.scheme)) {
    // Explicit methods take du/dt = A u + b as a right-hand side (stable for D dt/h² ≲ 1/(2d)).
    FICKLE_PETSC(TSSetRHSFunction(ts_, nullptr, form_rhsfunction, this));
  } else {
    FICKLE_PETSC(TSSetIFunction(ts_, nullptr, form_ifunction, this));
    FICKLE_PETSC(TSSetIJacobian(ts_, implicit_matrix_, implicit_matrix_, form_ijacobian, this));
  }
  FICKLE_PETSC(TSSetTime(ts_, stepping_.start));
  FICKLE_PETSC(TSSetTimeStep(ts_, stepping_.dt));
  // The steps are counted by the caller; the final time is set before every step (prepare_step)
  // to the next stop, and MATCHSTEP makes an adaptive controller land on it instead of passing it.
  FICKLE_PETSC(TSSetMaxSteps(ts_, PETSC_MAX_INT));
  // TS runs in the operational time τ = t^α (t itself when D does not change in time).
  FICKLE_PETSC(TSSetMaxTime(ts_, problem_.operational_time(stepping_.end())));
  FICKLE_PETSC(TSSetExactFinalTime(ts_, TS_EXACTFINALTIME_MATCHSTEP));
  FICKLE_PETSC(TSSetErrorIfStepFails(ts_, PETSC_FALSE));
  // A fixed dt (the case's): adaptive controllers (bdf, arkimex, rk default to one) would change
  // it and rebuild the operator every step. -ts_adapt_type still overrides, within time.dt_min and
  // time.dt_max.
  TSAdapt adapt = nullptr;
  FICKLE_PETSC(TSGetAdapt(ts_, &adapt));
  FICKLE_PETSC(TSAdaptSetType(adapt, TSADAPTNONE));
  FICKLE_PETSC(TSAdaptSetStepLimits(adapt, stepping_.dt_min > 0 ? stepping_.dt_min : PETSC_DEFAULT,
                                    stepping_.dt_max > 0 ? stepping_.dt_max : PETSC_DEFAULT));
  set_default_solver();
  FICKLE_PETSC(TSSetFromOptions(ts_));  // petsc: keys and -- options override the defaults
  FICKLE_PETSC(TSSetSolution(ts_, u_));
  FICKLE_PETSC(TSSetUp(ts_));
  if (is_multistep()) FICKLE_PETSC(VecDuplicate(u_, previous_.out()));
  if (is_multistep() && correction_) FICKLE_PETSC(VecDuplicate(u_, extrapolated_.out()));
  read_solution_tolerance();
  if (solution_tolerance_ > 0 && symmetric_positive()) {
    // max_i (−A_ii), for the bound of the Jacobi-preconditioned residual (update_tolerance).
    OwnedVec diagonal;
    FICKLE_PETSC(VecDuplicate(u_, diagonal.out()));
    FICKLE_PETSC(MatGetDiagonal(rhs_matrix_, diagonal));
    FICKLE_PETSC(VecMin(diagonal, nullptr, &largest_outflow_rate_));
    largest_outflow_rate_ = -largest_outflow_rate_;
  }
  if (extrapolates_guess()) {
    FICKLE_PETSC(VecDuplicate(u_, prior_.out()));
    FICKLE_PETSC(VecZeroEntries(prior_));
    FICKLE_PETSC(VecDuplicate(u_, earlier_.out()));
    FICKLE_PETSC(VecZeroEntries(earlier_));
    SNES snes = nullptr;
    FICKLE_PETSC(TSGetSNES(ts_, &snes));
    FICKLE_PETSC(SNESSetComputeInitialGuess(snes, extrapolate_guess, this));
  }
}

FickSolver::~FickSolver() = default;

KSP FickSolver::linear_solver() const {
  SNES snes = nullptr;
  KSP ksp = nullptr;
  FICKLE_PETSC(TSGetSNES(ts_, &snes));
  FICKLE_PETSC(SNESGetKSP(snes, &ksp));
  return ksp;
}

void FickSolver::set_default_solver() {
  set_diffusion_solver_defaults(linear_solver(), !problem_.has_drift(),
                                problem_.diffusion_number(stepping_.dt));
}

bool FickSolver::symmetric_positive() const {
  return !problem_.has_drift() && !problem_.reaction;
}

bool FickSolver::extrapolates_guess() const {
  // With the plain relative test a better start only moves the target (rtol × a smaller first
  // residual): no fewer iterations. It pays with the solution-relative test.
  if (solution_tolerance_ <= 0) return false;
  TSType type = nullptr;
  FICKLE_PETSC(TSGetType(ts_, &type));
  return std::string(type) == TSBEULER || std::string(type) == TSCN;
}

// The stage of beuler and cn is u^{n+1} itself; TS starts its solve from u^n. The guess
// extrapolates u^{n−2}, u^{n−1}, u^n (Lagrange, quadratic in t) to t^{n+1}, off by O(Δt³) instead
// of O(Δt) for u^n; with fewer levels, or nodes closer than a quarter of the coming step, from a
// line through two of them at least that far apart (O(Δt²)), else from u^n (docs/science.md §1.5).
// With the solution-relative tolerance (update_tolerance) the solve then needs fewer iterations.
// u^{n−1} and u^{n−2} are part of the checkpoint, so a restart takes the same guess.
PetscErrorCode FickSolver::extrapolate_guess(SNES, Vec x, void* ctx) {
  auto* self = static_cast<FickSolver*>(ctx);
  PetscFunctionBeginUser;
  const auto& w = self->guess_weights_;  // of u^n, u^{n−1}, u^{n−2}
  if (w[1] != 0) {
    PetscCall(VecAXPBYPCZ(x, w[0], w[1], 0.0, self->u_, self->prior_));
    if (w[2] != 0) PetscCall(VecAXPY(x, w[2], self->earlier_));
  } else if (w[2] != 0) {  // the line through u^{n−2}, u^n
    PetscCall(VecAXPBYPCZ(x, w[0], w[2], 0.0, self->u_, self->earlier_));
  }
  if (self->history_pending_) {  // once per step, not again for a retried solve
    PetscCall(VecCopy(self->prior_, self->earlier_));  // u^{n−1}, the next step's u^{n−2}
    PetscCall(VecCopy(self->u_, self->prior_));        // u^n, the next step's u^{n−1}
    self->history_levels_ = std::min(self->history_levels_ + 1, 2);
    self->history_pending_ = false;
  }
  self->guess_weights_ = {1, 0, 0};  // a retried solve starts from u^n
  PetscFunctionReturn(0);
}

void FickSolver::set_guess_weights(double t, double h) {
  guess_weights_ = {1, 0, 0};
  const long levels = std::min<long>(step_index(), history_levels_);  // u^{n−1}, u^{n−2} held
  const double t0 = earlier_time_, t1 = previous_time_, t2 = t, t3 = t + h;
  // Nodes closer than a quarter of the coming step give weights over 4 (of order (h/Δt)² for the
  // quadratic), amplifying the solver error in the stored levels: only nodes at least h/4 apart.
  const auto line = [&](double t_from, int from) {  // through (t_from, u^from) and (t2, u^n)
    const double omega = h / (t2 - t_from);
    guess_weights_ = {1 + omega, 0, 0};
    guess_weights_[from] = -omega;
  };
  if (levels == 0) {
    // u^n
  } else if (t2 - t1 < h / 4) {  // the last step short: u^{n−2}, u^n, if far enough apart
    if (levels == 2 && t2 - t0 >= h / 4) line(t0, 2);
  } else if (levels == 1 || t1 - t0 < h / 4) {
    line(t1, 1);
  } else {
    guess_weights_ = {(t3 - t0) * (t3 - t1) / ((t2 - t0) * (t2 - t1)),
                      (t3 - t0) * (t3 - t2) / ((t1 - t0) * (t1 - t2)),
                      (t3 - t1) * (t3 - t2) / ((t0 - t1) * (t0 - t2))};
  }
  guess_amplification_ =
      std::abs(guess_weights_[0]) + std::abs(guess_weights_[1]) + std::abs(guess_weights_[2]);
}

void FickSolver::read_solution_tolerance() {
  // An explicit -ksp_atol is the user's absolute tolerance: it wins.
  PetscBool set = PETSC_FALSE;
  FICKLE_PETSC(PetscOptionsHasName(nullptr, nullptr, "-ksp_atol", &set));
  solution_tolerance_ = set ? 0.0 : kSolutionTolerance;
  FICKLE_PETSC(
      PetscOptionsGetReal(nullptr, nullptr, "-fick_solution_rtol", &solution_tolerance_, nullptr));
}

void FickSolver::update_tolerance() {
  // Converged when the (preconditioned) residual, ≈ the error of u^{n+1} since the preconditioner
  // approximates (shift·I − A)⁻¹, is below max(rtol × its first value, τ ||u^n||₂): relative to
  // the solution rather than only to the change over the step, which an extrapolated guess makes
  // small. Left alone when the user sets -ksp_atol or another norm than the preconditioned one.
  KSP ksp = linear_solver();
  KSPNormType norm = KSP_NORM_DEFAULT;
  FICKLE_PETSC(KSPGetNormType(ksp, &norm));
  if (solution_tolerance_ <= 0 || norm != KSP_NORM_PRECONDITIONED) return;
  PetscReal size = 0, rtol = 0, dtol = 0;
  PetscInt max_iterations = 0;
  FICKLE_PETSC(VecNorm(u_, NORM_2, &size));
  FICKLE_PETSC(KSPGetTolerances(ksp, &rtol, nullptr, &dtol, &max_iterations));
  FICKLE_PETSC(KSPSetTolerances(ksp, rtol,
                                std::max(solution_tolerance_ * size * jacobi_error_factor(), 1e-50),
                                dtol, max_iterations));
}

double FickSolver::jacobi_error_factor() const {
  // With point Jacobi, M = diag(K) of K = shift·I − A, the preconditioned residual z = M⁻¹ r
  // understates the error e = K⁻¹ M z: ‖e‖₂ ≤ ‖K⁻¹‖₂ ‖M‖₂ ‖z‖₂ ≤ (max_i K_ii / shift) ‖z‖₂,
  // since K is symmetric with λ_min ≥ shift (−A is positive semi-definite without drift). So
  // stopping at ‖z‖ ≤ τ‖u^n‖ · shift / max K_ii bounds the step's error by τ‖u^n‖, as ICC(1)'s
  // M ≈ K does approximately. shift ≥ 1/Δt (1/Δt for beuler, 2/Δt for cn, 1.5/Δt for bdf2), so
  // the factor below is a lower bound of shift / max K_ii = 1 / (1 + max(−A_ii)/shift)
  // (docs/science.md §1.5).
  if (!symmetric_positive() || largest_outflow_rate_ <= 0) return 1;
  PC pc = nullptr;
  PCType type = nullptr;
  FICKLE_PETSC(KSPGetPC(linear_solver(), &pc));
  FICKLE_PETSC(PCGetType(pc, &type));
  if (std::string(type) != PCJACOBI) return 1;
  PetscReal h = 0;
  FICKLE_PETSC(TSGetTimeStep(ts_, &h));
  return 1 / (1 + h * largest_outflow_rate_);
}

bool is_explicit(const std::string& scheme) {
  return scheme == TSEULER || scheme == TSRK || scheme == TSSSP;
}

double limited_courant_bound(const std::string& scheme) {
  if (scheme == TSBEULER) return 1.0;
  if (scheme == TSCN) return 2.0 / 3.0;
  return 0.5;
}

bool FickSolver::adaptive() const {
  TSAdapt adapt = nullptr;
  TSAdaptType type = nullptr;
  FICKLE_PETSC(TSGetAdapt(ts_, &adapt));
  FICKLE_PETSC(TSAdaptGetType(adapt, &type));
  return std::string(type) != TSADAPTNONE;
}

// Steps that land on the stops (output times, the end): docs/science.md §1.5.
double FickSolver::prepare_step() {
  const double t = time();
  const double stop = std::min(stop_, stepping_.end());
  const double left = stop - t;
  double h = 0, end = stop;  // the step, and where it ends
  if (!adaptive()) {
    // The fewest equal steps no longer than dt that reach the stop; dt itself when the stop lies
    // on the grid of dt (so a run without output times takes exactly `steps` steps of dt).
    const double dt = stepping_.dt;
    const double n = left / dt;
    const double whole = std::max(1.0, std::round(n));
    const bool on_grid = std::abs(n - whole) <= 1e-9 * whole;
    if (on_grid) {
      // A step of dt exactly (a run split by a restart takes the very same steps), ending on the
      // stop or, on the grid counted from 0, at (k+1)·dt: a product rather than a sum of steps.
      h = dt;
      const double k = std::round(t / dt);
      if (whole > 1) end = std::abs(t / dt - k) <= 1e-9 * std::max(1.0, k) ? (k + 1) * dt : t + dt;
    } else {
      h = left / std::ceil(n);
      if (std::ceil(n) > 1) end = t + h;
    }
  } else {
    // The controller's step, cut as TSAdaptChoose cuts it before the final time (MATCHSTEP):
    // the stop itself when the step reaches it (or nearly), half the rest when it would leave less
    // than a step.
    PetscReal proposed = 0;
    FICKLE_PETSC(TSGetTimeStep(ts_, &proposed));
    h = proposed;
    if (1.01 * h >= left)
      h = left;
    else if (2 * h > left)
      h = left / 2;
  }
  // In TS's (operational) time; h itself when D is constant in time, so that a fixed step is dt
  // to the last bit (its matrix shift·I − A then never changes, also across a restart).
  FICKLE_PETSC(TSSetTimeStep(ts_, time_dependent_diffusivity() ? problem_.operational_time(t + h) -
                                                                     problem_.operational_time(t)
                                                               : h));
  FICKLE_PETSC(TSSetMaxTime(ts_, problem_.operational_time(stop)));
  return problem_.operational_time(end);
}

bool FickSolver::is_multistep() const {
  TSType type = nullptr;
  FICKLE_PETSC(TSGetType(ts_, &type));
  return std::string(type) == TSBDF;
}

void FickSolver::update_correction(Vec u) {
  FICKLE_PETSC(DMGlobalToLocalBegin(limiter_da_, u, INSERT_VALUES, limiter_local_));
  FICKLE_PETSC(DMGlobalToLocalEnd(limiter_da_, u, INSERT_VALUES, limiter_local_));
  limited_correction(problem_, limiter_da_, limiter_local_, correction_);
}

Vec FickSolver::forcing(double t) {
  if (!forcing_) return rhs_constant_;
  if (t != forcing_time_) {
    time_dependent_forcing(problem_, da_, t, time_forcing_);
    FICKLE_PETSC(VecWAXPY(forcing_, 1.0, rhs_constant_, time_forcing_));
    forcing_time_ = t;
  }
  return forcing_;
}

void FickSolver::add_reaction(double t, Vec u, Vec g) {
  if (!problem_.reaction) return;
  evaluate_reaction(problem_, da_, t, u, reaction_, nullptr);
  FICKLE_PETSC(VecAXPY(g, 1.0, reaction_));
}

PetscErrorCode FickSolver::form_ifunction(TS, PetscReal t, Vec u, Vec udot, Vec f, void* ctx) {
  auto* self = static_cast<FickSolver*>(ctx);
  PetscFunctionBeginUser;
  // F = u̇ − (A u + b(t) + c + r(u, t)), c fixed over the step by step() (limited advection).
  // The stage time t is where TS wants b and r (t_{n+1} for beuler and bdf, both ends for cn).
  PetscCall(MatMult(self->rhs_matrix_, u, f));
  try {
    PetscCall(VecAXPY(f, 1.0, self->forcing(t)));
    self->add_reaction(t, u, f);
  } catch (const std::exception& e) {
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "%s", e.what());
  }
  if (self->correction_) PetscCall(VecAXPY(f, 1.0, self->correction_));
  PetscCall(VecAYPX(f, -1.0, udot));
  PetscFunctionReturn(0);
}

PetscErrorCode FickSolver::form_rhsfunction(TS, PetscReal t, Vec u, Vec g, void* ctx) {
  auto* self = static_cast<FickSolver*>(ctx);
  PetscFunctionBeginUser;
  // G = A u + b(t) + c(u) + r(u, t), c at this stage (limited advection)
  PetscCall(MatMult(self->rhs_matrix_, u, g));
  try {
    PetscCall(VecAXPY(g, 1.0, self->forcing(t)));
    self->add_reaction(t, u, g);
    if (self->correction_) {
      self->update_correction(u);
      PetscCall(VecAXPY(g, 1.0, self->correction_));
    }
  } catch (const std::exception& e) {
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "%s", e.what());
  }
  PetscFunctionReturn(0);
}

PetscErrorCode FickSolver::form_ijacobian(TS, PetscReal t, Vec u, Vec, PetscReal shift, Mat J, Mat,
                                          void* ctx) {
  auto* self = static_cast<FickSolver*>(ctx);
  PetscFunctionBeginUser;
  if (self->problem_.reaction) {
    // Newton's Jacobian shift·I − A − diag(∂r/∂u), ∂r/∂u from the expression by muParser's
    // central difference (core/expression.hpp), rebuilt at every Newton iteration.
    try {
      evaluate_reaction(self->problem_, self->da_, t, u, self->reaction_, self->reaction_slope_);
    } catch (const std::exception& e) {
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "%s", e.what());
    }
    PetscCall(MatCopy(self->rhs_matrix_, J, SAME_NONZERO_PATTERN));
    PetscCall(MatScale(J, -1.0));
    PetscCall(MatShift(J, shift));
    PetscCall(VecScale(self->reaction_slope_, -1.0));
    PetscCall(MatDiagonalSet(J, self->reaction_slope_, ADD_VALUES));
    self->implicit_shift_ = -1;
    ++self->operator_assemblies_;
    PetscFunctionReturn(0);
  }
  // Leaving J untouched keeps its PETSc state, so the preconditioner is not set up again. Multistep
  // methods compute the shift from the step times, so with a fixed dt it wobbles by round-off.
  if (std::abs(shift - self->implicit_shift_) <= 1e-12 * std::abs(shift)) PetscFunctionReturn(0);
  PetscCall(MatCopy(self->rhs_matrix_, J, SAME_NONZERO_PATTERN));
  PetscCall(MatScale(J, -1.0));
  PetscCall(MatShift(J, shift));
  self->implicit_shift_ = shift;
  ++self->operator_assemblies_;
  PetscFunctionReturn(0);
}

void FickSolver::step() {
  const double target = prepare_step();
  if (correction_ && !is_explicit(stepping_.scheme)) {
    if (is_multistep() && previous_ && step_index() > 0) {
      // BDF: c((1 + ω)u^n − ω u^{n−1}), extrapolated to t^{n+1} with ω = Δt_{n+1}/Δt_n (previous_
      // still holds u^{n−1}; ω = 1, 2u^n − u^{n−1}, with equal steps).
      PetscReal t = 0, h = 0;
      FICKLE_PETSC(TSGetTime(ts_, &t));
      FICKLE_PETSC(TSGetTimeStep(ts_, &h));
      const double omega = h / (t - previous_time_);
      FICKLE_PETSC(VecAXPBYPCZ(extrapolated_, 1.0 + omega, -omega, 0.0, u_, previous_));
      update_correction(extrapolated_);
    } else {
      update_correction(u_);  // c(u^n); also BDF's first (start-up) step
    }
  }
  if (previous_) FICKLE_PETSC(VecCopy(u_, previous_));
  PetscReal tau = 0;
  FICKLE_PETSC(TSGetTime(ts_, &tau));
  if (prior_) {
    PetscReal h = 0;
    FICKLE_PETSC(TSGetTimeStep(ts_, &h));
    set_guess_weights(tau, h);
    history_pending_ = true;
  }
  earlier_time_ = previous_time_;
  previous_time_ = tau;
  update_tolerance();
  const PetscInt before = static_cast<PetscInt>(linear_iterations());
  FICKLE_PETSC(TSStep(ts_));
  last_iterations_ = static_cast<int>(linear_iterations() - before);
  TSConvergedReason reason = TS_CONVERGED_ITERATING;
  FICKLE_PETSC(TSGetConvergedReason(ts_, &reason));
  if (reason < 0) {
    KSPConvergedReason kreason = KSP_CONVERGED_ITERATING;
    FICKLE_PETSC(KSPGetConvergedReason(linear_solver(), &kreason));
    throw StepFailure(fmt::format("time step {} failed: {} (linear solver: {})", step_index() + 1,
                                  TSConvergedReasons[reason], KSPConvergedReasons[kreason]));
  }
  // TSStep sets a positive reason once the final time or step is reached; we count steps ourselves.
  FICKLE_PETSC(TSSetConvergedReason(ts_, TS_CONVERGED_ITERATING));
  // A step that reached its end (a fixed step's, or the stop) ends on it exactly (t + (end − t)
  // may differ in the last bit).
  FICKLE_PETSC(TSGetTime(ts_, &tau));
  if (std::abs(tau - target) <= 1e-12 * std::abs(target)) FICKLE_PETSC(TSSetTime(ts_, target));
  require_finite(u_, step_index(), time());
}

double FickSolver::time() const {
  PetscReal t = 0;
  FICKLE_PETSC(TSGetTime(ts_, &t));
  return time_dependent_diffusivity() ? std::pow(t, 1 / problem_.diffusivity_time_exponent) : t;
}

StateStamp FickSolver::stamp() const {
  PetscReal tau = 0;  // TS's own time (the operational time with a D(t)), restored as it was
  FICKLE_PETSC(TSGetTime(ts_, &tau));
  return {step_index(), tau, previous_time_, earlier_time_};
}

long FickSolver::step_index() const {
  PetscInt n = 0;
  FICKLE_PETSC(TSGetStepNumber(ts_, &n));
  return n;
}

Vec FickSolver::solution() const {
  return u_;
}

long FickSolver::newton_iterations() const {
  if (!problem_.reaction) return 0;
  PetscInt its = 0;
  FICKLE_PETSC(TSGetSNESIterations(ts_, &its));
  return its;
}

long FickSolver::linear_iterations() const {
  PetscInt its = 0;
  FICKLE_PETSC(TSGetKSPIterations(ts_, &its));
  return its;
}

double FickSolver::mass() const {
  return integrate(problem_.grid, u_);
}

std::string FickSolver::solver_description() const {
  TSType ttype = nullptr;
  FICKLE_PETSC(TSGetType(ts_, &ttype));
  // An explicit method solves no linear system: its KSP's defaults would describe nothing that
  // runs.
  if (is_explicit(ttype)) return fmt::format("ts {} (explicit, no linear solve)", ttype);
  KSP ksp = linear_solver();
  PetscReal rtol = 0;
  FICKLE_PETSC(KSPGetTolerances(ksp, &rtol, nullptr, nullptr, nullptr));
  const std::string solution =
      solution_tolerance_ > 0 ? fmt::format(", solution rtol {:g}", solution_tolerance_) : "";
  return fmt::format("ts {}, {}, rtol {:g}{}", ttype, ksp_description(ksp), rtol, solution);
}

std::string FickSolver::save_state(const std::filesystem::path& dir) const {
  std::vector<Vec> vectors{u_};
  if (previous_) vectors.push_back(previous_);
  if (prior_) vectors.push_back(prior_);
  if (earlier_) vectors.push_back(earlier_);
  return save_vec_state(dir, step_index(), vectors);
}

void FickSolver::load_state(const std::filesystem::path& file, const StateStamp& stamp) {
  // The saved u^n, then (multistep) u^{n−1}.
  OwnedVec before;
  FICKLE_PETSC(VecDuplicate(u_, before.out()));
  if (earlier_) {
    // u^n, u^{n−1}, u^{n−2}: the same guess as without restart. A run without the option saved u^n
    // alone, an earlier version u^n, u^{n−1}: the guess then starts from the levels there are.
    const std::vector<Vec> levels{u_, prior_, earlier_};
    const long held = std::min<long>(vec_state_count(file, u_), 3);
    if (held < 1) throw std::runtime_error(fmt::format("{}: no saved state", file.string()));
    load_vec_state(file, {levels.begin(), levels.begin() + held});
    history_levels_ = static_cast<int>(held - 1);
  } else {
    load_vec_state(file, previous_ ? std::vector<Vec>{u_, before} : std::vector<Vec>{u_});
  }
  FICKLE_PETSC(TSSetStepNumber(ts_, stamp.step));
  FICKLE_PETSC(TSSetTime(ts_, stamp.time));
  previous_time_ = stamp.previous_time;
  earlier_time_ = stamp.earlier_time;
  if (!previous_ || stamp.step == 0) return;
  // A multistep method needs u at the previous step as well: restart TS from (step−1, u_prev),
  // let it take its start-up step, then replace the result by the saved u. TSBDF then holds the
  // same two-level history as the uninterrupted run (only its initial guess for the next solve,
  // an extrapolation, differs, so results agree to the solver tolerance).
  OwnedVec current;
  FICKLE_PETSC(VecDuplicate(u_, current.out()));
  FICKLE_PETSC(VecCopy(u_, current));
  FICKLE_PETSC(VecCopy(before, u_));
  FICKLE_PETSC(VecCopy(before, previous_));  // a defined (discarded) limited correction
  FICKLE_PETSC(TSSetStepNumber(ts_, stamp.step - 1));
  FICKLE_PETSC(TSSetTime(ts_, stamp.previous_time));
  // The same step as before: from the previous time to the saved one (whatever its size was).
  const double stop = stop_;
  FICKLE_PETSC(TSSetTimeStep(ts_, stamp.time - stamp.previous_time));  // an adaptive TS's proposal
  stop_ = time_dependent_diffusivity()
              ? std::pow(stamp.time, 1 / problem_.diffusivity_time_exponent)
              : stamp.time;
  step();
  stop_ = stop;
  FICKLE_PETSC(VecCopy(current, u_));
  FICKLE_PETSC(TSSetStepNumber(ts_, stamp.step));
  FICKLE_PETSC(TSSetTime(ts_, stamp.time));
  previous_time_ = stamp.previous_time;
}

}  // namespace fickle
