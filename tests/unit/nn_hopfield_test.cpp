// Hopfield networks: the energy never rises under asynchronous updates, stored patterns are
// recalled at low load, and the one-step error rate follows ½ erfc(√(N/2p)) (docs/science.md §5.2).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "nn/generators.hpp"
#include "nn/hopfield.hpp"

namespace fickle::nn {
namespace {

TEST(Hopfield, EnergyNeverRisesUnderAsynchronousUpdates) {
  Rng rng(1);
  const int N = 200;
  Hopfield net(N);
  net.store(random_patterns(N, 30, rng));  // beyond capacity: many spurious minima, many flips
  Vector<double> s = random_patterns(N, 1, rng).col(0);
  double energy = net.energy(s);
  long flips = 0;
  for (int update = 0; update < 20 * N; ++update) {
    const auto i = static_cast<Eigen::Index>(below(rng, N));
    const double h = net.weights().row(i).dot(s);
    if (h * s(i) < 0) {
      s(i) = -s(i);
      ++flips;
    }
    const double now = net.energy(s);
    ASSERT_LE(now, energy + 1e-12) << "update " << update;
    energy = now;
  }
  EXPECT_GT(flips, 10);
  // The network has reached a fixed point: a synchronous update changes nothing.
  Vector<double> fixed = s;
  net.settle(fixed, rng);
  EXPECT_EQ(net.update_synchronously(fixed), 0);
}

TEST(Hopfield, SweepsLowerTheEnergyUntilAFixedPoint) {
  Rng rng(2);
  const int N = 300;
  Hopfield net(N);
  net.store(random_patterns(N, 60, rng));
  Vector<double> s = random_patterns(N, 1, rng).col(0);
  double energy = net.energy(s);
  for (int sweep = 0; sweep < 50; ++sweep) {
    const long flips = net.sweep_asynchronously(s, rng);
    const double now = net.energy(s);
    EXPECT_LE(now, energy + 1e-9);
    energy = now;
    if (flips == 0) return;
  }
  FAIL() << "no fixed point after 50 sweeps";
}

TEST(Hopfield, RecallsCorruptedPatternsAtLowLoad) {
  Rng rng(3);
  const int N = 400, p = 12;  // p/N = 0.03 < 0.05: recall is essentially perfect
  const Matrix<double> xi = random_patterns(N, p, rng);
  Hopfield net(N);
  net.store(xi);
  for (int mu = 0; mu < p; ++mu) {
    Vector<double> s = xi.col(mu);
    for (int i = 0; i < N / 10; ++i) s(static_cast<Eigen::Index>(below(rng, N))) *= -1;
    net.settle(s, rng);
    EXPECT_EQ(s, xi.col(mu)) << "pattern " << mu;
  }
}

TEST(Hopfield, OneStepErrorFollowsTheErfcLaw) {
  // For each load p/N, independent networks give independent error rates; their mean is
  // compared with ½ erfc(√(N/2p)) in units of its standard error. The law is the large-N
  // Gaussian limit: with N = 1000 its own bias (the crosstalk has variance (p−1)(N−1)/N², not
  // p/N) is below 2% of the rate, under the sampling error of these 24 trials.
  Rng rng(4);
  const int N = 1000, trials = 24;
  for (int p : {100, 150, 200, 300}) {
    double sum = 0, sum2 = 0;
    for (int t = 0; t < trials; ++t) {
      const Matrix<double> xi = random_patterns(N, p, rng);
      Hopfield net(N);
      net.store(xi);
      const double e = net.one_step_error(xi);
      sum += e;
      sum2 += e * e;
    }
    const double mean = sum / trials;
    const double standard_error = std::sqrt((sum2 / trials - mean * mean) / (trials - 1));
    const double law = hopfield_one_step_error_law(N, p);
    const double z = (mean - law) / standard_error;
    std::ostringstream note;
    note << mean << " vs " << law << " (z = " << z << ")";
    RecordProperty("one_step_error_p" + std::to_string(p), note.str());
    EXPECT_LT(std::abs(z), 4) << "p/N = " << double(p) / N << ": measured " << mean << " ± "
                              << standard_error << ", law " << law;
  }
}

TEST(Hopfield, SynchronousUpdatesCanCycle) {
  // Two units with a negative coupling: in parallel both flip together, forever (period 2),
  // whereas one at a time reaches a fixed point.
  Hopfield net(2);
  net.weights() << 0, -1, -1, 0;
  Vector<double> s(2);
  s << 1, 1;
  EXPECT_EQ(net.update_synchronously(s), 2);
  EXPECT_EQ(net.update_synchronously(s), 2);
  EXPECT_EQ(s, (Vector<double>(2) << 1, 1).finished());
  Rng rng(5);
  net.settle(s, rng);
  EXPECT_EQ(s(0), -s(1));
}

}  // namespace
}  // namespace fickle::nn
