// The `nn` kind's deep belief net (docs/science.md §5.7): RBMs trained greedily, layer by layer,
// each on the hidden probabilities of the one below, then unrolled into a sigmoid MLP with a
// softmax layer on top and fine-tuned by backprop.
#include <fmt/format.h>

#include "app/kinds/nn/layered_run.hpp"

namespace fickle {

namespace {

class DbnRun final : public LayeredRun {
 public:
  using LayeredRun::LayeredRun;

  std::vector<NnStage> build() override {
    rbms_ = nn::Dbn<float>(layer_sizes(), s_.sigma, rng_).layers;
    std::vector<NnStage> stages;
    for (std::size_t l = 0; l < rbms_.size(); ++l)
      stages.push_back({NnStage::rbm, s_.rbm_epochs, static_cast<int>(l)});
    stages.push_back({NnStage::backprop, s_.training.epochs});
    return stages;
  }

  std::string describe() const override {
    return fmt::format("dbn {}, {} RBM epochs per layer,{}", shape(), s_.rbm_epochs,
                       backprop_schedule());
  }

  std::vector<std::string> columns() const override {
    return {"stage", "reconstruction_error", "loss", "train_accuracy", "test_accuracy"};
  }

  // `stage` is the RBM's layer, then the number of RBMs while fine-tuning.
  std::vector<double> values(const NnProgress& at) const override {
    const int index = at.last_stage();
    if (at.stages[static_cast<std::size_t>(index)].kind == NnStage::rbm)
      return {static_cast<double>(index), at.step > 0 ? last_reconstruction_ : kNnMissing,
              kNnMissing, kNnMissing, kNnMissing};
    const auto a = backprop_.accuracies();
    return {static_cast<double>(index), kNnMissing, backprop_.last_loss(), a.first, a.second};
  }

  void summarise(nlohmann::json& out, const NnProgress& at) const override {
    summarise_layers(out, at, NnStage::backprop);
  }

 private:
  void start_backprop(bool fresh) override {
    backprop_.set_inputs(data_.train_x, data_.validation_x, data_.test_x);
    if (fresh) backprop_.net() = stack().unroll(data_.classes, rng_);
  }
};

}  // namespace

std::unique_ptr<NnModelRun> make_dbn_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<DbnRun>(s, rng);
}

}  // namespace fickle
