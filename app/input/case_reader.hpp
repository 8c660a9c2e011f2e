// Strict reading of case.yaml into typed values.
//
// Every read names its key; the reader remembers which keys were read so that anything left over
// is reported as an unknown key, and it records every value (defaults included) for resolved.yaml.
// Errors name the file, line, column and dotted key, say what was expected and what was found:
//   cases/x/case.yaml:12:7: physics.D: expected a number > 0, got -1
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "meshes/grid.hpp"

namespace fickle {

/// Bad input: the message is complete (file:line:col: key: what was expected). Exit code 2.
class CaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The parsed file, the overrides applied to it, and what has been read so far.
struct CaseDocument {
  std::filesystem::path file;
  YAML::Node root;
  YAML::Node resolved{YAML::NodeType::Map};
  /// Dotted paths that --set assigned, and the sections it created for them; everything below an
  /// assigned path came from the command line too.
  std::set<std::string> overridden;
  /// Where overrides come from, for messages: empty for the command line's --set, else the place
  /// of a compare case's `set:` (file:line:column: particles.set).
  std::string override_origin;
  std::set<std::string> read;                          ///< dotted paths read
  std::map<std::string, std::set<std::string>> known;  ///< section path → keys asked for

  /// Runs a compare case makes before this document's case runs (`velocity: {from: flow}`):
  /// name → the grid it will have and its run directory (empty until it has run).
  struct PlannedRun {
    Grid grid;
    std::filesystem::path dir;
  };
  std::map<std::string, PlannedRun> planned_runs;
  /// Finished runs this case reads (a flow's velocity, a compare case's {run:} inputs): a run
  /// directory must never be, or hold, one of them (it would be cleaned before they are read).
  std::vector<std::filesystem::path> inputs;
  /// The case's `constants:` (name → value), which its expressions may use.
  std::map<std::string, double> constants;

  /// Parses `file` strictly (app/input/strict_yaml.hpp); any problem is a CaseError with its
  /// position.
  static std::shared_ptr<CaseDocument> load(const std::filesystem::path& file);
  /// Parses YAML text that errors will name as `file` (a case made up by a command).
  static std::shared_ptr<CaseDocument> parse(const std::string& text,
                                             const std::filesystem::path& file);
  /// Applies `key.path=value` (value parsed as YAML, e.g. `grid.cells=[32,32]`).
  void apply_override(const std::string& assignment);
  /// Throws CaseError for the first key present in the file that no reader asked for.
  void reject_unknown_keys() const;
  /// Where the node at dotted `path` came from, as messages start: "--set key.path" (the --set
  /// that assigned it or a section above it) or file:line:column of `mark`.
  std::string place(const std::string& path, const YAML::Mark& mark) const;
};

class Section {
 public:
  Section(std::shared_ptr<CaseDocument> doc, YAML::Node node, YAML::Node resolved,
          std::string path);
  /// The top-level section of a document.
  static Section root(std::shared_ptr<CaseDocument> doc);

  /// Whether `key` is present, also with no value (`key: ~`, which every typed read refuses).
  bool has(const std::string& key) const;
  bool is_map(const std::string& key) const;
  /// Whether `key` holds a number (rather than text, such as an expression).
  bool is_number(const std::string& key) const;

  double real(const std::string& key, std::optional<double> fallback = std::nullopt);
  long integer(const std::string& key, std::optional<long> fallback = std::nullopt);
  bool boolean(const std::string& key, std::optional<bool> fallback = std::nullopt);
  std::string text(const std::string& key, std::optional<std::string> fallback = std::nullopt);
  /// One of `options`.
  std::string choice(const std::string& key, const std::vector<std::string>& options,
                     std::optional<std::string> fallback = std::nullopt);
  /// A list of exactly `size` numbers (any size when 0).
  std::vector<double> reals(const std::string& key, std::size_t size,
                            std::optional<std::vector<double>> fallback = std::nullopt);
  std::vector<long> integers(const std::string& key, std::size_t size,
                             std::optional<std::vector<long>> fallback = std::nullopt);
  std::vector<bool> booleans(const std::string& key, std::size_t size,
                             std::optional<std::vector<bool>> fallback = std::nullopt);
  /// The value of `key` as it stands (marked as read): free-form values such as a compare case's
  /// `set:` overrides.
  YAML::Node raw(const std::string& key);
  /// The keys present in this section, each marked as read (for free-form maps such as petsc:).
  std::vector<std::string> keys();
  /// A nested map (an empty one when absent, so its defaults are still recorded).
  Section section(const std::string& key);
  /// A list of maps (empty when absent).
  std::vector<Section> sections(const std::string& key);

  /// Throws a CaseError located at `key` (or at this section when the key is absent).
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;
  /// fail(key, expected) unless `ok`.
  void require(bool ok, const std::string& key, const std::string& expected) const {
    if (!ok) fail(key, expected);
  }
  /// fail() with what was found said by the caller (a key's name rather than its value).
  [[noreturn]] void fail_found(const std::string& key, const std::string& expected,
                               const std::string& got) const;
  /// Throws a CaseError located at entry `index` of the list `key`: file:line:column of the entry:
  /// key[index]: expected ..., got the entry (at the list when the list is absent, as defaults
  /// are).
  [[noreturn]] void fail_entry(const std::string& key, std::size_t index,
                               const std::string& expected) const;
  /// fail_entry(key, index, expected) unless `ok`.
  void require_entry(bool ok, const std::string& key, std::size_t index,
                     const std::string& expected) const {
    if (!ok) fail_entry(key, index, expected);
  }
  std::string path_of(const std::string& key) const;
  /// file:line:column: key.path of `key` (or of this section), as error messages start.
  std::string location(const std::string& key) const { return where(key) + ": " + path_of(key); }
  /// The directory of the case file (relative paths in a case are relative to it).
  std::filesystem::path case_directory() const { return doc_->file.parent_path(); }
  const std::string& path() const { return path_; }
  const std::shared_ptr<CaseDocument>& document() const { return doc_; }
  /// What this section resolved to so far (defaults filled in): a sub-run's resolved.yaml.
  YAML::Node resolved() const { return resolved_; }
  /// The same keys read again from scratch into a fresh resolved node (a compare case reads its
  /// sub-cases once to check them and again, once the flow they use exists, to run them).
  Section reread() const { return Section(doc_, node_, YAML::Node(YAML::NodeType::Map), path_); }

 private:
  YAML::Node child(const std::string& key) const;
  void mark_read(const std::string& key);
  std::string where(const std::string& key) const;
  std::string found(const std::string& key) const;
  template <class T>
  std::vector<T> list(const std::string& key, std::size_t size,
                      const std::optional<std::vector<T>>& fallback, const std::string& expected,
                      const char* entry_expected);
  template <class T>
  T scalar(const std::string& key, const std::optional<T>& fallback, const char* expected);

  std::shared_ptr<CaseDocument> doc_;
  YAML::Node node_;
  YAML::Node resolved_;
  std::string path_;
};

}  // namespace fickle
