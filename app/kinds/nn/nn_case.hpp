// The `nn` case kind's class: a thin Evolution that owns one model (model_run.hpp; `read` picks
// its class from model.type), keeps the run's progress through the model's stages, and forwards
// the rest to the model. nn_case.cpp reads, steps, describes and summarises; checkpoint.cpp saves
// and loads checkpoints; snapshot.cpp writes model.npz and plots/filters.png.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/kinds/case_kind.hpp"
#include "app/kinds/nn/model_run.hpp"
#include "app/kinds/nn/nn_input.hpp"
#include "app/run/time_loop.hpp"

namespace fickle {

class NnCase final : public CaseKind, public Evolution {
 public:
  void read(Section& root) override;
  void run(RunContext& ctx) override;
  std::string plot_script() const override { return "plot_nn.py"; }  ///< training curves

  // Evolution: one step is one epoch of the current stage.
  long step_index() const override { return progress_.step; }
  double time() const override { return static_cast<double>(progress_.step); }
  double time_step() const override { return 1; }
  bool reports_step_sizes() const override { return false; }  ///< its time counts epochs
  int last_iterations() const override { return -1; }
  void advance() override;
  std::vector<std::string> observables() const override { return model_->columns(); }
  std::vector<double> observe() override { return model_->values(progress_); }
  void write_snapshot(int index) override;
  nlohmann::json save_state(const std::filesystem::path& dir) override;
  void load_state(const std::filesystem::path& dir, const nlohmann::json& state) override;

 private:
  void describe(Log& log) const;
  void summarise(nlohmann::json& out) const;
  nn::Archive model_archive() const;
  std::string fingerprint() const;

  NnSettings s_;
  nn::Rng rng_;  ///< all of a run's randomness, seeded from `seed`
  std::unique_ptr<NnModelRun> model_;
  NnProgress progress_;
  RunContext* ctx_ = nullptr;
};

}  // namespace fickle
