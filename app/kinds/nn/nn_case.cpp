// The `nn` case kind: trains a network of the nn module through the shared time loop, one step
// per epoch (per load of a Hopfield sweep, per learning step of a Boltzmann machine), so series,
// progress, checkpoints and --restart work as for every kind. A run is a list of stages (an
// RBM per layer, then a softmax classifier or the fine-tuned stack); series.csv has one row per
// epoch, summary.json the accuracies and s_per_epoch, model.npz the trained model (nn/archive.hpp),
// plots/filters.png the first layer's receptive fields. docs/nn.md describes keys and output.
// This file picks the model, drives a step and writes the log lines and summary keys every model
// shares; app/kinds/nn/nn_case.hpp lists the files that do the rest.
#include "app/kinds/nn/nn_case.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iterator>

namespace fickle {

namespace {

// One class per model, in NnModel's order.
using MakeModel = std::unique_ptr<NnModelRun> (*)(const NnSettings&, nn::Rng&);
constexpr MakeModel kMakeModel[] = {make_mlp_run,      make_rbm_run,       make_dbn_run,
                                    make_hopfield_run, make_boltzmann_run, make_perceptron_run,
                                    make_anomalous_run};
static_assert(std::size(kMakeModel) == static_cast<std::size_t>(NnModel::anomalous) + 1);

}  // namespace

void NnCase::read(Section& root) {
  s_ = read_nn_settings(root);
  model_ = kMakeModel[static_cast<std::size_t>(s_.model)](s_, rng_);
}

void NnCase::run(RunContext& ctx) {
  ctx_ = &ctx;
  rng_.seed(s_.seed);
  progress_.stages = model_->prepare(*ctx.log);
  progress_.seconds.assign(progress_.stages.size(), 0.0);
  describe(*ctx.log);
  run_and_summarise(ctx, *this, progress_.total_steps(), s_.output,
                    [&](const std::optional<LoopTotals>& /*totals*/) { summarise(ctx.summary); });
}

void NnCase::advance() {
  const auto t0 = std::chrono::steady_clock::now();
  const int index = progress_.stage_at(progress_.step);
  if (index != progress_.active) {
    progress_.active = index;
    model_->start_stage(progress_.active_stage(), nullptr);
  }
  model_->train(progress_);
  ++progress_.step;
  progress_.seconds[static_cast<std::size_t>(index)] +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Early stopping ends the loop: the remaining steps are skipped.
  if (model_->stops_early(progress_, *ctx_->log)) progress_.step = progress_.total_steps();
}

void NnCase::describe(Log& log) const {
  if (ctx_->ranks > 1)
    log.line(
        fmt::format("nn: runs on one rank; the other {} rank(s) repeat its work", ctx_->ranks - 1));
  log.line(fmt::format("nn: {}, seed {}", model_->describe(), s_.seed));
}

// The keys every model has (the runner adds steps, t_end and the timings); then the model's.
void NnCase::summarise(nlohmann::json& out) const {
  out["model"] = nn_model_name(s_.model);
  out["data"] = s_.data.set;
  out["seed"] = s_.seed;
  out["epochs"] = progress_.step;
  out["model_file"] = "model.npz";
  model_->summarise(out, progress_);
}

std::unique_ptr<CaseKind> make_nn_case() {
  return std::make_unique<NnCase>();
}

}  // namespace fickle
