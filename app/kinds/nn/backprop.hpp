// The backprop stage that mlp, rbm and dbn share (docs/science.md §5.6): minibatch training of
// an nn::Mlp on the images or an RBM's features of them, early stopping on the validation loss,
// the accuracies and losses that series.csv and summary.json report, and the stage's checkpoint
// state.
#pragma once

#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "app/kinds/nn/data.hpp"
#include "app/kinds/nn/model_run.hpp"
#include "nn/mlp.hpp"

namespace fickle {

class Backprop {
 public:
  Backprop(const NnSettings& s, const NnDataset& data) : s_(s), data_(data) {}
  Backprop(const Backprop&) = delete;  // the trainer refers to net_
  Backprop& operator=(const Backprop&) = delete;

  /// The network, built by the model that owns the stage (fresh, unrolled from its RBMs, or
  /// loaded from a checkpoint); empty until then.
  nn::Mlp<float>& net() { return net_; }
  const nn::Mlp<float>& net() const { return net_; }
  /// The columns the network sees: the data set's images or an RBM's features of them (kept
  /// by reference: they must live as long as the stage).
  void set_inputs(const nn::Matrix<float>& train, const nn::Matrix<float>& validation,
                  const nn::Matrix<float>& test);
  /// Builds the trainer; with a checkpoint its optimiser continues from the saved state.
  void start(const nn::Archive* checkpoint);
  /// One epoch; `step` counts the epochs before it. Throws RunFailure for a non-finite loss.
  void epoch(long step, nn::Rng& rng);
  /// Early stopping once epoch `step` is counted: true when the run ends here, the network then
  /// being the one with the best validation loss.
  bool stops(long step, Log& log);

  double last_loss() const { return last_loss_; }
  long epochs_trained() const { return epochs_trained_; }
  /// Training and test accuracy (parity: the fraction of outputs on the right side of ½, no test).
  std::pair<double, double> accuracies() const;
  double validation_loss() const;
  std::size_t parameters() const { return net_.layers().empty() ? 0 : net_.parameter_count(); }
  /// The classifier's summary keys, once the network exists: accuracies, losses, early stopping.
  void summarise(nlohmann::json& out) const;

  void save_model(nn::Archive& a) const;
  void save_state(nn::Archive& a) const;
  /// The network, the best one so far and the early-stopping state (not the optimiser: start).
  void load_state(const nn::Archive& a);

 private:
  const NnSettings& s_;
  const NnDataset& data_;
  nn::Mlp<float> net_, best_;
  const nn::Matrix<float>* train_ = nullptr;
  const nn::Matrix<float>* validation_ = nullptr;
  const nn::Matrix<float>* test_ = nullptr;
  nn::Matrix<float> targets_;
  std::unique_ptr<nn::MlpTrainer<float>> trainer_;
  double last_loss_ = kNnMissing;
  double best_loss_ = std::numeric_limits<double>::infinity();
  long best_step_ = 0, epochs_trained_ = 0;
  bool has_best_ = false, stopped_ = false;
};

}  // namespace fickle
