// The `nn` kind's setup: loads the data set, builds the models and the run's stages (what each
// step trains), and starts each stage's trainer; also the Boltzmann machine's independent starts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/kinds/nn/nn_case.hpp"
#include "nn/generators.hpp"
#include "nn/idx.hpp"

namespace fickle {

void NnCase::load_data(Log& log) {
  const NnData& d = s_.data;
  if (labelled()) {
    nn::LabelledImages train, test;
    try {
      train = nn::read_mnist_format(d.dir, "train", static_cast<std::size_t>(d.train_size));
      test = nn::read_mnist_format(d.dir, "t10k", static_cast<std::size_t>(d.test_size));
    } catch (const nn::DataError& e) {
      throw CaseError(fmt::format("data.dir: {}", e.what()));
    }
    image_rows_ = train.image_rows;
    image_cols_ = train.image_cols;
    classes_ = 1 + std::max(*std::max_element(train.labels.begin(), train.labels.end()),
                            *std::max_element(test.labels.begin(), test.labels.end()));
    // The validation set is the last fraction of the training images.
    const auto n = static_cast<Eigen::Index>(train.labels.size());
    const auto held = static_cast<Eigen::Index>(std::floor(s_.training.validation * n));
    train_x_ = train.pixels.leftCols(n - held);
    train_labels_.assign(train.labels.begin(), train.labels.end() - held);
    if (held > 0) {
      validation_x_ = train.pixels.rightCols(held);
      validation_labels_.assign(train.labels.end() - held, train.labels.end());
    }
    test_x_ = std::move(test.pixels);
    test_labels_ = std::move(test.labels);
    log.line(
        fmt::format("nn: {} from {}: {} training, {} validation, {} test images of {}×{}, "
                    "{} classes",
                    d.set, d.dir, train_x_.cols(), validation_x_.cols(), test_x_.cols(),
                    image_rows_, image_cols_, classes_));
  } else if (d.set == "bars-and-stripes") {
    train_x_ = nn::bars_and_stripes(d.size).cast<float>();
    image_rows_ = image_cols_ = d.size;
  } else if (d.set == "parity") {
    const nn::Truth t = nn::parity(d.size);
    train_x_ = t.inputs.cast<float>();
    parity_targets_ = t.targets.cast<float>();
  } else if (d.set == "encoder") {
    patterns_ = nn::encoder_training_patterns(s_.encoder_units);
  }
}

void NnCase::build() {
  const int inputs = static_cast<int>(train_x_.rows());
  switch (s_.model) {
    case NnModel::mlp:
      stages_ = {{Stage::backprop, s_.training.epochs, 0}};
      break;
    case NnModel::rbm:
      rbms_.emplace_back(inputs, s_.hidden[0], s_.sigma, rng_, s_.gaussian_visible);
      stages_ = {{Stage::rbm, s_.rbm_epochs, 0}};
      if (s_.training.epochs > 0) stages_.push_back({Stage::backprop, s_.training.epochs, 0});
      break;
    case NnModel::dbn: {
      std::vector<int> sizes{inputs};
      sizes.insert(sizes.end(), s_.hidden.begin(), s_.hidden.end());
      rbms_ = nn::Dbn<float>(sizes, s_.sigma, rng_).layers;
      for (std::size_t l = 0; l < rbms_.size(); ++l)
        stages_.push_back({Stage::rbm, s_.rbm_epochs, static_cast<int>(l)});
      stages_.push_back({Stage::backprop, s_.training.epochs, 0});
      break;
    }
    case NnModel::hopfield:
      stages_ = {{Stage::hopfield, static_cast<long>(s_.hopfield.loads.size()), 0}};
      break;
    case NnModel::boltzmann:
      machine_ = fresh_boltzmann_machine();
      stages_ = {{Stage::boltzmann, s_.boltzmann_restarts * s_.boltzmann_epochs, 0}};
      break;
    case NnModel::perceptron:
      // The library perceptron works in double: convert the images once.
      train_xd_ = train_x_.cast<double>();
      test_xd_ = test_x_.cast<double>();
      perceptron_ = nn::OneVsRest(inputs, classes_);
      stages_ = {{Stage::perceptron, s_.perceptron_epochs, 0}};
      break;
  }
  stage_seconds_.assign(stages_.size(), 0.0);
  // The network the first rows report on exists before the first epoch.
  if (s_.model == NnModel::mlp) start_stage(0, true);
}

nn::Dbn<float> NnCase::stack() const {
  nn::Dbn<float> dbn;
  dbn.layers = rbms_;
  return dbn;
}

long NnCase::total_steps() const {
  long total = 0;
  for (const auto& s : stages_) total += s.epochs;
  return total;
}

int NnCase::stage_at(long step) const {
  long first = 0;
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    if (step < first + stages_[i].epochs) return static_cast<int>(i);
    first += stages_[i].epochs;
  }
  return static_cast<int>(stages_.size()) - 1;
}

// Builds the trainer and its inputs for stage `index`; `fresh` also initialises what the stage
// adds (a new softmax layer, the visible biases), which a restart loads instead.
void NnCase::start_stage(int index, bool fresh) {
  active_ = index;
  const Stage& stage = stages_[index];
  trainer_.reset();
  rbm_trainer_.reset();
  if (stage.kind == Stage::rbm) {
    nn::Rbm<float>& r = rbms_[stage.layer];
    inputs_ = stack().features(train_x_, static_cast<std::size_t>(stage.layer));
    if (fresh) r.set_visible_bias_from(inputs_);
    rbm_trainer_ = std::make_unique<nn::RbmTrainer<float>>(r, s_.rbm);
    if (fresh) rbm_trainer_->set_epochs_done(0);
  } else if (stage.kind == Stage::backprop) {
    if (s_.model == NnModel::rbm) {
      // Logistic regression (softmax) on the RBM's hidden probabilities.
      inputs_ = rbms_[0].hidden_probabilities(train_x_);
      feature_test_ = rbms_[0].hidden_probabilities(test_x_);
      if (validation_x_.cols() > 0)
        feature_validation_ = rbms_[0].hidden_probabilities(validation_x_);
      if (fresh)
        mlp_ = nn::Mlp<float>({s_.hidden[0], classes_}, nn::Activation::sigmoid,
                              nn::Activation::softmax, nn::Loss::cross_entropy, rng_);
    } else {
      inputs_ = train_x_;
      if (fresh && s_.model == NnModel::dbn) mlp_ = stack().unroll(classes_, rng_);
      if (fresh && s_.model == NnModel::mlp) {
        std::vector<int> sizes{static_cast<int>(train_x_.rows())};
        sizes.insert(sizes.end(), s_.hidden.begin(), s_.hidden.end());
        sizes.push_back(labelled() ? classes_ : static_cast<int>(parity_targets_.rows()));
        mlp_ = nn::Mlp<float>(sizes, s_.activation, s_.output_activation, s_.loss, rng_);
      }
    }
    targets_ = labelled() ? nn::one_hot<float>(train_labels_, classes_) : parity_targets_;
    trainer_ =
        std::make_unique<nn::MlpTrainer<float>>(mlp_, s_.training.optimizer, s_.training.batch);
  }
}

nn::BoltzmannMachine NnCase::fresh_boltzmann_machine() {
  return nn::BoltzmannMachine(2 * s_.encoder_units,
                              nn::encoder_connections(s_.encoder_units, s_.hidden[0]), s_.sigma,
                              rng_);
}

// The encoder's likelihood has local optima where two patterns share a hidden code (about half
// of the starts with noisy clamping, ~2/3 without): each start is trained to the end, the one
// with the best exact log-likelihood is kept, and the next start gets fresh weights.
void NnCase::finish_boltzmann_start() {
  const double ll = machine_.log_likelihood(patterns_);
  start_log_likelihoods_.push_back(ll);
  if (start_log_likelihoods_.size() == 1 || ll > best_start_log_likelihood_) {
    best_start_ = machine_;
    best_start_log_likelihood_ = ll;
  }
  if (static_cast<long>(start_log_likelihoods_.size()) < s_.boltzmann_restarts)
    machine_ = fresh_boltzmann_machine();
  else
    machine_ = best_start_;
}

}  // namespace fickle
