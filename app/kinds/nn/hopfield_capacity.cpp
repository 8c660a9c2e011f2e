// The Hopfield capacity experiment of the `nn` kind: one step per load p/N, the one-step error of
// freshly stored random patterns against the law, the error after settling, and the capacity
// where that error first exceeds 5%.
#include <algorithm>
#include <cmath>

#include "app/kinds/nn/nn_case.hpp"
#include "nn/generators.hpp"

namespace fickle {

// One load of the capacity sweep: `trials` networks with p = round(αN) random patterns.
void NnCase::hopfield_point(double load) {
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

void NnCase::summarise_hopfield(nlohmann::json& out) const {
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
}

}  // namespace fickle
