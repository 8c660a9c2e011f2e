// The `nn` case kind's class, internal to app/nn_*.cpp: the data, models, trainers and progress of
// one run, shared by files with one job each. nn_case.cpp drives the time loop, nn_stages.cpp
// loads the data and builds the models and stages, nn_measurements.cpp measures accuracies and
// likelihoods, nn_hopfield_capacity.cpp runs the Hopfield sweep, nn_checkpoint.cpp saves and
// loads checkpoints, nn_summary.cpp writes the log lines and summary.json, nn_snapshot.cpp
// model.nn and plots/filters.png.
#pragma once

#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/kinds/case_kind.hpp"
#include "app/kinds/nn/nn_input.hpp"
#include "app/run/time_loop.hpp"
#include "nn/archive.hpp"
#include "nn/dbn.hpp"
#include "nn/hopfield.hpp"
#include "nn/perceptron.hpp"

namespace fickle {

class NnCase final : public CaseKind, public Evolution {
 public:
  void read(Section& root) override { s_ = read_nn_settings(root); }
  void run(RunContext& ctx) override;

  // Evolution: one step is one epoch of the current stage.
  long step_index() const override { return step_; }
  double time() const override { return static_cast<double>(step_); }
  double time_step() const override { return 1; }
  int last_iterations() const override { return -1; }
  void advance() override;
  std::vector<std::string> observables() const override;
  std::vector<double> observe() override;
  void write_snapshot(int index) override;
  nlohmann::json save_state(const std::filesystem::path& dir) override;
  void load_state(const std::filesystem::path& dir, const nlohmann::json& state) override;

 private:
  template <class T>
  using Matrix = nn::Matrix<T>;

  static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

  // One stage of a run: `epochs` steps of one trainer.
  struct Stage {
    enum Kind { backprop, rbm, hopfield, boltzmann, perceptron } kind;
    long epochs;
    int layer;  ///< the RBM's layer
  };

  // setup (nn_stages.cpp)
  bool labelled() const { return s_.data.set == "fashion-mnist" || s_.data.set == "mnist-format"; }
  void load_data(Log& log);
  void build();
  nn::Dbn<float> stack() const;
  long total_steps() const;
  int stage_at(long step) const;
  void start_stage(int index, bool fresh);
  nn::BoltzmannMachine fresh_boltzmann_machine();
  void finish_boltzmann_start();

  // measurements (nn_measurements.cpp)
  const Matrix<float>& eval_test() const;
  const Matrix<float>& eval_validation() const;
  std::pair<double, double> accuracies() const;
  double validation_loss() const;
  std::string rbm_likelihood_name() const;
  bool exact_likelihood() const;
  const Matrix<float>& rbm_eval_data() const;
  double rbm_measure_reconstruction() const;
  double rbm_likelihood();
  double perceptron_accuracy(const Matrix<double>& x, const std::vector<int>& labels) const;
  Matrix<double> perceptron_weights() const;

  // the loop (nn_case.cpp)
  void early_stopping();

  // the Hopfield capacity sweep (nn_hopfield_capacity.cpp)
  void hopfield_point(double load);
  void summarise_hopfield(nlohmann::json& out) const;

  // checkpoints (nn_checkpoint.cpp)
  nn::Archive model_archive() const;
  void load_models(const nn::Archive& a);
  std::string fingerprint() const;

  // snapshots (nn_snapshot.cpp)
  void write_filters();

  // the report (nn_summary.cpp)
  void describe(Log& log) const;
  double seconds_per_epoch(Stage::Kind kind) const;
  void summarise(nlohmann::json& out, const std::optional<LoopTotals>& totals);
  static nlohmann::json number(double v);

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

}  // namespace fickle
