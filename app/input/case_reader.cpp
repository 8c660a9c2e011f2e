#include "app/input/case_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "app/input/schema.hpp"
#include "app/input/strict_yaml.hpp"

namespace fickle {

namespace {

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() || key.empty() ? parent + key : parent + "." + key;
}

// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Doubles in their shortest round-trip form (0.005, not 0.0050000000000000001).
template <class T>
YAML::Node as_node(const T& value) {
  if constexpr (std::is_same_v<T, double>)
    return YAML::Node(fmt::format("{}", value));
  else
    return YAML::Node(value);
}

void set_path(YAML::Node node, const std::vector<std::string>& keys, std::size_t i,
              const YAML::Node& value) {
  if (i + 1 == keys.size()) {
    node[keys[i]] = value;
    return;
  }
  if (!node[keys[i]] || !node[keys[i]].IsMap()) node[keys[i]] = YAML::Node(YAML::NodeType::Map);
  set_path(node[keys[i]], keys, i + 1, value);
}

// "--set key.path" for the command line's overrides, "file:line:col: particles.set.key.path" for a
// compare case's set: map.
std::string override_place(const CaseDocument& doc, const std::string& path) {
  return doc.override_origin.empty() ? "--set " + path : doc.override_origin + "." + path;
}

void find_unknown(const CaseDocument& doc, const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      find_unknown(doc, node[i], fmt::format("{}[{}]", path, i));
    return;
  }
  if (!node.IsMap()) return;
  for (const auto& item : node) {
    const auto key = item.first.as<std::string>();
    const auto child = join_path(path, key);
    if (doc.read.contains(child)) {
      find_unknown(doc, item.second, child);
      continue;
    }
    std::string hint;
    const auto known = doc.known.find(path);
    if (known != doc.known.end() && !known->second.empty()) {
      std::string best;
      std::size_t best_distance = 3;
      for (const auto& k : known->second)
        if (auto d = edit_distance(key, k); d < best_distance) best = k, best_distance = d;
      hint = best.empty() ? fmt::format(" (known keys here: {})", fmt::join(known->second, ", "))
                          : fmt::format(" (did you mean '{}'?)", best);
    }
    throw CaseError(
        fmt::format("{}: {}: unknown key{}", doc.place(child, item.first.Mark()), child, hint));
  }
}

}  // namespace

std::shared_ptr<CaseDocument> CaseDocument::load(const std::filesystem::path& file) {
  auto doc = std::make_shared<CaseDocument>();
  doc->file = file;
  if (!std::filesystem::exists(file))
    throw CaseError(fmt::format("{}: no such file", file.string()));
  doc->root = load_strict_yaml(file);
  if (!doc->root.IsMap())
    throw CaseError(
        fmt::format("{}: expected a map of keys (kind: ..., grid: ..., ...)", file.string()));
  return doc;
}

std::shared_ptr<CaseDocument> CaseDocument::parse(const std::string& text,
                                                  const std::filesystem::path& file) {
  auto doc = std::make_shared<CaseDocument>();
  doc->file = file;
  doc->root = parse_strict_yaml(text, [&](const YAML::Mark& m) { return file_position(file, m); });
  return doc;
}

void CaseDocument::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw CaseError(fmt::format("--set {}: expected key.path=value", assignment));
  const std::string path = assignment.substr(0, eq);
  std::vector<std::string> keys;
  for (std::size_t start = 0;;) {
    const auto dot = path.find('.', start);
    keys.push_back(path.substr(start, dot - start));
    if (keys.back().empty())
      throw CaseError(fmt::format("--set {}: empty key in '{}'", assignment, path));
    if (const auto bracket = keys.back().find('['); bracket != std::string::npos)
      throw CaseError(fmt::format(
          "--set {}: a key path cannot index a list ('{}'); set the whole list instead, e.g. "
          "--set '{}=[{{...}}, {{...}}]'",
          assignment, keys.back(), path.substr(0, path.find('['))));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  const std::string text = assignment.substr(eq + 1);
  // Most likely a shell variable that was not set: a mistake, not a wish to remove the key.
  if (text.find_first_not_of(" \t") == std::string::npos)
    throw CaseError(fmt::format("--set {}: expected a value ({}=null removes the key), got nothing",
                                assignment, path));
  YAML::Node value;
  try {
    // Positions inside the value mean nothing in the case file: problems name the argument.
    value = parse_strict_yaml(
        text, [&](const YAML::Mark&) { return "--set " + assignment; }, path);
  } catch (const YAML::Exception& e) {
    throw CaseError(fmt::format("--set {}: invalid YAML value: {}", assignment, e.msg));
  }
  // Sections the override creates, the key and everything below it come from the command line.
  std::string prefix;
  YAML::Node probe = root;
  bool exists = true;
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    prefix = join_path(prefix, keys[i]);
    exists = exists && probe.IsMap() && probe[keys[i]].IsDefined();
    if (!exists) overridden.insert(prefix);
    if (exists) probe.reset(probe[keys[i]]);
  }
  if (!value.IsNull())
    set_path(root, keys, 0, value);
  else if (exists && probe.IsMap())  // key=null removes the key: its default applies
    probe.remove(keys.back());
  overridden.insert(path);
}

void CaseDocument::reject_unknown_keys() const {
  find_unknown(*this, root, "");
}

std::string CaseDocument::place(const std::string& path, const YAML::Mark& mark) const {
  // The path itself, else the nearest path above it (`a.b[0].c` → `a.b[0]`, `a.b`, `a`) that
  // --set assigned or created.
  for (std::string p = path; !p.empty();) {
    if (overridden.contains(p)) return override_place(*this, p);
    const auto cut = p.find_last_of(".[");
    p = cut == std::string::npos ? "" : p.substr(0, cut);
  }
  return file_position(file, mark);
}

Section::Section(std::shared_ptr<CaseDocument> doc, YAML::Node node, YAML::Node resolved,
                 std::string path)
    : doc_(std::move(doc)), node_(node), resolved_(resolved), path_(std::move(path)) {}

Section Section::root(std::shared_ptr<CaseDocument> doc) {
  auto node = doc->root;
  auto resolved = doc->resolved;
  return Section(std::move(doc), node, resolved, "");
}

YAML::Node Section::child(const std::string& key) const {
  // Undefined, not null, when absent: a null is a key given with no value.
  if (!node_ || !node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return node_[key];
}

bool Section::has(const std::string& key) const {
  if (!present(key) && recording()) {
    doc_->recorder->request(path_of(key), "1");
    doc_->recorder->request(path_of(key), "{}");
  }
  return present(key);
}
bool Section::is_map(const std::string& key) const {
  if (!present(key) && recording()) doc_->recorder->request(path_of(key), "{}");
  return present(key) && child(key).IsMap();
}

void Section::record(const Key& key, const std::string& type,
                     const std::optional<std::string>& fallback,
                     const std::vector<std::string>& options) const {
  if (!recording()) return;
  std::optional<std::string> shown = fallback;
  if (fallback && !key.default_text.empty()) shown = key.default_text;
  doc_->recorder->record(path_of(key.name), type, key, shown, options, present(key.name));
  if (!present(key.name))
    for (const auto& option : options) doc_->recorder->request(path_of(key.name), option);
}

void Section::note_check(const std::string& key, const std::string& expected, bool ok) const {
  doc_->recorder->note_check(path_of(key), expected, ok);
}

void Section::type_fail(const std::string& key, const std::string& expected) const {
  if (recording()) throw RecordingStop{};
  fail(key, expected);
}
bool Section::is_number(const std::string& key) const {
  if (!has(key) || !child(key).IsScalar()) return false;
  double value = 0;
  return YAML::convert<double>::decode(child(key), value);
}

std::string Section::path_of(const std::string& key) const {
  return join_path(path_, key);
}

void Section::mark_read(const std::string& key) {
  doc_->known[path_].insert(key);
  if (present(key)) doc_->read.insert(path_of(key));
}

std::string Section::where(const std::string& key) const {
  if (present(key)) {
    const auto c = child(key);
    YAML::Mark mark = c.Mark();
    // A key with no value: yaml-cpp marks its null at the next token, maybe on the next line.
    if (c.IsNull())
      for (const auto& item : node_)
        if (item.first.Scalar() == key) mark = item.first.Mark();
    return doc_->place(path_of(key), mark);
  }
  // Absent: at its section (or the file), unless --set removed it or created the section.
  const bool in_file = node_ && node_.IsDefined() && !node_.IsNull();
  return doc_->place(path_of(key), in_file ? node_.Mark() : YAML::Mark::null_mark());
}

namespace {
// "PLACE: key.path: expected WHAT, got FOUND", the form of every value error.
CaseError value_error(const std::string& place, const std::string& path,
                      const std::string& expected, const std::string& got) {
  return CaseError(fmt::format("{}: {}: expected {}, got {}", place, path, expected, got));
}

// What a message says was found.
std::string describe(const YAML::Node& n) {
  if (!n.IsDefined()) return "nothing";
  if (n.IsNull()) return "null (no value)";
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return fmt::format("a list of {}", n.size());
  return "a map";
}
}  // namespace

std::string Section::found(const std::string& key) const {
  return describe(child(key));
}

void Section::fail(const std::string& key, const std::string& expected) const {
  fail_found(key, expected, found(key));
}

void Section::fail_found(const std::string& key, const std::string& expected,
                         const std::string& got) const {
  if (recording()) {
    note_check(key, expected, false);
    throw RecordingStop{};
  }
  throw value_error(where(key), path_of(key), expected, got);
}

void Section::fail_entry(const std::string& key, std::size_t index,
                         const std::string& expected) const {
  const auto list = child(key);
  if (recording() || !list.IsSequence() || index >= list.size()) fail(key, expected);
  const auto entry = list[index];
  const auto path = fmt::format("{}[{}]", path_of(key), index);
  throw value_error(doc_->place(path, entry.Mark()), path, expected, describe(entry));
}

namespace {
// What stands for an absent required key while recording: its example, else a plain value that
// most checks accept.
template <class T>
T placeholder(const Key& key) {
  if (!key.example_yaml.empty()) try {
      return YAML::Load(key.example_yaml).as<T>();
    } catch (const YAML::Exception&) {
    }
  if constexpr (std::is_same_v<T, std::string>)
    return "";
  else if constexpr (std::is_same_v<T, bool>)
    return false;
  else
    return T(2);
}

template <class T>
std::string shown(const T& value) {
  YAML::Emitter out;
  out << YAML::Flow << as_node(value);
  return out.c_str();
}

// "a number" → "number": the type describe prints.
std::string type_of(const std::string& expected) {
  return expected.starts_with("a ")       ? expected.substr(2)
         : expected.starts_with("one of") ? "string, " + expected
                                          : expected;
}
}  // namespace

template <class T>
T Section::scalar(const Key& k, const std::optional<T>& fallback, const char* expected) {
  const std::string& key = k.name;
  mark_read(key);
  record(k, type_of(expected), fallback ? std::optional(shown(*fallback)) : std::nullopt);
  T value{};
  if (!present(key)) {
    if (!fallback && recording()) {  // resolved as if given: later readers of it see a value
      resolved_[key] = as_node(placeholder<T>(k));
      return placeholder<T>(k);
    }
    if (!fallback) type_fail(key, std::string(expected) + " (this key is required)");
    value = *fallback;
  } else {
    const auto c = child(key);
    if (!c.IsScalar()) type_fail(key, expected);
    try {
      value = c.as<T>();
    } catch (const YAML::Exception&) {
      type_fail(key, expected);
    }
    // Text goes to summary.json, whose JSON must be UTF-8: refuse it here, not at the end.
    if constexpr (std::is_same_v<T, std::string>)
      if (const auto bad = invalid_utf8_at(value))
        fail_found(key, "valid UTF-8 text", invalid_utf8_found(value, *bad));
  }
  resolved_[key] = as_node(value);
  return value;
}

double Section::real(const Key& key, std::optional<double> fallback) {
  const double v = scalar<double>(key, fallback, "a number");
  if (!recording()) require(std::isfinite(v), key.name, "a finite number");
  return v;
}
long Section::integer(const Key& key, std::optional<long> fallback) {
  return scalar<long>(key, fallback, "a whole number");
}
bool Section::boolean(const Key& key, std::optional<bool> fallback) {
  return scalar<bool>(key, fallback, "true or false");
}
std::string Section::text(const Key& key, std::optional<std::string> fallback) {
  return scalar<std::string>(key, fallback, "a string");
}

std::string Section::choice(const Key& key, const std::vector<std::string>& options,
                            std::optional<std::string> fallback) {
  const auto expected = fmt::format("one of {}", fmt::join(options, ", "));
  if (recording()) {
    // The options are the choices to explore, not a check to print.
    record(key, "string", fallback ? std::optional(*fallback) : std::nullopt, options);
    if (present(key.name))  // the others are tried too
      for (const auto& option : options) doc_->recorder->request(path_of(key.name), option);
    if (!present(key.name)) {
      mark_read(key.name);
      if (fallback) return *fallback;
      if (!key.example_yaml.empty()) return key.example_yaml;
      return options.empty() ? std::string() : options.front();
    }
  }
  const auto v = scalar<std::string>(key, fallback, expected.c_str());
  if (std::find(options.begin(), options.end(), v) == options.end()) type_fail(key.name, expected);
  return v;
}

template <class T>
std::vector<T> Section::list(const Key& k, std::size_t size,
                             const std::optional<std::vector<T>>& fallback,
                             const std::string& expected, const char* entry_expected) {
  const std::string& key = k.name;
  mark_read(key);
  record(k, type_of(expected), fallback ? std::optional(shown(*fallback)) : std::nullopt);
  std::vector<T> v;
  if (!present(key)) {
    if (!fallback && recording()) {
      v.assign(std::max<std::size_t>(size, 1), placeholder<T>(k));
      if (!k.example_yaml.empty()) try {
          v = YAML::Load(k.example_yaml).as<std::vector<T>>();
        } catch (const YAML::Exception&) {
        }
    } else if (!fallback) {
      type_fail(key, expected + " (this key is required)");
    } else {
      v = *fallback;
    }
  } else {
    const auto c = child(key);
    if (!c.IsSequence() || (size && c.size() != size)) type_fail(key, expected);
    for (std::size_t i = 0; i < c.size(); ++i) {
      std::optional<T> entry;
      try {
        if (c[i].IsScalar()) entry = c[i].as<T>();
      } catch (const YAML::Exception&) {
      }
      if (!entry && recording()) throw RecordingStop{};
      if (!entry) fail_entry(key, i, entry_expected);
      v.push_back(*entry);
    }
  }
  YAML::Node seq(YAML::NodeType::Sequence);
  for (const auto& x : v) seq.push_back(as_node(static_cast<T>(x)));
  seq.SetStyle(YAML::EmitterStyle::Flow);
  resolved_[key] = seq;
  return v;
}

std::vector<double> Section::reals(const Key& key, std::size_t size,
                                   std::optional<std::vector<double>> fallback) {
  auto v = list<double>(key, size, fallback,
                        size ? fmt::format("a list of {} numbers", size) : "a list of numbers",
                        "a number");
  for (std::size_t i = 0; i < v.size() && !recording(); ++i)
    require_entry(std::isfinite(v[i]), key.name, i, "a finite number");
  return v;
}

std::vector<long> Section::integers(const Key& key, std::size_t size,
                                    std::optional<std::vector<long>> fallback) {
  return list<long>(
      key, size, fallback,
      size ? fmt::format("a list of {} whole numbers", size) : "a list of whole numbers",
      "a whole number");
}

std::vector<bool> Section::booleans(const Key& key, std::size_t size,
                                    std::optional<std::vector<bool>> fallback) {
  return list<bool>(
      key, size, fallback,
      size ? fmt::format("a list of {} true/false values", size) : "a list of true/false",
      "true or false");
}

YAML::Node Section::raw(const Key& k) {
  const std::string& key = k.name;
  mark_read(key);
  record(k, "any YAML (free form)", std::string("none"));
  const auto c = child(key);
  if (!present(key)) return c;
  resolved_[key] = YAML::Clone(c);
  // Free-form: nothing below it is an unknown key, also in maps inside lists (a set: may give
  // regions: [{shape: box, ...}]).
  std::function<void(const YAML::Node&, const std::string&)> mark = [&](const YAML::Node& n,
                                                                        const std::string& p) {
    if (n.IsSequence())
      for (std::size_t i = 0; i < n.size(); ++i) mark(n[i], fmt::format("{}[{}]", p, i));
    if (!n.IsMap()) return;
    for (const auto& item : n) {
      const auto below = join_path(p, item.first.as<std::string>());
      doc_->read.insert(below);
      mark(item.second, below);
    }
  };
  mark(c, path_of(key));
  return c;
}

std::vector<std::string> Section::keys() {
  std::vector<std::string> out;
  if (!node_ || !node_.IsMap()) return out;
  for (const auto& item : node_) {
    out.push_back(item.first.as<std::string>());
    mark_read(out.back());
  }
  return out;
}

Section Section::section(const Key& k) {
  const std::string& key = k.name;
  mark_read(key);
  record(k, "map", std::string("{}"));
  if (present(key) && !child(key).IsMap()) type_fail(key, "a map of keys");
  if (!resolved_[key].IsMap()) resolved_[key] = YAML::Node(YAML::NodeType::Map);
  return Section(doc_, present(key) ? child(key) : YAML::Node(), resolved_[key], path_of(key));
}

std::vector<Section> Section::sections(const Key& k) {
  const std::string& key = k.name;
  mark_read(key);
  record(k, "list of maps", std::string("[]"));
  std::vector<Section> out;
  if (!present(key) && recording()) {
    // One empty entry, so that what an entry holds is recorded too.
    resolved_[key] = YAML::Node(YAML::NodeType::Sequence);
    resolved_[key].push_back(YAML::Node(YAML::NodeType::Map));
    out.emplace_back(doc_, YAML::Node(), resolved_[key][0], path_of(key) + "[0]");
    return out;
  }
  if (!present(key)) return out;
  const auto list = child(key);
  if (!list.IsSequence()) type_fail(key, "a list of maps");
  resolved_[key] = YAML::Node(YAML::NodeType::Sequence);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto item_path = fmt::format("{}[{}]", path_of(key), i);
    if (!list[i].IsMap())
      throw value_error(doc_->place(item_path, list[i].Mark()), item_path, "a map of keys",
                        describe(list[i]));
    doc_->read.insert(item_path);
    resolved_[key].push_back(YAML::Node(YAML::NodeType::Map));
    out.emplace_back(doc_, list[i], resolved_[key][i], item_path);
  }
  return out;
}

}  // namespace fickle
