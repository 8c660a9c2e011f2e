#include "solvers/fractional/stable_density.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fickle {

double stable_density(double x, double mu, double s) {
  const double upper = std::pow(40.0 / s, 1 / mu);  // e^{−40} beyond
  // Eight points per period of cos(kx) over [0, upper], and at least 4000: k^μ is not smooth at
  // k = 0, which limits Simpson to O(h^{1+μ}) there.
  const int n =
      2 * std::clamp(static_cast<int>(4 * upper * std::abs(x) / std::numbers::pi), 2000, 50000);
  const double h = upper / n;
  auto f = [&](double k) { return std::cos(k * x) * std::exp(-s * std::pow(k, mu)); };
  double sum = f(0) + f(upper);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * f(i * h);
  return sum * h / 3 / std::numbers::pi;
}

}  // namespace fickle
