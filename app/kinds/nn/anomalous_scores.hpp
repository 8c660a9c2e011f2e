// The anomalous model's scores on its test set (docs/nn.md, "anomalous"): α's mean absolute error
// by model, by length and by noise, the classifier's F1 (micro, macro, per model) and confusion
// matrix, the same F1 on the five AnDi models alone, and the TAMSD-fit baseline's errors beside
// the network's.
#pragma once

#include <nlohmann/json.hpp>

#include "app/kinds/nn/andi_data.hpp"
#include "nn/mixture.hpp"

namespace fickle {

/// The classes' names, in the classifier's order.
std::vector<std::string> andi_class_names();

/// The summary.json keys of the scores.
nlohmann::json anomalous_scores(const AndiData& data, const nn::Mixture::Prediction& prediction);

/// The most probable class of each column.
std::vector<int> most_probable(const nn::Matrix<float>& probabilities);

}  // namespace fickle
