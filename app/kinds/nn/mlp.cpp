// The `nn` kind's multilayer perceptron (docs/science.md §5.6): one backprop stage on the images
// (or a parity truth table), with early stopping on a held-out validation set.
#include <fmt/format.h>

#include "app/kinds/nn/layered_run.hpp"

namespace fickle {

namespace {

class MlpRun final : public LayeredRun {
 public:
  using LayeredRun::LayeredRun;

  std::vector<NnStage> build() override {
    std::vector<int> sizes = layer_sizes();
    sizes.push_back(data_.outputs());
    // The network exists before the first epoch: the first series row reports on it.
    backprop_.net() = nn::Mlp<float>(sizes, s_.activation, s_.output_activation, s_.loss, rng_);
    backprop_.set_inputs(data_.train_x, data_.validation_x, data_.test_x);
    return {{NnStage::backprop, s_.training.epochs}};
  }

  std::string describe() const override {
    return fmt::format("mlp {}{}", shape(), backprop_schedule());
  }

  std::vector<std::string> columns() const override {
    return {"loss", "validation_loss", "train_accuracy", "test_accuracy"};
  }

  std::vector<double> values(const NnProgress& at) const override {
    const auto a = backprop_.accuracies();
    return {at.step > 0 ? backprop_.last_loss() : kNnMissing, backprop_.validation_loss(), a.first,
            a.second};
  }

  void summarise(nlohmann::json& out, const NnProgress& at) const override {
    summarise_layers(out, at, NnStage::backprop);
    out["epochs"] = backprop_.epochs_trained();  // an early stop skips the remaining steps
  }

 private:
  void start_backprop(bool /*fresh*/) override {}  // build() made the network and its inputs
};

}  // namespace

std::unique_ptr<NnModelRun> make_mlp_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<MlpRun>(s, rng);
}

}  // namespace fickle
