// The `nn` kind's anomalous-diffusion model (docs/nn.md, docs/science.md §7.7): from one short,
// noisy trajectory, α (AnDi task 1) and the model that made it (task 2). A softmax classifier and
// one regressor per class (nn/mixture.hpp) learn from the features of trajectories fickle
// simulates (andi_data.hpp); every epoch trains all of them once, and the test set scores them
// next to the TAMSD power-law fit, the baseline a user has without a network.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/kinds/nn/andi_data.hpp"
#include "app/kinds/nn/anomalous_scores.hpp"
#include "app/kinds/nn/model_run.hpp"
#include "app/run/run_context.hpp"
#include "nn/metrics.hpp"
#include "nn/mixture.hpp"
#include "nn/model_io.hpp"
#include "particles/andi_set.hpp"

namespace fickle {

namespace {

constexpr int kClasses = particles::kAndiClasses;

class AnomalousRun final : public NnModelRun {
 public:
  AnomalousRun(const NnSettings& s, nn::Rng& rng) : s_(s), rng_(rng) {}

  std::vector<NnStage> prepare(Log& log) override {
    data_ = load_andi_data(s_, log);
    mixture_.fit_standardisation(data_.train_x);
    x_ = mixture_.standardise(data_.train_x);
    classes_ = nn::one_hot<float>(data_.train_model, kClasses);
    std::vector<int> sizes{static_cast<int>(x_.rows())};
    sizes.insert(sizes.end(), s_.hidden.begin(), s_.hidden.end());
    sizes.push_back(kClasses);
    for (int k = 0; k < s_.classifiers; ++k)
      mixture_.classifiers.emplace_back(sizes, s_.activation, nn::Activation::softmax,
                                        nn::Loss::cross_entropy, rng_);
    sizes.back() = 1;
    mixture_.regressors = s_.regressors;
    mixture_.mixing = s_.mixing;
    for (int e = 0; e < kClasses * s_.regressors; ++e)
      mixture_.experts.emplace_back(sizes, s_.activation, nn::Activation::linear, s_.alpha_loss,
                                    rng_);
    for (int c = 0; c < kClasses; ++c) {
      // Each regressor's own examples: the training trajectories of its class.
      std::vector<int> mine;
      for (std::size_t n = 0; n < data_.train_model.size(); ++n)
        if (data_.train_model[n] == c) mine.push_back(static_cast<int>(n));
      expert_x_.push_back(nn::gather_columns(x_, mine, 0, mine.size()));
      nn::Matrix<float> alpha(1, static_cast<Eigen::Index>(mine.size()));
      for (std::size_t k = 0; k < mine.size(); ++k)
        alpha(0, static_cast<Eigen::Index>(k)) =
            static_cast<float>(data_.train_alpha[static_cast<std::size_t>(mine[k])]);
      expert_alpha_.push_back(std::move(alpha));
    }
    evaluate();
    return {{NnStage::anomalous, s_.training.epochs}};
  }

  std::string describe() const override {
    std::string shape = fmt::format("{}", x_.rows());
    for (int h : s_.hidden) shape += fmt::format("-{}", h);
    return fmt::format(
        "anomalous diffusion: {} {}-{} classifier(s) and {} {}-1 regressors ({}), {} epochs of "
        "{} (batch {}, rate {:g}, ×0.3 for the last third)",
        s_.classifiers, shape, kClasses, kClasses * s_.regressors, shape,
        nn::loss_name(s_.alpha_loss), s_.training.epochs,
        s_.training.optimizer.method == nn::Method::adam ? "Adam" : "SGD", s_.training.batch,
        s_.training.optimizer.learning_rate);
  }

  void start_stage(const NnStage&, const nn::Archive* checkpoint) override {
    trainers_.clear();
    for (auto& classifier : mixture_.classifiers)
      trainers_.push_back(std::make_unique<nn::MlpTrainer<float>>(classifier, s_.training.optimizer,
                                                                  s_.training.batch));
    for (auto& expert : mixture_.experts)
      trainers_.push_back(std::make_unique<nn::MlpTrainer<float>>(expert, s_.training.optimizer,
                                                                  s_.training.batch));
    if (!checkpoint) return;
    for (std::size_t k = 0; k < trainers_.size(); ++k)
      nn::load_optimizer(*checkpoint, fmt::format("state.optimizer{}.", k),
                         trainers_[k]->optimizer());
  }

  void train(const NnProgress& at) override {
    // A step down of the rate for the last third of the epochs settles the noisy end of Adam.
    const bool late = 3 * at.step >= 2 * s_.training.epochs;
    for (auto& t : trainers_)
      t->optimizer().settings().learning_rate =
          s_.training.optimizer.learning_rate * (late ? 0.3 : 1.0);
    const std::size_t first_expert = mixture_.classifiers.size();
    classifier_loss_ = 0;
    for (std::size_t k = 0; k < first_expert; ++k)
      classifier_loss_ +=
          trainers_[k]->epoch(x_, classes_, rng_) / static_cast<double>(first_expert);
    double sum = 0, count = 0;
    for (std::size_t e = 0; e < mixture_.experts.size(); ++e) {
      const std::size_t c = e % kClasses;  // experts[k · classes + c] is class c's k-th
      const auto n = static_cast<double>(expert_x_[c].cols());
      if (n == 0) continue;
      sum += n * trainers_[e + first_expert]->epoch(expert_x_[c], expert_alpha_[c], rng_);
      count += n;
    }
    alpha_loss_ = count > 0 ? sum / count : kNnMissing;
    if (!std::isfinite(classifier_loss_) || !std::isfinite(alpha_loss_))
      throw RunFailure(
          fmt::format("the training loss is not finite at epoch {} (lower the "
                      "learning rate)",
                      at.step + 1));
    evaluate();
  }

  std::vector<std::string> columns() const override {
    return {"classifier_loss", "alpha_loss", "test_mae", "test_f1", "baseline_mae"};
  }

  std::vector<double> values(const NnProgress& at) const override {
    return {at.step > 0 ? classifier_loss_ : kNnMissing, at.step > 0 ? alpha_loss_ : kNnMissing,
            mae_, f1_, baseline_mae_};
  }

  void summarise(nlohmann::json& out, const NnProgress& at) const override {
    out.update(anomalous_scores(data_, prediction_));
    out["train_trajectories"] = data_.train_model.size();
    out["test_trajectories"] = data_.test_model.size();
    out["features"] = x_.rows();
    out["data_s"] = data_.seconds;
    out["s_per_epoch"] = json_number(at.seconds_per_epoch(NnStage::anomalous));
    std::size_t parameters = 0;
    for (const auto& c : mixture_.classifiers) parameters += c.parameter_count();
    for (const auto& e : mixture_.experts) parameters += e.parameter_count();
    out["parameters"] = parameters;
  }

  void save_model(nn::Archive& a) const override {
    mixture_.save(a, "anomalous.");
    a.put("rbm_layers", 0L);
    a.put("anomalous.classes", std::string("attm ctrw fbm levy-walk sbm brownian"));
    a.put("anomalous.max_length", s_.data.max_length);
    a.put("anomalous.min_length", s_.data.min_length);
  }

  void save_state(nn::Archive& a) const override {
    a.put_real("state.classifier_loss", classifier_loss_);
    a.put_real("state.alpha_loss", alpha_loss_);
    for (std::size_t k = 0; k < trainers_.size(); ++k)
      nn::save(a, fmt::format("state.optimizer{}.", k), trainers_[k]->optimizer());
  }

  void load_state(const nn::Archive& a) override {
    const auto loaded = nn::Mixture::load(a, "anomalous.");
    mixture_.classifiers = loaded.classifiers;
    for (std::size_t c = 0; c < mixture_.experts.size(); ++c)
      mixture_.experts[c] = loaded.experts[c];
    classifier_loss_ = a.real("state.classifier_loss");
    alpha_loss_ = a.real("state.alpha_loss");
    evaluate();
  }

  std::string restart_fingerprint() const override {
    // The count of classifiers only when there are several: older runs restart as they were.
    // So are the regressors per class and their loss when they are not one and squared error.
    return fmt::format(" andi {} {} {} {}{}{}{}", s_.data.min_length, s_.data.max_length,
                       fmt::join(s_.data.noise, ","), s_.data.group,
                       s_.classifiers > 1 ? fmt::format(" classifiers {}", s_.classifiers) : "",
                       s_.regressors > 1 ? fmt::format(" regressors {}", s_.regressors) : "",
                       s_.alpha_loss != nn::Loss::squared_error
                           ? fmt::format(" {}", nn::loss_name(s_.alpha_loss))
                           : "");
  }

 private:
  // The test set's predictions and the scores the series shows.
  void evaluate() {
    if (mixture_.mixing == nn::Mixture::Mixing::median) measure_spread();
    prediction_ = mixture_.predict(data_.test_x);
    const std::vector<int> one_group(prediction_.value.size(), 0);
    mae_ = nn::grouped_mean_absolute_error(prediction_.value, data_.test_alpha, one_group, 1)[0];
    f1_ = nn::class_scores(data_.test_model, most_probable(prediction_.probabilities), kClasses)
              .micro_f1;
    baseline_mae_ =
        nn::grouped_mean_absolute_error(data_.test_baseline, data_.test_alpha, one_group, 1)[0];
  }

  // b_c: the mean absolute error of class c's regressors on its training trajectories (floored
  // so that a class of one α keeps a finite Laplace scale).
  void measure_spread() {
    mixture_.spread.assign(kClasses, 1);
    for (std::size_t c = 0; c < kClasses; ++c) {
      const auto n = expert_x_[c].cols();
      if (n == 0) continue;
      const nn::Matrix<float> y = mixture_.class_values(expert_x_[c]);
      const double mae = (y.row(static_cast<Eigen::Index>(c)) - expert_alpha_[c])
                             .cwiseAbs()
                             .template cast<double>()
                             .sum() /
                         static_cast<double>(n);
      mixture_.spread[c] = std::max(mae, 1e-3);
    }
  }

  const NnSettings& s_;
  nn::Rng& rng_;
  AndiData data_;
  nn::Mixture mixture_;
  nn::Matrix<float> x_, classes_;  ///< standardised training features, one-hot classes
  std::vector<nn::Matrix<float>> expert_x_, expert_alpha_;
  std::vector<std::unique_ptr<nn::MlpTrainer<float>>> trainers_;  ///< classifiers, then experts
  double classifier_loss_ = kNnMissing, alpha_loss_ = kNnMissing;
  nn::Mixture::Prediction prediction_;
  double mae_ = kNnMissing, f1_ = kNnMissing, baseline_mae_ = kNnMissing;
};

}  // namespace

std::unique_ptr<NnModelRun> make_anomalous_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<AnomalousRun>(s, rng);
}

}  // namespace fickle
