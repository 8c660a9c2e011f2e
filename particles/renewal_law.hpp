// The renewal equation F(t) = g(t) + ∫_0^t F(t − s) dΨ(s), solved numerically: the exact MSD of
// the Lévy walk and of ATTM at every time, not only its power-law tail (docs/science.md §7.3,
// §7.4).
//
// A renewal process started fresh at t = 0 whose pieces are independent and of zero mean adds
// their contributions: conditioning on the first renewal at s gives F = g + Ψ∗F, where g(t) is the
// expected contribution of a piece that lasts min(τ, t) and Ψ the distribution of the piece's
// length τ. Written as ∫_0^t F(u) ψ(t − u) du, the product trapezoidal rule on a grid t_0 < … < t_n
//
//     ∫ ≈ Σ_j ½(F_j + F_{j+1}) [Ψ(t_n − t_j) − Ψ(t_n − t_{j+1})]
//
// needs Ψ only at differences of grid points (exactly, from its formula), F only on the grid, and
// is second order in the steps wherever F is smooth; the grid is fine (1/64 of the shortest piece)
// where pieces begin and geometric (0.4% steps) beyond, O(n²) with n ~ 3000 at t = 10⁴ τ0.
#pragma once

#include <functional>
#include <vector>

namespace fickle::particles {

struct RenewalProblem {
  std::function<double(double)> g;    ///< contribution of one piece cut at t
  std::function<double(double)> cdf;  ///< Ψ(s) = P(τ ≤ s), 0 for s ≤ 0
  double scale = 1;                   ///< the shortest pieces' length (sets the fine grid)
};

/// F at each of `times` (any order, all ≥ 0).
std::vector<double> solve_renewal(const RenewalProblem& problem, const std::vector<double>& times);

}  // namespace fickle::particles
