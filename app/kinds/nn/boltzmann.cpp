// The `nn` kind's Boltzmann machine (docs/science.md §5.3): the n-h-n encoder learnt by
// ΔW = η(⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free), one learning step per time-loop step, from several
// independent starts of which the one with the best exact log-likelihood is kept.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/kinds/nn/model_run.hpp"
#include "nn/boltzmann.hpp"
#include "nn/model_io.hpp"

namespace fickle {

namespace {

class BoltzmannRun final : public NnModelRun {
 public:
  BoltzmannRun(const NnSettings& s, nn::Rng& rng) : s_(s), rng_(rng) {}

  std::vector<NnStage> prepare(Log& /*log*/) override {
    patterns_ = nn::encoder_training_patterns(s_.encoder_units);
    machine_ = fresh_machine();
    return {{NnStage::boltzmann, s_.boltzmann_restarts * s_.boltzmann_epochs}};
  }

  std::string describe() const override {
    return fmt::format("boltzmann machine, {}-{}-{} encoder, {} start(s) of {} learning steps ({})",
                       s_.encoder_units, s_.hidden[0], s_.encoder_units, s_.boltzmann_restarts,
                       s_.boltzmann_epochs,
                       s_.boltzmann.expectations == nn::Expectations::exact ? "exact" : "gibbs");
  }

  void train(const NnProgress& at) override {
    machine_.learn(patterns_, s_.boltzmann, rng_);
    if ((at.step + 1) % s_.boltzmann_epochs == 0) finish_start();
  }

  std::vector<std::string> columns() const override {
    return {"log_likelihood", "patterns_recalled"};
  }

  std::vector<double> values(const NnProgress& /*at*/) const override {
    return {machine_.log_likelihood(patterns_),
            static_cast<double>(nn::encoder_patterns_recalled(machine_, s_.encoder_units))};
  }

  void summarise(nlohmann::json& out, const NnProgress& /*at*/) const override {
    out["log_likelihood"] = machine_.log_likelihood(patterns_);
    out["log_likelihood_optimum"] = -std::log(static_cast<double>(s_.encoder_units));
    out["patterns_recalled"] = nn::encoder_patterns_recalled(machine_, s_.encoder_units);
    out["restarts"] = s_.boltzmann_restarts;
    out["start_log_likelihoods"] = start_log_likelihoods_;
    out["patterns"] = s_.encoder_units;
  }

  void save_model(nn::Archive& a) const override {
    a.put("rbm_layers", 0L);
    nn::save(a, "boltzmann.", machine_);
  }

  void save_state(nn::Archive& a) const override {
    if (start_log_likelihoods_.empty()) return;
    nn::save(a, "state.boltzmann_best.", best_start_);
    a.put("state.boltzmann_starts", Eigen::Map<const nn::Vector<double>>(
                                        start_log_likelihoods_.data(),
                                        static_cast<Eigen::Index>(start_log_likelihoods_.size()))
                                        .eval());
  }

  void load_state(const nn::Archive& a) override {
    machine_ = nn::load_boltzmann(a, "boltzmann.");
    if (!a.has("state.boltzmann_starts")) return;
    const auto lls = a.vector<double>("state.boltzmann_starts");
    start_log_likelihoods_.assign(lls.data(), lls.data() + lls.size());
    best_start_ = nn::load_boltzmann(a, "state.boltzmann_best.");
    best_start_log_likelihood_ =
        *std::max_element(start_log_likelihoods_.begin(), start_log_likelihoods_.end());
  }

  // A start's length sets where the next one begins.
  std::string restart_fingerprint() const override {
    return fmt::format(" boltzmann {} x {}", s_.boltzmann_epochs, s_.boltzmann_restarts);
  }

 private:
  nn::BoltzmannMachine fresh_machine() {
    return nn::BoltzmannMachine(2 * s_.encoder_units,
                                nn::encoder_connections(s_.encoder_units, s_.hidden[0]), s_.sigma,
                                rng_);
  }

  // The encoder's likelihood has local optima where two patterns share a hidden code (about half
  // of the starts with noisy clamping, ~2/3 without): each start is trained to the end, the one
  // with the best exact log-likelihood is kept, and the next start gets fresh weights.
  void finish_start() {
    const double ll = machine_.log_likelihood(patterns_);
    start_log_likelihoods_.push_back(ll);
    if (start_log_likelihoods_.size() == 1 || ll > best_start_log_likelihood_) {
      best_start_ = machine_;
      best_start_log_likelihood_ = ll;
    }
    if (static_cast<long>(start_log_likelihoods_.size()) < s_.boltzmann_restarts)
      machine_ = fresh_machine();
    else
      machine_ = best_start_;
  }

  const NnSettings& s_;
  nn::Rng& rng_;
  nn::Matrix<double> patterns_;  ///< the encoder's n training patterns
  nn::BoltzmannMachine machine_;
  nn::BoltzmannMachine best_start_;  ///< the best finished start so far
  double best_start_log_likelihood_ = 0;
  std::vector<double> start_log_likelihoods_;  ///< one per finished start
};

}  // namespace

std::unique_ptr<NnModelRun> make_boltzmann_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<BoltzmannRun>(s, rng);
}

}  // namespace fickle
