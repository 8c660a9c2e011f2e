#include "app/kinds/nn/anomalous_scores.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/kinds/nn/model_run.hpp"
#include "nn/metrics.hpp"
#include "particles/andi_set.hpp"

namespace fickle {

namespace {

constexpr int kClasses = particles::kAndiClasses;
// Lengths in frames: [0, 50), [50, 100), [100, 200), [200, 500), [500, ∞).
constexpr long kLengthEdges[] = {50, 100, 200, 500};
const std::vector<std::string> kLengthNames = {"<50", "50-99", "100-199", "200-499", ">=500"};

nlohmann::json named(const std::vector<double>& values, const std::vector<std::string>& names) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t k = 0; k < values.size(); ++k) out[names[k]] = json_number(values[k]);
  return out;
}

struct Groups {
  std::vector<int> length, noise;
  std::vector<std::string> noise_names;
};

Groups groups(const AndiData& data) {
  Groups g;
  std::vector<double> levels(data.test_noise);
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  for (double v : levels) g.noise_names.push_back(fmt::format("{:g}", v));
  for (std::size_t n = 0; n < data.test_length.size(); ++n) {
    g.length.push_back(static_cast<int>(
        std::upper_bound(std::begin(kLengthEdges), std::end(kLengthEdges), data.test_length[n]) -
        std::begin(kLengthEdges)));
    g.noise.push_back(static_cast<int>(
        std::lower_bound(levels.begin(), levels.end(), data.test_noise[n]) - levels.begin()));
  }
  return g;
}

// The errors of one estimate of α, over all and by model, length and noise.
void errors(nlohmann::json& out, const std::string& prefix, const std::vector<double>& estimate,
            const AndiData& data, const Groups& g) {
  using nn::grouped_mean_absolute_error;
  const auto& truth = data.test_alpha;
  out[prefix] = json_number(
      grouped_mean_absolute_error(estimate, truth, std::vector<int>(truth.size(), 0), 1)[0]);
  out[prefix + "_by_model"] = named(
      grouped_mean_absolute_error(estimate, truth, data.test_model, kClasses), andi_class_names());
  out[prefix + "_by_length"] = named(
      grouped_mean_absolute_error(estimate, truth, g.length, static_cast<int>(kLengthNames.size())),
      kLengthNames);
  out[prefix + "_by_noise"] = named(
      grouped_mean_absolute_error(estimate, truth, g.noise, static_cast<int>(g.noise_names.size())),
      g.noise_names);
}

// The decisions of the classifier on the test trajectories of length bin `bin` (every bin when
// negative): among all six classes, or, with `andi_only`, on the trajectories of the five AnDi
// models with the classifier choosing among those five only, the number the AnDi challenge's
// task 2 reports.
double micro_f1(const AndiData& data, const nn::Matrix<float>& probabilities, const Groups& g,
                bool andi_only, int bin) {
  constexpr int kBrownian = static_cast<int>(particles::AndiModel::brownian);
  const Eigen::Index choices = andi_only ? kBrownian : kClasses;
  std::vector<int> truth, predicted;
  for (std::size_t n = 0; n < data.test_model.size(); ++n) {
    if ((andi_only && data.test_model[n] == kBrownian) || (bin >= 0 && g.length[n] != bin))
      continue;
    Eigen::Index best = 0;
    probabilities.col(static_cast<Eigen::Index>(n)).head(choices).maxCoeff(&best);
    truth.push_back(data.test_model[n]);
    predicted.push_back(static_cast<int>(best));
  }
  return truth.empty() ? kNnMissing
                       : nn::class_scores(truth, predicted, static_cast<int>(choices)).micro_f1;
}

nlohmann::json f1_by_length(const AndiData& data, const nn::Matrix<float>& probabilities,
                            const Groups& g, bool andi_only) {
  std::vector<double> f1;
  for (int bin = 0; bin < static_cast<int>(kLengthNames.size()); ++bin)
    f1.push_back(micro_f1(data, probabilities, g, andi_only, bin));
  return named(f1, kLengthNames);
}

}  // namespace

std::vector<std::string> andi_class_names() {
  std::vector<std::string> names;
  for (int c = 0; c < kClasses; ++c) names.emplace_back(particles::andi_model_name(c));
  return names;
}

std::vector<int> most_probable(const nn::Matrix<float>& probabilities) {
  std::vector<int> best(static_cast<std::size_t>(probabilities.cols()));
  for (Eigen::Index n = 0; n < probabilities.cols(); ++n) {
    Eigen::Index k = 0;
    probabilities.col(n).maxCoeff(&k);
    best[static_cast<std::size_t>(n)] = static_cast<int>(k);
  }
  return best;
}

nlohmann::json anomalous_scores(const AndiData& data, const nn::Mixture::Prediction& p) {
  nlohmann::json out;
  const Groups g = groups(data);
  out["classes"] = andi_class_names();
  out["length_bins"] = kLengthNames;
  errors(out, "mae", p.value, data, g);
  errors(out, "baseline_mae", data.test_baseline, data, g);
  out["baseline_ratio"] = json_number(out["baseline_mae"].get<double>() / out["mae"].get<double>());
  const auto scores = nn::class_scores(data.test_model, most_probable(p.probabilities), kClasses);
  out["f1"] = json_number(scores.micro_f1);
  out["f1_macro"] = json_number(scores.macro_f1);
  out["f1_by_model"] = named(scores.f1, andi_class_names());
  out["confusion"] = scores.confusion;
  out["f1_by_length"] = f1_by_length(data, p.probabilities, g, false);
  out["f1_andi_models"] = json_number(micro_f1(data, p.probabilities, g, true, -1));
  out["f1_andi_models_by_length"] = f1_by_length(data, p.probabilities, g, true);
  return out;
}

}  // namespace fickle
