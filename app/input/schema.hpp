// The schema of a kind's keys, recorded from its real reader (`fickle describe KIND`): a
// SchemaRecorder on a CaseDocument makes every Section read record its key (type, default,
// meaning, the `expected` text of every check) instead of failing, and explore_schema runs the
// reader on documents that choose every option of every choice and give every key the reader asks
// about, until no read finds a new key. So the schema is the reader, and cannot drift from it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/input/case_reader.hpp"

namespace fickle {

struct KeyRecord {
  std::string path;  ///< dotted; entries of lists as key[]
  std::string type;  ///< "number", "list of numbers", "one of ...", "map", ...
  std::string meaning;
  std::string example;  ///< YAML text for --template (required keys)
  bool required = false;
  /// The default as read, and the choices that led to it ("" for the plain document); a key's
  /// default can depend on other keys (nn's training.epochs on model.type).
  std::vector<std::pair<std::string, std::string>> defaults;
  std::vector<std::string> checks;   ///< what the reader expects, in the order it checks
  std::vector<std::string> options;  ///< a choice's options
};

class SchemaRecorder {
 public:
  /// `given`: the document has the key (a value given is no sign of a default or a requirement).
  void record(const std::string& path, const std::string& type, const Key& key,
              const std::optional<std::string>& fallback, const std::vector<std::string>& options,
              bool given);
  /// `expected` is a check of `path`; `ok`: the value read passed it.
  void note_check(const std::string& path, const std::string& expected, bool ok);
  /// A value to try `path` with in another document (a choice's option, an absent key's value).
  void request(const std::string& path, const std::string& value);

  // One reading of one document: what it asked for and what it found.
  struct Pass {
    std::vector<std::pair<std::string, std::string>> overrides;  ///< path → YAML value
    std::vector<std::string> paths;                              ///< keys read, in order
    bool completed = false;      ///< the reader went through to the end
    bool checks_failed = false;  ///< some check did not hold (not a case `check` accepts)
  };
  Pass* pass = nullptr;  ///< the reading under way
  std::map<std::string, KeyRecord> keys;
  std::vector<std::string> order;  ///< paths in the order first read
  std::vector<std::pair<std::string, std::string>> requests;
};

struct Schema {
  std::map<std::string, KeyRecord> keys;
  std::vector<std::string> order;
  std::vector<SchemaRecorder::Pass> passes;  ///< in the order read (fewest overrides first)
};

/// Runs `read` (which loads a case from the document it is given, as `check` does) on `base`
/// and on every document the readings ask for (at most `max_passes`).
Schema explore_schema(const std::string& base,
                      const std::function<void(std::shared_ptr<CaseDocument>)>& read,
                      std::size_t max_passes = 2000);

/// The schema's paths with every section's keys right after it, each group in the order the
/// reader first asked for them.
std::vector<std::string> ordered_paths(const Schema& schema);

/// Sets the value at a dotted path with list entries (`a.b[0].c`) in `root`, creating maps and
/// one-entry lists on the way.
void set_path_value(YAML::Node root, const std::string& path, const YAML::Node& value);

}  // namespace fickle
