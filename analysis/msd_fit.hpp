// Power-law fits of a mean squared displacement (or any moment) against time: the exponent of
// MSD ∝ t^α and the diffusivity of MSD ≈ 2dDt, as summary.json reports them.
#pragma once

#include <vector>

namespace fickle {

struct MsdFit {
  double exponent = 0;     ///< slope of log MSD against log t
  double diffusivity = 0;  ///< slope of MSD against t, divided by 2d
  int points = 0;          ///< series rows in the fit
};
/// Least-squares fits over the last decade of time, t ∈ [t_last/10, t_last], t > 0.
MsdFit fit_last_decade(const std::vector<double>& t, const std::vector<double>& msd, int dim);

/// The least-squares slope of log y against log x over the points with x, y > 0 and x ≤ x_max
/// (NaN with fewer than two).
double log_log_slope(const std::vector<double>& x, const std::vector<double>& y, double x_max);

}  // namespace fickle
