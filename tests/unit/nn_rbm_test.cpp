// The RBM's exact log Z, free energy and likelihood against brute-force sums over all joint
// states; CD-1 and PCD raise the exact log-likelihood of bars-and-stripes 4×4 (docs/science.md
// §5.4); Gibbs sampling and training repeat for a seed.
#include <gtest/gtest.h>

#include <sstream>

#include <cmath>
#include <numbers>

#include "nn/generators.hpp"
#include "nn/rbm.hpp"

namespace fickle::nn {
namespace {

// log Σ_{v,h} e^{−E(v,h)} and log Σ_h e^{−E(v,h)} by enumerating every state.
double brute_log_z(const Rbm<double>& r) {
  const int nv = r.visible(), nh = r.hidden();
  double sum = 0;
  for (long s = 0; s < (1L << (nv + nh)); ++s) {
    Vector<double> v(nv), h(nh);
    for (int i = 0; i < nv; ++i) v(i) = (s >> i) & 1;
    for (int j = 0; j < nh; ++j) h(j) = (s >> (nv + j)) & 1;
    sum += std::exp(r.visible_bias.dot(v) + r.hidden_bias.dot(h) + h.dot(r.weights * v));
  }
  return std::log(sum);
}

double brute_minus_free_energy(const Rbm<double>& r, const Vector<double>& v) {
  double sum = 0;
  for (long s = 0; s < (1L << r.hidden()); ++s) {
    Vector<double> h(r.hidden());
    for (int j = 0; j < r.hidden(); ++j) h(j) = (s >> j) & 1;
    sum += std::exp(r.visible_bias.dot(v) + r.hidden_bias.dot(h) + h.dot(r.weights * v));
  }
  return std::log(sum);
}

Rbm<double> random_rbm(int nv, int nh, Rng& rng) {
  Rbm<double> r(nv, nh, 1.0, rng);
  r.visible_bias = gaussian_matrix<double>(nv, 1, 1.0, rng);
  r.hidden_bias = gaussian_matrix<double>(nh, 1, 1.0, rng);
  return r;
}

TEST(Rbm, LogPartitionMatchesTheSumOverAllStates) {
  Rng rng(1);
  // nv ≤ nh sums over visible states, nv > nh over hidden states: both paths.
  for (auto [nv, nh] : {std::pair{4, 6}, std::pair{7, 3}, std::pair{5, 5}}) {
    const Rbm<double> r = random_rbm(nv, nh, rng);
    const double exact = brute_log_z(r);
    RecordProperty("log_z_" + std::to_string(nv) + "x" + std::to_string(nh),
                   (std::ostringstream() << std::abs(r.log_partition() - exact)).str());
    EXPECT_NEAR(r.log_partition(), exact, 1e-12 * std::abs(exact)) << nv << "x" << nh;
  }
}

TEST(Rbm, FreeEnergyIsTheMarginalOverHiddenStates) {
  Rng rng(2);
  const Rbm<double> r = random_rbm(6, 5, rng);
  Matrix<double> v(6, 3);
  v << 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1;
  const Vector<double> f = r.free_energy(v);
  for (int n = 0; n < 3; ++n) EXPECT_NEAR(-f(n), brute_minus_free_energy(r, v.col(n)), 1e-12);
}

TEST(Rbm, LikelihoodSumsToOneOverAllVisibleStates) {
  Rng rng(3);
  const Rbm<double> r = random_rbm(8, 6, rng);
  double total = 0;
  for (long s = 0; s < 256; ++s) {
    Matrix<double> v(8, 1);
    for (int i = 0; i < 8; ++i) v(i, 0) = (s >> i) & 1;
    total += std::exp(r.log_likelihood(v));
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(Rbm, GaussianVisibleLogPartitionMatchesQuadrature) {
  // One Gaussian visible unit and three hidden units: Z = Σ_h ∫ e^{−½(v−b)² + cᵀh + v wᵀh} dv,
  // the integral by the trapezoidal rule on [−30, 30].
  Rng rng(4);
  Rbm<double> r(1, 3, 0.8, rng, true);
  r.visible_bias(0) = 0.3;
  r.hidden_bias << 0.2, -0.5, 0.1;
  double z = 0;
  const double dv = 1e-3;
  for (long s = 0; s < 8; ++s) {
    Vector<double> h(3);
    for (int j = 0; j < 3; ++j) h(j) = (s >> j) & 1;
    const double wh = (r.weights.transpose() * h)(0);
    for (double v = -30; v <= 30; v += dv)
      z += dv * std::exp(-0.5 * (v - 0.3) * (v - 0.3) + r.hidden_bias.dot(h) + v * wh);
  }
  EXPECT_NEAR(r.log_partition(), std::log(z), 1e-9);
}

struct Schedule {
  bool persistent;
  int k, batch;
  double learning_rate, momentum;
  int epochs;
  std::string name;
};

Rbm<double> train_bars_and_stripes(const Schedule& c, double& before) {
  Rng rng(5);
  const Matrix<double> data = bars_and_stripes(4);
  Rbm<double> r(16, 16, 0.01, rng);
  r.set_visible_bias_from(data);
  before = r.log_likelihood(data);
  RbmSettings s;
  s.k = c.k;
  s.persistent = c.persistent;
  s.batch = c.batch;
  s.learning_rate = c.learning_rate;
  s.final_momentum = c.momentum;
  s.weight_decay = 1e-4;
  RbmTrainer<double> trainer(r, s);
  for (int e = 0; e < c.epochs; ++e) trainer.epoch(data, rng);
  return r;
}

TEST(Rbm, ContrastiveDivergenceRaisesTheExactLogLikelihood) {
  // Bars and stripes 4×4: 30 patterns, so the best model has log p = −log 30 = −3.40 each; the
  // initial model (visible biases from the data) has −11.1. PCD with few chains needs a smaller
  // step than CD, whose chains restart at the data.
  const Matrix<double> data = bars_and_stripes(4);
  for (const Schedule& c : {Schedule{false, 1, 10, 0.05, 0.9, 1000, "CD-1"},
                            Schedule{false, 5, 10, 0.05, 0.9, 1000, "CD-5"},
                            Schedule{true, 1, 30, 0.005, 0.9, 3000, "PCD-1"}}) {
    double before = 0;
    const double after = train_bars_and_stripes(c, before).log_likelihood(data);
    RecordProperty("log_likelihood_" + c.name, std::to_string(after));
    EXPECT_GT(after, before + 3) << c.name << ": before " << before << ", after " << after;
    EXPECT_LT(after, -std::log(30.0)) << c.name;
  }
}

TEST(Rbm, FantasyParticlesOfATrainedModelLookLikeTheData) {
  Rng rng(6);
  const Matrix<double> data = bars_and_stripes(4);
  double before = 0;
  const Rbm<double> r =
      train_bars_and_stripes(Schedule{false, 1, 10, 0.02, 0.5, 1500, "CD-1"}, before);
  const Matrix<double> fantasy = r.gibbs(Matrix<double>::Zero(16, 200), 200, rng);
  long matches = 0;
  for (Eigen::Index n = 0; n < fantasy.cols(); ++n)
    for (Eigen::Index k = 0; k < data.cols(); ++k)
      if (fantasy.col(n) == data.col(k)) {
        ++matches;
        break;
      }
  // 30 of the 65536 images are bars or stripes: a sampler that had learnt nothing would hit them
  // with probability ~5e−4. The model's log p ≈ −5.4 per pattern puts ~13% of its mass on them.
  EXPECT_GT(matches, 10) << matches << " of 200 samples are bars or stripes";
}

TEST(Rbm, PseudoLikelihoodAndReconstructionImproveWithTraining) {
  Rng rng(7);
  const Matrix<float> data = bars_and_stripes(4).cast<float>();
  Rbm<float> r(16, 12, 0.01, rng);
  r.set_visible_bias_from(data);
  Rng probe(8);
  const double pl0 = r.pseudo_log_likelihood(data, probe), rec0 = r.reconstruction_error(data);
  RbmSettings s;
  s.batch = 10;
  s.learning_rate = 0.1;
  s.sparsity_target = 0.2;
  s.sparsity_cost = 0.01;
  RbmTrainer<float> trainer(r, s);
  for (int e = 0; e < 500; ++e) trainer.epoch(data, rng);
  Rng probe2(8);
  EXPECT_GT(r.pseudo_log_likelihood(data, probe2), pl0 + 2);
  EXPECT_LT(r.reconstruction_error(data), 0.5 * rec0);
  EXPECT_TRUE(trainer.mean_activity().allFinite());
}

TEST(Rbm, TrainingRepeatsBitForBitForASeed) {
  auto train = [] {
    Rng rng(9);
    const Matrix<float> data = bars_and_stripes(4).cast<float>();
    Rbm<float> r(16, 8, 0.01, rng);
    RbmSettings s;
    s.persistent = true;
    s.batch = 7;
    RbmTrainer<float> trainer(r, s);
    for (int e = 0; e < 20; ++e) trainer.epoch(data, rng);
    return r;
  };
  const Rbm<float> a = train(), b = train();
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_EQ(a.hidden_bias, b.hidden_bias);
  EXPECT_EQ(a.visible_bias, b.visible_bias);
}

TEST(Rbm, LogPartitionRefusesTwoLargeLayers) {
  Rng rng(10);
  const Rbm<float> r(30, 30, 0.01, rng);
  EXPECT_THROW(r.log_partition(), std::invalid_argument);
}

}  // namespace
}  // namespace fickle::nn
