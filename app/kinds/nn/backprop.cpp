// Trains, measures, stops early and checkpoints the backprop stage of mlp, rbm and dbn.
#include "app/kinds/nn/backprop.hpp"

#include <fmt/format.h>

#include <cmath>

#include "app/run/run_context.hpp"
#include "nn/model_io.hpp"

namespace fickle {

void Backprop::set_inputs(const nn::Matrix<float>& train, const nn::Matrix<float>& validation,
                          const nn::Matrix<float>& test) {
  train_ = &train;
  validation_ = &validation;
  test_ = &test;
}

void Backprop::start(const nn::Archive* checkpoint) {
  targets_ = data_.targets();
  trainer_ =
      std::make_unique<nn::MlpTrainer<float>>(net_, s_.training.optimizer, s_.training.batch);
  if (checkpoint) nn::load_optimizer(*checkpoint, "state.optimizer.", trainer_->optimizer());
}

void Backprop::epoch(long step, nn::Rng& rng) {
  last_loss_ = trainer_->epoch(*train_, targets_, rng);
  if (!std::isfinite(last_loss_))
    throw RunFailure(
        fmt::format("the training loss is {} at epoch {} (lower the "
                    "learning rate)",
                    last_loss_, step + 1));
}

bool Backprop::stops(long step, Log& log) {
  ++epochs_trained_;
  if (s_.training.patience == 0 || validation_->cols() == 0) return false;
  const double loss = validation_loss();
  if (loss < best_loss_) {
    best_loss_ = loss;
    best_step_ = step;
    best_ = net_;
    has_best_ = true;
    return false;
  }
  if (step - best_step_ < s_.training.patience) return false;
  // Stop: keep the best network and end the loop (the remaining steps are skipped).
  net_ = best_;
  stopped_ = true;
  log.line(
      fmt::format("nn: early stop after epoch {}: no better validation loss "
                  "since epoch {} ({:.6g})",
                  step, best_step_, best_loss_));
  return true;
}

std::pair<double, double> Backprop::accuracies() const {
  if (!data_.labelled) {
    // Parity: the fraction of inputs whose output is on the right side of ½.
    const nn::Matrix<float> out = net_.predict(*train_);
    const double right =
        ((out.array() > 0.5f) == (data_.parity_targets.array() > 0.5f)).cast<double>().mean();
    return {right, kNnMissing};
  }
  return {nn::accuracy(net_, *train_, data_.train_labels),
          nn::accuracy(net_, *test_, data_.test_labels)};
}

double Backprop::validation_loss() const {
  if (validation_->cols() == 0) return kNnMissing;
  return net_.loss(*validation_, nn::one_hot<float>(data_.validation_labels, data_.classes));
}

void Backprop::summarise(nlohmann::json& out) const {
  if (net_.layers().empty()) return;  // the stage has not begun
  const auto a = accuracies();
  out["accuracy"] = json_number(data_.labelled ? a.second : a.first);
  out["train_accuracy"] = json_number(a.first);
  out["loss"] = json_number(last_loss_);
  if (data_.labelled)
    out["test_loss"] =
        json_number(net_.loss(*test_, nn::one_hot<float>(data_.test_labels, data_.classes)));
  out["validation_loss"] = json_number(validation_loss());
  out["stopped_early"] = stopped_;
  if (s_.training.patience > 0) out["best_epoch"] = best_step_;
}

void Backprop::save_model(nn::Archive& a) const {
  if (!net_.layers().empty()) nn::save(a, "mlp.", net_);
}

void Backprop::save_state(nn::Archive& a) const {
  a.put_real("state.last_loss", last_loss_);
  a.put_real("state.best_loss", best_loss_);
  a.put("state.best_step", best_step_);
  a.put("state.stopped", static_cast<long>(stopped_));
  a.put("state.epochs_trained", epochs_trained_);
  if (has_best_) nn::save(a, "best.", best_);
  if (trainer_) nn::save(a, "state.optimizer.", trainer_->optimizer());
}

void Backprop::load_state(const nn::Archive& a) {
  if (a.has("mlp.layers")) net_ = nn::load_mlp<float>(a, "mlp.");
  last_loss_ = a.real("state.last_loss");
  best_loss_ = a.real("state.best_loss");
  best_step_ = a.integer("state.best_step");
  stopped_ = a.integer("state.stopped") != 0;
  epochs_trained_ = a.integer("state.epochs_trained");
  has_best_ = a.has("best.layers");
  if (has_best_) best_ = nn::load_mlp<float>(a, "best.");
}

}  // namespace fickle
