// What a kind needs from any solver that advances one scalar field u on a cell DMDA in time (Fick,
// time- and space-fractional diffusion), so that it can report them alike.
#pragma once

#include <string>

#include "core/petsc.hpp"

namespace fickle {

class FieldStepper {
 public:
  virtual ~FieldStepper() = default;
  virtual void step() = 0;  ///< one step; throws StepFailure on divergence or non-finite values
  virtual long step_index() const = 0;
  virtual double time() const = 0;
  virtual Vec solution() const = 0;  ///< u, a global Vec of dm()
  virtual DM dm() const = 0;
  virtual int last_linear_iterations() const = 0;
  virtual double mass() const = 0;  ///< Σ u h^d
  virtual std::string solver_description() const = 0;
  /// The next step ends at or before time `stop` (an output time or the end): a solver that can
  /// shorten its step lands on it exactly; one with a fixed time mesh ignores it.
  virtual void limit_next_step(double /*stop*/) {}
};

}  // namespace fickle
