// Gradient steps for any list of parameter arrays: SGD with momentum and Adam, with L2 weight
// decay on the arrays marked as weights (never on biases).
//   SGD:  v ← μ v − η (g + λ w),  w ← w + v
//   Adam: g' = g + λ w, m ← β1 m + (1−β1) g', u ← β2 u + (1−β2) g'²,
//         w ← w − η m̂ / (√û + ε) with m̂ = m/(1−β1^t), û = u/(1−β2^t) (Kingma & Ba 2015)
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nn/types.hpp"

namespace fickle::nn {

enum class Method { sgd, adam };

struct OptimizerSettings {
  Method method = Method::sgd;
  double learning_rate = 0.1;
  double momentum = 0.9;                              ///< SGD only
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  ///< Adam only
  double weight_decay = 0;                            ///< λ, on weights only
};

/// One parameter array and its gradient (same size), and whether weight decay applies.
template <class T>
struct Parameter {
  std::span<T> value;
  std::span<const T> gradient;
  bool decays;
};

template <class T>
class Optimizer {
 public:
  Optimizer() = default;
  explicit Optimizer(OptimizerSettings s) : settings_(s) {}
  /// One step on `parameters` (always the same list in the same order).
  void step(const std::vector<Parameter<T>>& parameters);
  OptimizerSettings& settings() { return settings_; }
  const OptimizerSettings& settings() const { return settings_; }

  /// The optimiser's state (velocities or moments, step count), for checkpoints.
  long steps() const { return steps_; }
  std::vector<Vector<T>>& first() { return first_; }
  std::vector<Vector<T>>& second() { return second_; }
  void set_steps(long s) { steps_ = s; }

 private:
  OptimizerSettings settings_;
  std::vector<Vector<T>> first_, second_;  ///< SGD: velocity; Adam: m and u
  long steps_ = 0;
};

}  // namespace fickle::nn
