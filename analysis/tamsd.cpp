#include "analysis/tamsd.hpp"

#include <algorithm>
#include <cmath>

namespace fickle {

namespace {

double squared_distance(const TrajectoryView& x, std::size_t i, std::size_t j) {
  double r2 = 0;
  for (int a = 0; a < x.dim; ++a) {
    const double d = x.xyz[i * x.dim + a] - x.xyz[j * x.dim + a];
    r2 += d * d;
  }
  return r2;
}

double dot_of_steps(const TrajectoryView& x, std::size_t i, std::size_t j) {
  double s = 0;
  for (int a = 0; a < x.dim; ++a)
    s += (x.xyz[(i + 1) * x.dim + a] - x.xyz[i * x.dim + a]) *
         (x.xyz[(j + 1) * x.dim + a] - x.xyz[j * x.dim + a]);
  return s;
}

// Standard error of a ratio R = ΣA/ΣB of per-trajectory sums (delta method):
// Var R ≈ Σ(A_i − R B_i)² / (ΣB)².
struct RatioSums {
  double a = 0, b = 0, aa = 0, ab = 0, bb = 0;
  double ratio() const { return a / b; }
  double standard_error() const {
    const double r = ratio();
    return std::sqrt(std::max(0.0, aa - 2 * r * ab + r * r * bb)) / std::abs(b);
  }
};

}  // namespace

double tamsd(const TrajectoryView& x, long lag) {
  const auto k = static_cast<std::size_t>(lag);
  if (lag < 1 || k >= x.frames) return NAN;
  double sum = 0;
  for (std::size_t j = 0; j + k < x.frames; ++j) sum += squared_distance(x, j + k, j);
  return sum / static_cast<double>(x.frames - k);
}

std::vector<long> log_spaced_lags(long largest, int per_decade) {
  std::vector<long> lags;
  for (int i = 0;; ++i) {
    const long k = std::lround(std::pow(10.0, static_cast<double>(i) / per_decade));
    if (k > largest) break;
    if (lags.empty() || k != lags.back()) lags.push_back(k);
  }
  return lags;
}

SingleTrajectoryStatistics single_trajectory_statistics(MPI_Comm comm,
                                                        const std::vector<TrajectoryView>& local,
                                                        const std::vector<long>& lags,
                                                        long velocity_lags) {
  const std::size_t L = lags.size();
  const std::size_t V = velocity_lags < 0 ? 0 : static_cast<std::size_t>(velocity_lags) + 1;
  // Per lag: count, Σδ², Σδ⁴, Σδ⁶, Σδ⁸, Σ|x_k − x_0|²; per velocity lag: RatioSums.
  std::vector<double> sums(6 * L + 5 * V, 0.0);
  for (const TrajectoryView& x : local) {
    for (std::size_t l = 0; l < L; ++l) {
      const double d = tamsd(x, lags[l]);
      if (!std::isfinite(d)) continue;
      double* s = &sums[6 * l];
      s[0] += 1, s[1] += d, s[2] += d * d, s[3] += d * d * d, s[4] += d * d * d * d;
      s[5] += squared_distance(x, static_cast<std::size_t>(lags[l]), 0);
    }
    // This trajectory's ⟨v_j·v_{j+k}⟩ sum and its ⟨v_j·v_j⟩ sum over the same frames.
    for (std::size_t k = 0; k < V && k + 1 < x.frames; ++k) {
      double a = 0, b = 0;
      for (std::size_t j = 0; j + k + 1 < x.frames; ++j)
        a += dot_of_steps(x, j, j + k), b += dot_of_steps(x, j, j);
      double* s = &sums[6 * L + 5 * k];
      s[0] += a, s[1] += b, s[2] += a * a, s[3] += a * b, s[4] += b * b;
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                comm);
  SingleTrajectoryStatistics out;
  out.lags = lags;
  long mine = static_cast<long>(local.size());
  MPI_Allreduce(&mine, &out.trajectories, 1, MPI_LONG, MPI_SUM, comm);
  for (std::size_t l = 0; l < L; ++l) {
    const double* s = &sums[6 * l];
    const double n = s[0], m1 = s[1] / n, m2 = s[2] / n, m3 = s[3] / n, m4 = s[4] / n;
    const double variance = std::max(0.0, m2 - m1 * m1);
    out.tamsd_mean.push_back(m1);
    out.tamsd_standard_error.push_back(std::sqrt(variance / n));
    out.tamsd_relative_spread.push_back(std::sqrt(variance) / m1);
    out.ergodicity_breaking.push_back(variance / (m1 * m1));
    // EB = m2/m1² − 1: gradient (−2 m2/m1³, 1/m1²) on the covariance of (δ², δ⁴).
    const double g1 = -2 * m2 / (m1 * m1 * m1), g2 = 1 / (m1 * m1);
    const double c11 = m2 - m1 * m1, c12 = m3 - m1 * m2, c22 = m4 - m2 * m2;
    out.ergodicity_breaking_standard_error.push_back(
        std::sqrt(std::max(0.0, g1 * g1 * c11 + 2 * g1 * g2 * c12 + g2 * g2 * c22) / n));
    out.msd.push_back(s[5] / n);
  }
  for (std::size_t k = 0; k < V; ++k) {
    const double* s = &sums[6 * L + 5 * k];
    // Lag k's products over the frames it covers, divided by v·v over the same frames: an
    // estimate whose bias is O(1/(frames × trajectories)).
    const RatioSums r{s[0], s[1], s[2], s[3], s[4]};
    out.velocity_autocorrelation.push_back(r.b > 0 ? r.ratio() : NAN);
    out.velocity_autocorrelation_standard_error.push_back(r.b > 0 ? r.standard_error() : NAN);
  }
  return out;
}

}  // namespace fickle
