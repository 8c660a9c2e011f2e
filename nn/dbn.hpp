// The deep belief net (Hinton, Osindero, Teh 2006): RBMs stacked greedily, each trained on the
// hidden probabilities of the one below, then unrolled into a sigmoid MLP with a new softmax
// layer on top and fine-tuned by backpropagation. docs/science.md §5.7.
#pragma once

#include <vector>

#include "nn/mlp.hpp"
#include "nn/rbm.hpp"

namespace fickle::nn {

template <class T>
class Dbn {
 public:
  Dbn() = default;
  /// sizes = {visible, hidden1, hidden2, ...}: one RBM per consecutive pair, W ~ N(0, sigma²).
  Dbn(const std::vector<int>& sizes, double sigma, Rng& rng);

  /// The hidden probabilities after the first `depth` RBMs (depth 0: x itself).
  Matrix<T> features(const Matrix<T>& x, std::size_t depth) const;
  /// The MLP of the stack: sigmoid layers (W, hidden bias) of every RBM, then a softmax layer
  /// of `classes` units with Glorot-uniform weights; cross-entropy loss.
  Mlp<T> unroll(int classes, Rng& rng) const;

  std::vector<Rbm<T>> layers;
};

}  // namespace fickle::nn
