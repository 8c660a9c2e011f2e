// What the `nn` kind needs from a model: the interface NnModelRun, which each of the seven models
// implements in its own file (mlp.cpp, rbm.cpp, dbn.cpp, hopfield.cpp, boltzmann.cpp,
// perceptron.cpp, anomalous.cpp), and what the kind tells a model about the run: its stages and the
// progress through them, which the kind keeps (nn_case.cpp).
#pragma once

#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/kinds/nn/nn_input.hpp"
#include "app/run/run_directory.hpp"
#include "nn/archive.hpp"
#include "nn/mosaic.hpp"
#include "nn/random.hpp"

namespace fickle {

struct NnDataset;

/// A quantity not measured: nan in series.csv, null in summary.json.
inline constexpr double kNnMissing = std::numeric_limits<double>::quiet_NaN();

/// JSON has no NaN: a quantity not measured is null.
nlohmann::json json_number(double v);

/// One stage of a run: `epochs` steps of one trainer.
struct NnStage {
  enum Kind { backprop, rbm, hopfield, boltzmann, perceptron, anomalous } kind;
  long epochs;
  int layer = 0;  ///< the RBM's layer
};

/// Where a run is: its stages, the steps (epochs) done, the stage started last and the seconds
/// spent training in each stage.
struct NnProgress {
  std::vector<NnStage> stages;
  std::vector<double> seconds;
  long step = 0;
  int active = -1;

  long total_steps() const;
  int stage_at(long step) const;
  const NnStage& active_stage() const { return stages[static_cast<std::size_t>(active)]; }
  /// The stage of the last epoch (the first stage before any).
  int last_stage() const { return step == 0 ? 0 : stage_at(step - 1); }
  /// Training seconds per epoch done in the stages of `kind` (nan before the first).
  double seconds_per_epoch(NnStage::Kind kind) const;
};

/// One model of the `nn` kind: its data, its trainers and what it reports. The kind calls
/// prepare once, then per step start_stage (when the step begins a stage), train and
/// stops_early; values for each series row, save_model and filters for each snapshot, save_state
/// for each checkpoint; on a restart load_state, then start_stage of the active stage.
class NnModelRun {
 public:
  virtual ~NnModelRun() = default;

  /// Loads the data and builds the model (initial weights from the run's generator); the stages.
  virtual std::vector<NnStage> prepare(Log& log) = 0;
  /// What the run trains, for the log line "nn: <this>, seed <seed>".
  virtual std::string describe() const = 0;
  /// Builds the trainer of `stage`. Without a checkpoint the stage is fresh and also initialises
  /// what it adds to the model (a new softmax layer, the visible biases); on a restart the
  /// checkpoint holds those and the trainer's state.
  virtual void start_stage(const NnStage& /*stage*/, const nn::Archive* /*checkpoint*/) {}
  /// One epoch of the active stage; at.step counts the epochs before it. Throws RunFailure when
  /// training diverges.
  virtual void train(const NnProgress& at) = 0;
  /// After the epoch is counted: whether the run ends here (early stopping).
  virtual bool stops_early(const NnProgress& /*at*/, Log& /*log*/) { return false; }

  /// The series.csv columns after t and step, and their values now.
  virtual std::vector<std::string> columns() const = 0;
  virtual std::vector<double> values(const NnProgress& at) const = 0;
  /// The model's summary.json keys (the kind writes model, data, seed, epochs, model_file).
  virtual void summarise(nlohmann::json& out, const NnProgress& at) const = 0;

  /// The trained model into model.npz (which is also the base of a checkpoint); every model file
  /// says how many RBM layers it has (`rbm_layers`).
  virtual void save_model(nn::Archive& a) const = 0;
  /// plots/filters.png: receptive fields or weights as a mosaic of images; none without images.
  virtual std::optional<nn::Image> filters() const { return std::nullopt; }
  /// The checkpoint state beyond the model and the progress (trainers, last values, best so far).
  virtual void save_state(nn::Archive& a) const = 0;
  /// The model and that state from a checkpoint (the active stage starts after this).
  virtual void load_state(const nn::Archive& a) = 0;
  /// What a restart must keep besides the settings every model shares and the stages' lengths.
  virtual std::string restart_fingerprint() const { return {}; }
};

/// The mosaic of the rows of `w` as images of the data set (at most `count` tiles); none when
/// count is 0, the data are not images, or the rows are not images of them.
std::optional<nn::Image> filter_mosaic(const nn::Matrix<double>& w, const NnDataset& data,
                                       long count);

std::unique_ptr<NnModelRun> make_mlp_run(const NnSettings& s, nn::Rng& rng);
std::unique_ptr<NnModelRun> make_rbm_run(const NnSettings& s, nn::Rng& rng);
std::unique_ptr<NnModelRun> make_dbn_run(const NnSettings& s, nn::Rng& rng);
std::unique_ptr<NnModelRun> make_hopfield_run(const NnSettings& s, nn::Rng& rng);
std::unique_ptr<NnModelRun> make_boltzmann_run(const NnSettings& s, nn::Rng& rng);
std::unique_ptr<NnModelRun> make_perceptron_run(const NnSettings& s, nn::Rng& rng);
std::unique_ptr<NnModelRun> make_anomalous_run(const NnSettings& s, nn::Rng& rng);

}  // namespace fickle
