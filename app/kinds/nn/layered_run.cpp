// The stages, model file, checkpoints, filters and summary keys that mlp, rbm and dbn share:
// RBM layers trained one after another on the features of the layers below, then backprop.
#include "app/kinds/nn/layered_run.hpp"

#include <fmt/format.h>

#include <cmath>

#include "app/run/run_context.hpp"
#include "nn/model_io.hpp"

namespace fickle {

std::vector<NnStage> LayeredRun::prepare(Log& log) {
  data_ = load_nn_data(s_, log);
  return build();
}

nn::Dbn<float> LayeredRun::stack() const {
  nn::Dbn<float> dbn;
  dbn.layers = rbms_;
  return dbn;
}

void LayeredRun::start_stage(const NnStage& stage, const nn::Archive* checkpoint) {
  rbm_trainer_.reset();
  if (stage.kind == NnStage::backprop) {
    start_backprop(checkpoint == nullptr);
    backprop_.start(checkpoint);
    return;
  }
  nn::Rbm<float>& r = rbms_[static_cast<std::size_t>(stage.layer)];
  rbm_inputs_ = stack().features(data_.train_x, static_cast<std::size_t>(stage.layer));
  // Hinton's start for the visible biases, log(p/(1 − p)) of the data (§5.5).
  if (!checkpoint) r.set_visible_bias_from(rbm_inputs_);
  rbm_trainer_ = std::make_unique<nn::RbmTrainer<float>>(r, s_.rbm);
  if (!checkpoint) return;
  const nn::Archive& a = *checkpoint;
  nn::load_optimizer(a, "state.rbm_optimizer.", rbm_trainer_->optimizer());
  rbm_trainer_->set_epochs_done(a.integer("state.rbm_epochs"));
  rbm_trainer_->chains() = a.matrix<float>("state.rbm_chains");
  rbm_trainer_->mean_activity() = a.vector<float>("state.rbm_activity");
}

void LayeredRun::train(const NnProgress& at) {
  if (at.active_stage().kind == NnStage::backprop) {
    backprop_.epoch(at.step, rng_);
    return;
  }
  last_reconstruction_ = rbm_trainer_->epoch(rbm_inputs_, rng_);
  if (!std::isfinite(last_reconstruction_))
    throw RunFailure(
        fmt::format("the RBM diverged at epoch {} (lower rbm.learning_rate)", at.step + 1));
}

bool LayeredRun::stops_early(const NnProgress& at, Log& log) {
  return at.active_stage().kind == NnStage::backprop && backprop_.stops(at.step, log);
}

std::vector<int> LayeredRun::layer_sizes() const {
  std::vector<int> sizes{data_.inputs()};
  sizes.insert(sizes.end(), s_.hidden.begin(), s_.hidden.end());
  return sizes;
}

std::string LayeredRun::shape() const {
  std::string sizes;
  for (int n : layer_sizes()) sizes += fmt::format("{}-", n);
  return sizes + fmt::format("{}", data_.outputs());
}

std::string LayeredRun::backprop_schedule() const {
  return fmt::format(" {} epochs of {} (batch {}, rate {:g})", s_.training.epochs,
                     s_.training.optimizer.method == nn::Method::adam ? "Adam" : "SGD",
                     s_.training.batch, s_.training.optimizer.learning_rate);
}

void LayeredRun::summarise_layers(nlohmann::json& out, const NnProgress& at,
                                  NnStage::Kind timed) const {
  std::size_t parameters = backprop_.parameters();
  for (const auto& r : rbms_)
    parameters +=
        static_cast<std::size_t>(r.weights.size() + r.visible_bias.size() + r.hidden_bias.size());
  out["parameters"] = parameters;
  out["s_per_epoch"] = json_number(at.seconds_per_epoch(timed));
  if (!rbms_.empty()) {
    out["rbm_s_per_epoch"] = json_number(at.seconds_per_epoch(NnStage::rbm));
    out["backprop_s_per_epoch"] = json_number(at.seconds_per_epoch(NnStage::backprop));
  }
  backprop_.summarise(out);
}

void LayeredRun::save_model(nn::Archive& a) const {
  for (std::size_t l = 0; l < rbms_.size(); ++l) nn::save(a, fmt::format("rbm{}.", l), rbms_[l]);
  a.put("rbm_layers", static_cast<long>(rbms_.size()));
  backprop_.save_model(a);
}

// The first layer's receptive fields: the first RBM's, or the network's (mlp).
std::optional<nn::Image> LayeredRun::filters() const {
  if (!rbms_.empty()) return filter_mosaic(rbms_[0].weights.cast<double>(), data_, s_.filters);
  const auto& layers = backprop_.net().layers();
  if (layers.empty()) return std::nullopt;
  return filter_mosaic(layers[0].weights.cast<double>(), data_, s_.filters);
}

void LayeredRun::save_state(nn::Archive& a) const {
  backprop_.save_state(a);
  a.put_real("state.last_reconstruction", last_reconstruction_);
  if (!rbm_trainer_) return;
  nn::save(a, "state.rbm_optimizer.", rbm_trainer_->optimizer());
  a.put("state.rbm_epochs", rbm_trainer_->epochs_done());
  a.put("state.rbm_chains", rbm_trainer_->chains());
  a.put("state.rbm_activity", rbm_trainer_->mean_activity());
}

void LayeredRun::load_state(const nn::Archive& a) {
  for (long l = 0; l < a.integer("rbm_layers"); ++l)
    rbms_[static_cast<std::size_t>(l)] = nn::load_rbm<float>(a, fmt::format("rbm{}.", l));
  backprop_.load_state(a);
  last_reconstruction_ = a.real("state.last_reconstruction");
}

}  // namespace fickle
