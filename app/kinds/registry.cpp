#include "app/kinds/registry.hpp"

namespace fickle {

// Each kind's factory, declared from its registry line.
#define FICKLE_KIND(name, factory, description) std::unique_ptr<CaseKind> factory();
#include "app/kinds/registry.def"
#undef FICKLE_KIND

const std::vector<KindEntry>& case_kinds() {
  static const std::vector<KindEntry> table{
#define FICKLE_KIND(name, factory, description) {#name, factory, description},
#include "app/kinds/registry.def"
#undef FICKLE_KIND
  };
  return table;
}

std::vector<std::string> case_kind_names() {
  std::vector<std::string> names;
  for (const auto& k : case_kinds()) names.emplace_back(k.name);
  return names;
}

}  // namespace fickle
