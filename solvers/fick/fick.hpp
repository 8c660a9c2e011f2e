// Fick diffusion with drift on a structured grid.
//
//   ∂u/∂t = ∇·(D∇u) − ∇·(v u) + s      in Ω = Π_a [lower_a, upper_a], d = 1, 2, 3
//
// D(x) > 0 piecewise constant per cell, v a constant drift or the face velocities of a stokes run
// on the same grid (divergence-free, so the advection stays conservative), s(x) a source; each face
// of Ω is Dirichlet (u = g), Neumann (total outward flux J·n = q, J = −D∇u + v u) or periodic.
// Without drift and source, D may change in time as D(x) α t^{α−1} (scaled Brownian motion's
// diffusivity, docs/science.md §7.2): then u(t) is the constant-D solution at the operational
// time τ = t^α, and the solver steps in τ with steps τ_{n+1} − τ_n — the same scheme, exact in
// the change of time.
//
// Discretisation (docs/science.md §1.3–1.5): cell-centred finite volumes, DMDA points are cell
// centres. The diffusive flux through the face between cells P and N is D_f (u_N − u_P)/h with D_f
// the harmonic mean of D_P and D_N (flux continuity across a jump in D); at a Dirichlet face it is
// D_P (g − u_P)/(h/2). The advective face value is central ((u_P + u_N)/2), first-order upwind, or
// upwind plus a van Leer flux-limited correction (TVD, second order where the solution is smooth).
// This gives the ODE system du/dt = A u + b (+ c(u) when limited), which PETSc TS integrates
// (beuler, cn, bdf2, or any TS type). The implicit matrix shift·I − A is rebuilt only when the
// shift changes, so with a fixed dt the preconditioner is set up once for the whole run.
//
// Limited advection (fick_operator.cpp has the formulas, fick_solver.cpp the time stepping): A
// holds the upwind drift, and the limited correction c(u) — the difference between the limited and
// the upwind face fluxes, one per face — is a deferred correction: implicit methods evaluate it at
// the start of each step (bdf2: extrapolated to its end) and hold it fixed as a source, explicit
// methods at every stage. Each step stays one linear solve with the upwind matrix; the lag costs
// O(dt·h) and keeps u within its bounds up to a Courant number of 1 (beuler), 2/3 (cn), 1/2 (bdf2).
#pragma once

#include <array>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>

#include "core/petsc.hpp"
#include "meshes/face_velocity.hpp"
#include "meshes/grid.hpp"
#include "meshes/shapes.hpp"
#include "solvers/common/boundary.hpp"
#include "solvers/common/field_stepper.hpp"
#include "solvers/common/initial_condition.hpp"
#include "solvers/common/linear_solver.hpp"

namespace fickle {

enum class AdvectionScheme { central, upwind, limited };

/// "central", "upwind" or "limited" (the names of the case key physics.advection).
const char* advection_name(AdvectionScheme scheme);

struct FickProblem {
  Grid grid;
  PiecewiseField diffusivity{1.0, {}};      ///< D
  std::array<double, 3> velocity{0, 0, 0};  ///< v, constant
  /// v from a stokes run instead (face velocities on this very grid), or null.
  std::shared_ptr<const FaceVelocity> velocity_field;
  AdvectionScheme advection = AdvectionScheme::central;
  /// Components of v given as expressions in x, y, z (evaluated at face centres), in place of
  /// `velocity`'s.
  std::array<SpaceTimeValue, 3> velocity_formula{};
  PiecewiseField source{0.0, {}};  ///< s, may depend on t
  /// r(u, x, y, z, t) of ∂u/∂t = ... + r, or null: a reaction makes each implicit step a Newton
  /// solve (PETSc SNES) with the Jacobian shift·I − A − diag(∂r/∂u).
  std::shared_ptr<const Expression> reaction;
  /// α of D(x, t) = D(x) α t^{α−1} (1: D constant in time); needs no drift and no source.
  double diffusivity_time_exponent = 1;
  FaceConditions boundary{};
  InitialCondition initial{};

  bool has_drift() const;
  /// Whether b depends on t: a source or a face value with t in its expression.
  bool has_time_dependent_forcing() const;
  /// max |v_a| over the faces normal to axis a.
  double max_speed(int a) const;
  /// τ(t) = t^α, the time at which the constant-D equation has the solution of time t.
  double operational_time(double t) const;
  /// v·e_a on the face between `cell` and its neighbour `side` (±1) along axis a.
  double face_velocity(int a, const std::array<PetscInt, 3>& cell, int side) const;
  /// Largest cell Péclet number |v_a| h_a / min D over the axes: central differences stay free of
  /// wiggles when it is ≤ 2.
  double cell_peclet() const;
  /// D dt / h² with the largest D and the smallest spacing: how stiff one implicit step is (and,
  /// times 2d, how far an explicit step is beyond its stability limit of 1).
  double diffusion_number(double dt) const;
  /// dt Σ_a max|v_a| / h_a: how many cells the drift crosses in one step (limited advection stays
  /// within its bounds up to limited_courant_bound).
  double courant_number(double dt) const;
};

struct TimeStepping {
  double dt = 0.01;               ///< the step (an adaptive controller's first step)
  long steps = 1;                 ///< end = steps·dt
  std::string scheme = "beuler";  ///< beuler | cn | bdf2 | any PETSc TS type
  double start = 0;               ///< t of the initial state (0 with a time-dependent D)
  double dt_min = 0;              ///< an adaptive controller's smallest step (0: PETSc's default)
  double dt_max = 0;              ///< its largest step (0: PETSc's default)
  double end() const { return start + dt * static_cast<double>(steps); }
};

/// Explicit TS types (euler, rk, ssp) get du/dt = A u + b as a right-hand side instead.
bool is_explicit(const std::string& scheme);

/// The Courant number up to which limited advection keeps u within its initial bounds with this
/// time scheme: 1 (beuler), 2/3 (cn), 1/2 otherwise (bdf2, explicit; fick_solver.cpp derives them).
double limited_courant_bound(const std::string& scheme);

/// Assembles A and b of du/dt = A u + b on the cell DMDA `da` (A on da's matrix layout). The
/// limited scheme's A carries the upwind drift; limited_correction adds the rest. b holds only
/// the terms that do not depend on t; add_time_dependent_forcing adds the others at a time t.
/// A is any matrix with da's layout (DMCreateMatrix's), its entries added one by one through
/// MatSetValuesStencil.
void assemble_fick_operator(const FickProblem& problem, DM da, Mat A, Vec b);

/// A new matrix A of the type DMCreateMatrix would make, holding the same entries as
/// assemble_fick_operator puts there, and b (a global Vec of da): AIJ (the default) is built
/// directly, row by row with exact preallocation, ~10× faster; other types go through
/// DMCreateMatrix and assemble_fick_operator. A carries da (MatGetDM) and its local numbering.
OwnedMat create_fick_operator(const FickProblem& problem, DM da, Vec b);

/// b(t) − b: the source and face terms whose expressions depend on t, at time t, into `out`
/// (overwritten). Only the cells they touch are evaluated.
void time_dependent_forcing(const FickProblem& problem, DM da, double t, Vec out);

/// r(u, x, t) per cell into `r`, and ∂r/∂u into `dr` unless it is null (global Vecs of `da`).
void evaluate_reaction(const FickProblem& problem, DM da, double t, Vec u, Vec r, Vec dr);

/// The limited scheme's correction c(u) to the upwind drift term A u (fick_operator.cpp): per cell,
/// −(1/h_a) Σ_f (v·n_f)(u_f^lim − u_f^up). `da` is a cell DMDA with stencil width ≥ 2 and
/// `u_local` its local (ghosted) form of u; `c` is a global Vec of the same layout.
void limited_correction(const FickProblem& problem, DM da, Vec u_local, Vec c);

/// The total outward flux ∫ J·n dA, J = −D∇u + v u, through each face of the domain (x-, x+,
/// y-, y+, z-, z+; 0 on periodic axes and unused dimensions) for the cell values u on `da`: the
/// operator's own face fluxes, so a steady state balances the source exactly. Face values and D
/// at the (physical) time t. Collective.
std::array<double, 6> boundary_fluxes(const FickProblem& problem, DM da, Vec u, double t);

/// Where a saved state sits in time (exact doubles, so a restart continues bit for bit).
struct StateStamp {
  long step = 0;
  double time = 0;
  double previous_time = 0;  ///< time of the step before (multistep methods)
  double earlier_time = 0;   ///< time of u^{n−2} (the extrapolated guess)
};

class FickSolver final : public FieldStepper {
 public:
  FickSolver(MPI_Comm comm, FickProblem problem, TimeStepping stepping);
  ~FickSolver();
  FickSolver(const FickSolver&) = delete;
  FickSolver& operator=(const FickSolver&) = delete;

  /// Advances one step; throws StepFailure on divergence or a non-finite solution. The step never
  /// passes the stop (limit_next_step, else the end): a fixed step splits what is left until the
  /// stop into the fewest equal steps no longer than dt (dt itself when the stop is on its grid);
  /// an adaptive controller's step is cut to land on it. Either way the time reaches the stop
  /// exactly.
  void step() override;
  void limit_next_step(double stop) override { stop_ = stop; }
  /// Whether the step size is the controller's (-ts_adapt_type other than none).
  bool adaptive() const;

  double time() const override;
  long step_index() const override;
  Vec solution() const override;
  DM dm() const override { return da_; }
  const FickProblem& problem() const { return problem_; }
  const TimeStepping& stepping() const { return stepping_; }

  long linear_iterations() const;  ///< total over all steps so far
  long newton_iterations() const;  ///< total SNES iterations (a reaction; 0 otherwise)
  int last_linear_iterations() const override { return last_iterations_; }
  /// Σ|w| of the latest step's extrapolated guess Σ w_k u^k (-fick_solution_rtol, beuler and cn):
  /// the factor by which it can amplify the solver error of the levels; 1 for u^n.
  double guess_amplification() const { return guess_amplification_; }
  double mass() const override;  ///< Σ u h^d
  /// How often shift·I − A was rebuilt (once per distinct shift; the preconditioner follows).
  int operator_assemblies() const { return operator_assemblies_; }
  std::string solver_description() const override;  ///< "cg + bjacobi/icc, rtol 1e-08"

  /// Writes the state (natural ordering, any rank count can read it) to `dir`/state_<step>.bin;
  /// returns the file name.
  std::string save_state(const std::filesystem::path& dir) const;
  StateStamp stamp() const;
  /// Continues from a state written by save_state at `stamp`.
  void load_state(const std::filesystem::path& file, const StateStamp& stamp);

 private:
  static PetscErrorCode form_ifunction(TS, PetscReal, Vec u, Vec udot, Vec f, void* ctx);
  static PetscErrorCode form_rhsfunction(TS, PetscReal, Vec u, Vec g, void* ctx);
  static PetscErrorCode form_ijacobian(TS, PetscReal t, Vec u, Vec, PetscReal shift, Mat J, Mat P,
                                       void* ctx);
  /// b(t): rhs_constant_, plus the time-dependent terms when there are any (cached per t).
  Vec forcing(double t);
  /// g += r(u, x, t) (a reaction).
  void add_reaction(double t, Vec u, Vec g);
  /// c(u) into correction_ (limited advection): ghosts from limiter_da_, then the face fluxes.
  void update_correction(Vec u);
  void set_default_solver();
  /// beuler and cn: the solve starts from u^n extrapolated from u^{n−1}, u^{n−2}.
  bool extrapolates_guess() const;
  static PetscErrorCode extrapolate_guess(SNES, Vec x, void* ctx);
  /// guess_weights_ for the step from t to t + h (TS's time).
  void set_guess_weights(double t, double h);
  void read_solution_tolerance();
  /// KSP atol = τ ||u^n||₂ for the coming step (τ = solution_tolerance_), times
  /// jacobi_error_factor().
  void update_tolerance();
  /// No drift and no reaction: shift·I − A is symmetric with eigenvalues ≥ shift.
  bool symmetric_positive() const;
  /// shift / max_i (shift·I − A)_ii (a lower bound of it) when the preconditioner is point Jacobi
  /// and the operator symmetric_positive, else 1: turns the bound on the preconditioned residual
  /// into a bound on the error of the step.
  double jacobi_error_factor() const;
  bool time_dependent_diffusivity() const { return problem_.diffusivity_time_exponent != 1; }
  KSP linear_solver() const;  ///< the KSP inside TS's (linear, KSP-only) SNES
  bool is_multistep() const;
  /// The next step's size and TS's final time for it (step()); returns where the step is meant to
  /// end (a fixed step's end, or the stop) in TS's time.
  double prepare_step();

  FickProblem problem_;
  TimeStepping stepping_;
  OwnedDM da_;
  OwnedMat rhs_matrix_;    ///< A
  OwnedVec rhs_constant_;  ///< b
  /// Limited advection only: a DMDA like da_ (same cells per rank) with two ghost layers for the
  /// limiter's upwind-upwind cell, its local Vec, and the correction c.
  OwnedDM limiter_da_;
  OwnedVec limiter_local_;
  OwnedVec correction_;
  OwnedVec extrapolated_;  ///< 2u^n − u^{n−1} (limited advection with bdf2)
  /// Time-dependent forcing: b(t) and the part of it that depends on t, at forcing_time_.
  OwnedVec forcing_, time_forcing_;
  double forcing_time_ = -1;
  OwnedVec reaction_, reaction_slope_;  ///< r(u) and ∂r/∂u (a reaction)
  OwnedMat implicit_matrix_;  ///< shift·I − A (implicit schemes; null for explicit ones)
  PetscReal implicit_shift_ = -1;
  OwnedTS ts_;
  OwnedVec u_;
  OwnedVec previous_;  ///< u at the previous step, for multistep restarts
  OwnedVec prior_;     ///< u^{n−1} for the extrapolated guess (beuler, cn)
  OwnedVec earlier_;   ///< u^{n−2} for it
  /// The guess's weights of u^n, u^{n−1}, u^{n−2} for the coming step; {1, 0, 0}: from u^n.
  std::array<double, 3> guess_weights_{1, 0, 0};
  double earlier_time_ = 0;          ///< t of u^{n−2}
  int history_levels_ = 0;           ///< of u^{n−1}, u^{n−2}, how many prior_, earlier_ hold
  double guess_amplification_ = 1;   ///< Σ|weight| of the latest guess
  bool history_pending_ = false;     ///< the guess has yet to shift u^n into prior_ this step
  double solution_tolerance_ = 0;    ///< τ of update_tolerance (-fick_solution_rtol)
  double largest_outflow_rate_ = 0;  ///< max_i (−A_ii), with τ > 0 and symmetric_positive()
  int last_iterations_ = 0;
  double previous_time_ = 0;
  int operator_assemblies_ = 0;
  double stop_ = std::numeric_limits<double>::infinity();  ///< limit_next_step's, physical time
};

}  // namespace fickle
