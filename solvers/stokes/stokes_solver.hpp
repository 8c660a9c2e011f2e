// Assembles the MAC Stokes system (stokes_operator.hpp) and solves it with PETSc: by default
// right-preconditioned GMRES on an upper Schur-complement fieldsplit whose velocity block gets two
// V-cycles of Galerkin geometric multigrid (Chebyshev/Jacobi smoothing, bounds from Gershgorin) and
// whose Schur complement is approximated by the viscosity-scaled pressure mass matrix, cells cut by
// a body weighted (docs/science.md §4.7), as PETSc's DMStag ex4 (outer iterations independent of
// the grid); or LU with MUMPS. PETSc options (command line, the case's petsc: keys) override every
// default here, e.g. -fieldsplit_face_pc_mg_levels 3.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/petsc_options.hpp"
#include "solvers/stokes/coarse_schur.hpp"
#include "solvers/stokes/mac_grid.hpp"
#include "solvers/stokes/pressure_level.hpp"
#include "solvers/stokes/stokes.hpp"
#include "solvers/stokes/stokes_operator.hpp"

namespace fickle {

struct StokesSolverSettings {
  enum class Type { fieldsplit, direct };
  Type type = Type::fieldsplit;
  double rtol = 1e-9;  ///< outer relative residual tolerance
  int max_iterations = 200;
  int mg_levels = 0;  ///< velocity multigrid levels; 0 = as many as the grid halves (coarse ≥ 2)
  /// Cells of the Schur preconditioner's coarse Stokes grid at most (coarse_schur.hpp); 0 = none;
  /// −1 = automatic: kDefaultCoarseCells for a 2D box whose longest side is at least kElongated
  /// times its shortest, none otherwise (StokesSolver::coarse_schur_factor).
  int coarse_cells = -1;
  static constexpr int kDefaultCoarseCells = 1024;
  static constexpr double kElongated = 2.0;
};

class StokesSolver {
 public:
  StokesSolver(MPI_Comm comm, StokesProblem problem, StokesSolverSettings settings);
  ~StokesSolver();

  /// Assembles and solves; `monitor(iteration, residual)` sees every outer iteration. Throws
  /// StepFailure when the solver does not converge.
  void solve(const std::function<void(int, double)>& monitor = {});

  const StokesProblem& problem() const { return problem_; }
  const MacGrid& mac() const { return *mac_; }
  const StokesOperator& op() const { return *op_; }
  /// The solution (face velocities and cell pressures), global and ghosted.
  Vec solution() const { return x_; }
  Vec local_solution() const { return x_local_; }
  /// Adds `velocity` to every face, bodies' faces included (a box periodic on every axis only):
  /// the uniform flow solves the discrete equations exactly at zero force, so the sum is the flow
  /// of the same problem with every body moving that much faster (docs/science.md §8.7).
  void add_uniform_velocity(const std::array<double, 3>& velocity);

  int outer_iterations() const { return iterations_; }
  /// Levels of the velocity multigrid (after solve(): what PETSc uses; 0 when not PCMG).
  int mg_levels() const { return levels_; }
  /// Cells of the Schur preconditioner's coarse Stokes grid (coarse_schur.hpp); 0 when none.
  PetscInt coarse_cells() const { return coarse_cells_; }
  double setup_seconds() const { return setup_s_; }
  double solve_seconds() const { return solve_s_; }
  PetscInt unknowns() const;
  std::string description() const { return description_; }

 private:
  int automatic_levels() const;
  // The steps of solve(): the system, the solver (PETSc options the user set win over these
  // defaults), the outer iterations, and the pressure level of a closed box.
  void assemble(bool drop_balance_row);
  void set_up(ScopedOptions& defaults);
  void set_up_fieldsplit(PC pc, ScopedOptions& defaults);
  void set_up_velocity_multigrid(PC fieldsplit);
  /// The coarsening factor of the Schur block's coarse grid (coarse_schur.hpp): the smallest
  /// power of 2, at least 4, that multigrid could also use and that brings the coarse grid down
  /// to `coarse_cells`; 0 when off or none does.
  int coarse_schur_factor() const;
  /// Builds the Schur block's coarse part from the assembled system (before split_operator frees
  /// it); nothing when it is off, the preconditioner is not a fieldsplit or the user chose the
  /// Schur block's solver.
  void build_coarse_schur(bool fieldsplit);
  /// Gives the fieldsplit's Schur block the coarse part (after the fieldsplit's set-up).
  void attach_coarse_schur(PC fieldsplit);
  /// Gives the fieldsplit KSP the system as its field blocks (split_system.hpp) and frees the
  /// assembled one (not with the user's -pc_ options); A_ is then the blocks' product.
  void split_operator();
  /// False when the solve stalled on incompatible rows (then `solve` assembles again without the
  /// balance cell's continuity); throws StepFailure when it did not converge otherwise.
  bool iterate(const std::function<void(int, double)>& monitor);
  void normalise_pressure();
  /// Frees everything but the solution once it is found.
  void release_solver();

  StokesProblem problem_;
  StokesSolverSettings settings_;
  std::unique_ptr<MacGrid> mac_;
  std::unique_ptr<StokesOperator> op_;
  PressureLevel pressure_level_;  ///< null_space_'s context (outlives it)
  OwnedMat A_, S_;  ///< the system (assembled, or after set_up its blocks' product), Schur's
  std::unique_ptr<CoarseSchur> coarse_schur_;
  PetscInt coarse_cells_ = 0;  ///< of coarse_schur_, kept after release_solver
  OwnedVec b_, x_, x_local_;
  OwnedKSP ksp_;
  OwnedNullSpace null_space_;
  std::optional<bool>
      linear_preconditioner_;         ///< GMRES (true) or FGMRES, fixed at the first set-up
  bool user_solver_options_ = false;  ///< a user's Krylov/preconditioner options: no stall test
  bool user_schur_solver_ = false;    ///< the user chose the Schur block's solver: no coarse part
  bool multigrid_cycles_ =
      false;  ///< PCMG cycles itself (no Richardson), fixed at the first set-up
  bool index_set_splits_ = false;  ///< fieldsplit on index sets, multigrid from our DM hierarchy
  int iterations_ = 0;
  int levels_ = 1;
  double setup_s_ = 0, solve_s_ = 0;
  std::string description_;
};

}  // namespace fickle
