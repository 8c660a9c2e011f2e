// A sum-of-exponentials approximation of the Caputo kernel, t^{−α} ≈ Σ_j w_j e^{−s_j t} for
// t ∈ [δ, T] with relative error ≤ ε: the "fast" L1 history (Jiang, Zhang, Zhang, Zhang 2017)
// then keeps N_exp vectors instead of every past step.
#pragma once

#include <vector>

namespace fickle {

struct SumOfExponentials {
  std::vector<double> weights;    ///< w_j
  std::vector<double> rates;      ///< s_j
  double max_relative_error = 0;  ///< measured on a fine log grid of [δ, T]

  std::size_t size() const { return weights.size(); }
  double operator()(double t) const;
};

/// Builds the approximation for 0 < α < 1 on [delta, horizon] with relative error ≤ tolerance.
SumOfExponentials kernel_sum_of_exponentials(double alpha, double delta, double horizon,
                                             double tolerance);

}  // namespace fickle
