#include "analysis/msd_fit.hpp"

#include <cmath>

namespace fickle {

namespace {

// Least-squares fits over the points with t ∈ [t_min, t_max], t > 0 and msd > 0.
MsdFit fit_between(const std::vector<double>& t, const std::vector<double>& msd, int dim,
                   double t_min, double t_max) {
  MsdFit fit;
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;  // log-log
  double lx = 0, ly = 0, lxx = 0, lxy = 0;         // linear
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] <= 0 || t[i] < t_min || t[i] > t_max || msd[i] <= 0) continue;
    const double x = std::log(t[i]), y = std::log(msd[i]);
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
    lx += t[i], ly += msd[i], lxx += t[i] * t[i], lxy += t[i] * msd[i];
  }
  fit.points = static_cast<int>(n);
  if (n < 2) return fit;
  fit.exponent = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  fit.diffusivity = (n * lxy - lx * ly) / (n * lxx - lx * lx) / (2 * dim);
  return fit;
}

}  // namespace

MsdFit fit_last_decade(const std::vector<double>& t, const std::vector<double>& msd, int dim) {
  if (t.empty()) return {};
  return fit_between(t, msd, dim, t.back() / 10, t.back());
}

double log_log_slope(const std::vector<double>& x, const std::vector<double>& y, double x_max) {
  const MsdFit fit = fit_between(x, y, 1, 0, x_max);
  return fit.points >= 2 ? fit.exponent : NAN;
}

}  // namespace fickle
