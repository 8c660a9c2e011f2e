// The anomalous model's pieces in the nn module: the mixture of a classifier and per-class
// regressors (its estimate is Σ_c p_c y_c, its file reads back exactly) and the scores (F1 micro,
// macro and per class; mean absolute errors by group).
#include <gtest/gtest.h>

#include <cmath>

#include "nn/metrics.hpp"
#include "nn/mixture.hpp"

namespace fickle::nn {
namespace {

// A mixture on 3 features, standardised on x: one tanh classifier over `classes` classes and
// `experts` regressors trained with the absolute error.
Mixture absolute_error_mixture(const Matrix<float>& x, int classes, int experts, Rng& rng) {
  Mixture m;
  m.fit_standardisation(x);
  m.classifiers.emplace_back(std::vector<int>{3, 4, classes}, Activation::tanh, Activation::softmax,
                             Loss::cross_entropy, rng);
  for (int e = 0; e < experts; ++e)
    m.experts.emplace_back(std::vector<int>{3, 4, 1}, Activation::tanh, Activation::linear,
                           Loss::absolute_error, rng);
  return m;
}

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

TEST(Mixture, AveragesTheRegressorsOfEachClassAndReadsBackExactly) {
  // Two classes, three regressors each: experts[k · 2 + c] is class c's k-th; y_c is their mean.
  Rng rng(9);
  const Matrix<float> x = gaussian_matrix<float>(3, 20, 1.0, rng);
  Mixture m = absolute_error_mixture(x, 2, 6, rng);
  m.regressors = 3;
  const auto p = m.predict(x);
  const Matrix<float> z = m.standardise(x);
  const Matrix<float> y = m.class_values(z);
  ASSERT_EQ(y.rows(), 2);
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    double expected = 0;
    for (int c = 0; c < 2; ++c) {
      double mean = 0;
      for (int k = 0; k < 3; ++k)
        mean += m.experts[static_cast<std::size_t>(2 * k + c)].predict(z.col(n))(0, 0) / 3.0;
      EXPECT_NEAR(y(c, n), mean, 1e-5);
      expected += p.probabilities(c, n) * mean;
    }
    EXPECT_NEAR(p.value[static_cast<std::size_t>(n)], expected, 1e-5);
  }
  Archive a;
  m.save(a, "mix.");
  const Mixture back = Mixture::load(Archive::parse(a.bytes()), "mix.");
  EXPECT_EQ(back.regressors, 3);
  EXPECT_EQ(back.experts[4].loss_kind(), Loss::absolute_error);
  EXPECT_EQ(back.predict(x).value, p.value);
}

TEST(Mixture, LaplaceMixtureMedianByHand) {
  // Symmetric: p = (½, ½), y = (0, 1), b = (1, 1) → ½.
  EXPECT_NEAR(Mixture::laplace_mixture_median({0.5, 0.5}, {0, 1}, {1, 1}), 0.5, 1e-8);
  // p = (0.8, 0.2), y = (0, 1), b = 0.1: for 0 < t < 1, 0.8(1 − ½e^{−10t}) + 0.1 e^{10(t−1)} = ½,
  // and the second term is below 1e-5 there: t = ln(4/3)/10 = 0.028768 (the Σ p_c y_c is 0.2).
  EXPECT_NEAR(Mixture::laplace_mixture_median({0.8, 0.2}, {0, 1}, {0.1, 0.1}),
              std::log(4.0 / 3) / 10, 1e-4);
  // One sharp class (Brownian motion, y = 1, b = 10⁻³) with p = 0.6 against y = 1.5, b = 0.2:
  // 0.6 − 0.3 e^{−u} + 0.2 e^{−2.5 + 5u·10⁻³} = ½ with t = 1 + 10⁻³u gives u = ln(0.3/0.11642) =
  // 0.9466 (the e^{5u·10⁻³} moves t by under 1e-6): the median stays on the sharp class, the mean
  // would be 1.2.
  EXPECT_NEAR(Mixture::laplace_mixture_median({0.6, 0.4}, {1, 1.5}, {1e-3, 0.2}),
              1 + 1e-3 * std::log(0.3 / (0.6 - 0.5 + 0.2 * std::exp(-2.5))), 2e-6);
  // Unnormalised weights: the same as normalised.
  EXPECT_NEAR(Mixture::laplace_mixture_median({1.6, 0.4}, {0, 1}, {0.1, 0.1}),
              Mixture::laplace_mixture_median({0.8, 0.2}, {0, 1}, {0.1, 0.1}), 1e-8);
}

TEST(Mixture, MedianMixingIsTheLaplaceMixtureMedianAndReadsBackExactly) {
  Rng rng(10);
  const Matrix<float> x = gaussian_matrix<float>(3, 15, 1.0, rng);
  Mixture m = absolute_error_mixture(x, 3, 3, rng);
  m.mixing = Mixture::Mixing::median;
  m.spread = {0.1, 0.3, 0.02};
  const auto p = m.predict(x);
  const Matrix<float> y = m.class_values(m.standardise(x));
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    std::vector<double> pc, yc;
    for (int c = 0; c < 3; ++c) {
      pc.push_back(p.probabilities(c, n));
      yc.push_back(y(c, n));
    }
    EXPECT_EQ(p.value[static_cast<std::size_t>(n)],
              Mixture::laplace_mixture_median(pc, yc, m.spread));
  }
  Archive a;
  m.save(a, "mix.");
  const Mixture back = Mixture::load(Archive::parse(a.bytes()), "mix.");
  EXPECT_EQ(back.mixing, Mixture::Mixing::median);
  EXPECT_EQ(back.spread, m.spread);
  EXPECT_EQ(back.predict(x).value, p.value);
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
