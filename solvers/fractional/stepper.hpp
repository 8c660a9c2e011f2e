// What the `fractional` case kind needs from either fractional solver (time or space).
#pragma once

#include <filesystem>
#include <string>

#include "meshes/petsc.hpp"

namespace fickle {

class FractionalStepper {
 public:
  virtual ~FractionalStepper() = default;
  virtual void step() = 0;  ///< throws StepFailure
  virtual long step_index() const = 0;
  virtual double time() const = 0;
  virtual Vec solution() const = 0;
  virtual DM dm() const = 0;
  virtual int last_linear_iterations() const = 0;
  virtual double mass() const = 0;  ///< Σ u h^d
  virtual std::string solver_description() const = 0;
  /// Writes the state (natural ordering) into `dir`; returns the file name.
  virtual std::string save_state(const std::filesystem::path& dir) const = 0;
  virtual void load_state(const std::filesystem::path& file, long step) = 0;
};

}  // namespace fickle
