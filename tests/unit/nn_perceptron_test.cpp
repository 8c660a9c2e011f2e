// The perceptron converges within Novikoff's (R/γ)² mistakes on separable data.
#include <gtest/gtest.h>

#include "nn/generators.hpp"
#include "nn/perceptron.hpp"

namespace fickle::nn {
namespace {

TEST(Perceptron, ConvergesWithinTheNovikoffBound) {
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    Rng rng(seed);
    const int d = 10;
    const double margin = 0.1;
    const Separable data = separable_points(d, 500, margin, rng);
    // The bias is a constant input 1, so R is over the augmented vectors (x, 1); w* = (n, 0)
    // keeps the margin.
    const double R = std::sqrt(data.points.colwise().squaredNorm().maxCoeff() + 1);
    const double bound = (R / margin) * (R / margin);
    Perceptron p(d);
    long mistakes = 0, epochs = 0;
    for (;;) {
      const long now = p.epoch(data.points, data.labels, permutation(500, rng));
      ++epochs;
      if (now == 0) break;
      mistakes += now;
      ASSERT_LE(mistakes, bound) << "seed " << seed;
    }
    RecordProperty("seed" + std::to_string(seed),
                   std::to_string(mistakes) + " mistakes, bound " + std::to_string(bound));
    EXPECT_LE(mistakes, bound);
    for (int k = 0; k < 500; ++k) EXPECT_GT(data.labels[k] * p.score(data.points.col(k)), 0);
  }
}

TEST(Perceptron, OneVsRestSeparatesClusters) {
  Rng rng(5);
  const int per_class = 50, classes = 3;
  Matrix<double> x(2, per_class * classes);
  std::vector<int> labels;
  const double centres[3][2] = {{0, 3}, {3, -2}, {-3, -2}};
  for (int c = 0; c < classes; ++c)
    for (int k = 0; k < per_class; ++k) {
      x(0, c * per_class + k) = centres[c][0] + 0.5 * gaussian(rng);
      x(1, c * per_class + k) = centres[c][1] + 0.5 * gaussian(rng);
      labels.push_back(c);
    }
  OneVsRest net(2, classes);
  for (int e = 0; e < 100 && net.epoch(x, labels, rng) > 0; ++e) {
  }
  EXPECT_EQ(net.accuracy(x, labels), 1.0);
}

}  // namespace
}  // namespace fickle::nn
