#include "nn/optimizer.hpp"

#include <cmath>

namespace fickle::nn {

template <class T>
void Optimizer<T>::step(const std::vector<Parameter<T>>& parameters) {
  const bool adam = settings_.method == Method::adam;
  if (first_.size() != parameters.size()) {
    first_.clear();
    second_.clear();
    for (const auto& p : parameters) {
      first_.push_back(Vector<T>::Zero(static_cast<Eigen::Index>(p.value.size())));
      if (adam) second_.push_back(Vector<T>::Zero(static_cast<Eigen::Index>(p.value.size())));
    }
  }
  ++steps_;
  const T eta = static_cast<T>(settings_.learning_rate);
  const T mu = static_cast<T>(settings_.momentum);
  const T b1 = static_cast<T>(settings_.beta1), b2 = static_cast<T>(settings_.beta2);
  // Bias corrections folded into the step: η m̂/(√û + ε) = η' m/(√u + ε') with
  // η' = η √(1−β2^t)/(1−β1^t) and ε' = ε √(1−β2^t).
  const double t = static_cast<double>(steps_);
  const T adam_eta =
      static_cast<T>(settings_.learning_rate * std::sqrt(1 - std::pow(settings_.beta2, t)) /
                     (1 - std::pow(settings_.beta1, t)));
  const T adam_eps =
      static_cast<T>(settings_.epsilon * std::sqrt(1 - std::pow(settings_.beta2, t)));
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto& p = parameters[k];
    const Eigen::Index n = static_cast<Eigen::Index>(p.value.size());
    Eigen::Map<Vector<T>> w(p.value.data(), n);
    Eigen::Map<const Vector<T>> g(p.gradient.data(), n);
    const T lambda = p.decays ? static_cast<T>(settings_.weight_decay) : T(0);
    if (!adam) {
      if (lambda != 0)
        first_[k] = mu * first_[k] - eta * (g + lambda * w);
      else
        first_[k] = mu * first_[k] - eta * g;
      w += first_[k];
    } else if (lambda != 0) {
      const Vector<T> gd = g + lambda * w;
      first_[k] = b1 * first_[k] + (1 - b1) * gd;
      second_[k] = b2 * second_[k] + (1 - b2) * gd.cwiseAbs2();
      w.array() -= adam_eta * first_[k].array() / (second_[k].array().sqrt() + adam_eps);
    } else {
      first_[k] = b1 * first_[k] + (1 - b1) * g;
      second_[k] = b2 * second_[k] + (1 - b2) * g.cwiseAbs2();
      w.array() -= adam_eta * first_[k].array() / (second_[k].array().sqrt() + adam_eps);
    }
  }
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace fickle::nn
