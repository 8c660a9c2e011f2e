// The `nn` kind's restricted Boltzmann machine (docs/science.md §5.4-5.5): one RBM trained by
// CD-k or PCD-k, monitored by its reconstruction error and (pseudo-)log-likelihood, then, for
// labelled images, a softmax classifier (logistic regression) on its hidden probabilities.
#include <fmt/format.h>

#include <algorithm>

#include "app/kinds/nn/layered_run.hpp"

namespace fickle {

namespace {

class RbmRun final : public LayeredRun {
 public:
  using LayeredRun::LayeredRun;

  std::vector<NnStage> build() override {
    rbms_.emplace_back(data_.inputs(), s_.hidden[0], s_.sigma, rng_, s_.gaussian_visible);
    std::vector<NnStage> stages{{NnStage::rbm, s_.rbm_epochs}};
    if (s_.training.epochs > 0) stages.push_back({NnStage::backprop, s_.training.epochs});
    return stages;
  }

  std::string describe() const override {
    const nn::RbmSettings& r = s_.rbm;
    return fmt::format(
        "rbm {}-{}, {} {}-{}, {} epochs (batch {}, rate {:g}){}", data_.inputs(), s_.hidden[0],
        r.persistent ? "PCD" : "CD", r.k, s_.gaussian_visible ? "gaussian" : "binary",
        s_.rbm_epochs, r.batch, r.learning_rate,
        s_.training.epochs > 0
            ? fmt::format(", then {} epochs of a softmax classifier", s_.training.epochs)
            : "");
  }

  std::vector<std::string> columns() const override {
    return {"stage", "reconstruction_error", likelihood_name(),
            "loss",  "train_accuracy",       "test_accuracy"};
  }

  std::vector<double> values(const NnProgress& at) const override {
    if (at.stages[static_cast<std::size_t>(at.last_stage())].kind == NnStage::rbm)
      return {0.0, reconstruction_error(), likelihood(), kNnMissing, kNnMissing, kNnMissing};
    const auto a = backprop_.accuracies();
    return {1.0, kNnMissing, kNnMissing, backprop_.last_loss(), a.first, a.second};
  }

  void summarise(nlohmann::json& out, const NnProgress& at) const override {
    summarise_layers(out, at, NnStage::rbm);
    out["reconstruction_error"] = json_number(reconstruction_error());
    out[likelihood_name()] = json_number(likelihood());
  }

 private:
  // Logistic regression (softmax) on the RBM's hidden probabilities.
  void start_backprop(bool fresh) override {
    const nn::Rbm<float>& r = rbms_[0];
    features_train_ = r.hidden_probabilities(data_.train_x);
    features_test_ = r.hidden_probabilities(data_.test_x);
    if (data_.validation_x.cols() > 0)
      features_validation_ = r.hidden_probabilities(data_.validation_x);
    backprop_.set_inputs(features_train_, features_validation_, features_test_);
    if (fresh)
      backprop_.net() = nn::Mlp<float>({s_.hidden[0], data_.classes}, nn::Activation::sigmoid,
                                       nn::Activation::softmax, nn::Loss::cross_entropy, rng_);
  }

  // The exact log-likelihood sums over the states of the smaller layer: affordable up to 20
  // binary units (§5.4).
  bool exact_likelihood() const {
    return !s_.gaussian_visible && std::min<long>(data_.inputs(), s_.hidden[0]) <= 20;
  }

  std::string likelihood_name() const {
    return exact_likelihood() ? "log_likelihood" : "pseudo_log_likelihood";
  }

  // The images the RBM is measured on: the test set, or the training set without one.
  const nn::Matrix<float>& measured() const {
    return data_.labelled ? data_.test_x : data_.train_x;
  }

  double reconstruction_error() const { return rbms_[0].reconstruction_error(measured()); }

  double likelihood() const {
    if (exact_likelihood()) return rbms_[0].log_likelihood(measured());
    if (s_.gaussian_visible) return kNnMissing;
    nn::Rng probe(s_.seed + 1);  // the same flipped bits every epoch: a smooth curve
    return rbms_[0].pseudo_log_likelihood(measured(), probe);
  }

  nn::Matrix<float> features_train_, features_validation_, features_test_;
};

}  // namespace

std::unique_ptr<NnModelRun> make_rbm_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<RbmRun>(s, rng);
}

}  // namespace fickle
