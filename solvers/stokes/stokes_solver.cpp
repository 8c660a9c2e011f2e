#include "solvers/stokes/stokes_solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/petsc_options.hpp"
#include "solvers/common/chebyshev_bounds.hpp"
#include "solvers/common/linear_solver.hpp"
#include "solvers/stokes/pressure_level.hpp"
#include "solvers/stokes/split_system.hpp"

namespace fickle {
namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool has_option(const char* name) {
  PetscBool set = PETSC_FALSE;
  FICKLE_PETSC(PetscOptionsHasName(nullptr, nullptr, name, &set));
  return set == PETSC_TRUE;
}

// Whether an option in `options` ("-name value ...") starts with `prefix`.
bool has_option_prefix(const std::string& options, const char* prefix) {
  return options.rfind(prefix, 0) == 0 ||
         options.find(std::string(" ") + prefix) != std::string::npos;
}

// Whether an option changes the solver's rate (its Krylov method or preconditioner; tolerances and
// monitors do not count): read before the first set-up writes fickle's own defaults.
bool has_solver_options() {
  const std::string options = petsc_options_in_effect();
  for (const char* prefix : {"-pc_", "-fieldsplit_", "-ksp_type", "-ksp_gmres", "-ksp_pc_side"})
    if (has_option_prefix(options, prefix)) return true;
  return false;
}

// Options of the outer preconditioner itself (its type, its splits).
bool has_outer_pc_options() {
  return has_option_prefix(petsc_options_in_effect(), "-pc_");
}

struct MonitorContext {
  const std::function<void(int, double)>* monitor;
};

PetscErrorCode outer_monitor(KSP, PetscInt it, PetscReal rnorm, void* ctx) {
  const auto* m = static_cast<MonitorContext*>(ctx);
  if (m->monitor && *m->monitor) (*m->monitor)(static_cast<int>(it), rnorm);
  return 0;
}

// PETSc's residual test plus a stall test: an incompatible singular system (StokesOperator::
// find_balance_cell) stops converging at its least-squares residual. Less than a halving over
// kWindow iterations, above a rounding floor of 1e-12 of the first residual, counts as a stall (the
// default solver gains 2-3 decades in that many). A false alarm costs time, not accuracy: on a
// compatible system the dropped row is implied by the others, so the retry finds the same flow.
struct StallTest {
  static constexpr int kWindow = 10;
  void* default_context = nullptr;
  std::vector<double> history;
  bool stalled = false;
};

PetscErrorCode stall_test(KSP ksp, PetscInt it, PetscReal rnorm, KSPConvergedReason* reason,
                          void* ctx) {
  auto* t = static_cast<StallTest*>(ctx);
  PetscCall(KSPConvergedDefault(ksp, it, rnorm, reason, t->default_context));
  if (it == 0) t->history.clear();
  t->history.push_back(rnorm);
  const auto n = static_cast<int>(t->history.size());
  if (*reason == KSP_CONVERGED_ITERATING && n > StallTest::kWindow &&
      rnorm > 0.5 * t->history[n - 1 - StallTest::kWindow] && rnorm > 1e-12 * t->history[0]) {
    t->stalled = true;
    *reason = KSP_DIVERGED_BREAKDOWN;
  }
  return 0;
}

PetscErrorCode destroy_stall_test(void* ctx) {
  auto* t = static_cast<StallTest*>(ctx);
  PetscCall(KSPConvergedDefaultDestroy(t->default_context));
  delete t;
  return 0;
}

std::string option_value(const char* name) {
  char value[64] = "";
  PetscBool set = PETSC_FALSE;
  FICKLE_PETSC(PetscOptionsGetString(nullptr, nullptr, name, value, sizeof value, &set));
  return set ? value : "";
}

// Whether every smoothing level of the velocity multigrid will be Chebyshev/Jacobi with fickle's
// Gershgorin bounds: fickle's defaults, no eigenvalue option and no option for one level.
bool gershgorin_smoothing() {
  const std::string levels = "-fieldsplit_face_mg_levels_";
  if (has_option((levels + "ksp_chebyshev_eigenvalues").c_str()) ||
      has_option((levels + "ksp_chebyshev_esteig").c_str()))
    return false;
  const std::string options = petsc_options_in_effect();
  for (auto at = options.find(levels); at != std::string::npos; at = options.find(levels, at + 1))
    if (std::isdigit(static_cast<unsigned char>(options[at + levels.size()]))) return false;
  return option_value((levels + "ksp_type").c_str()) == KSPCHEBYSHEV &&
         option_value((levels + "pc_type").c_str()) == PCJACOBI;
}

// Placeholder Chebyshev bounds on every smoothing level of `mg` before its set-up, which would
// otherwise run a GMRES eigenvalue estimate per level (time, and ~100 MB at 64³ next to the
// Galerkin products) only for set_chebyshev_bounds_from_gershgorin to replace its result.
void defer_chebyshev_bounds(PC mg) {
  PetscInt levels = 0;
  FICKLE_PETSC(PCMGGetLevels(mg, &levels));
  for (PetscInt l = 1; l < levels; ++l) {
    KSP smoother = nullptr;
    FICKLE_PETSC(PCMGGetSmoother(mg, l, &smoother));
    FICKLE_PETSC(KSPChebyshevSetEigenvalues(smoother, 2.0, 0.2));
  }
}

// DMStag preallocates 2^d entries per row of its interpolation and PETSc keeps the unused part
// (a fine face on a coarse face interpolates from fewer coarse faces): at 64³ the finest
// interpolation holds 8 entries per row for 5.6 used. A copy holds the used ones only (25 MB less).
OwnedMat compact_copy(Mat P) {
  OwnedMat compact;
  FICKLE_PETSC(MatDuplicate(P, MAT_COPY_VALUES, compact.out()));
  return compact;
}

// The same for a multigrid PETSc built from a DM.
void compact_interpolations(PC mg) {
  PetscInt levels = 0;
  FICKLE_PETSC(PCMGGetLevels(mg, &levels));
  for (PetscInt l = 1; l < levels; ++l) {
    Mat P = nullptr, R = nullptr;
    FICKLE_PETSC(PCMGGetInterpolation(mg, l, &P));
    FICKLE_PETSC(PCMGGetRestriction(mg, l, &R));
    OwnedMat compact = compact_copy(P);
    if (R == P) FICKLE_PETSC(PCMGSetRestriction(mg, l, compact));
    FICKLE_PETSC(PCMGSetInterpolation(mg, l, compact));
  }
}

// The fields of `dm` (their names, index sets and, with `subdms`, their own DMs) handed to `use`
// and freed after.
template <class Use>
void with_field_decomposition(DM dm, bool subdms, Use&& use) {
  PetscInt n = 0;
  char** names = nullptr;
  IS* fields = nullptr;
  DM* dms = nullptr;
  FICKLE_PETSC(DMCreateFieldDecomposition(dm, &n, &names, &fields, subdms ? &dms : nullptr));
  use(n, names, fields, dms);
  for (PetscInt i = 0; i < n; ++i) {
    FICKLE_PETSC(PetscFree(names[i]));
    FICKLE_PETSC(ISDestroy(&fields[i]));
    if (dms) FICKLE_PETSC(DMDestroy(&dms[i]));
  }
  FICKLE_PETSC(PetscFree(names));
  FICKLE_PETSC(PetscFree(fields));
  FICKLE_PETSC(PetscFree(dms));
}

// The interpolations and restrictions of the velocity multigrid `mg` from DMStag's hierarchy of
// the velocity field (field 0 of `dm`). The DMs go once their matrices are made: a multigrid
// built by PETSc from a DM keeps one per level, their scatters ~20 MB at 64³ though nothing
// after the set-up uses them.
void set_velocity_interpolations(DM dm, PC mg) {
  PetscInt levels = 0;
  FICKLE_PETSC(PCMGGetLevels(mg, &levels));
  std::vector<OwnedDM> dms(static_cast<std::size_t>(levels));
  with_field_decomposition(dm, true, [&](PetscInt, char**, IS*, DM* subdms) {
    dms.back() = OwnedDM(subdms[0]);
    subdms[0] = nullptr;
  });
  for (PetscInt l = levels - 1; l > 0; --l) {
    FICKLE_PETSC(DMCoarsen(dms[l], MPI_COMM_NULL, dms[l - 1].out()));
    OwnedMat P, R;
    FICKLE_PETSC(DMCreateInterpolation(dms[l - 1], dms[l], P.out(), nullptr));
    FICKLE_PETSC(DMCreateRestriction(dms[l - 1], dms[l], R.out()));
    FICKLE_PETSC(PCMGSetInterpolation(mg, l, compact_copy(P)));
    FICKLE_PETSC(PCMGSetRestriction(mg, l, R));
    dms[l].reset();
  }
}

// The solver of split i (0: the velocity, 1: the Schur complement) of a set-up fieldsplit.
KSP split_ksp(PC fieldsplit, int i) {
  KSP* sub = nullptr;
  PetscInt n = 0;
  FICKLE_PETSC(PCFieldSplitGetSubKSP(fieldsplit, &n, &sub));
  KSP ksp = sub[i];
  FICKLE_PETSC(PetscFree(sub));
  return ksp;
}

// What the velocity block really uses (PETSc options may have changed it): the levels of its
// geometric multigrid (0 when it is not PCMG) and how it is applied, for the log and summary.
struct VelocityPreconditioner {
  int levels = 0;
  std::string text;
};

VelocityPreconditioner velocity_preconditioner(PC fieldsplit) {
  KSP ksp = split_ksp(fieldsplit, 0);
  PC velocity = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp, &velocity));
  PCType type = nullptr;
  FICKLE_PETSC(PCGetType(velocity, &type));
  if (std::string(type) != PCMG) return {0, type};
  PetscInt levels = 0;
  FICKLE_PETSC(PCMGGetLevels(velocity, &levels));
  const std::string mg = fmt::format("{}-level galerkin mg", levels);
  KSPType krylov = nullptr;
  FICKLE_PETSC(KSPGetType(ksp, &krylov));
  auto cycles = [&](PetscInt n) {
    return fmt::format("{} V-cycle{} of {}", n, n == 1 ? "" : "s", mg);
  };
  if (std::string(krylov) == KSPPREONLY) {
    PetscInt n = 1;  // PCMG's own count
    FICKLE_PETSC(PetscOptionsGetInt(nullptr, nullptr,
                                    "-fieldsplit_face_pc_mg_multiplicative_cycles", &n, nullptr));
    return {static_cast<int>(levels), cycles(n)};
  }
  PetscInt steps = 0;
  FICKLE_PETSC(KSPGetTolerances(ksp, nullptr, nullptr, nullptr, &steps));
  KSPNormType norm = KSP_NORM_DEFAULT;
  FICKLE_PETSC(KSPGetNormType(ksp, &norm));
  // Richardson around PCMG is one V-cycle a step (PCApplyRichardson_MG); it stops at its step
  // count only without a norm to test.
  if (std::string(krylov) == KSPRICHARDSON && norm == KSP_NORM_NONE)
    return {static_cast<int>(levels), cycles(steps)};
  return {static_cast<int>(levels), fmt::format("{} (up to {} steps) on {}", krylov, steps, mg)};
}

}  // namespace

StokesSolver::StokesSolver(MPI_Comm comm, StokesProblem problem, StokesSolverSettings settings)
    : problem_(std::move(problem)), settings_(settings) {
  if (const auto why = problem_.ill_posed_reason(); !why.empty()) throw std::invalid_argument(why);
  mac_ = std::make_unique<MacGrid>(comm, problem_.grid);
  op_ = std::make_unique<StokesOperator>(*mac_, problem_);
  levels_ = settings_.mg_levels > 0 ? settings_.mg_levels : automatic_levels();
}

StokesSolver::~StokesSolver() = default;

PetscInt StokesSolver::unknowns() const {
  PetscInt n = 0;
  FICKLE_PETSC(VecGetSize(x_, &n));
  return n;
}

int StokesSolver::automatic_levels() const {
  // DMStag coarsens every axis by 2 on every rank: each rank's share must stay even, and the
  // coarsest grid keeps at least 2 cells per axis (4 on a periodic one).
  const auto ranges = mac_->ownership_ranges();
  int levels = 1;
  for (PetscInt factor = 2; levels < 8; factor *= 2) {
    bool ok = true;
    for (int a = 0; a < mac_->dim(); ++a) {
      const PetscInt min_cells = problem_.grid.periodic[a] ? 4 : 2;
      ok = ok && problem_.grid.cells[a] / factor >= min_cells;
      for (const PetscInt share : ranges[a]) ok = ok && share % factor == 0;
    }
    if (!ok) break;
    ++levels;
  }
  return levels;
}

void StokesSolver::solve(const std::function<void(int, double)>& monitor) {
  const double t0 = now();
  ScopedOptions defaults;  // held until the solve ends: PETSc reads nested options lazily
  iterations_ = 0;         // iterate() adds each attempt's
  assemble(false);
  set_up(defaults);
  const double t1 = now();
  setup_s_ = t1 - t0;
  if (!iterate(monitor)) {
    // The continuity rows were incompatible with the pressure null space: again without the
    // balance cell's (StokesOperator::find_balance_cell).
    assemble(true);
    set_up(defaults);
    description_ += "; the continuity of one cut cell dropped (incompatible rows)";
    if (!iterate(monitor))
      throw StepFailure(fmt::format(
          "the Stokes solver stalled ({} outer iterations in all, also without the balance cell's "
          "continuity row)",
          iterations_));
  }
  solve_s_ = now() - t1;
  release_solver();
  FICKLE_PETSC(DMCreateLocalVector(mac_->dm(), x_local_.out()));  // only now: not at the peak
  if (!problem_.has_pressure_boundary()) normalise_pressure();
  FICKLE_PETSC(DMGlobalToLocal(mac_->dm(), x_, INSERT_VALUES, x_local_));
}

void StokesSolver::release_solver() {
  // What follows a solve (forces, fields, output) needs the solution only: the Krylov basis,
  // the matrices and the multigrid hierarchy would otherwise stay under the output's own
  // arrays (docs/science.md §4.7).
  ksp_.reset();
  coarse_schur_.reset();
  null_space_.reset();
  pressure_level_ = {};
  A_.reset();
  S_.reset();
  b_.reset();
}

void StokesSolver::assemble(bool drop_balance_row) {
  const bool direct = settings_.type == StokesSolverSettings::Type::direct;
  const bool closed = !problem_.has_pressure_boundary();
  ksp_.reset();  // a retry (solve) frees the first solver before assembling again
  FICKLE_PETSC(DMCreateGlobalVector(mac_->dm(), b_.out()));
  FICKLE_PETSC(VecDuplicate(b_, x_.out()));
  op_->assemble(A_.out(), b_, closed && direct, drop_balance_row);
  // In a closed box the pressure level is free: the iterative solver is told the null space (the
  // direct one pins a pressure instead).
  if (closed && !direct) {
    OwnedVec null_vector;
    FICKLE_PETSC(VecDuplicate(b_, null_vector.out()));
    op_->fill_null_vector(null_vector);
    pressure_level_ = pressure_level(null_vector, op_->fluid_cell_count());
    null_space_ = pressure_null_space(pressure_level_);
    FICKLE_PETSC(MatSetNullSpace(A_, null_space_));
    FICKLE_PETSC(MatNullSpaceRemove(null_space_, b_));
  }
}

void StokesSolver::set_up(ScopedOptions& defaults) {
  const bool direct = settings_.type == StokesSolverSettings::Type::direct;
  FICKLE_PETSC(KSPCreate(mac_->comm(), ksp_.out()));
  FICKLE_PETSC(KSPSetOperators(ksp_, A_, A_));
  FICKLE_PETSC(KSPSetDM(ksp_, mac_->dm()));
  FICKLE_PETSC(KSPSetDMActive(ksp_, PETSC_FALSE));
  // The default preconditioner (a fixed number of V-cycles, Jacobi on the Schur
  // block) is one linear operator, so right-preconditioned GMRES applies: the same iterates and the
  // same (unpreconditioned) residual test as FGMRES, but it keeps one Krylov basis instead of two
  // (FGMRES also stores the preconditioned directions): 1.73 → 1.47 GB at 64³ (docs/science.md
  // §4.7). A user's inner Krylov solver makes the preconditioner vary: then FGMRES.
  // (Decided before the first set-up writes its defaults into the options: a retry keeps it.)
  if (!linear_preconditioner_) {
    linear_preconditioner_ = !direct && !has_option("-fieldsplit_face_ksp_type") &&
                             !has_option("-fieldsplit_face_ksp_norm_type") &&
                             !has_option("-fieldsplit_element_ksp_type");
    user_solver_options_ = has_solver_options();
    // The coarse part assumes fickle's upper Schur split of the DM's two fields.
    user_schur_solver_ = has_option("-fieldsplit_element_pc_type") ||
                         has_option("-fieldsplit_element_ksp_type") || has_outer_pc_options();
    // PCMG cycles itself unless the user chose the velocity block's Krylov solver, its steps or
    // another preconditioner: those get Richardson's two steps, or their own count
    // (set_up_fieldsplit).
    const std::string velocity_pc = option_value("-fieldsplit_face_pc_type");
    multigrid_cycles_ = levels_ > 1 && !has_option("-fieldsplit_face_ksp_type") &&
                        !has_option("-fieldsplit_face_ksp_max_it") &&
                        (velocity_pc.empty() || velocity_pc == PCMG);
  }
  const bool linear_preconditioner = *linear_preconditioner_;
  FICKLE_PETSC(KSPSetType(ksp_, linear_preconditioner ? KSPGMRES : KSPFGMRES));
  if (linear_preconditioner) FICKLE_PETSC(KSPSetPCSide(ksp_, PC_RIGHT));
  FICKLE_PETSC(
      KSPSetTolerances(ksp_, settings_.rtol, 1e-50, PETSC_DEFAULT, settings_.max_iterations));
  PC pc = nullptr;
  FICKLE_PETSC(KSPGetPC(ksp_, &pc));
  if (direct) {
    FICKLE_PETSC(PCSetType(pc, PCLU));
    FICKLE_PETSC(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
    // MUMPS's pivoting on the saddle point overflows its estimated workspace (error −9 on the
    // 32² cavity); 200% more is enough for every case in tests/.
    defaults.set_default("-mat_mumps_icntl_14", "200");
  } else {
    set_up_fieldsplit(pc, defaults);
  }
  FICKLE_PETSC(KSPSetFromOptions(ksp_));
  // The options have chosen the preconditioner: fickle's parts below belong to its fieldsplit.
  PetscBool fieldsplit = PETSC_FALSE;
  FICKLE_PETSC(PetscObjectTypeCompare((PetscObject)pc, PCFIELDSPLIT, &fieldsplit));
  build_coarse_schur(fieldsplit);
  if (fieldsplit) split_operator();
  FICKLE_PETSC(KSPSetUp(ksp_));
  if (fieldsplit) set_up_velocity_multigrid(pc);
  if (coarse_schur_) attach_coarse_schur(pc);
  KSPType outer = nullptr;
  FICKLE_PETSC(KSPGetType(ksp_, &outer));
  if (direct) {
    description_ = fmt::format("{} + lu (mumps)", outer);
  } else if (!fieldsplit) {
    PCType type = nullptr;
    FICKLE_PETSC(PCGetType(pc, &type));
    description_ = fmt::format("{} + {} (PETSc options)", outer, type);
  } else {
    const VelocityPreconditioner velocity = velocity_preconditioner(pc);
    levels_ = velocity.levels;
    const std::string& cycles = velocity.text;
    description_ = fmt::format(
        "{} + schur fieldsplit (velocity: {}, pressure: viscosity-scaled mass matrix{})", outer,
        cycles, coarse_schur_ ? fmt::format(" + coarse {}-cell stokes", coarse_cells_) : "");
  }
}

void StokesSolver::set_up_fieldsplit(PC pc, ScopedOptions& defaults) {
  FICKLE_PETSC(PCSetType(pc, PCFIELDSPLIT));
  FICKLE_PETSC(PCFieldSplitSetType(pc, PC_COMPOSITE_SCHUR));
  FICKLE_PETSC(PCFieldSplitSetSchurFactType(pc, PC_FIELDSPLIT_SCHUR_FACT_UPPER));
  // The splits as index sets: PETSc's DM splits would leave each split's solver a DM of its own
  // (with scatters, ~20 MB at 64³) that only the velocity multigrid's set-up uses
  // (set_velocity_interpolations). A user's own splits (-pc_ options) keep PETSc's way.
  index_set_splits_ = !has_outer_pc_options();
  if (index_set_splits_) {
    FICKLE_PETSC(PCFieldSplitSetDMSplits(pc, PETSC_FALSE));
    with_field_decomposition(mac_->dm(), false, [&](PetscInt n, char** names, IS* fields, DM*) {
      for (PetscInt i = 0; i < n; ++i) FICKLE_PETSC(PCFieldSplitSetIS(pc, names[i], fields[i]));
    });
  }
  PetscInt cells = 0;
  mac_->for_each_owned_cell([&](const Index3&) { ++cells; });
  FICKLE_PETSC(MatCreateAIJ(mac_->comm(), cells, cells, PETSC_DETERMINE, PETSC_DETERMINE, 1,
                            nullptr, 0, nullptr, S_.out()));
  op_->assemble_schur_preconditioner(S_);
  FICKLE_PETSC(PCFieldSplitSetSchurPre(pc, PC_FIELDSPLIT_SCHUR_PRE_USER, S_));
  // Two V-cycles per velocity solve: one alone lets the outer count creep up by 3-4 per
  // refinement in 3D (21, 25, 28 at 8³, 16³, 32³); two keep it within 2 (17, 20, 22). PCMG
  // cycles twice itself (x ← x + V(b − A x), what two Richardson steps of one V-cycle do)
  // without Richardson's two work vectors of the velocity's size (13 MB at 64³). A user's own
  // velocity Krylov solver, step count or preconditioner gets two steps (unless the user set
  // them), as does a grid that cannot be halved (odd cell counts): algebraic multigrid then
  // (BoomerAMG: 16 outer iterations on the 61² cavity; GAMG does not converge there).
  defaults.set_default("-fieldsplit_face_ksp_type", multigrid_cycles_ ? "preonly" : "richardson");
  if (multigrid_cycles_) {
    defaults.set_default("-fieldsplit_face_pc_mg_multiplicative_cycles", "2");
  } else {
    defaults.set_default("-fieldsplit_face_ksp_max_it", "2");
    defaults.set_default("-fieldsplit_face_ksp_norm_type", "none");
  }
  defaults.set_default("-fieldsplit_face_pc_type", levels_ > 1 ? "mg" : "hypre");
  defaults.set_default("-fieldsplit_face_pc_mg_levels", std::to_string(levels_));
  defaults.set_default("-fieldsplit_face_pc_mg_galerkin", "both");
  defaults.set_default("-fieldsplit_face_mg_levels_ksp_type", "chebyshev");
  defaults.set_default("-fieldsplit_face_mg_levels_pc_type", "jacobi");
  defaults.set_default("-fieldsplit_face_mg_levels_ksp_max_it", "3");
  defaults.set_default("-fieldsplit_element_ksp_type", "preonly");
  defaults.set_default("-fieldsplit_element_pc_type", "jacobi");
}

void StokesSolver::split_operator() {
  // The assembled system goes once its field blocks are taken out (split_system.hpp): 104 MB
  // less at 64³ (docs/science.md §4.7). A user's own splits (-pc_ options) may not match the DM's
  // fields: then the assembled system stays, as PETSc's DM splits do.
  if (!index_set_splits_) return;
  SplitSystem system;
  with_field_decomposition(mac_->dm(), false, [&](PetscInt n, char**, IS* fields, DM*) {
    system = split_system(A_, n, fields);
  });
  if (null_space_) {
    FICKLE_PETSC(MatSetNullSpace(system.product, null_space_));
    FICKLE_PETSC(MatSetNullSpace(system.blocks, null_space_));
  }
  FICKLE_PETSC(KSPSetOperators(ksp_, system.product, system.blocks));  // the KSP keeps the blocks
  A_ = std::move(system.product);
}

void StokesSolver::set_up_velocity_multigrid(PC fieldsplit) {
  KSP velocity_ksp = split_ksp(fieldsplit, 0);
  PC velocity = nullptr;
  FICKLE_PETSC(KSPGetPC(velocity_ksp, &velocity));
  PetscBool mg = PETSC_FALSE;
  FICKLE_PETSC(PetscObjectTypeCompare((PetscObject)velocity, PCMG, &mg));
  const bool deferred = mg && gershgorin_smoothing();
  if (deferred) defer_chebyshev_bounds(velocity);
  if (mg && index_set_splits_) set_velocity_interpolations(mac_->dm(), velocity);
  FICKLE_PETSC(KSPSetUp(velocity_ksp));  // the Galerkin products, the smoothers
  if (!mg) return;
  PetscInt levels = 0;
  FICKLE_PETSC(PCMGGetLevels(velocity, &levels));
  // The Galerkin products keep A·P for a later numeric recomputation; the operator is assembled
  // once, so it goes (first: it is the largest part of the set-up's memory).
  for (PetscInt l = 0; l + 1 < levels; ++l) {
    KSP smoother = nullptr;
    FICKLE_PETSC(PCMGGetSmoother(velocity, l, &smoother));
    Mat A = nullptr;
    FICKLE_PETSC(KSPGetOperators(smoother, &A, nullptr));
    FICKLE_PETSC(MatProductClear(A));
  }
  if (!index_set_splits_) compact_interpolations(velocity);
  // Chebyshev bounds from Gershgorin instead of a GMRES estimate per level: the same outer
  // iterations, ~100 MB less at 64³ (each estimate keeps its Krylov basis; docs/science.md §4.7).
  if (!has_option("-fieldsplit_face_mg_levels_ksp_chebyshev_eigenvalues") &&
      !has_option("-fieldsplit_face_mg_levels_ksp_chebyshev_esteig")) {
    const int set = set_chebyshev_bounds_from_gershgorin(velocity, 0.1);
    if (deferred && set != levels - 1)
      throw std::logic_error("a multigrid level kept its placeholder Chebyshev bounds");
  }
}

namespace {

PetscErrorCode apply_coarse_schur(PC pc, Vec r, Vec y) {
  const CoarseSchur* coarse = nullptr;
  PetscCall(PCShellGetContext(pc, &coarse));
  coarse->apply(r, y);
  return 0;
}

}  // namespace

int StokesSolver::coarse_schur_factor() const {
  const Grid& g = problem_.grid;
  const int dim = g.dim;
  // Automatic: on for an elongated 2D box only. M⁻¹S's lowest eigenvalue falls as
  // (π²/12)(H/L)² with the aspect ratio L/H (docs/science.md §4.7): ~0.2 at 2, and the coarse
  // part's set-up costs more than it saves in a square cavity. In 3D its LU costs more than it
  // saves on the sphere.
  double shortest = g.length(0), longest = shortest;
  for (int a = 1; a < dim; ++a) {
    shortest = std::min(shortest, g.length(a));
    longest = std::max(longest, g.length(a));
  }
  const bool elongated = longest >= StokesSolverSettings::kElongated * shortest;
  const long cap = settings_.coarse_cells >= 0 ? settings_.coarse_cells
                   : dim == 2 && elongated     ? StokesSolverSettings::kDefaultCoarseCells
                                               : 0;
  if (cap == 0) return 0;
  // The factors multigrid could use keep every rank's share whole and the grid ≥ 2 (4) cells.
  const int levels = automatic_levels();
  // At least 4: a coarse grid a quarter of the fine one costs more to factor than it saves.
  for (int factor = 4, level = 3; level <= levels; factor *= 2, ++level) {
    long cells = 1;
    for (int a = 0; a < dim; ++a) cells *= g.cells[a] / factor;
    if (cells <= cap) return factor;
  }
  return 0;
}

void StokesSolver::build_coarse_schur(bool fieldsplit) {
  coarse_schur_.reset();
  coarse_cells_ = 0;
  const int factor = user_schur_solver_ || !fieldsplit ? 0 : coarse_schur_factor();
  if (factor == 0) return;
  OwnedVec mass;
  FICKLE_PETSC(MatCreateVecs(S_, mass.out(), nullptr));
  FICKLE_PETSC(MatGetDiagonal(S_, mass));
  coarse_schur_ = std::make_unique<CoarseSchur>(*mac_, *op_, !problem_.has_pressure_boundary(), A_,
                                                mass, factor);
  coarse_cells_ = coarse_schur_->coarse_cells();
}

void StokesSolver::attach_coarse_schur(PC fieldsplit) {
  PC schur = nullptr;
  FICKLE_PETSC(KSPGetPC(split_ksp(fieldsplit, 1), &schur));
  FICKLE_PETSC(PCSetType(schur, PCSHELL));
  FICKLE_PETSC(PCShellSetContext(schur, coarse_schur_.get()));
  FICKLE_PETSC(PCShellSetApply(schur, apply_coarse_schur));
  FICKLE_PETSC(PCShellSetName(schur, "mass matrix + coarse stokes"));
}

bool StokesSolver::iterate(const std::function<void(int, double)>& monitor) {
  MonitorContext context{&monitor};
  FICKLE_PETSC(KSPMonitorSet(ksp_, outer_monitor, &context, nullptr));
  // Only a closed box whose forced faces let flux into pinned cells can be incompatible; the
  // stall test assumes the default preconditioner's rate (a user's may be slower).
  const bool may_be_incompatible = null_space_ && op_->leaks_into_pinned_cells();
  StallTest* stall = nullptr;
  if (may_be_incompatible && linear_preconditioner_.value_or(false) && !user_solver_options_) {
    stall = new StallTest;
    FICKLE_PETSC(KSPConvergedDefaultCreate(&stall->default_context));
    FICKLE_PETSC(KSPSetConvergenceTest(ksp_, stall_test, stall, destroy_stall_test));
  }
  FICKLE_PETSC(KSPSolve(ksp_, b_, x_));
  PetscInt its = 0;
  FICKLE_PETSC(KSPGetIterationNumber(ksp_, &its));
  iterations_ += static_cast<int>(its);
  KSPConvergedReason reason;
  FICKLE_PETSC(KSPGetConvergedReason(ksp_, &reason));
  FICKLE_PETSC(KSPMonitorCancel(ksp_));
  if (stall && stall->stalled) return false;
  if (reason < 0)
    throw StepFailure(fmt::format(
        "the Stokes solver did not converge ({} after {} iterations){}",
        KSPConvergedReasons[reason], its,
        may_be_incompatible && !stall
            ? "; an interpolated body's cut cells can make a closed box's system incompatible "
              "(docs/science.md §4.5), which fickle detects and mends only with its default "
              "Krylov solver and preconditioner"
            : ""));
  require_finite(x_, 0, 0.0);
  return true;
}

void StokesSolver::add_uniform_velocity(const std::array<double, 3>& velocity) {
  for (int a = 0; a < problem_.grid.dim; ++a)
    if (!problem_.grid.periodic[a])
      throw std::logic_error("a uniform flow solves the Stokes problem of a periodic box only");
  mac_->for_each_owned_face([&](int a, const Index3& idx) {
    const PetscInt local = mac_->local_index({a, idx});
    const PetscScalar v = velocity[a];
    FICKLE_PETSC(VecSetValuesLocal(x_, 1, &local, &v, ADD_VALUES));
  });
  FICKLE_PETSC(VecAssemblyBegin(x_));
  FICKLE_PETSC(VecAssemblyEnd(x_));
  FICKLE_PETSC(DMGlobalToLocal(mac_->dm(), x_, INSERT_VALUES, x_local_));
}

void StokesSolver::normalise_pressure() {
  // p is defined up to a constant: report the one with zero mean over the fluid cells.
  PetscScalar* x = nullptr;
  double sum = 0, total = 0;
  FICKLE_PETSC(DMGlobalToLocal(mac_->dm(), x_, INSERT_VALUES, x_local_));
  FICKLE_PETSC(VecGetArray(x_local_, &x));
  mac_->for_each_owned_cell([&](const Index3& idx) {
    if (!op_->is_pinned(idx)) sum += PetscRealPart(x[mac_->local_index({MacDof::kCell, idx})]);
  });
  FICKLE_PETSC(MPI_Allreduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, mac_->comm()));
  const double mean = total / static_cast<double>(op_->fluid_cell_count());
  FICKLE_PETSC(VecRestoreArray(x_local_, &x));
  mac_->for_each_owned_cell([&](const Index3& idx) {
    if (op_->is_pinned(idx)) return;
    const PetscInt local = mac_->local_index({MacDof::kCell, idx});
    const PetscScalar shift = -mean;
    FICKLE_PETSC(VecSetValuesLocal(x_, 1, &local, &shift, ADD_VALUES));
  });
  FICKLE_PETSC(VecAssemblyBegin(x_));
  FICKLE_PETSC(VecAssemblyEnd(x_));
}

}  // namespace fickle
