#include "analysis/density_gap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fickle {

double poisson_mean_absolute_deviation(double lambda) {
  if (lambda <= 0) return 0;
  const double k = std::floor(lambda);
  // 2 e^{−λ} λ^{k+1} / k!, in logarithms so that large λ neither overflows nor underflows.
  return 2 * std::exp(-lambda + (k + 1) * std::log(lambda) - std::lgamma(k + 1));
}

DensityGap density_gap(const std::vector<double>& particle, const std::vector<double>& pde,
                       double cell_volume, double count) {
  DensityGap g;
  double sum_l1 = 0, sum_l2 = 0, mad = 0, mean_sq = 0, var_sq = 0;
  for (std::size_t i = 0; i < particle.size() && i < pde.size(); ++i) {
    const double d = particle[i] - pde[i];
    sum_l1 += std::abs(d);
    sum_l2 += d * d;
    g.particle_mass += particle[i] * cell_volume;
    g.pde_mass += pde[i] * cell_volume;
    const double lambda = count * std::max(0.0, pde[i]) * cell_volume;
    mad += poisson_mean_absolute_deviation(lambda);
    mean_sq += lambda;
    var_sq += lambda + 2 * lambda * lambda;
  }
  g.l1 = sum_l1 * cell_volume;
  g.l2 = std::sqrt(sum_l2 * cell_volume);
  // ρ_p − ρ = (n − λ)/(N h^d): l1 = Σ|n − λ|/N, l2² = Σ (n − λ)²/(N² h^d).
  const double scale = 1.0 / (count * count * cell_volume);
  g.l1_noise = mad / count;
  g.l2_noise = std::sqrt(mean_sq * scale);
  const double sd = std::sqrt(var_sq) * scale;
  g.z = sd > 0 ? (g.l2 * g.l2 - mean_sq * scale) / sd
               : (g.l2 > 0 ? std::numeric_limits<double>::infinity() : 0.0);
  return g;
}

}  // namespace fickle
