// Space-fractional (Riesz) diffusion, 1 ≤ μ ≤ 2, in 1D and 2D:
//
//   ∂u/∂t = K Σ_a ∂^μ u/∂|x_a|^μ + s
//
// with the fractional centred differences of RieszOperator and Crank–Nicolson in time:
// (I − (dt/2) K R) u^{n+1} = (I + (dt/2) K R) u^n + dt s. Periodic axes make R circulant, so with
// every axis periodic the step is an exact FFT solve. Otherwise (u = 0 outside the domain along
// the non-periodic axes) R is Toeplitz: the step is solved by CG with R applied by FFTs
// (a MATSHELL) and preconditioned by the circulant with the periodic symbol, solved by FFTs too;
// docs/verification.md has the iteration counts with and without it.
//
// Parallel layout: u lives on the cell DMDA; each operator application gathers the whole field on
// every rank (the dense Toeplitz couples every cell of a line), applies it and keeps the owned
// cells. That is O(N) memory and communication per rank: fine to ~10⁷ cells, not beyond.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"
#include "meshes/shapes.hpp"
#include "solvers/common/initial_condition.hpp"
#include "solvers/fractional/riesz_operator.hpp"
#include "solvers/fractional/stepper.hpp"

namespace fickle {

struct RieszProblem {
  Grid grid;
  double mu = 1.5;
  double K = 1;
  InitialCondition initial;
  PiecewiseField source{0.0, {}};
};

class SpaceFractionalSolver final : public FractionalStepper {
 public:
  SpaceFractionalSolver(MPI_Comm comm, RieszProblem problem, double dt);
  ~SpaceFractionalSolver();

  void step() override;  ///< throws StepFailure when CG fails
  long step_index() const override { return n_; }
  double time() const override { return static_cast<double>(n_) * dt_; }
  Vec solution() const override { return u_; }
  DM dm() const override { return da_; }
  int last_linear_iterations() const override { return last_iterations_; }
  bool all_periodic() const;
  double mass() const override;
  std::string solver_description() const override;
  const RieszProblem& problem() const { return problem_; }

  std::string save_state(const std::filesystem::path& dir) const override;
  void load_state(const std::filesystem::path& file, long step) override;

  /// K R u for a global Vec (collective); exposed for tests of the discrete symbol.
  void apply_operator(Vec u, Vec out);

 private:
  void gather(Vec global, std::vector<double>& full) const;  ///< whole field, natural order
  void keep_owned(const std::vector<double>& full, Vec global) const;
  static PetscErrorCode shell_mult(Mat A, Vec x, Vec y);
  static PetscErrorCode shell_precondition(PC pc, Vec x, Vec y);

  RieszProblem problem_;
  double dt_;
  OwnedDM da_;
  OwnedVec u_, rhs_, source_, natural_, full_;
  OwnedScatter to_all_;
  std::unique_ptr<RieszOperator> riesz_;
  OwnedMat shell_;
  OwnedKSP ksp_;
  std::vector<double> work_a_, work_b_;
  long n_ = 0;
  int last_iterations_ = 0;
};

}  // namespace fickle
