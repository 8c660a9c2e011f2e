// The anomalous model's pieces in the nn module: the mixture of a classifier and per-class
// regressors (its estimate is Σ_c p_c y_c, its file reads back exactly) and the scores (F1 micro,
// macro and per class; mean absolute errors by group).
#include <gtest/gtest.h>

#include <cmath>

#include "nn/metrics.hpp"
#include "nn/mixture.hpp"

namespace fickle::nn {
namespace {

TEST(Mixture, IsTheProbabilityWeightedRegressorsAndReadsBackExactly) {
  Rng rng(5);
  Matrix<float> x = gaussian_matrix<float>(4, 30, 2.0, rng);
  x.row(2).array() += 7;  // a feature off centre, standardised away
  Mixture m;
  m.fit_standardisation(x);
  EXPECT_LT(m.standardise(x).rowwise().mean().cwiseAbs().maxCoeff(), 1e-5);
  for (int k = 0; k < 2; ++k)  // an ensemble of two: their probabilities averaged
    m.classifiers.emplace_back(std::vector<int>{4, 5, 3}, Activation::tanh, Activation::softmax,
                               Loss::cross_entropy, rng);
  for (int c = 0; c < 3; ++c)
    m.experts.emplace_back(std::vector<int>{4, 5, 1}, Activation::tanh, Activation::linear,
                           Loss::squared_error, rng);
  const auto p = m.predict(x);
  const Matrix<float> z = m.standardise(x);
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    double expected = 0;
    for (int c = 0; c < 3; ++c)
      expected +=
          p.probabilities(c, n) * m.experts[static_cast<std::size_t>(c)].predict(z.col(n))(0, 0);
    EXPECT_NEAR(p.value[static_cast<std::size_t>(n)], expected, 1e-5);
    EXPECT_NEAR(p.probabilities.col(n).sum(), 1.0, 1e-5);
    const Matrix<float> mean_p =
        0.5f * (m.classifiers[0].predict(z.col(n)) + m.classifiers[1].predict(z.col(n)));
    EXPECT_NEAR((p.probabilities.col(n) - mean_p).cwiseAbs().maxCoeff(), 0.0, 1e-6);
  }
  Archive a;
  m.save(a, "mix.");
  const Mixture back = Mixture::load(Archive::parse(a.bytes()), "mix.");
  const auto q = back.predict(x);
  EXPECT_EQ(q.value, p.value);
  EXPECT_EQ(q.probabilities, p.probabilities);
}

TEST(Metrics, F1AndGroupedErrorsByHand) {
  // Class 0: 2 right, 1 called 1; class 1: 1 right; class 2: never seen, once predicted.
  const auto s = class_scores({0, 0, 0, 1, 1}, {0, 0, 1, 1, 2}, 3);
  EXPECT_EQ(s.confusion[0][1], 1);
  EXPECT_NEAR(s.f1[0], 2.0 * 2 / (2 * 2 + 0 + 1), 1e-15);  // 0.8
  EXPECT_NEAR(s.f1[1], 2.0 * 1 / (2 * 1 + 1 + 1), 1e-15);  // 0.5
  EXPECT_TRUE(std::isnan(s.f1[2]));
  EXPECT_NEAR(s.micro_f1, 3.0 / 5, 1e-15);
  EXPECT_NEAR(s.macro_f1, 0.65, 1e-15);
  const auto mae = grouped_mean_absolute_error({1, 2, 4}, {1.5, 2, 1}, {0, 0, 2}, 3);
  EXPECT_NEAR(mae[0], 0.25, 1e-15);
  EXPECT_TRUE(std::isnan(mae[1]));
  EXPECT_NEAR(mae[2], 3.0, 1e-15);
}

}  // namespace
}  // namespace fickle::nn
