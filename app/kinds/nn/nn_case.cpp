// The `nn` case kind: trains a network of the nn module through the shared time loop, one step
// per epoch (per load of a Hopfield sweep, per learning step of a Boltzmann machine), so series,
// progress, checkpoints and --restart work as for every kind. A run is a list of stages (an
// RBM per layer, then a softmax classifier or the fine-tuned stack); series.csv has one row per
// epoch, summary.json the accuracies and s_per_epoch, model.nn the trained model (nn/archive.hpp),
// plots/filters.png the first layer's receptive fields. docs/nn.md describes keys and output.
// This file drives the loop: a step, the series row, early stopping; app/nn_case.hpp lists the
// files that do the rest.
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "app/kinds/nn/nn_case.hpp"

namespace fickle {

void NnCase::run(RunContext& ctx) {
  ctx_ = &ctx;
  rng_.seed(s_.seed);
  load_data(*ctx.log);
  build();
  describe(*ctx.log);
  run_and_summarise(
      ctx, *this, total_steps(), s_.output,
      [&](const std::optional<LoopTotals>& totals) { summarise(ctx.summary, totals); });
}

void NnCase::advance() {
  const auto t0 = std::chrono::steady_clock::now();
  const int index = stage_at(step_);
  if (index != active_) start_stage(index, true);
  const Stage& stage = stages_[index];
  switch (stage.kind) {
    case Stage::backprop:
      last_loss_ = trainer_->epoch(inputs_, targets_, rng_);
      if (!std::isfinite(last_loss_))
        throw RunFailure(
            fmt::format("the training loss is {} at epoch {} (lower the "
                        "learning rate)",
                        last_loss_, step_ + 1));
      break;
    case Stage::rbm:
      last_reconstruction_ = rbm_trainer_->epoch(inputs_, rng_);
      if (!std::isfinite(last_reconstruction_))
        throw RunFailure(
            fmt::format("the RBM diverged at epoch {} (lower rbm.learning_rate)", step_ + 1));
      break;
    case Stage::hopfield:
      hopfield_point(s_.hopfield.loads[static_cast<std::size_t>(step_)]);
      break;
    case Stage::boltzmann:
      machine_.learn(patterns_, s_.boltzmann, rng_);
      if ((step_ + 1) % s_.boltzmann_epochs == 0) finish_boltzmann_start();
      break;
    case Stage::perceptron:
      last_mistakes_ = static_cast<double>(perceptron_.epoch(train_xd_, train_labels_, rng_));
      break;
  }
  ++step_;
  stage_seconds_[index] +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (stage.kind == Stage::backprop) early_stopping();
}

std::vector<std::string> NnCase::observables() const {
  switch (s_.model) {
    case NnModel::mlp:
      return {"loss", "validation_loss", "train_accuracy", "test_accuracy"};
    case NnModel::rbm:
      return {"stage", "reconstruction_error", rbm_likelihood_name(),
              "loss",  "train_accuracy",       "test_accuracy"};
    case NnModel::dbn:
      return {"stage", "reconstruction_error", "loss", "train_accuracy", "test_accuracy"};
    case NnModel::hopfield:
      return {"load",
              "patterns",
              "one_step_error",
              "one_step_error_law",
              "one_step_standard_error",
              "recall_error"};
    case NnModel::boltzmann:
      return {"log_likelihood", "patterns_recalled"};
    case NnModel::perceptron:
      return {"mistakes", "train_accuracy", "test_accuracy"};
  }
  return {};
}

std::vector<double> NnCase::observe() {
  const int index = step_ == 0 ? 0 : stage_at(step_ - 1);
  const bool trained = step_ > 0;
  const Stage::Kind kind = stages_[index].kind;
  switch (s_.model) {
    case NnModel::mlp: {
      const auto a = accuracies();
      return {trained ? last_loss_ : kMissing, validation_loss(), a.first, a.second};
    }
    case NnModel::rbm: {
      if (kind == Stage::rbm)
        return {0.0, rbm_measure_reconstruction(), rbm_likelihood(), kMissing, kMissing, kMissing};
      const auto a = accuracies();
      return {1.0, kMissing, kMissing, last_loss_, a.first, a.second};
    }
    case NnModel::dbn: {
      if (kind == Stage::rbm)
        return {static_cast<double>(index), trained ? last_reconstruction_ : kMissing, kMissing,
                kMissing, kMissing};
      const auto a = accuracies();
      return {static_cast<double>(index), kMissing, last_loss_, a.first, a.second};
    }
    case NnModel::hopfield:
      return trained ? hopfield_rows_.back() : std::vector<double>(6, kMissing);
    case NnModel::boltzmann:
      return {machine_.log_likelihood(patterns_),
              static_cast<double>(nn::encoder_patterns_recalled(machine_, s_.encoder_units))};
    case NnModel::perceptron:
      return {trained ? last_mistakes_ : kMissing, perceptron_accuracy(train_xd_, train_labels_),
              perceptron_accuracy(test_xd_, test_labels_)};
  }
  return {};
}

void NnCase::early_stopping() {
  ++epochs_trained_;
  if (s_.training.patience == 0 || eval_validation().cols() == 0) return;
  const double loss = validation_loss();
  if (loss < best_loss_) {
    best_loss_ = loss;
    best_step_ = step_;
    best_ = mlp_;
    has_best_ = true;
  } else if (step_ - best_step_ >= s_.training.patience) {
    // Stop: keep the best network and end the loop (the remaining steps are skipped).
    mlp_ = best_;
    stopped_ = true;
    ctx_->log->line(
        fmt::format("nn: early stop after epoch {}: no better validation loss "
                    "since epoch {} ({:.6g})",
                    step_, best_step_, best_loss_));
    step_ = total_steps();
  }
}

std::unique_ptr<CaseKind> make_nn_case() {
  return std::make_unique<NnCase>();
}

}  // namespace fickle
