// The multilayer perceptron: dense layers a^l = f(z^l), z^l = W^l a^{l−1} + b^l, trained by
// backpropagation written from its four equations (Nielsen, ch. 2; docs/science.md §5.6):
//   (BP1) δ^L = ∇_a C ⊙ f′(z^L)                (softmax or sigmoid with cross-entropy: δ^L = a − y)
//   (BP2) δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ f′(z^l)
//   (BP3) ∂C/∂b^l = δ^l
//   (BP4) ∂C/∂W^l = δ^l (a^{l−1})ᵀ
// C is the mean over the minibatch's columns of cross-entropy −Σ_k y_k log a_k (softmax output),
// binary cross-entropy (sigmoid output), squared error ½|a − y|², or absolute error Σ_k |a_k − y_k|
// (whose minimiser is the median of y given x, where squared error's is the mean: the estimate for
// a score that is a mean absolute error, docs/science.md §7.7).
#pragma once

#include <string>
#include <vector>

#include "nn/optimizer.hpp"
#include "nn/random.hpp"

namespace fickle::nn {

enum class Activation { sigmoid, tanh, relu, linear, softmax };
enum class Loss { cross_entropy, squared_error, absolute_error };

Activation activation_from_name(const std::string& name);  ///< throws std::invalid_argument
const char* activation_name(Activation f);
Loss loss_from_name(const std::string& name);
const char* loss_name(Loss loss);

template <class T>
struct Dense {
  Matrix<T> weights;  ///< outputs × inputs
  Vector<T> bias;
  Activation activation = Activation::sigmoid;
};

template <class T>
struct MlpGradient {
  std::vector<Matrix<T>> weights;
  std::vector<Vector<T>> bias;
};

template <class T>
class Mlp {
 public:
  Mlp() = default;
  /// sizes = {inputs, hidden..., outputs}; weights ~ U(±√(6/(fan_in+fan_out))) (Glorot), or
  /// N(0, 2/fan_in) for ReLU layers (He); zero biases. Throws std::invalid_argument for a
  /// combination backprop does not cover (softmax with squared error, cross-entropy without a
  /// softmax or sigmoid output).
  Mlp(const std::vector<int>& sizes, Activation hidden, Activation output, Loss loss, Rng& rng);
  /// A network from given layers (a DBN's pre-trained stack).
  Mlp(std::vector<Dense<T>> layers, Loss loss);

  Matrix<T> predict(const Matrix<T>& x) const;
  /// Mean loss over the columns.
  double loss(const Matrix<T>& x, const Matrix<T>& y) const;
  /// Backpropagation; fills `g` and returns the mean loss.
  double gradient(const Matrix<T>& x, const Matrix<T>& y, MlpGradient<T>& g) const;

  std::vector<Dense<T>>& layers() { return layers_; }
  const std::vector<Dense<T>>& layers() const { return layers_; }
  Loss loss_kind() const { return loss_; }
  int inputs() const { return static_cast<int>(layers_.front().weights.cols()); }
  int outputs() const { return static_cast<int>(layers_.back().weights.rows()); }
  std::size_t parameter_count() const;

 private:
  double output_loss(const Matrix<T>& z, const Matrix<T>& a, const Matrix<T>& y) const;
  std::vector<Dense<T>> layers_;
  Loss loss_ = Loss::cross_entropy;
};

/// f(z) in place.
template <class T>
void activate(Activation f, Matrix<T>& z);

/// One-hot targets (classes × labels.size()) for class labels.
template <class T>
Matrix<T> one_hot(const std::vector<int>& labels, int classes);

/// The fraction of columns whose largest output is the label (in blocks of 10000 columns).
template <class T>
double accuracy(const Mlp<T>& net, const Matrix<T>& x, const std::vector<int>& labels);

/// Minibatch training: shuffled batches each epoch, one optimiser step per batch.
template <class T>
class MlpTrainer {
 public:
  MlpTrainer(Mlp<T>& net, OptimizerSettings settings, int batch)
      : net_(net), optimizer_(settings), batch_(batch) {}
  /// One epoch over the columns of x with targets y; the mean minibatch loss.
  double epoch(const Matrix<T>& x, const Matrix<T>& y, Rng& rng);
  Optimizer<T>& optimizer() { return optimizer_; }

 private:
  Mlp<T>& net_;
  Optimizer<T> optimizer_;
  int batch_;
  MlpGradient<T> gradient_;
};

/// The columns `order[first, first+count)` of x.
template <class T>
Matrix<T> gather_columns(const Matrix<T>& x, const std::vector<int>& order, std::size_t first,
                         std::size_t count);

}  // namespace fickle::nn
