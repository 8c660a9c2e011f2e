// The `nn` kind's measurements of the trained models: classification accuracies and losses,
// an RBM's reconstruction error and (pseudo-)log-likelihood, the perceptron's accuracy.
#include <algorithm>

#include "app/kinds/nn/nn_case.hpp"

namespace fickle {

const nn::Matrix<float>& NnCase::eval_test() const {
  return s_.model == NnModel::rbm ? feature_test_ : test_x_;
}

const nn::Matrix<float>& NnCase::eval_validation() const {
  return s_.model == NnModel::rbm ? feature_validation_ : validation_x_;
}

std::pair<double, double> NnCase::accuracies() const {
  if (!labelled()) {
    // Parity: the fraction of inputs whose output is on the right side of ½.
    const Matrix<float> out = mlp_.predict(train_x_);
    const double right =
        ((out.array() > 0.5f) == (parity_targets_.array() > 0.5f)).cast<double>().mean();
    return {right, kMissing};
  }
  return {nn::accuracy(mlp_, inputs_, train_labels_),
          nn::accuracy(mlp_, eval_test(), test_labels_)};
}

double NnCase::validation_loss() const {
  if (eval_validation().cols() == 0) return kMissing;
  return mlp_.loss(eval_validation(), nn::one_hot<float>(validation_labels_, classes_));
}

std::string NnCase::rbm_likelihood_name() const {
  return exact_likelihood() ? "log_likelihood" : "pseudo_log_likelihood";
}

bool NnCase::exact_likelihood() const {
  return s_.model == NnModel::rbm && !s_.gaussian_visible &&
         std::min<long>(train_x_.rows(), s_.hidden[0]) <= 20;
}

const nn::Matrix<float>& NnCase::rbm_eval_data() const {
  return labelled() ? test_x_ : train_x_;
}

double NnCase::rbm_measure_reconstruction() const {
  return rbms_[0].reconstruction_error(rbm_eval_data());
}

double NnCase::rbm_likelihood() {
  if (exact_likelihood()) return rbms_[0].log_likelihood(rbm_eval_data());
  if (s_.gaussian_visible) return kMissing;
  nn::Rng probe(s_.seed + 1);  // the same flipped bits every epoch: a smooth curve
  return rbms_[0].pseudo_log_likelihood(rbm_eval_data(), probe);
}

// The fraction of columns of `x` whose largest one-vs-rest score is their label's (the scores
// of all classes as one matrix product; ties go to the lower class, as in OneVsRest::predict).
double NnCase::perceptron_accuracy(const Matrix<double>& x, const std::vector<int>& labels) const {
  if (x.cols() == 0) return kMissing;
  const Matrix<double> w = perceptron_weights();  // classes × (inputs + 1)
  const Eigen::Index d = x.rows();
  const Matrix<double> scores = (w.leftCols(d) * x).colwise() + w.col(d);
  long right = 0;
  for (Eigen::Index k = 0; k < x.cols(); ++k) {
    Eigen::Index best = 0;
    scores.col(k).maxCoeff(&best);
    right += best == labels[static_cast<std::size_t>(k)];
  }
  return static_cast<double>(right) / static_cast<double>(x.cols());
}

nn::Matrix<double> NnCase::perceptron_weights() const {
  const auto& units = perceptron_.units();
  Matrix<double> w(static_cast<Eigen::Index>(units.size()),
                   units.empty() ? 0 : units.front().weights().size());
  for (std::size_t c = 0; c < units.size(); ++c)
    w.row(static_cast<Eigen::Index>(c)) = units[c].weights().transpose();
  return w;
}

}  // namespace fickle
