#include "app/commands/describe.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <mpi.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/kinds/registry.hpp"
#include "app/run/case_runner.hpp"

namespace fickle {

std::function<void(std::shared_ptr<CaseDocument>)> kind_reader(const std::string& kind) {
  return [kind](std::shared_ptr<CaseDocument> doc) {
    load_case(Section::root(std::move(doc)), {kind});
  };
}

Schema kind_schema(const std::string& kind) {
  return explore_schema("kind: " + kind + "\n", kind_reader(kind));
}

namespace {

// "1 (800 when model.type: boltzmann; 5 when model.type: perceptron)"
std::string default_of(const KeyRecord& r) {
  if (r.defaults.empty()) return "";
  std::string text = r.defaults.front().first;
  std::vector<std::string> others;
  for (std::size_t i = 1; i < r.defaults.size(); ++i)
    others.push_back(fmt::format("{} when {}", r.defaults[i].first, r.defaults[i].second));
  return others.empty() ? text : fmt::format("{} ({})", text, fmt::join(others, "; "));
}

// "number or map" for a key whose map form has keys of its own (a piecewise field).
std::string type_of(const Schema& schema, const KeyRecord& r) {
  const auto below = schema.keys.lower_bound(r.path + ".");
  const bool has_keys = below != schema.keys.end() && below->first.starts_with(r.path + ".");
  return has_keys && r.type != "map" ? r.type + " or map" : r.type;
}

// ", required", ", default 1", ", required or default end/steps" or ", when given" (a key read
// only when it is there: one form of several, such as alpha or mu).
std::string need_of(const KeyRecord& r) {
  if (r.required)
    return r.defaults.empty() ? ", required" : ", required or default " + default_of(r);
  return r.defaults.empty() ? ", when given" : ", default " + default_of(r);
}

}  // namespace

std::string describe_text(const std::string& kind, const Schema& schema) {
  std::string out = fmt::format(
      "fickle describe {}: the keys of a {} case as its reader checks them (docs/cases.md)\n\n",
      kind, kind);
  for (const auto& path : ordered_paths(schema)) {
    const KeyRecord& r = schema.keys.at(path);
    out += fmt::format("{}: {}{}\n    {}\n", path, type_of(schema, r), need_of(r), r.meaning);
    if (!r.options.empty()) out += fmt::format("    one of: {}\n", fmt::join(r.options, ", "));
    if (!r.checks.empty()) out += fmt::format("    expects: {}\n", fmt::join(r.checks, "; "));
  }
  return out;
}

std::string describe_json(const std::string& kind, const Schema& schema) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& path : ordered_paths(schema)) {
    const KeyRecord& r = schema.keys.at(path);
    nlohmann::json defaults = nlohmann::json::array();
    for (const auto& [value, when] : r.defaults)
      defaults.push_back({{"value", value}, {"when", when}});
    keys.push_back({{"path", r.path},
                    {"type", type_of(schema, r)},
                    {"required", r.required && r.defaults.empty()},
                    {"default", default_of(r)},
                    {"defaults", defaults},
                    {"meaning", r.meaning},
                    {"checks", r.checks},
                    {"options", r.options}});
  }
  return nlohmann::json{{"kind", kind}, {"keys", keys}}.dump(1) + "\n";
}

int describe_kind(const std::string& kind, bool as_template, bool as_json) {
  const auto kinds = case_kind_names();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    throw CaseError(
        fmt::format("describe: unknown kind '{}' (kinds: {})", kind, fmt::join(kinds, ", ")));
  }
  const Schema schema = kind_schema(kind);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) return 0;
  std::cout << (as_template ? key_template(kind, schema)
                : as_json   ? describe_json(kind, schema)
                            : describe_text(kind, schema));
  return 0;
}

}  // namespace fickle
