#include "particles/renewal_law.hpp"

#include <algorithm>
#include <cmath>

namespace fickle::particles {

namespace {

// Steps of scale/256 up to one scale (where the MSD is still ballistic-like), scale/64 up to 8
// scales, then growing by 0.4% per step, up to `end`.
std::vector<double> graded(double scale, double end) {
  std::vector<double> grid{0.0};
  while (grid.back() < end) {
    const double t = grid.back();
    grid.push_back(t + (t < scale ? scale / 256 : t < 8 * scale ? scale / 64 : 0.004 * t));
  }
  return grid;
}

// The graded grid with every requested time added (points closer than a millionth of a fine step
// merged: they add only round-off).
std::vector<double> time_grid(double scale, const std::vector<double>& times) {
  const double end = times.empty() ? 0.0 : *std::max_element(times.begin(), times.end());
  std::vector<double> grid = graded(scale, end);
  grid.insert(grid.end(), times.begin(), times.end());
  std::sort(grid.begin(), grid.end());
  std::vector<double> unique{grid.front()};
  for (double t : grid)
    if (t - unique.back() > 1e-6 * scale / 256) unique.push_back(t);
  return unique;
}

}  // namespace

// In the lag s since the first renewal, ∫_0^t F(t − s) dΨ(s) by the product trapezoidal rule on
// the graded s-grid (fine where Ψ changes fast, near the shortest pieces), with F(t − s) linear
// between the points of the t-grid: F_n itself enters only through the last t-interval, so each
// F_n solves one linear equation.
std::vector<double> solve_renewal(const RenewalProblem& problem, const std::vector<double>& times) {
  const std::vector<double> t = time_grid(problem.scale, times);
  const std::vector<double> s_all = graded(problem.scale, t.back());
  std::vector<double> cdf(s_all.size());
  for (std::size_t k = 0; k < s_all.size(); ++k) cdf[k] = problem.cdf(s_all[k]);
  std::vector<double> F(t.size(), 0.0);
  for (std::size_t n = 1; n < t.size(); ++n) {
    // F(t_n − s) = a + b F_n: known values, or the last interval's interpolation towards F_n.
    std::size_t j = n;  // t_{j−1} ≤ t_n − s ≤ t_j, walked down as s grows
    const auto at = [&](double s, double& b) {
      const double u = t[n] - s;
      while (j > 0 && t[j - 1] > u) --j;
      if (j == 0) return b = 0, F[0];
      const double w = (u - t[j - 1]) / (t[j] - t[j - 1]);  // weight of F_j
      b = j == n ? w : 0.0;
      return (1 - w) * F[j - 1] + (j == n ? 0.0 : w * F[j]);
    };
    double known = problem.g(t[n]), unknown = 0, b0 = 0, b1 = 0;
    double previous = at(0, b0), previous_cdf = 0, previous_s = 0;
    for (std::size_t k = 1; k < s_all.size() && previous_s < t[n]; ++k) {
      const double s = std::min(s_all[k], t[n]);
      const double c = s == s_all[k] ? cdf[k] : problem.cdf(s);
      const double value = at(s, b1);
      known += 0.5 * (previous + value) * (c - previous_cdf);
      unknown += 0.5 * (b0 + b1) * (c - previous_cdf);
      previous = value, b0 = b1, previous_cdf = c, previous_s = s;
    }
    F[n] = known / (1 - unknown);
  }
  std::vector<double> out;
  out.reserve(times.size());
  for (double s : times) {
    const auto at = std::lower_bound(t.begin(), t.end(), s - 1e-6 * problem.scale / 256);
    out.push_back(F[static_cast<std::size_t>(at - t.begin())]);
  }
  return out;
}

}  // namespace fickle::particles
