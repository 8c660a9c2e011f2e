// Exact solutions of fractional diffusion, chosen by name in a case (`exact:`), to measure errors
// (docs/science.md §3.6, §3.10):
//
//   mittag-leffler-sine  time-fractional: a sine/cosine mode decays as E_α(−K|k|² t^α) u0(x)
//   fourier-mode         space-fractional, periodic axes: a mode decays as exp(−K Σ_a |k_a|^μ t)
//   stable-density       space-fractional point source: the product over the axes of symmetric
//                        μ-stable densities of scale (Kt)^{1/μ}, times the released mass
#pragma once

#include <string>

#include "core/petsc.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {

enum class FractionalExact { none, mittag_leffler_sine, fourier_mode, stable_density };

/// Empty when `exact` applies to `problem` (K in problem.diffusivity); otherwise the reason.
std::string fractional_exact_incompatibility(FractionalExact exact, const FickProblem& problem);

class FractionalExactSolution {
 public:
  /// `order` is α (mittag-leffler-sine) or μ (fourier-mode, stable-density); `K` the coefficient.
  FractionalExactSolution(FractionalExact kind, const FickProblem& problem, double order, double K,
                          DM da);
  /// The solution at time t into the global Vec `out`; false when there is none at t (a point
  /// source at t = 0).
  bool fill(double t, Vec out) const;

 private:
  FractionalExact kind_;
  const FickProblem& problem_;
  double order_, K_;
  DM da_;
  OwnedVec mode_;  ///< u0 of a mode solution
};

}  // namespace fickle
