// The `nn` kind's Hopfield network (docs/science.md §5.2): the capacity experiment, one step per
// load p/N. Each step stores random patterns in fresh networks and measures the one-step error
// against the law ½ erfc(√(N/2p)) and the error after settling; the summary adds the capacity,
// where that error first exceeds 5%.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/kinds/nn/model_run.hpp"
#include "nn/generators.hpp"
#include "nn/hopfield.hpp"
#include "nn/model_io.hpp"

namespace fickle {

namespace {

class HopfieldRun final : public NnModelRun {
 public:
  HopfieldRun(const NnSettings& s, nn::Rng& rng) : h_(s.hopfield), rng_(rng) {}

  std::vector<NnStage> prepare(Log& /*log*/) override {
    return {{NnStage::hopfield, static_cast<long>(h_.loads.size())}};
  }

  std::string describe() const override {
    return fmt::format("hopfield N = {}, {} loads p/N, {} networks each", h_.neurons,
                       h_.loads.size(), h_.trials);
  }

  void train(const NnProgress& at) override {
    measure(h_.loads[static_cast<std::size_t>(at.step)]);
  }

  std::vector<std::string> columns() const override {
    return {"load",
            "patterns",
            "one_step_error",
            "one_step_error_law",
            "one_step_standard_error",
            "recall_error"};
  }

  std::vector<double> values(const NnProgress& at) const override {
    return at.step > 0 ? rows_.back() : std::vector<double>(6, kNnMissing);
  }

  void summarise(nlohmann::json& out, const NnProgress& at) const override;

  void save_model(nn::Archive& a) const override {
    a.put("rbm_layers", 0L);
    if (net_.units() > 0) nn::save(a, "hopfield.", net_);
  }

  void save_state(nn::Archive& a) const override;
  void load_state(const nn::Archive& a) override;

 private:
  void measure(double load);

  const NnHopfield& h_;
  nn::Rng& rng_;
  nn::Hopfield net_;                       ///< the last network stored (model.npz)
  std::vector<std::vector<double>> rows_;  ///< one series row per load done
};

// One load of the capacity sweep: `trials` networks with p = round(αN) random patterns.
void HopfieldRun::measure(double load) {
  const int N = h_.neurons;
  const int p = std::max(1, static_cast<int>(std::lround(load * N)));
  double sum = 0, sum2 = 0, recall_wrong = 0, recall_bits = 0;
  for (int t = 0; t < h_.trials; ++t) {
    const nn::Matrix<double> xi = nn::random_patterns(N, p, rng_);
    nn::Hopfield net(N);
    net.store(xi);
    const double e = net.one_step_error(xi);
    sum += e;
    sum2 += e * e;
    for (int mu = 0; mu < std::min(p, h_.recall_patterns); ++mu) {
      nn::Vector<double> s = xi.col(mu);
      net.settle(s, rng_);
      recall_wrong += static_cast<double>((s.array() != xi.col(mu).array()).count());
      recall_bits += N;
    }
    net_ = std::move(net);
  }
  const double mean = sum / h_.trials;
  const double law = nn::hopfield_one_step_error_law(N, p);
  // The spread over independent networks; never below the binomial error of the bits counted.
  const double spread = std::sqrt(std::max(0.0, sum2 / h_.trials - mean * mean) / (h_.trials - 1));
  const double binomial = std::sqrt(law * (1 - law) / (static_cast<double>(N) * p * h_.trials));
  rows_.push_back({load, static_cast<double>(p), mean, law, std::max(spread, binomial),
                   recall_bits > 0 ? recall_wrong / recall_bits : kNnMissing});
}

void HopfieldRun::summarise(nlohmann::json& out, const NnProgress& /*at*/) const {
  nlohmann::json loads = nlohmann::json::array(), errors = nlohmann::json::array(),
                 laws = nlohmann::json::array(), recall = nlohmann::json::array();
  double worst = 0, capacity = kNnMissing;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const auto& row = rows_[r];
    loads.push_back(row[0]);
    errors.push_back(row[2]);
    laws.push_back(row[3]);
    recall.push_back(json_number(row[5]));
    worst = std::max(worst, std::abs(row[2] - row[3]) / row[4]);
    // Capacity: where the error after settling first exceeds 5% (interpolated in p/N).
    if (std::isnan(capacity) && row[5] > 0.05) {
      if (r == 0)
        capacity = row[0];
      else {
        const auto& prev = rows_[r - 1];
        capacity = prev[0] + (0.05 - prev[5]) * (row[0] - prev[0]) / (row[5] - prev[5]);
      }
    }
  }
  out["neurons"] = h_.neurons;
  out["loads"] = loads;
  out["one_step_error"] = errors;
  out["one_step_error_law"] = laws;
  out["recall_error"] = recall;
  out["one_step_error_max_z"] = worst;
  out["capacity_estimate"] = json_number(capacity);
}

void HopfieldRun::save_state(nn::Archive& a) const {
  if (rows_.empty()) return;
  nn::Matrix<double> rows(static_cast<Eigen::Index>(rows_.size()), 6);
  for (std::size_t r = 0; r < rows_.size(); ++r)
    for (int c = 0; c < 6; ++c) rows(static_cast<Eigen::Index>(r), c) = rows_[r][c];
  a.put("state.hopfield_rows", rows);
}

void HopfieldRun::load_state(const nn::Archive& a) {
  if (a.has("hopfield.weights")) net_ = nn::load_hopfield(a, "hopfield.");
  if (!a.has("state.hopfield_rows")) return;
  const auto rows = a.matrix<double>("state.hopfield_rows");
  rows_.assign(static_cast<std::size_t>(rows.rows()), {});
  for (Eigen::Index r = 0; r < rows.rows(); ++r)
    for (Eigen::Index c = 0; c < rows.cols(); ++c)
      rows_[static_cast<std::size_t>(r)].push_back(rows(r, c));
}

}  // namespace

std::unique_ptr<NnModelRun> make_hopfield_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<HopfieldRun>(s, rng);
}

}  // namespace fickle
