// The `nn` kind's checkpoints: the model as an nn::Archive (as in model.npz), the progress, the
// random generator and the model's trainer state beside them, and the fingerprint of the
// settings a restart must keep.
#include <fmt/format.h>

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
  const std::string name = fmt::format("state_{:06d}.nn", progress_.step);
  nn::Archive a = model_archive();
  a.put("state.step", progress_.step);
  a.put("state.active", static_cast<long>(progress_.active));
  a.put("state.rng", nn::rng_state(rng_));
  a.put("state.fingerprint", fingerprint());
  const auto& seconds = progress_.seconds;
  a.put("state.stage_seconds", Eigen::Map<const nn::Vector<double>>(
                                   seconds.data(), static_cast<Eigen::Index>(seconds.size()))
                                   .eval());
  model_->save_state(a);
  on_root(ctx_->comm, [&] {
    fs::create_directories(dir);
    write_file_atomically(dir / name, a.bytes());
  });
  return {{"file", name}, {"step", progress_.step}};
}

void NnCase::load_state(const fs::path& dir, const nlohmann::json& state) {
  const nn::Archive a = nn::Archive::parse(read_file(dir / state["file"].get<std::string>()));
  if (a.text("state.fingerprint") != fingerprint())
    throw CaseError(
        "--restart: the checkpoint was written for other settings (only training.epochs, the "
        "last stage's epochs, and output may change on a restart)");
  model_->load_state(a);
  progress_.step = a.integer("state.step");
  nn::set_rng_state(rng_, a.text("state.rng"));
  const auto seconds = a.vector<double>("state.stage_seconds");
  progress_.seconds.assign(seconds.data(), seconds.data() + seconds.size());
  progress_.active = static_cast<int>(a.integer("state.active"));
  // The active stage's trainer continues from its saved state.
  if (progress_.active >= 0) model_->start_stage(progress_.active_stage(), &a);
}

nn::Archive NnCase::model_archive() const {
  nn::Archive a;
  a.put("model", std::string(nn_model_name(s_.model)));
  model_->save_model(a);
  return a;
}

// What a restart must not change: everything but the last stage's epochs and output.
std::string NnCase::fingerprint() const {
  std::string f = fmt::format("{} {} {} {} {} seed {} hidden", nn_model_name(s_.model), s_.data.set,
                              s_.data.train_size, s_.data.test_size, s_.data.size, s_.seed);
  for (int h : s_.hidden) f += fmt::format(" {}", h);
  for (std::size_t i = 0; i + 1 < progress_.stages.size(); ++i)
    f += fmt::format(" stage {}", progress_.stages[i].epochs);
  f += model_->restart_fingerprint();
  const auto& o = s_.training.optimizer;
  f += fmt::format(" opt {} {} {} {} batch {} val {}", static_cast<int>(o.method), o.learning_rate,
                   o.momentum, o.weight_decay, s_.training.batch, s_.training.validation);
  const auto& r = s_.rbm;
  f += fmt::format(" rbm {} {} {} {} {}", r.k, r.persistent, r.learning_rate, r.batch,
                   r.weight_decay);
  return f;
}

}  // namespace fickle
