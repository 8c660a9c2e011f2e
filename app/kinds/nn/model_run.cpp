// The `nn` kind's progress through a run's stages: which stage a step belongs to, how many steps
// the stages make, and the training seconds per epoch of a kind of stage; and JSON's null for
// quantities not measured.
#include "app/kinds/nn/model_run.hpp"

#include <algorithm>
#include <cmath>

namespace fickle {

nlohmann::json json_number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

long NnProgress::total_steps() const {
  long total = 0;
  for (const auto& s : stages) total += s.epochs;
  return total;
}

int NnProgress::stage_at(long at) const {
  long first = 0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (at < first + stages[i].epochs) return static_cast<int>(i);
    first += stages[i].epochs;
  }
  return static_cast<int>(stages.size()) - 1;
}

double NnProgress::seconds_per_epoch(NnStage::Kind kind) const {
  double total = 0;
  long epochs = 0;
  long first = 0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const long done = std::clamp(step - first, 0L, stages[i].epochs);
    if (stages[i].kind == kind) {
      total += seconds[i];
      epochs += done;
    }
    first += stages[i].epochs;
  }
  return epochs > 0 ? total / static_cast<double>(epochs) : kNnMissing;
}

}  // namespace fickle
