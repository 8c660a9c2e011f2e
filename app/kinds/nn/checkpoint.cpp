// The `nn` kind's checkpoints: the models as an nn::Archive (also model.nn), the trainers' and
// the loop's state beside them, and the fingerprint of the settings a restart must keep.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "app/kinds/nn/nn_case.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "nn/model_io.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

nlohmann::json NnCase::save_state(const fs::path& dir) {
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

void NnCase::load_state(const fs::path& dir, const nlohmann::json& state) {
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

nn::Archive NnCase::model_archive() const {
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

void NnCase::load_models(const nn::Archive& a) {
  for (long l = 0; l < a.integer("rbm_layers"); ++l)
    rbms_[static_cast<std::size_t>(l)] = nn::load_rbm<float>(a, fmt::format("rbm{}.", l));
  if (a.has("mlp.layers")) mlp_ = nn::load_mlp<float>(a, "mlp.");
  if (a.has("hopfield.weights")) hopfield_ = nn::load_hopfield(a, "hopfield.");
  if (a.has("boltzmann.weights")) machine_ = nn::load_boltzmann(a, "boltzmann.");
  if (a.has("perceptron.weights")) perceptron_ = nn::load_one_vs_rest(a, "perceptron.");
}

// What a restart must not change: everything but the last stage's epochs and output.
std::string NnCase::fingerprint() const {
  std::string f = fmt::format("{} {} {} {} {} seed {} hidden", nn_model_name(s_.model), s_.data.set,
                              s_.data.train_size, s_.data.test_size, s_.data.size, s_.seed);
  for (int h : s_.hidden) f += fmt::format(" {}", h);
  for (std::size_t i = 0; i + 1 < stages_.size(); ++i)
    f += fmt::format(" stage {}", stages_[i].epochs);
  if (s_.model == NnModel::boltzmann)  // a start's length sets where the next one begins
    f += fmt::format(" boltzmann {} x {}", s_.boltzmann_epochs, s_.boltzmann_restarts);
  const auto& o = s_.training.optimizer;
  f += fmt::format(" opt {} {} {} {} batch {} val {}", static_cast<int>(o.method), o.learning_rate,
                   o.momentum, o.weight_decay, s_.training.batch, s_.training.validation);
  const auto& r = s_.rbm;
  f += fmt::format(" rbm {} {} {} {} {}", r.k, r.persistent, r.learning_rate, r.batch,
                   r.weight_decay);
  return f;
}

}  // namespace fickle
