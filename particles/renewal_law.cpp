#include "particles/renewal_law.hpp"

#include <algorithm>
#include <cmath>

namespace fickle::particles {

namespace {

// Steps of scale/64 up to 8 scales, then growing by 0.4% per step, plus every requested time.
std::vector<double> renewal_grid(double scale, const std::vector<double>& times) {
  const double end = times.empty() ? 0.0 : *std::max_element(times.begin(), times.end());
  std::vector<double> grid{0.0};
  const double fine = scale / 64;
  while (grid.back() < end) {
    const double t = grid.back();
    grid.push_back(t + (t < 8 * scale ? fine : 0.004 * t));
  }
  grid.insert(grid.end(), times.begin(), times.end());
  std::sort(grid.begin(), grid.end());
  // Points closer than a millionth of a fine step add nothing but round-off.
  std::vector<double> unique{grid.front()};
  for (double t : grid)
    if (t - unique.back() > 1e-6 * fine) unique.push_back(t);
  return unique;
}

}  // namespace

std::vector<double> solve_renewal(const RenewalProblem& problem, const std::vector<double>& times) {
  const std::vector<double> t = renewal_grid(problem.scale, times);
  const std::size_t n = t.size();
  std::vector<double> F(n, 0.0), cdf(n);
  for (std::size_t k = 1; k < n; ++k) {
    // Ψ(t_k − t_j) for j = 0 … k, evaluated once per (k, j): the grid is not uniform.
    for (std::size_t j = 0; j <= k; ++j) cdf[j] = problem.cdf(t[k] - t[j]);
    double sum = problem.g(t[k]);
    for (std::size_t j = 0; j + 1 < k; ++j) sum += 0.5 * (F[j] + F[j + 1]) * (cdf[j] - cdf[j + 1]);
    // The last interval holds F_k itself: ½(F_{k−1} + F_k) Ψ(t_k − t_{k−1}).
    const double last = cdf[k - 1] - cdf[k];
    F[k] = (sum + 0.5 * F[k - 1] * last) / (1 - 0.5 * last);
  }
  std::vector<double> out;
  out.reserve(times.size());
  for (double s : times) {
    const auto at = std::lower_bound(t.begin(), t.end(), s - 1e-6 * problem.scale / 64);
    out.push_back(F[static_cast<std::size_t>(at - t.begin())]);
  }
  return out;
}

}  // namespace fickle::particles
