// What mlp, rbm and dbn share: a run of RBM stages, one per layer (none for the mlp), then a
// backprop stage; the RBMs' training (docs/science.md §5.4-5.5), the model file with the RBMs and
// the network, their checkpoint state, the first layer's receptive fields and the summary keys
// the three have in common. mlp.cpp, rbm.cpp and dbn.cpp derive from it.
#pragma once

#include <memory>
#include <string>

#include "app/kinds/nn/backprop.hpp"
#include "app/kinds/nn/data.hpp"
#include "app/kinds/nn/model_run.hpp"
#include "nn/dbn.hpp"

namespace fickle {

class LayeredRun : public NnModelRun {
 public:
  LayeredRun(const NnSettings& s, nn::Rng& rng) : s_(s), rng_(rng), backprop_(s, data_) {}

  /// Loads the data, then builds the model.
  std::vector<NnStage> prepare(Log& log) final;
  void start_stage(const NnStage& stage, const nn::Archive* checkpoint) override;
  void train(const NnProgress& at) override;
  bool stops_early(const NnProgress& at, Log& log) override;
  void save_model(nn::Archive& a) const override;
  std::optional<nn::Image> filters() const override;
  void save_state(nn::Archive& a) const override;
  void load_state(const nn::Archive& a) override;

 protected:
  /// Builds the model on data_ (its initial weights from rng_); the stages.
  virtual std::vector<NnStage> build() = 0;
  /// Starts the backprop stage: points backprop_ at its inputs and, when `fresh`, builds the
  /// network it trains.
  virtual void start_backprop(bool fresh) = 0;
  /// The RBMs as a deep belief net.
  nn::Dbn<float> stack() const;
  /// The input and hidden layers' sizes.
  std::vector<int> layer_sizes() const;
  /// "784-256-10": the network's layer sizes, input to output.
  std::string shape() const;
  /// " 10 epochs of Adam (batch 128, rate 0.001)": the backprop stage.
  std::string backprop_schedule() const;
  /// parameters, s_per_epoch (the stages of `timed`), the RBM and backprop times per epoch when
  /// there are RBMs, and the classifier's keys.
  void summarise_layers(nlohmann::json& out, const NnProgress& at, NnStage::Kind timed) const;

  const NnSettings& s_;
  nn::Rng& rng_;
  NnDataset data_;
  std::vector<nn::Rbm<float>> rbms_;
  Backprop backprop_;
  double last_reconstruction_ = kNnMissing;  ///< the last RBM epoch's mean over its batches

 private:
  std::unique_ptr<nn::RbmTrainer<float>> rbm_trainer_;
  nn::Matrix<float> rbm_inputs_;  ///< the active RBM's data: the features of the layers below
};

}  // namespace fickle
