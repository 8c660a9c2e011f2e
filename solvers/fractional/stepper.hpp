// What the `fractional` case kind needs from either fractional solver (time or space): a field
// stepper whose state is one file of natural-ordered vectors.
#pragma once

#include <filesystem>
#include <string>

#include "solvers/common/field_stepper.hpp"

namespace fickle {

class FractionalStepper : public FieldStepper {
 public:
  /// Writes the state (natural ordering) into `dir`; returns the file name.
  virtual std::string save_state(const std::filesystem::path& dir) const = 0;
  virtual void load_state(const std::filesystem::path& file, long step) = 0;
};

}  // namespace fickle
