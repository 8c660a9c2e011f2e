// What every case kind is: a class that reads its keys from case.yaml and runs into a run
// directory. Kinds are registered by name in registry.def (`fickle list` prints them);
// docs/adding-a-kind.md walks through adding one.
#pragma once

#include "app/input/case_reader.hpp"
#include "app/run/run_context.hpp"

namespace fickle {

class CaseKind {
 public:
  virtual ~CaseKind() = default;
  /// Reads and validates the whole case (everything but kind/title/seed/petsc); throws CaseError.
  /// Runs on every rank before anything is written.
  virtual void read(Section& root) = 0;
  /// Runs the case, writing into ctx.run_dir and adding results to ctx.summary.
  virtual void run(RunContext& ctx) = 0;
};

}  // namespace fickle
