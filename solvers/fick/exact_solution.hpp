// Exact solutions of the Fick problem, chosen by name in a case (`exact:`), to measure errors.
//
//   gaussian-images  u0 = A exp(−|x−c|²/(2σ0²)) with zero-flux or periodic faces:
//                    u = A Π_a (σ0²/s²)^{1/2} Σ_images exp(−(x_a − c'_a)²/(2 s²)),  s² = σ0² + 2Dt,
//                    images c'_a = 2n L ± c mirrored at zero-flux walls or c + nL periodic,
//                    the centre moving with the drift on periodic axes (c → c + v t).
//   sine             a sine/cosine mode: u = e^{−D |k|² t} u0(x − v t) (docs/science.md §1.6).
#pragma once

#include <string>

#include "solvers/fick/fick.hpp"

namespace fickle {

enum class ExactSolution { none, gaussian_images, sine };

/// Empty when `exact` applies to `problem`; otherwise the reason it does not.
std::string exact_solution_incompatibility(ExactSolution exact, const FickProblem& problem);

/// Fills the global cell Vec `u` with the exact solution at time t.
void fill_exact_solution(ExactSolution exact, const FickProblem& problem, double t, DM da, Vec u);

struct ErrorNorms {
  double l2_rel = 0;    ///< ‖u − u_exact‖₂ / ‖u_exact‖₂ over cells
  double linf_rel = 0;  ///< ‖u − u_exact‖∞ / ‖u_exact‖∞
};
ErrorNorms relative_errors(Vec u, Vec exact);

}  // namespace fickle
