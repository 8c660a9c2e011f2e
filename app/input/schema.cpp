#include "app/input/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <regex>
#include <set>

namespace fickle {

namespace {

// a.b[3].c → a.b[].c: every entry of a list has the same keys.
std::string normalised(const std::string& path) {
  static const std::regex index(R"(\[[0-9]+\])");
  return std::regex_replace(path, index, "[]");
}

template <class T>
void add_unique(std::vector<T>& list, const T& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// The choices that led to a reading, as describe prints them: "model.type: dbn".
std::string condition_of(const SchemaRecorder::Pass& pass) {
  std::string text;
  for (const auto& [path, value] : pass.overrides)
    text += fmt::format("{}{}: {}", text.empty() ? "" : ", ", path, value);
  return text;
}

}  // namespace

void SchemaRecorder::record(const std::string& path, const std::string& type, const Key& key,
                            const std::optional<std::string>& fallback,
                            const std::vector<std::string>& options, bool given) {
  const std::string p = normalised(path);
  auto [it, fresh] = keys.try_emplace(p);
  KeyRecord& r = it->second;
  if (fresh) {
    r.path = p;
    r.type = type;
    r.meaning = key.meaning;
    order.push_back(p);
  }
  if (r.example.empty()) r.example = key.example_yaml;
  if (!fallback && !given) r.required = true;
  if (fallback && !given) {
    const std::string condition = pass ? condition_of(*pass) : std::string();
    const bool known = std::any_of(r.defaults.begin(), r.defaults.end(),
                                   [&](const auto& d) { return d.first == *fallback; });
    if (!known) r.defaults.emplace_back(*fallback, condition);
  }
  for (const auto& o : options) add_unique(r.options, o);
  if (pass) add_unique(pass->paths, p);
}

void SchemaRecorder::note_check(const std::string& path, const std::string& expected, bool ok) {
  if (!ok && pass) pass->checks_failed = true;
  auto it = keys.find(normalised(path));
  if (it != keys.end()) add_unique(it->second.checks, expected);
}

void SchemaRecorder::request(const std::string& path, const std::string& value) {
  requests.emplace_back(path, value);
}

std::vector<std::string> ordered_paths(const Schema& schema) {
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& path : schema.order) {
    auto dot = path.rfind('.');
    children[dot == std::string::npos ? "" : path.substr(0, dot)].push_back(path);
  }
  std::vector<std::string> out;
  std::function<void(const std::string&)> walk = [&](const std::string& parent) {
    for (const auto& path : children[parent]) {
      out.push_back(path);
      walk(path);
    }
  };
  walk("");
  return out;
}

void set_path_value(YAML::Node root, const std::string& path, const YAML::Node& value) {
  const auto dot = path.find('.');
  std::string head = path.substr(0, dot);
  const std::string rest = dot == std::string::npos ? "" : path.substr(dot + 1);
  // key[0]: the first entry of a list of maps.
  const bool entry = head.ends_with("[0]");
  if (entry) head.resize(head.size() - 3);
  YAML::Node node = root[head];
  if (entry) {
    if (!node.IsSequence() || node.size() == 0) {
      root[head] = YAML::Node(YAML::NodeType::Sequence);
      root[head].push_back(YAML::Node(YAML::NodeType::Map));
    }
    node.reset(root[head][0]);
  }
  if (rest.empty()) {
    if (entry)
      root[head][0] = value;
    else
      root[head] = value;
    return;
  }
  if (!node.IsMap()) {
    if (entry)
      root[head][0] = YAML::Node(YAML::NodeType::Map);
    else
      root[head] = YAML::Node(YAML::NodeType::Map);
    node.reset(entry ? root[head][0] : root[head]);
  }
  set_path_value(node, rest, value);
}

Schema explore_schema(const std::string& base,
                      const std::function<void(std::shared_ptr<CaseDocument>)>& read,
                      std::size_t max_passes) {
  auto recorder = std::make_shared<SchemaRecorder>();
  Schema schema;
  std::deque<SchemaRecorder::Pass> queue{SchemaRecorder::Pass{}};
  std::set<std::pair<std::string, std::string>> tried;
  while (!queue.empty() && schema.passes.size() < max_passes) {
    SchemaRecorder::Pass pass = std::move(queue.front());
    queue.pop_front();
    auto doc = CaseDocument::parse(base, "describe.yaml");
    for (const auto& [path, value] : pass.overrides)
      set_path_value(doc->root, path, YAML::Load(value));
    doc->recorder = recorder;
    recorder->pass = &pass;
    recorder->requests.clear();
    try {
      read(doc);
      pass.completed = true;
    } catch (const RecordingStop&) {
    } catch (const std::exception&) {  // a reader that failed outside Section: what it saw counts
    }
    recorder->pass = nullptr;
    // Every value asked about is tried once, from the first document that asked.
    for (const auto& request : recorder->requests) {
      if (!tried.insert(request).second) continue;
      SchemaRecorder::Pass next;
      next.overrides = pass.overrides;
      next.overrides.push_back(request);
      queue.push_back(std::move(next));
    }
    schema.passes.push_back(std::move(pass));
  }
  schema.keys = recorder->keys;
  schema.order = recorder->order;
  return schema;
}

}  // namespace fickle
