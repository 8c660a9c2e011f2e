// Backpropagation against central finite differences (docs/science.md §5.6: relative error < 1e−6
// in double), and training: XOR and 3-bit parity learnt, runs repeat bit for bit for a seed.
#include <gtest/gtest.h>

#include <sstream>

#include "nn/generators.hpp"
#include "nn/mlp.hpp"

namespace fickle::nn {
namespace {

// ‖g_backprop − g_fd‖ / (‖g_backprop‖ + ‖g_fd‖) over all parameters, with central differences
// (C(θ+h) − C(θ−h)) / 2h: one pair of forward passes per parameter.
double gradient_check(Mlp<double>& net, const Matrix<double>& x, const Matrix<double>& y) {
  MlpGradient<double> g;
  net.gradient(x, y, g);
  const double h = 1e-5;
  double diff = 0, norm_bp = 0, norm_fd = 0;
  auto probe = [&](double& theta, double analytic) {
    const double keep = theta;
    theta = keep + h;
    const double up = net.loss(x, y);
    theta = keep - h;
    const double down = net.loss(x, y);
    theta = keep;
    const double numeric = (up - down) / (2 * h);
    diff += (analytic - numeric) * (analytic - numeric);
    norm_bp += analytic * analytic;
    norm_fd += numeric * numeric;
  };
  for (std::size_t l = 0; l < net.layers().size(); ++l) {
    auto& layer = net.layers()[l];
    for (Eigen::Index k = 0; k < layer.weights.size(); ++k)
      probe(layer.weights.data()[k], g.weights[l].data()[k]);
    for (Eigen::Index k = 0; k < layer.bias.size(); ++k) probe(layer.bias(k), g.bias[l](k));
  }
  return std::sqrt(diff) / (std::sqrt(norm_bp) + std::sqrt(norm_fd));
}

struct Combination {
  Activation hidden, output;
  Loss loss;
};

TEST(MlpBackprop, MatchesCentralDifferences) {
  Rng rng(7);
  const int batch = 9;
  for (const Combination& c :
       {Combination{Activation::sigmoid, Activation::softmax, Loss::cross_entropy},
        Combination{Activation::tanh, Activation::softmax, Loss::cross_entropy},
        Combination{Activation::relu, Activation::softmax, Loss::cross_entropy},
        Combination{Activation::tanh, Activation::sigmoid, Loss::cross_entropy},
        Combination{Activation::sigmoid, Activation::linear, Loss::squared_error},
        Combination{Activation::tanh, Activation::sigmoid, Loss::squared_error},
        Combination{Activation::relu, Activation::tanh, Loss::squared_error}}) {
    Mlp<double> net({6, 8, 7, 4}, c.hidden, c.output, c.loss, rng);
    for (auto& layer : net.layers())
      layer.bias = 0.1 * gaussian_matrix<double>(layer.bias.size(), 1, 1, rng);
    const Matrix<double> x = gaussian_matrix<double>(6, batch, 1.0, rng);
    Matrix<double> y;
    if (c.output == Activation::softmax) {
      std::vector<int> labels;
      for (int n = 0; n < batch; ++n) labels.push_back(static_cast<int>(below(rng, 4)));
      y = one_hot<double>(labels, 4);
    } else {
      y = Matrix<double>(4, batch);
      for (Eigen::Index k = 0; k < y.size(); ++k) y.data()[k] = uniform<double>(rng);
    }
    const double error = gradient_check(net, x, y);
    RecordProperty(std::string(activation_name(c.hidden)) + "_" + activation_name(c.output) + "_" +
                       loss_name(c.loss),
                   (std::ostringstream() << error).str());
    EXPECT_LT(error, 1e-6) << activation_name(c.hidden) << " hidden, " << activation_name(c.output)
                           << " output, " << loss_name(c.loss);
  }
}

TEST(MlpBackprop, RefusesCombinationsItDoesNotCover) {
  Rng rng(1);
  EXPECT_THROW(
      Mlp<double>({2, 3, 2}, Activation::tanh, Activation::softmax, Loss::squared_error, rng),
      std::invalid_argument);
  EXPECT_THROW(Mlp<double>({2, 3, 2}, Activation::tanh, Activation::relu, Loss::cross_entropy, rng),
               std::invalid_argument);
  EXPECT_THROW(
      Mlp<double>({2, 3, 2}, Activation::softmax, Activation::softmax, Loss::cross_entropy, rng),
      std::invalid_argument);
}

TEST(MlpBackprop, AbsoluteErrorByHand) {
  // One linear unit a = w x + b on three columns; C = (1/3) Σ_n |a_n − y_n| (one output each).
  // x = (1, 2, −1), y = (0, 5, 0), w = 2, b = 0.5: a = (2.5, 4.5, −1.5), a − y = (2.5, −0.5, −1.5),
  // C = 4.5/3 = 1.5; ∂C/∂w = (1/3) Σ sign(a − y) x = (1 − 2 + 1)/3 = 0; ∂C/∂b = (1 − 1 − 1)/3.
  Rng rng(1);
  Mlp<double> net({1, 1}, Activation::relu, Activation::linear, Loss::absolute_error, rng);
  net.layers()[0].weights(0, 0) = 2;
  net.layers()[0].bias(0) = 0.5;
  Matrix<double> x(1, 3), y(1, 3);
  x << 1, 2, -1;
  y << 0, 5, 0;
  MlpGradient<double> g;
  EXPECT_DOUBLE_EQ(net.gradient(x, y, g), 1.5);
  EXPECT_DOUBLE_EQ(net.loss(x, y), 1.5);
  EXPECT_DOUBLE_EQ(g.weights[0](0, 0), 0.0);
  EXPECT_DOUBLE_EQ(g.bias[0](0), -1.0 / 3);
  EXPECT_STREQ(loss_name(Loss::absolute_error), "absolute-error");
  EXPECT_EQ(loss_from_name("absolute-error"), Loss::absolute_error);
  EXPECT_THROW(
      Mlp<double>({2, 3, 2}, Activation::tanh, Activation::softmax, Loss::absolute_error, rng),
      std::invalid_argument);
}

TEST(MlpBackprop, AbsoluteErrorMatchesCentralDifferences) {
  // Away from the kinks (a = y has probability 0 here) the subgradient is the gradient.
  Rng rng(8);
  for (const Activation output : {Activation::linear, Activation::tanh}) {
    Mlp<double> net({5, 7, 3}, Activation::tanh, output, Loss::absolute_error, rng);
    const Matrix<double> x = gaussian_matrix<double>(5, 6, 1.0, rng);
    const Matrix<double> y = gaussian_matrix<double>(3, 6, 0.5, rng);
    EXPECT_LT(gradient_check(net, x, y), 1e-6) << activation_name(output);
  }
}

TEST(MlpTraining, AbsoluteErrorLearnsTheMedianAndSquaredErrorTheMean) {
  // A constant input: the network can only learn one number, the minimiser of the loss over the
  // targets {0, 0, 0, 1, 10}: their median 0 for absolute error, their mean 2.2 for squared error.
  for (const Loss loss : {Loss::absolute_error, Loss::squared_error}) {
    Rng rng(6);
    Mlp<double> net({1, 1}, Activation::relu, Activation::linear, loss, rng);
    Matrix<double> x = Matrix<double>::Zero(1, 5), y(1, 5);
    y << 0, 0, 0, 1, 10;
    OptimizerSettings s;
    s.method = Method::adam;
    s.learning_rate = 0.01;
    MlpTrainer<double> trainer(net, s, 5);
    for (int e = 0; e < 3000; ++e) trainer.epoch(x, y, rng);
    EXPECT_NEAR(net.predict(x)(0, 0), loss == Loss::absolute_error ? 0.0 : 2.2, 0.02)
        << loss_name(loss);
  }
}

TEST(MlpTraining, LearnsXorWithMomentum) {
  Rng rng(3);
  const Truth xor2 = parity(2);
  Mlp<double> net({2, 4, 1}, Activation::tanh, Activation::sigmoid, Loss::squared_error, rng);
  OptimizerSettings s;
  s.method = Method::sgd;
  s.learning_rate = 0.5;
  s.momentum = 0.9;
  MlpTrainer<double> trainer(net, s, 4);
  for (int e = 0; e < 2000; ++e) trainer.epoch(xor2.inputs, xor2.targets, rng);
  const Matrix<double> out = net.predict(xor2.inputs);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(out(0, k), xor2.targets(0, k), 0.2) << "input " << k;
  EXPECT_LT(net.loss(xor2.inputs, xor2.targets), 0.01);
}

TEST(MlpTraining, LearnsThreeBitParityWithAdam) {
  Rng rng(5);
  const Truth p3 = parity(3);
  Mlp<double> net({3, 8, 1}, Activation::tanh, Activation::sigmoid, Loss::cross_entropy, rng);
  OptimizerSettings s;
  s.method = Method::adam;
  s.learning_rate = 0.03;
  MlpTrainer<double> trainer(net, s, 8);
  const double before = net.loss(p3.inputs, p3.targets);
  for (int e = 0; e < 1500; ++e) trainer.epoch(p3.inputs, p3.targets, rng);
  EXPECT_LT(net.loss(p3.inputs, p3.targets), 0.05 * before);
  const Matrix<double> out = net.predict(p3.inputs);
  for (int k = 0; k < 8; ++k) EXPECT_EQ(out(0, k) > 0.5, p3.targets(0, k) > 0.5) << "input " << k;
}

TEST(MlpTraining, WeightDecayShrinksWeightsWithoutData) {
  // With a zero gradient, SGD's L2 term alone scales every weight by (1 − ηλ) (momentum 0).
  Rng rng(2);
  Mlp<double> net({3, 2}, Activation::sigmoid, Activation::softmax, Loss::cross_entropy, rng);
  OptimizerSettings s;
  s.learning_rate = 0.1;
  s.momentum = 0;
  s.weight_decay = 0.5;
  Optimizer<double> opt(s);
  auto& w = net.layers()[0].weights;
  const Matrix<double> zero = Matrix<double>::Zero(w.rows(), w.cols());
  const Matrix<double> w0 = w;
  opt.step({{{w.data(), static_cast<std::size_t>(w.size())},
             {zero.data(), static_cast<std::size_t>(zero.size())},
             true}});
  EXPECT_LT((w - 0.95 * w0).norm(), 1e-15);
}

TEST(MlpTraining, RepeatsBitForBitForASeed) {
  auto train = [] {
    Rng rng(11);
    const Truth p3 = parity(3);
    Mlp<float> net({3, 5, 1}, Activation::relu, Activation::sigmoid, Loss::cross_entropy, rng);
    OptimizerSettings s;
    s.method = Method::adam;
    s.learning_rate = 0.01;
    MlpTrainer<float> trainer(net, s, 3);
    const Matrix<float> x = p3.inputs.cast<float>(), y = p3.targets.cast<float>();
    for (int e = 0; e < 50; ++e) trainer.epoch(x, y, rng);
    return net;
  };
  const Mlp<float> a = train(), b = train();
  for (std::size_t l = 0; l < a.layers().size(); ++l) {
    EXPECT_EQ(a.layers()[l].weights, b.layers()[l].weights);
    EXPECT_EQ(a.layers()[l].bias, b.layers()[l].bias);
  }
}

TEST(MlpTraining, AccuracyCountsArgmaxHits) {
  Rng rng(4);
  Mlp<double> net({2, 2}, Activation::sigmoid, Activation::softmax, Loss::cross_entropy, rng);
  net.layers()[0].weights = Matrix<double>::Identity(2, 2);
  net.layers()[0].bias.setZero();
  Matrix<double> x(2, 4);
  x << 1, 0, 2, 0, 0, 1, 0, 3;
  EXPECT_DOUBLE_EQ(accuracy(net, x, {0, 1, 0, 0}), 0.75);
  const Matrix<double> p = net.predict(x);
  for (int n = 0; n < 4; ++n) EXPECT_NEAR(p.col(n).sum(), 1.0, 1e-15);
}

}  // namespace
}  // namespace fickle::nn
