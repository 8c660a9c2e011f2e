// The `nn` case kind: trains a network of the nn module through the shared time loop, one step
// per epoch (per load of a Hopfield sweep, per learning step of a Boltzmann machine), so series,
// progress, checkpoints and --restart work as for every kind. A run is a list of stages (an
// RBM per layer, then a softmax classifier or the fine-tuned stack); series.csv has one row per
// epoch, summary.json the accuracies and s_per_epoch, model.nn the trained model (nn/archive.hpp),
// plots/filters.png the first layer's receptive fields. docs/nn.md describes keys and output.
#include <fmt/format.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "app/kinds.hpp"
#include "app/nn_input.hpp"
#include "app/time_loop.hpp"
#include "meshes/atomic_file.hpp"
#include "meshes/on_root.hpp"
#include "nn/dbn.hpp"
#include "nn/generators.hpp"
#include "nn/hopfield.hpp"
#include "nn/idx.hpp"
#include "nn/model_io.hpp"
#include "nn/mosaic.hpp"
#include "nn/perceptron.hpp"

namespace fickle {
namespace fs = std::filesystem;
using nn::Matrix;

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// One stage of a run: `epochs` steps of one trainer.
struct Stage {
  enum Kind { backprop, rbm, hopfield, boltzmann, perceptron } kind;
  long epochs;
  int layer;  ///< the RBM's layer
};

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_png(const fs::path& file, const nn::Image& image) {
  vtkNew<vtkImageData> data;
  data->SetDimensions(image.width, image.height, 1);
  vtkNew<vtkUnsignedCharArray> values;
  values->SetNumberOfValues(static_cast<vtkIdType>(image.pixels.size()));
  // VTK's rows go up from the bottom.
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      values->SetValue(
          static_cast<vtkIdType>(y) * image.width + x,
          image.pixels[static_cast<std::size_t>(image.height - 1 - y) * image.width + x]);
  data->GetPointData()->SetScalars(values);
  const fs::path partial = file.string() + ".tmp";
  vtkNew<vtkPNGWriter> writer;
  writer->SetFileName(partial.c_str());
  writer->SetInputData(data);
  writer->Write();
  fs::rename(partial, file);
}

class NnCase final : public CaseKind, public Evolution {
 public:
  void read(Section& root) override { s_ = read_nn_settings(root); }

  void run(RunContext& ctx) override {
    ctx_ = &ctx;
    rng_.seed(s_.seed);
    load_data(*ctx.log);
    build();
    describe(*ctx.log);
    run_and_summarise(
        ctx, *this, total_steps(), s_.output,
        [&](const std::optional<LoopTotals>& totals) { summarise(ctx.summary, totals); });
  }

  // Evolution: one step is one epoch of the current stage.
  long step_index() const override { return step_; }
  double time() const override { return static_cast<double>(step_); }
  double time_step() const override { return 1; }
  int last_iterations() const override { return -1; }

  void advance() override {
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

  std::vector<std::string> observables() const override {
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

  std::vector<double> observe() override {
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
          return {0.0,     rbm_measure_reconstruction(), rbm_likelihood(), kMissing, kMissing,
                  kMissing};
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

  void write_snapshot(int /*index*/) override {
    if (ctx_->rank != 0) return;
    write_file_atomically(ctx_->run_dir / "model.nn", model_archive().bytes());
    write_filters();
  }

  nlohmann::json save_state(const fs::path& dir) override {
    const std::string name = fmt::format("state_{:06d}.nn", step_);
    nn::Archive a = model_archive();
    a.put("state.step", step_);
    a.put("state.active", static_cast<long>(active_));
    a.put("state.rng", nn::rng_state(rng_));
    a.put("state.fingerprint", fingerprint());
    a.put_real("state.last_loss", last_loss_);
    a.put_real("state.last_reconstruction", last_reconstruction_);
    if (s_.model == NnModel::perceptron) a.put_real("state.last_mistakes", last_mistakes_);
    a.put("state.stage_seconds",
          Eigen::Map<const nn::Vector<double>>(stage_seconds_.data(),
                                               static_cast<Eigen::Index>(stage_seconds_.size()))
              .eval());
    a.put_real("state.best_loss", best_loss_);
    a.put("state.best_step", best_step_);
    a.put("state.stopped", static_cast<long>(stopped_));
    a.put("state.epochs_trained", epochs_trained_);
    if (has_best_) nn::save(a, "best.", best_);
    if (!start_log_likelihoods_.empty()) {
      nn::save(a, "state.boltzmann_best.", best_start_);
      a.put("state.boltzmann_starts", Eigen::Map<const nn::Vector<double>>(
                                          start_log_likelihoods_.data(),
                                          static_cast<Eigen::Index>(start_log_likelihoods_.size()))
                                          .eval());
    }
    if (trainer_) nn::save(a, "state.optimizer.", trainer_->optimizer());
    if (rbm_trainer_) {
      nn::save(a, "state.rbm_optimizer.", rbm_trainer_->optimizer());
      a.put("state.rbm_epochs", rbm_trainer_->epochs_done());
      a.put("state.rbm_chains", rbm_trainer_->chains());
      a.put("state.rbm_activity", rbm_trainer_->mean_activity());
    }
    if (!hopfield_rows_.empty()) {
      Matrix<double> rows(static_cast<Eigen::Index>(hopfield_rows_.size()), 6);
      for (std::size_t r = 0; r < hopfield_rows_.size(); ++r)
        for (int c = 0; c < 6; ++c) rows(static_cast<Eigen::Index>(r), c) = hopfield_rows_[r][c];
      a.put("state.hopfield_rows", rows);
    }
    on_root(ctx_->comm, [&] {
      fs::create_directories(dir);
      write_file_atomically(dir / name, a.bytes());
    });
    return {{"file", name}, {"step", step_}};
  }

  void load_state(const fs::path& dir, const nlohmann::json& state) override {
    const nn::Archive a = nn::Archive::parse(read_file(dir / state["file"].get<std::string>()));
    if (a.text("state.fingerprint") != fingerprint())
      throw CaseError(
          "--restart: the checkpoint was written for other settings (only training.epochs, the "
          "last stage's epochs, and output may change on a restart)");
    load_models(a);
    step_ = a.integer("state.step");
    nn::set_rng_state(rng_, a.text("state.rng"));
    last_loss_ = a.real("state.last_loss");
    last_reconstruction_ = a.real("state.last_reconstruction");
    if (a.has("state.boltzmann_starts")) {
      const auto lls = a.vector<double>("state.boltzmann_starts");
      start_log_likelihoods_.assign(lls.data(), lls.data() + lls.size());
      best_start_ = nn::load_boltzmann(a, "state.boltzmann_best.");
      best_start_log_likelihood_ =
          *std::max_element(start_log_likelihoods_.begin(), start_log_likelihoods_.end());
    }
    if (a.has("state.last_mistakes")) last_mistakes_ = a.real("state.last_mistakes");
    const auto seconds = a.vector<double>("state.stage_seconds");
    stage_seconds_.assign(seconds.data(), seconds.data() + seconds.size());
    best_loss_ = a.real("state.best_loss");
    best_step_ = a.integer("state.best_step");
    stopped_ = a.integer("state.stopped") != 0;
    epochs_trained_ = a.integer("state.epochs_trained");
    has_best_ = a.has("best.layers");
    if (has_best_) best_ = nn::load_mlp<float>(a, "best.");
    const int active = static_cast<int>(a.integer("state.active"));
    if (active >= 0) {
      start_stage(active, false);
      if (trainer_) nn::load_optimizer(a, "state.optimizer.", trainer_->optimizer());
      if (rbm_trainer_) {
        nn::load_optimizer(a, "state.rbm_optimizer.", rbm_trainer_->optimizer());
        rbm_trainer_->set_epochs_done(a.integer("state.rbm_epochs"));
        rbm_trainer_->chains() = a.matrix<float>("state.rbm_chains");
        rbm_trainer_->mean_activity() = a.vector<float>("state.rbm_activity");
      }
    }
    if (a.has("state.hopfield_rows")) {
      const auto rows = a.matrix<double>("state.hopfield_rows");
      hopfield_rows_.assign(static_cast<std::size_t>(rows.rows()), {});
      for (Eigen::Index r = 0; r < rows.rows(); ++r)
        for (Eigen::Index c = 0; c < rows.cols(); ++c)
          hopfield_rows_[static_cast<std::size_t>(r)].push_back(rows(r, c));
    }
  }

 private:
  // ---------------------------------------------------------------- setup
  bool labelled() const { return s_.data.set == "fashion-mnist" || s_.data.set == "mnist-format"; }

  void load_data(Log& log) {
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

  void build() {
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

  nn::Dbn<float> stack() const {
    nn::Dbn<float> dbn;
    dbn.layers = rbms_;
    return dbn;
  }

  long total_steps() const {
    long total = 0;
    for (const auto& s : stages_) total += s.epochs;
    return total;
  }

  int stage_at(long step) const {
    long first = 0;
    for (std::size_t i = 0; i < stages_.size(); ++i) {
      if (step < first + stages_[i].epochs) return static_cast<int>(i);
      first += stages_[i].epochs;
    }
    return static_cast<int>(stages_.size()) - 1;
  }

  // Builds the trainer and its inputs for stage `index`; `fresh` also initialises what the stage
  // adds (a new softmax layer, the visible biases), which a restart loads instead.
  void start_stage(int index, bool fresh) {
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

  // ---------------------------------------------------------------- measurements
  const Matrix<float>& eval_test() const {
    return s_.model == NnModel::rbm ? feature_test_ : test_x_;
  }
  const Matrix<float>& eval_validation() const {
    return s_.model == NnModel::rbm ? feature_validation_ : validation_x_;
  }

  std::pair<double, double> accuracies() const {
    if (!labelled()) {
      // Parity: the fraction of inputs whose output is on the right side of ½.
      const Matrix<float> out = mlp_.predict(train_x_);
      const double right =
          ((out.array() > 0.5f) == (parity_targets_.array() > 0.5f)).cast<double>().mean();
      return {right, kMissing};
    }
    return {nn::accuracy(mlp_, inputs_, train_labels_),
            nn::accuracy(mlp_, eval_test(), test_labels_)};
  }

  double validation_loss() const {
    if (eval_validation().cols() == 0) return kMissing;
    return mlp_.loss(eval_validation(), nn::one_hot<float>(validation_labels_, classes_));
  }

  std::string rbm_likelihood_name() const {
    return exact_likelihood() ? "log_likelihood" : "pseudo_log_likelihood";
  }
  bool exact_likelihood() const {
    return s_.model == NnModel::rbm && !s_.gaussian_visible &&
           std::min<long>(train_x_.rows(), s_.hidden[0]) <= 20;
  }
  const Matrix<float>& rbm_eval_data() const { return labelled() ? test_x_ : train_x_; }
  double rbm_measure_reconstruction() const {
    return rbms_[0].reconstruction_error(rbm_eval_data());
  }
  double rbm_likelihood() {
    if (exact_likelihood()) return rbms_[0].log_likelihood(rbm_eval_data());
    if (s_.gaussian_visible) return kMissing;
    nn::Rng probe(s_.seed + 1);  // the same flipped bits every epoch: a smooth curve
    return rbms_[0].pseudo_log_likelihood(rbm_eval_data(), probe);
  }

  // The fraction of columns of `x` whose largest one-vs-rest score is their label's (the scores
  // of all classes as one matrix product; ties go to the lower class, as in OneVsRest::predict).
  double perceptron_accuracy(const Matrix<double>& x, const std::vector<int>& labels) const {
    if (x.cols() == 0) return kMissing;
    const Matrix<double> w = perceptron_weights();  // classes × (inputs + 1)
    const Eigen::Index d = x.rows();
    const Matrix<double> scores = (w.leftCols(d) * x).colwise() + w.col(d);
    long right = 0;
    for (Eigen::Index k = 0; k < x.cols(); ++k) {
      Eigen::Index best = 0;
      scores.col(k).maxCoeff(&best);
      right += best == labels[static_cast<std::size_t>(k)];
    }
    return static_cast<double>(right) / static_cast<double>(x.cols());
  }

  Matrix<double> perceptron_weights() const {
    const auto& units = perceptron_.units();
    Matrix<double> w(static_cast<Eigen::Index>(units.size()),
                     units.empty() ? 0 : units.front().weights().size());
    for (std::size_t c = 0; c < units.size(); ++c)
      w.row(static_cast<Eigen::Index>(c)) = units[c].weights().transpose();
    return w;
  }

  void early_stopping() {
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

  // One load of the capacity sweep: `trials` networks with p = round(αN) random patterns.
  void hopfield_point(double load) {
    const NnHopfield& h = s_.hopfield;
    const int N = h.neurons;
    const int p = std::max(1, static_cast<int>(std::lround(load * N)));
    double sum = 0, sum2 = 0, recall_wrong = 0, recall_bits = 0;
    for (int t = 0; t < h.trials; ++t) {
      const Matrix<double> xi = nn::random_patterns(N, p, rng_);
      nn::Hopfield net(N);
      net.store(xi);
      const double e = net.one_step_error(xi);
      sum += e;
      sum2 += e * e;
      for (int mu = 0; mu < std::min(p, h.recall_patterns); ++mu) {
        nn::Vector<double> s = xi.col(mu);
        net.settle(s, rng_);
        recall_wrong += static_cast<double>((s.array() != xi.col(mu).array()).count());
        recall_bits += N;
      }
      hopfield_ = std::move(net);
    }
    const double mean = sum / h.trials;
    const double law = nn::hopfield_one_step_error_law(N, p);
    // The spread over independent networks; never below the binomial error of the bits counted.
    const double spread = std::sqrt(std::max(0.0, sum2 / h.trials - mean * mean) / (h.trials - 1));
    const double binomial = std::sqrt(law * (1 - law) / (static_cast<double>(N) * p * h.trials));
    hopfield_rows_.push_back({load, static_cast<double>(p), mean, law, std::max(spread, binomial),
                              recall_bits > 0 ? recall_wrong / recall_bits : kMissing});
  }

  // ---------------------------------------------------------------- boltzmann restarts
  nn::BoltzmannMachine fresh_boltzmann_machine() {
    return nn::BoltzmannMachine(2 * s_.encoder_units,
                                nn::encoder_connections(s_.encoder_units, s_.hidden[0]), s_.sigma,
                                rng_);
  }

  // The encoder's likelihood has local optima where two patterns share a hidden code (about half
  // of the starts with noisy clamping, ~2/3 without): each start is trained to the end, the one
  // with the best exact log-likelihood is kept, and the next start gets fresh weights.
  void finish_boltzmann_start() {
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

  // ---------------------------------------------------------------- files
  nn::Archive model_archive() const {
    nn::Archive a;
    a.put("model", std::string(nn_model_name(s_.model)));
    for (std::size_t l = 0; l < rbms_.size(); ++l) nn::save(a, fmt::format("rbm{}.", l), rbms_[l]);
    a.put("rbm_layers", static_cast<long>(rbms_.size()));
    if (!mlp_.layers().empty()) nn::save(a, "mlp.", mlp_);
    if (s_.model == NnModel::hopfield && hopfield_.units() > 0) nn::save(a, "hopfield.", hopfield_);
    if (s_.model == NnModel::boltzmann) nn::save(a, "boltzmann.", machine_);
    if (s_.model == NnModel::perceptron) nn::save(a, "perceptron.", perceptron_);
    return a;
  }

  void load_models(const nn::Archive& a) {
    for (long l = 0; l < a.integer("rbm_layers"); ++l)
      rbms_[static_cast<std::size_t>(l)] = nn::load_rbm<float>(a, fmt::format("rbm{}.", l));
    if (a.has("mlp.layers")) mlp_ = nn::load_mlp<float>(a, "mlp.");
    if (a.has("hopfield.weights")) hopfield_ = nn::load_hopfield(a, "hopfield.");
    if (a.has("boltzmann.weights")) machine_ = nn::load_boltzmann(a, "boltzmann.");
    if (a.has("perceptron.weights")) perceptron_ = nn::load_one_vs_rest(a, "perceptron.");
  }

  void write_filters() {
    if (s_.filters == 0 || image_rows_ == 0) return;
    Matrix<double> w;
    if (!rbms_.empty())
      w = rbms_[0].weights.cast<double>();
    else if (s_.model == NnModel::mlp && !mlp_.layers().empty())
      w = mlp_.layers()[0].weights.cast<double>();
    else if (s_.model == NnModel::perceptron && !perceptron_.units().empty())
      w = perceptron_weights().leftCols(image_rows_ * image_cols_);  // one tile per class
    if (w.cols() != image_rows_ * image_cols_) return;
    fs::create_directories(ctx_->run_dir / "plots");
    write_png(ctx_->run_dir / "plots" / "filters.png",
              nn::mosaic(w, image_rows_, image_cols_, static_cast<int>(s_.filters)));
  }

  // What a restart must not change: everything but the last stage's epochs and output.
  std::string fingerprint() const {
    std::string f =
        fmt::format("{} {} {} {} {} seed {} hidden", nn_model_name(s_.model), s_.data.set,
                    s_.data.train_size, s_.data.test_size, s_.data.size, s_.seed);
    for (int h : s_.hidden) f += fmt::format(" {}", h);
    for (std::size_t i = 0; i + 1 < stages_.size(); ++i)
      f += fmt::format(" stage {}", stages_[i].epochs);
    if (s_.model == NnModel::boltzmann)  // a start's length sets where the next one begins
      f += fmt::format(" boltzmann {} x {}", s_.boltzmann_epochs, s_.boltzmann_restarts);
    const auto& o = s_.training.optimizer;
    f +=
        fmt::format(" opt {} {} {} {} batch {} val {}", static_cast<int>(o.method), o.learning_rate,
                    o.momentum, o.weight_decay, s_.training.batch, s_.training.validation);
    const auto& r = s_.rbm;
    f += fmt::format(" rbm {} {} {} {} {}", r.k, r.persistent, r.learning_rate, r.batch,
                     r.weight_decay);
    return f;
  }

  // ---------------------------------------------------------------- report
  void describe(Log& log) const {
    if (ctx_->ranks > 1)
      log.line(fmt::format("nn: runs on one rank; the other {} rank(s) repeat its work",
                           ctx_->ranks - 1));
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
        what = fmt::format(
            "boltzmann machine, {}-{}-{} encoder, {} start(s) of {} learning steps ({})",
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

  double seconds_per_epoch(Stage::Kind kind) const {
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

  void summarise(nlohmann::json& out, const std::optional<LoopTotals>& totals) {
    auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    out["model"] = nn_model_name(s_.model);
    out["data"] = s_.data.set;
    out["seed"] = s_.seed;
    out["steps"] = step_;
    out["t_end"] = static_cast<double>(step_);
    out["epochs"] = s_.model == NnModel::mlp ? epochs_trained_ : step_;
    out["model_file"] = "model.nn";
    if (totals) {
      out["solve_s"] = totals->solve_s;
      out["wall_s_before_restart"] = totals->wall_before_s;
    }
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
      case NnModel::hopfield: {
        nlohmann::json loads = nlohmann::json::array(), errors = nlohmann::json::array(),
                       laws = nlohmann::json::array(), recall = nlohmann::json::array();
        double worst = 0, capacity = kMissing;
        for (std::size_t r = 0; r < hopfield_rows_.size(); ++r) {
          const auto& row = hopfield_rows_[r];
          loads.push_back(row[0]);
          errors.push_back(row[2]);
          laws.push_back(row[3]);
          recall.push_back(number(row[5]));
          worst = std::max(worst, std::abs(row[2] - row[3]) / row[4]);
          // Capacity: where the error after settling first exceeds 5% (interpolated in p/N).
          if (std::isnan(capacity) && row[5] > 0.05) {
            if (r == 0)
              capacity = row[0];
            else {
              const auto& prev = hopfield_rows_[r - 1];
              capacity = prev[0] + (0.05 - prev[5]) * (row[0] - prev[0]) / (row[5] - prev[5]);
            }
          }
        }
        out["neurons"] = s_.hopfield.neurons;
        out["loads"] = loads;
        out["one_step_error"] = errors;
        out["one_step_error_law"] = laws;
        out["recall_error"] = recall;
        out["one_step_error_max_z"] = worst;
        out["capacity_estimate"] = number(capacity);
        break;
      }
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

  NnSettings s_;
  RunContext* ctx_ = nullptr;
  nn::Rng rng_;
  // data
  Matrix<float> train_x_, validation_x_, test_x_, parity_targets_;
  std::vector<int> train_labels_, validation_labels_, test_labels_;
  Matrix<double> patterns_;
  int image_rows_ = 0, image_cols_ = 0, classes_ = 0;
  // models and trainers
  std::vector<nn::Rbm<float>> rbms_;
  nn::Mlp<float> mlp_, best_;
  nn::Hopfield hopfield_;
  nn::BoltzmannMachine machine_;
  nn::BoltzmannMachine best_start_;  ///< the best finished start so far
  double best_start_log_likelihood_ = 0;
  std::vector<double> start_log_likelihoods_;  ///< one per finished start
  nn::OneVsRest perceptron_;
  Matrix<double> train_xd_, test_xd_;  ///< the perceptron's images
  std::unique_ptr<nn::MlpTrainer<float>> trainer_;
  std::unique_ptr<nn::RbmTrainer<float>> rbm_trainer_;
  Matrix<float> inputs_, targets_, feature_test_, feature_validation_;
  // progress
  std::vector<Stage> stages_;
  std::vector<double> stage_seconds_;
  int active_ = -1;
  long step_ = 0, epochs_trained_ = 0, best_step_ = 0;
  double last_loss_ = kMissing, last_reconstruction_ = kMissing, last_mistakes_ = kMissing;
  double best_loss_ = std::numeric_limits<double>::infinity();
  bool has_best_ = false, stopped_ = false;
  std::vector<std::vector<double>> hopfield_rows_;
};

}  // namespace

std::unique_ptr<CaseKind> make_nn_case() {
  return std::make_unique<NnCase>();
}

}  // namespace fickle
