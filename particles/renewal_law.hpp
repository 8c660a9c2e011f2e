// The renewal equation F(t) = g(t) + ∫_0^t F(t − s) dΨ(s), solved numerically: the exact MSD of
// the Lévy walk and of ATTM at every time, not only its power-law tail (docs/science.md §7.3,
// §7.4).
//
// A renewal process started fresh at t = 0 whose pieces are independent and of zero mean adds
// their contributions: conditioning on the first renewal at s gives F = g + Ψ∗F, where g(t) is the
// expected contribution of a piece that lasts min(τ, t) and Ψ the distribution of the piece's
// length τ. The integral over the lag s is the product trapezoidal rule
//
//     ∫ ≈ Σ_k ½(F(t − s_k) + F(t − s_{k+1})) [Ψ(s_{k+1}) − Ψ(s_k)]
//
// on a graded s-grid (steps of 1/64 of the shortest piece up to 8 of them, where Ψ changes fast,
// then 0.4% steps for the tail), with Ψ exact from its formula and F(t − s) interpolated linearly
// on the same kind of grid in t, where F is smooth. Second order in the steps; O(n²) with
// n ~ 2500 at t = 10⁴ τ0. Tested against the telegraph process (exponential pieces), whose MSD is
// known in closed form.
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
