#include "nn/perceptron.hpp"

namespace fickle::nn {

bool Perceptron::learn(const Eigen::Ref<const Vector<double>>& x, int label) {
  if (label * score(x) > 0) return false;
  const Eigen::Index d = x.size();
  weights_.head(d) += label * x;  // w ← w + y x
  weights_(d) += label;           // the bias sees a constant input 1
  return true;
}

long Perceptron::epoch(const Matrix<double>& x, const std::vector<int>& labels,
                       const std::vector<int>& order) {
  long mistakes = 0;
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    const Eigen::Index k = order.empty() ? n : order[n];
    mistakes += learn(x.col(k), labels[k]);
  }
  return mistakes;
}

long OneVsRest::epoch(const Matrix<double>& x, const std::vector<int>& labels, Rng& rng) {
  const auto order = permutation(static_cast<int>(x.cols()), rng);
  long mistakes = 0;
  for (std::size_t c = 0; c < units_.size(); ++c) {
    std::vector<int> mine(labels.size());
    for (std::size_t k = 0; k < labels.size(); ++k)
      mine[k] = labels[k] == static_cast<int>(c) ? 1 : -1;
    mistakes += units_[c].epoch(x, mine, order);
  }
  return mistakes;
}

int OneVsRest::predict(const Eigen::Ref<const Vector<double>>& x) const {
  int best = 0;
  for (std::size_t c = 1; c < units_.size(); ++c)
    if (units_[c].score(x) > units_[best].score(x)) best = static_cast<int>(c);
  return best;
}

double OneVsRest::accuracy(const Matrix<double>& x, const std::vector<int>& labels) const {
  long right = 0;
  for (Eigen::Index k = 0; k < x.cols(); ++k) right += predict(x.col(k)) == labels[k];
  return x.cols() ? static_cast<double>(right) / static_cast<double>(x.cols()) : 0.0;
}

}  // namespace fickle::nn
