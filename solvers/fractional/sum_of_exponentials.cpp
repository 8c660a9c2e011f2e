#include "solvers/fractional/sum_of_exponentials.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace fickle {

double SumOfExponentials::operator()(double t) const {
  double sum = 0;
  for (std::size_t j = 0; j < weights.size(); ++j) sum += weights[j] * std::exp(-rates[j] * t);
  return sum;
}

namespace {

// t^{−α} = (1/Γ(α)) ∫_0^∞ e^{−ts} s^{α−1} ds = (1/Γ(α)) ∫_ℝ e^{−t e^x + αx} dx, discretised by the
// trapezoidal rule with step h on [x_min, x_max] (exponentially accurate for an integrand analytic
// in a strip). Rates far below 1/T barely change over [0, T]: they are merged into one exponential
// with the same weight and first moment (the error of the merge is O(Σ w s² T²)).
SumOfExponentials trapezoid(double alpha, double delta, double horizon, double tolerance,
                            double h) {
  const double x_max = std::log((std::log(1 / tolerance) + 8) / delta);
  // The tail below x_min is ∫ e^{αx} dx / Γ(α) = e^{α x_min} / Γ(α + 1): tiny against T^{−α}.
  const double x_min =
      (std::log(tolerance * 1e-3 * std::tgamma(alpha + 1)) - alpha * std::log(horizon)) / alpha;
  const double merge_below = 1e-3 * tolerance / horizon;
  SumOfExponentials soe;
  double merged_weight = 0, merged_moment = 0;
  for (double x = x_max; x >= x_min; x -= h) {
    const double w = h * std::exp(alpha * x) / std::tgamma(alpha), s = std::exp(x);
    if (s < std::sqrt(merge_below)) {
      merged_weight += w;
      merged_moment += w * s;
    } else {
      soe.weights.push_back(w);
      soe.rates.push_back(s);
    }
  }
  if (merged_weight > 0) {
    soe.weights.push_back(merged_weight);
    soe.rates.push_back(merged_moment / merged_weight);
  }
  // Measure on a log grid of [δ, T].
  const int samples = 2000;
  for (int i = 0; i <= samples; ++i) {
    const double t = delta * std::pow(horizon / delta, static_cast<double>(i) / samples);
    soe.max_relative_error =
        std::max(soe.max_relative_error, std::abs(soe(t) * std::pow(t, alpha) - 1));
  }
  return soe;
}

}  // namespace

SumOfExponentials kernel_sum_of_exponentials(double alpha, double delta, double horizon,
                                             double tolerance) {
  if (!(alpha > 0 && alpha < 1)) throw std::invalid_argument("sum of exponentials: 0 < α < 1");
  if (!(delta > 0 && horizon > delta))
    throw std::invalid_argument("sum of exponentials: 0 < δ < T");
  // Trapezoidal error ~ e^{−2πd/h} with the strip half-width d = π/2: start there and refine.
  double h = std::numbers::pi * std::numbers::pi / std::log(10 / tolerance);
  for (int attempt = 0; attempt < 30; ++attempt, h *= 0.85) {
    SumOfExponentials soe = trapezoid(alpha, delta, horizon, tolerance, h);
    if (soe.max_relative_error <= tolerance) return soe;
  }
  throw std::runtime_error("sum of exponentials: tolerance not reached");
}

}  // namespace fickle
