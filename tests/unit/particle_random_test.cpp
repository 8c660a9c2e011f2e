// The random numbers of the particle models: Philox word for word against Random123, and the
// distributions the kernels draw (through the real SIMD kernels) against their exact laws by
// Kolmogorov–Smirnov statistics and quantiles. Fixed seeds; tolerances at the 0.1% level.
#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include "particles/kernels.hpp"
#include "particles/philox.hpp"

namespace fickle::particles {
namespace {

constexpr double kKsCritical = 1.95;  // √n · D_n at significance 0.001

// √n · sup |F_n − F| of the sample against the CDF F.
double ks_statistic(std::vector<double> sample, const std::function<double(double)>& cdf) {
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double d = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    d = std::max({d, std::abs(f - i / n), std::abs((i + 1) / n - f)});
  }
  return std::sqrt(n) * d;
}

ParticleModel free_model(Model model, int dim, std::uint64_t count) {
  ParticleModel m;
  m.model = model;
  m.box.dim = dim;
  for (int a = 0; a < 3; ++a) {
    m.box.lower[a] = -1e300, m.box.upper[a] = 1e300;  // open walls, never reached
    m.walls[a] = {Wall::open, Wall::open};
  }
  m.count = count;
  m.seed = 2024;
  m.dt = 1;
  return m;
}

// One step of every particle from the origin: the increments, all axes pooled.
std::vector<double> one_step_increments(const ParticleModel& m) {
  ParticleArrays p;
  p.resize(m.dim(), 0, m.count, {});
  place_particles(m, p);
  move_overdamped(m, p, 0);
  std::vector<double> out;
  for (int a = 0; a < m.dim(); ++a)
    for (std::size_t i = 0; i < p.local; ++i) out.push_back(p.position[a][i]);
  return out;
}

TEST(Philox, MatchesRandom123WordForWord) {
  r123::Philox4x32 reference;
  for (std::uint64_t id : {0ULL, 1ULL, 12345ULL, 4294967295ULL})
    for (std::uint64_t count : {0ULL, 7ULL, (1ULL << 32) + 3, ~0ULL})
      for (Stream stream : {Stream::noise, Stream::waiting}) {
        const r123::Philox4x32::ctr_type c = {{static_cast<std::uint32_t>(count),
                                               static_cast<std::uint32_t>(count >> 32),
                                               static_cast<std::uint32_t>(stream), 0}};
        const r123::Philox4x32::key_type k = {{static_cast<std::uint32_t>(id), 99u}};
        const auto expected = reference(c, k);
        const Words4 w = philox4x32_10(id, 99u, count, stream);
        EXPECT_EQ(w.w0, expected.v[0]);
        EXPECT_EQ(w.w1, expected.v[1]);
        EXPECT_EQ(w.w2, expected.v[2]);
        EXPECT_EQ(w.w3, expected.v[3]);
      }
}

// The kernels draw a block's words 8 particles at a time in SIMD (kernels.cpp, Philox8): a
// uniform start in the unit cube is x_a = open_uniform(word a) of each particle's own key, word
// for word the scalar philox4x32_10 above, also where the ids pass 2^32 (the key is the low word).
// The SIMD path exists only in kernels built for AVX2 (FICKLE_ARCH=native or x86-64-v3, the
// developers' build); with the portable default x86-64 this checks the scalar path alone.
TEST(Philox, BlocksOfParticlesDrawTheirOwnWords) {
  ParticleModel m;
  m.box.dim = 3;
  for (int a = 0; a < 3; ++a) {
    m.box.cells[a] = 8;
    m.box.lower[a] = 0, m.box.upper[a] = 1;
    m.box.periodic[a] = true;
    m.walls[a] = {Wall::periodic, Wall::periodic};
  }
  m.placement = Placement::uniform;
  m.seed = 99;
  ParticleArrays p;
  const std::uint64_t first = 4294967000ULL;  // ids up to 2^32 + 299
  p.resize(3, first, 600, {});
  place_particles(m, p);
  for (std::size_t i = 0; i < p.local; ++i) {
    const Words4 w = philox4x32_10(first + i, 99u, 0, Stream::initial_position);
    ASSERT_EQ(p.position[0][i], open_uniform(w.w0)) << i;
    ASSERT_EQ(p.position[1][i], open_uniform(w.w1)) << i;
    ASSERT_EQ(p.position[2][i], open_uniform(w.w2)) << i;
  }
}

TEST(Distributions, BrownianIncrementsAreStandardNormalTimesSqrt2Ddt) {
  ParticleModel m = free_model(Model::brownian, 3, 40000);
  m.diffusivity = 0.5;  // √(2 D dt) = 1
  const double ks = ks_statistic(
      one_step_increments(m), [](double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); });
  EXPECT_LT(ks, kKsCritical);
}

TEST(Distributions, LevyMu1IsCauchy) {
  ParticleModel m = free_model(Model::levy, 3, 40000);
  m.levy_mu = 1, m.levy_K = 1;  // (K dt)^{1/μ} = 1: increments are standard Cauchy
  const double ks = ks_statistic(one_step_increments(m),
                                 [](double x) { return 0.5 + std::atan(x) / std::numbers::pi; });
  EXPECT_LT(ks, kKsCritical);
}

// CDF of the standard symmetric stable law (characteristic function e^{−|k|^μ}) by Gil-Pelaez:
// F(x) = 1/2 + (1/π) ∫_0^∞ sin(kx) e^{−k^μ} / k dk (Simpson's rule; the integrand is smooth).
double stable_cdf(double x, double mu) {
  const double upper = std::pow(50.0, 1 / mu);  // e^{−50} beyond
  const int n = 200000;
  const double h = upper / n;
  auto f = [&](double k) { return k == 0 ? x : std::sin(k * x) * std::exp(-std::pow(k, mu)) / k; };
  double sum = f(0) + f(upper);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * f(i * h);
  return 0.5 + sum * h / 3 / std::numbers::pi;
}

TEST(Distributions, LevyMu1p5QuantilesMatchTheStableLaw) {
  ParticleModel m = free_model(Model::levy, 3, 40000);
  m.levy_mu = 1.5, m.levy_K = 1;
  auto sample = one_step_increments(m);
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  for (double p : {0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98}) {
    const double q = sample[static_cast<std::size_t>(p * n)];
    // F(q̂_p) is Beta-distributed about p with standard deviation √(p(1−p)/n).
    EXPECT_NEAR(stable_cdf(q, 1.5), p, 4 * std::sqrt(p * (1 - p) / n)) << "p = " << p;
  }
  // μ = 2 is N(0, 2): the same integral must reproduce it (checks the quadrature itself).
  EXPECT_NEAR(stable_cdf(1.0, 2.0), 0.5 * std::erfc(-1.0 / 2.0), 1e-9);
}

// First waiting times of a CTRW against the Mittag-Leffler survival E_α(−(t/τ)^α):
// E_{1/2}(−z) = erfcx(z) = e^{z²} erfc(z); α = 1 is e^{−t/τ}.
double erfcx(double z) {
  return z < 25 ? std::exp(z * z) * std::erfc(z)
                : 1 / (z * std::sqrt(std::numbers::pi)) * (1 - 1 / (2 * z * z));
}

std::vector<double> first_waits(Waiting waiting, double alpha, std::uint64_t count,
                                double min_wait = 0) {
  ParticleModel m = free_model(Model::ctrw, 1, count);
  m.ctrw.waiting = waiting;
  m.ctrw.alpha = alpha;
  m.ctrw.tau = 2.0;
  m.ctrw.min_wait = min_wait;
  ParticleArrays p;
  p.resize(1, 0, count, {false, true, false});
  start_ctrw_clocks(m, p);
  return {p.next_jump.begin(), p.next_jump.begin() + static_cast<long>(count)};
}

TEST(Distributions, MittagLefflerWaitingTimesHaveTheMittagLefflerSurvival) {
  const double ks_half = ks_statistic(first_waits(Waiting::mittag_leffler, 0.5, 100000),
                                      [](double t) { return 1 - erfcx(std::sqrt(t / 2.0)); });
  EXPECT_LT(ks_half, kKsCritical);
  const double ks_one = ks_statistic(first_waits(Waiting::mittag_leffler, 1.0, 100000),
                                     [](double t) { return 1 - std::exp(-t / 2.0); });
  EXPECT_LT(ks_one, kKsCritical);
  const double ks_pareto = ks_statistic(first_waits(Waiting::pareto, 1.5, 100000),
                                        [](double t) { return 1 - std::pow(1 + t / 2.0, -1.5); });
  EXPECT_LT(ks_pareto, kKsCritical);
  // AnDi's waits: pareto shifted by τ, τ(1 − u)^{−1/α} ≥ τ, survival (t/τ)^{−α} (Pareto I).
  const double ks_andi = ks_statistic(first_waits(Waiting::pareto, 0.7, 100000, 2.0),
                                      [](double t) { return 1 - std::pow(t / 2.0, -0.7); });
  EXPECT_LT(ks_andi, kKsCritical);
}

// The check can fail: the wrong α is rejected.
TEST(Distributions, KolmogorovSmirnovRejectsTheWrongExponent) {
  const double ks = ks_statistic(first_waits(Waiting::mittag_leffler, 0.6, 100000),
                                 [](double t) { return 1 - erfcx(std::sqrt(t / 2.0)); });
  EXPECT_GT(ks, 5 * kKsCritical);
}

}  // namespace
}  // namespace fickle::particles
