// The case kinds by name (registry.def lists them; `fickle list` prints them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/kinds/case_kind.hpp"

namespace fickle {

struct KindEntry {
  const char* name;
  std::unique_ptr<CaseKind> (*make)();
  const char* description;
};

const std::vector<KindEntry>& case_kinds();
std::vector<std::string> case_kind_names();

}  // namespace fickle
