// Rosenblatt's perceptron: w ← w + y x on every mistake (y = ±1, bias as a constant input 1).
// On data separable with margin γ by a unit normal through the origin, and |x| ≤ R (x including
// the constant input), it makes at most (R/γ)² mistakes in all (Novikoff 1962). Several classes
// are one perceptron per class against the rest; the prediction is the largest score.
#pragma once

#include <vector>

#include "nn/random.hpp"

namespace fickle::nn {

class Perceptron {
 public:
  Perceptron() = default;
  explicit Perceptron(int inputs) : weights_(Vector<double>::Zero(inputs + 1)) {}

  /// w·x + b.
  double score(const Eigen::Ref<const Vector<double>>& x) const {
    return weights_.head(weights_.size() - 1).dot(x) + weights_(weights_.size() - 1);
  }
  /// The Rosenblatt step on one example (label ±1); true when it was a mistake.
  bool learn(const Eigen::Ref<const Vector<double>>& x, int label);
  /// One pass over the columns of `x` in the order `order` (all when empty); the mistakes.
  long epoch(const Matrix<double>& x, const std::vector<int>& labels,
             const std::vector<int>& order = {});

  const Vector<double>& weights() const { return weights_; }  ///< w then b
  Vector<double>& weights() { return weights_; }

 private:
  Vector<double> weights_;
};

/// Many classes, one perceptron each against the rest.
class OneVsRest {
 public:
  OneVsRest() = default;
  OneVsRest(int inputs, int classes) : units_(classes, Perceptron(inputs)) {}
  /// One shuffled pass (the same order for every class); the total number of mistakes.
  long epoch(const Matrix<double>& x, const std::vector<int>& labels, Rng& rng);
  int predict(const Eigen::Ref<const Vector<double>>& x) const;
  double accuracy(const Matrix<double>& x, const std::vector<int>& labels) const;
  std::vector<Perceptron>& units() { return units_; }
  const std::vector<Perceptron>& units() const { return units_; }

 private:
  std::vector<Perceptron> units_;
};

}  // namespace fickle::nn
