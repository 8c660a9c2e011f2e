// The statistics behind `compare`: the Poisson mean absolute deviation, the noise expectations of
// the density gap (checked on histograms of particles drawn from a known density), and the
// moments of a density on the grid.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "analysis/density_gap.hpp"
#include "analysis/field_moments.hpp"

namespace fickle {
namespace {

TEST(PoissonMeanAbsoluteDeviation, MatchesTheSumOverTheDistribution) {
  for (double lambda : {0.05, 0.7, 1.0, 2.5, 10.0, 123.4}) {
    double sum = 0, p = std::exp(-lambda);
    for (int k = 0; k < 2000; ++k) {
      sum += std::abs(k - lambda) * p;
      p *= lambda / (k + 1);
    }
    EXPECT_NEAR(poisson_mean_absolute_deviation(lambda), sum, 1e-10 * sum) << lambda;
  }
  EXPECT_EQ(poisson_mean_absolute_deviation(0), 0);
  // Large λ: the normal limit √(2λ/π).
  EXPECT_NEAR(poisson_mean_absolute_deviation(1e6), std::sqrt(2e6 / M_PI), 1e-3 * std::sqrt(2e6));
}

// A density on 100 cells of [0, 1] (cell volume 0.01) and histograms of N particles drawn from it.
struct Histograms {
  std::vector<double> density, probability;
  std::mt19937_64 rng{20261123};

  Histograms() : density(100), probability(100) {
    for (int i = 0; i < 100; ++i) density[i] = std::exp(-std::pow((i + 0.5) / 100 - 0.4, 2) / 0.02);
    const double mass = std::accumulate(density.begin(), density.end(), 0.0) * 0.01;
    for (int i = 0; i < 100; ++i) {
      density[i] /= mass;
      probability[i] = density[i] * 0.01;
    }
  }
  std::vector<double> draw(int count, const std::vector<double>& p) {
    std::discrete_distribution<int> cell(p.begin(), p.end());
    std::vector<double> h(p.size(), 0.0);
    for (int n = 0; n < count; ++n) h[cell(rng)] += 1.0 / (count * 0.01);
    return h;
  }
};

TEST(DensityGap, SamplingNoiseAloneGivesZNearZeroAndTheExpectedGaps) {
  Histograms h;
  const int repeats = 400, count = 20000;
  double z_sum = 0, z_sq = 0, l1_ratio = 0, l2_sq_ratio = 0;
  for (int r = 0; r < repeats; ++r) {
    const DensityGap g = density_gap(h.draw(count, h.probability), h.density, 0.01, count);
    z_sum += g.z, z_sq += g.z * g.z;
    l1_ratio += g.l1 / g.l1_noise / repeats;
    l2_sq_ratio += g.l2 * g.l2 / (g.l2_noise * g.l2_noise) / repeats;
    EXPECT_NEAR(g.particle_mass, 1.0, 1e-9);
    EXPECT_NEAR(g.pde_mass, 1.0, 1e-9);
  }
  const double mean = z_sum / repeats, sd = std::sqrt(z_sq / repeats - mean * mean);
  // z is standardised: mean 0 within 4 standard errors (1/√400), spread 1 within 15%.
  EXPECT_NEAR(mean, 0.0, 4.0 / std::sqrt(repeats));
  EXPECT_NEAR(sd, 1.0, 0.15);
  EXPECT_NEAR(l1_ratio, 1.0, 0.02);
  EXPECT_NEAR(l2_sq_ratio, 1.0, 0.02);
}

TEST(DensityGap, ADensityShiftedByAFifthOfItsWidthIsFarAboveNoise) {
  Histograms h;
  std::vector<double> shifted(100);
  for (int i = 0; i < 100; ++i) shifted[i] = std::exp(-std::pow((i + 0.5) / 100 - 0.42, 2) / 0.02);
  const double mass = std::accumulate(shifted.begin(), shifted.end(), 0.0);
  for (double& p : shifted) p /= mass;
  const DensityGap g = density_gap(h.draw(20000, shifted), h.density, 0.01, 20000);
  EXPECT_GT(g.z, 10.0);
  EXPECT_GT(g.l1, 2 * g.l1_noise);
}

TEST(FieldMoments, MidpointSumsOfAUniformAndAShiftedDensity) {
  Grid g;
  g.dim = 2;
  g.cells = {10, 20, 1};
  g.upper = {1, 2, 1};
  std::vector<double> uniform(200, 0.5);  // mass 1 on [0,1]×[0,2]
  const FieldMoments m = field_moments(g, uniform, {0.5, 1.0, 0}, 0.5);
  EXPECT_NEAR(m.mass, 1.0, 1e-14);
  EXPECT_NEAR(m.mean[0], 0.5, 1e-14);
  EXPECT_NEAR(m.mean[1], 1.0, 1e-14);
  // Σ (x_i − c)² h / L = L²/12 − h²/12 per axis (the midpoint rule of a quadratic).
  const double hx = 0.1, hy = 0.1;
  EXPECT_NEAR(m.second_moment, (1.0 - hx * hx) / 12 + (4.0 - hy * hy) / 12, 1e-13);
  // A point mass in cell (3, 7): its centre is the mean, and every moment about it vanishes.
  std::vector<double> point(200, 0.0);
  point[7 * 10 + 3] = 100.0;
  const FieldMoments p = field_moments(g, point, {0.35, 0.75, 0}, 0.5);
  EXPECT_NEAR(p.mean[0], 0.35, 1e-14);
  EXPECT_NEAR(p.mean[1], 0.75, 1e-14);
  EXPECT_NEAR(p.second_moment, 0.0, 1e-14);
  EXPECT_NEAR(p.fractional_moment, 0.0, 1e-7);  // |1e-17|^0.5
}

}  // namespace
}  // namespace fickle
