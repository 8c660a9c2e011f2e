// The `nn` kind's report: the log line that says what a run trains, and summary.json (the
// accuracies, losses, likelihoods and s_per_epoch of each model).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/kinds/nn/nn_case.hpp"

namespace fickle {

// JSON has no NaN: a quantity not measured is null.
nlohmann::json NnCase::number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

void NnCase::describe(Log& log) const {
  if (ctx_->ranks > 1)
    log.line(
        fmt::format("nn: runs on one rank; the other {} rank(s) repeat its work", ctx_->ranks - 1));
  std::string what;
  switch (s_.model) {
    case NnModel::mlp:
    case NnModel::dbn: {
      what = fmt::format("{} {}", nn_model_name(s_.model), train_x_.rows());
      for (int h : s_.hidden) what += fmt::format("-{}", h);
      what += fmt::format("-{}", labelled() ? classes_ : parity_targets_.rows());
      if (s_.model == NnModel::dbn)
        what += fmt::format(", {} RBM epochs per layer,", s_.rbm_epochs);
      what += fmt::format(" {} epochs of {} (batch {}, rate {:g})", s_.training.epochs,
                          s_.training.optimizer.method == nn::Method::adam ? "Adam" : "SGD",
                          s_.training.batch, s_.training.optimizer.learning_rate);
      break;
    }
    case NnModel::rbm:
      what = fmt::format(
          "rbm {}-{}, {} {}-{}, {} epochs (batch {}, rate {:g}){}", train_x_.rows(), s_.hidden[0],
          s_.rbm.persistent ? "PCD" : "CD", s_.rbm.k, s_.gaussian_visible ? "gaussian" : "binary",
          s_.rbm_epochs, s_.rbm.batch, s_.rbm.learning_rate,
          s_.training.epochs > 0
              ? fmt::format(", then {} epochs of a softmax classifier", s_.training.epochs)
              : "");
      break;
    case NnModel::hopfield:
      what = fmt::format("hopfield N = {}, {} loads p/N, {} networks each", s_.hopfield.neurons,
                         s_.hopfield.loads.size(), s_.hopfield.trials);
      break;
    case NnModel::boltzmann:
      what =
          fmt::format("boltzmann machine, {}-{}-{} encoder, {} start(s) of {} learning steps ({})",
                      s_.encoder_units, s_.hidden[0], s_.encoder_units, s_.boltzmann_restarts,
                      s_.boltzmann_epochs,
                      s_.boltzmann.expectations == nn::Expectations::exact ? "exact" : "gibbs");
      break;
    case NnModel::perceptron:
      what = fmt::format("perceptron {}-{} one-vs-rest (Rosenblatt), {} shuffled epochs",
                         train_x_.rows(), classes_, s_.perceptron_epochs);
      break;
  }
  log.line(fmt::format("nn: {}, seed {}", what, s_.seed));
}

double NnCase::seconds_per_epoch(Stage::Kind kind) const {
  double seconds = 0;
  long epochs = 0;
  long first = 0;
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    const long done = std::clamp(step_ - first, 0L, stages_[i].epochs);
    if (stages_[i].kind == kind) {
      seconds += stage_seconds_[i];
      epochs += done;
    }
    first += stages_[i].epochs;
  }
  return epochs > 0 ? seconds / static_cast<double>(epochs) : kMissing;
}

void NnCase::summarise(nlohmann::json& out, const std::optional<LoopTotals>& /*totals*/) {
  out["model"] = nn_model_name(s_.model);
  out["data"] = s_.data.set;
  out["seed"] = s_.seed;
  out["epochs"] = s_.model == NnModel::mlp ? epochs_trained_ : step_;
  out["model_file"] = "model.nn";
  switch (s_.model) {
    case NnModel::mlp:
    case NnModel::dbn:
    case NnModel::rbm: {
      std::size_t parameters = mlp_.layers().empty() ? 0 : mlp_.parameter_count();
      for (const auto& r : rbms_)
        parameters += static_cast<std::size_t>(r.weights.size() + r.visible_bias.size() +
                                               r.hidden_bias.size());
      out["parameters"] = parameters;
      out["s_per_epoch"] =
          number(seconds_per_epoch(s_.model == NnModel::rbm ? Stage::rbm : Stage::backprop));
      if (s_.model != NnModel::mlp) {
        out["rbm_s_per_epoch"] = number(seconds_per_epoch(Stage::rbm));
        out["backprop_s_per_epoch"] = number(seconds_per_epoch(Stage::backprop));
      }
      if (s_.model == NnModel::rbm) {
        out["reconstruction_error"] = number(rbm_measure_reconstruction());
        out[rbm_likelihood_name()] = number(rbm_likelihood());
      }
      const bool classified = active_ >= 0 && stages_[active_].kind == Stage::backprop;
      if (classified) {
        const auto a = accuracies();
        out["accuracy"] = number(labelled() ? a.second : a.first);
        out["train_accuracy"] = number(a.first);
        out["loss"] = number(last_loss_);
        if (labelled())
          out["test_loss"] =
              number(mlp_.loss(eval_test(), nn::one_hot<float>(test_labels_, classes_)));
        out["validation_loss"] = number(validation_loss());
        out["stopped_early"] = stopped_;
        if (s_.training.patience > 0) out["best_epoch"] = best_step_;
      }
      break;
    }
    case NnModel::hopfield:
      summarise_hopfield(out);
      break;
    case NnModel::boltzmann:
      out["log_likelihood"] = machine_.log_likelihood(patterns_);
      out["log_likelihood_optimum"] = -std::log(static_cast<double>(s_.encoder_units));
      out["patterns_recalled"] = nn::encoder_patterns_recalled(machine_, s_.encoder_units);
      out["restarts"] = s_.boltzmann_restarts;
      out["start_log_likelihoods"] = start_log_likelihoods_;
      out["patterns"] = s_.encoder_units;
      break;
    case NnModel::perceptron:
      out["parameters"] = static_cast<std::size_t>(perceptron_weights().size());
      out["s_per_epoch"] = number(seconds_per_epoch(Stage::perceptron));
      out["accuracy"] = number(perceptron_accuracy(test_xd_, test_labels_));
      out["train_accuracy"] = number(perceptron_accuracy(train_xd_, train_labels_));
      out["mistakes_final"] = std::isfinite(last_mistakes_)
                                  ? nlohmann::json(static_cast<long>(last_mistakes_))
                                  : nlohmann::json();
      break;
  }
}

}  // namespace fickle
