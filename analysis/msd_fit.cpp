#include "analysis/msd_fit.hpp"

#include <cmath>

namespace fickle {

MsdFit fit_last_decade(const std::vector<double>& t, const std::vector<double>& msd, int dim) {
  MsdFit fit;
  if (t.empty()) return fit;
  const double t_last = t.back();
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;  // log-log
  double lx = 0, ly = 0, lxx = 0, lxy = 0;         // linear
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] <= 0 || t[i] < t_last / 10 || msd[i] <= 0) continue;
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

}  // namespace fickle
