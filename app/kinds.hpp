// The case kinds, one class each, registered by name in kinds.cpp (`fickle list` prints them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/case_reader.hpp"
#include "app/run_context.hpp"

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

struct KindEntry {
  const char* name;
  std::unique_ptr<CaseKind> (*make)();
  const char* description;
};

const std::vector<KindEntry>& case_kinds();
std::vector<std::string> case_kind_names();

std::unique_ptr<CaseKind> make_fick_case();
std::unique_ptr<CaseKind> make_particles_case();
std::unique_ptr<CaseKind> make_nn_case();
std::unique_ptr<CaseKind> make_fractional_case();
std::unique_ptr<CaseKind> make_stokes_case();
std::unique_ptr<CaseKind> make_compare_case();

}  // namespace fickle
