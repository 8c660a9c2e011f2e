// PETSc options that hold for one solver or one run only, and only where the user has not set
// them (command line or the case's petsc: keys): PETSc reads nested solvers' options lazily, and
// a second solver or run in the same process must not inherit the first one's choices.
#pragma once

#include <string>
#include <vector>

namespace fickle {

/// PETSc's whole options database as one line ("-name value ..."): the command line, the case's
/// petsc: keys and the defaults set so far.
std::string petsc_options_in_effect();

class ScopedOptions {
 public:
  ScopedOptions() = default;
  ScopedOptions(const ScopedOptions&) = delete;
  ScopedOptions& operator=(const ScopedOptions&) = delete;
  /// Clears every option this object set.
  ~ScopedOptions();

  /// Sets `name` (e.g. "-ksp_type") to `value` unless it is already set; an empty value is a
  /// bare flag. `fickles_own`: a default of fickle's (listed by applied()), not a user's option.
  void set_default(const std::string& name, const std::string& value, bool fickles_own = true);

  /// Every default set so far in this process ("-name value"), for the run's provenance.
  static std::vector<std::string> applied();

 private:
  std::vector<std::string> added_;
};

}  // namespace fickle
