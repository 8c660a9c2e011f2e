#include "solvers/fractional/mittag_leffler.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace fickle {

// For 0 < α < 1, E_α(−x) is completely monotone with the spectral representation
//   E_α(−x) = (sin απ / π) ∫_0^∞ e^{−r x^{1/α}} r^{α−1} / (r^{2α} + 2 r^α cos απ + 1) dr
// (Gorenflo, Kilbas, Mainardi, Rogosin, "Mittag-Leffler Functions", §3.7). With r = e^y the
// integrand decays like e^{αy} for y → −∞ and double-exponentially (x > 0) or like e^{−αy}
// (x = 0) for y → +∞, and the trapezoidal rule in y converges exponentially. Small x uses the
// power series, which has no cancellation there.
double mittag_leffler(double alpha, double x) {
  if (!(alpha > 0 && alpha <= 1))
    throw std::invalid_argument("mittag_leffler: need 0 < alpha <= 1");
  if (!(x >= 0)) throw std::invalid_argument("mittag_leffler: need x >= 0");
  if (alpha == 1) return std::exp(-x);
  if (x < 0.5) {
    double sum = 0, power = 1;
    for (int k = 0; k < 200; ++k) {
      const double term = power / std::tgamma(alpha * k + 1);
      sum += term;
      if (std::abs(term) < 1e-17 * std::abs(sum)) break;
      power *= -x;
    }
    return sum;
  }
  const double pi = std::numbers::pi;
  const double s = std::sin(alpha * pi), c = std::cos(alpha * pi);
  const double scale = std::pow(x, 1 / alpha);
  // e^{−r scale} < 1e-300 beyond r = 700/scale; r^α < 1e-17 below y = ln(1e-17)/α.
  const double y_min = std::log(1e-17) / alpha, y_max = std::log(700 / scale);
  const double h = 0.01;
  double sum = 0;
  for (double y = y_min; y <= y_max; y += h) {
    const double r = std::exp(y), ra = std::exp(alpha * y);
    sum += std::exp(-r * scale) * ra / (ra * ra + 2 * ra * c + 1);
  }
  return s / pi * sum * h;
}

}  // namespace fickle
