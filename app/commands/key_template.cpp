// `fickle describe KIND --template`: a commented case.yaml from the schema. It is one reading of
// the kind's reader: the simplest one the exploration finished whose document, with every key
// that has an example set to it, passes every check. Its keys come in the order the reader asks
// for them: those set uncommented, the others commented out with their defaults. Keys that other
// choices bring (another model, an exact solution) are in `describe`.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "app/commands/describe.hpp"

namespace fickle {

namespace {

std::string parent_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

std::string leaf_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

int depth_of(const std::string& path) {
  return static_cast<int>(std::count(path.begin(), path.end(), '.'));
}

// The values a template of `pass` sets: the reading's own choices, the keys it tried given their
// examples, and every key it read that has an example.
std::map<std::string, std::string> set_values(const SchemaRecorder::Pass& pass, const Schema& s) {
  std::map<std::string, std::string> values;
  const auto example = [&](const std::string& path) {
    const auto it = s.keys.find(path);
    return it == s.keys.end() ? std::string() : it->second.example;
  };
  std::vector<std::string> whole;  ///< sections set to an example as a whole (a compare sub-case)
  const auto inside_whole = [&](const std::string& path) {
    return std::any_of(whole.begin(), whole.end(),
                       [&](const auto& w) { return path.starts_with(w); });
  };
  for (const auto& [path, value] : pass.overrides) {
    if (inside_whole(path)) continue;
    const bool tried = value == "1" || value == "{}";
    values[path] = tried && !example(path).empty() ? example(path) : value;
    if (tried && !example(path).empty() && value == "{}") whole.push_back(path + ".");
  }
  for (const auto& path : pass.paths)
    if (!example(path).empty() && path.find("[]") == std::string::npos && !values.contains(path) &&
        !inside_whole(path))
      values[path] = example(path);
  return values;
}

std::string document_of(const std::string& kind, const std::map<std::string, std::string>& values) {
  YAML::Node root(YAML::NodeType::Map);
  root["kind"] = kind;
  for (const auto& [path, value] : values) set_path_value(root, path, YAML::Load(value));
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

struct Reading {
  Schema schema;  ///< of this one document
  std::map<std::string, std::string> values;
};

// The first finished reading whose document with examples passes every check.
std::optional<Reading> valid_reading(const std::string& kind, const Schema& schema) {
  int tries = 0;
  for (const auto& pass : schema.passes) {
    if (!pass.completed) continue;
    if (++tries > 200) break;
    Reading r{{}, set_values(pass, schema)};
    r.schema = explore_schema(document_of(kind, r.values), kind_reader(kind), 1);
    if (r.schema.passes.front().completed && !r.schema.passes.front().checks_failed) return r;
  }
  return std::nullopt;
}

}  // namespace

std::string key_template(const std::string& kind, const Schema& schema) {
  const auto reading = valid_reading(kind, schema);
  if (!reading) throw std::runtime_error("describe: no valid case of kind " + kind + " found");
  const Schema& one = reading->schema;
  std::map<std::string, std::string> values = reading->values;
  values["kind"] = kind;
  // A section is written when something below it is set; otherwise it stays a comment, since an
  // empty `grid:` would be null rather than a map.
  std::set<std::string> active;
  for (const auto& [path, value] : values)
    for (std::string p = parent_of(path); !p.empty(); p = parent_of(p)) active.insert(p);
  std::string out = fmt::format(
      "# A {} case: every key its reader knows in this form, those without a default set to an\n"
      "# example, the others commented out with their defaults. `fickle describe {}` lists the\n"
      "# keys of every form with their ranges; `fickle check` accepts this file as it is.\n",
      kind, kind);
  for (const auto& path : ordered_paths(one)) {
    if (path.find("[]") != std::string::npos) continue;
    const KeyRecord& r = one.keys.at(path);
    const std::string indent(static_cast<std::size_t>(2 * depth_of(path)), ' ');
    const auto value = values.find(path);
    std::string line;
    if (active.contains(path))  // a section with keys set below it
      line = fmt::format("{}{}:", indent, leaf_of(path));
    else if (value != values.end())
      line = fmt::format("{}{}: {}", indent, leaf_of(path), value->second);
    else
      line = fmt::format("{}# {}: {}", indent, leaf_of(path),
                         r.type == "map" || r.defaults.empty() ? "" : r.defaults.front().first);
    out += fmt::format("{:<44} # {}\n", line, r.meaning);
  }
  return out;
}

}  // namespace fickle
