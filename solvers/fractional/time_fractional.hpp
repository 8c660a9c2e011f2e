// Time-fractional diffusion (Caputo derivative of order 0 < α < 1):
//
//   ∂^α_t u = K Δu + s,   ∂^α_t u(t) = (1/Γ(1−α)) ∫_0^t (t − s)^{−α} u'(s) ds
//
// in space the Fick finite volumes (solvers/fick: du/dt = A u + b with D = K, the same faces and
// sources); in time the L1 scheme on t_n, uniform or graded t_n = T (n/N)^r (Stynes, O'Riordan,
// Gracia 2017), which interpolates u linearly on each step:
//
//   ∂^α u(t_n) ≈ Σ_{k=1}^{n} d_{n,k} (u^k − u^{k−1}),
//   d_{n,k} = [(t_n − t_{k−1})^{1−α} − (t_n − t_k)^{1−α}] / (Γ(2−α) τ_k),  τ_k = t_k − t_{k−1}.
//
// Each step solves (d_{n,n} I − A) u^n = d_{n,n} u^{n−1} − H_n + b with the history
// H_n = Σ_{k<n} d_{n,k}(u^k − u^{k−1}), either summed directly (O(n) vectors, O(N²) work) or,
// "fast", through a sum of exponentials for the kernel (Jiang, Zhang, Zhang, Zhang 2017): N_exp
// vectors U_j updated by a two-term recurrence. The matrix is rebuilt only when τ_n changes (never
// on a uniform mesh, where τ_n agree to 1e-12). Errors: O(τ^α) on a uniform mesh, O(N^{−(2−α)}) on
// the graded mesh with r = (2−α)/α, because u ~ t^α near t = 0.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "solvers/fick/fick.hpp"
#include "solvers/fractional/stepper.hpp"
#include "solvers/fractional/sum_of_exponentials.hpp"

namespace fickle {

enum class TimeMesh { uniform, graded };
enum class CaputoHistory { direct, fast };

struct CaputoStepping {
  double alpha = 0.5;
  double end = 1;
  long steps = 100;
  TimeMesh mesh = TimeMesh::graded;
  double grading = 0;  ///< r of the graded mesh; 0: the optimal (2−α)/α
  CaputoHistory history = CaputoHistory::fast;
  double tolerance = 1e-9;  ///< relative error of the sum of exponentials

  double grading_exponent() const;
  double time_at(long n) const;  ///< t_n
};

class TimeFractionalSolver final : public FractionalStepper {
 public:
  /// `problem.diffusivity` is K; drift is not supported.
  TimeFractionalSolver(MPI_Comm comm, FickProblem problem, CaputoStepping stepping);

  void step() override;  ///< throws StepFailure on divergence or non-finite values
  long step_index() const override { return n_; }
  double time() const override { return stepping_.time_at(n_); }
  Vec solution() const override { return u_; }
  DM dm() const override { return da_; }
  int last_linear_iterations() const override { return last_iterations_; }
  /// Exponentials of the fast history (0 with direct).
  std::size_t exponentials() const { return kernel_.size(); }
  double kernel_error() const { return kernel_.max_relative_error; }
  int operator_assemblies() const { return operator_assemblies_; }
  double mass() const override;
  std::string solver_description() const override;

  /// Writes u and the history (natural ordering) to dir/state_<step>.bin; returns the file name.
  std::string save_state(const std::filesystem::path& dir) const override;
  void load_state(const std::filesystem::path& file, long step) override;

 private:
  void history(Vec out);  ///< H_n for the step being taken (n_ + 1)
  std::vector<Vec> state_vectors() const;

  FickProblem problem_;
  CaputoStepping stepping_;
  double gamma_2_minus_alpha_;
  OwnedDM da_;
  OwnedMat operator_;  ///< A
  OwnedVec constant_;  ///< b
  OwnedMat implicit_;  ///< d_{n,n} I − A
  double shift_ = -1;
  OwnedKSP ksp_;
  OwnedVec u_, rhs_, history_, increment_;
  std::vector<OwnedVec> increments_;  ///< direct: u^k − u^{k−1}, k = 1..n
  std::vector<OwnedVec> modes_;       ///< fast: U_j(t_n)
  SumOfExponentials kernel_;
  long n_ = 0;
  int last_iterations_ = 0;
  int operator_assemblies_ = 0;
};

}  // namespace fickle
