#include "app/input/strict_yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "app/input/case_reader.hpp"

namespace fickle {

namespace {

std::string key_path(const std::string& map, const std::string& key) {
  return map.empty() ? key : map + "." + key;
}

// Checks one document as its events arrive: stops at a limit at once, keeps the first other
// problem for throw_problem().
class StrictHandler final : public YAML::EventHandler {
 public:
  StrictHandler(const YamlPlace& place, std::string root) : place_(place), root_(std::move(root)) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0)
      fail(mark, "", "a second YAML document (after ---), where one is expected");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    scalar(mark, anchor, std::nullopt);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    scalar(mark, anchor, value);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapEnd() override { close(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  /// The first problem found, once the document has parsed (a syntax error comes first).
  void throw_problem() const {
    if (problem_) throw *problem_;
  }

 private:
  // An open list or map.
  struct Frame {
    bool map = false;
    std::string path;  ///< its dotted key path
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t nodes_before = 0;  ///< nodes_ before it started: its size is the difference
    int height = 1;                ///< levels from it down, itself included
    bool at_key = true;            ///< a map: the next node is a key
    std::string key;               ///< a map: the key whose value comes next
    std::map<std::string, YAML::Mark> keys;  ///< a map: its keys so far
    std::size_t index = 0;                   ///< a list: the index of the next entry
  };
  // What an anchor names, once its node has ended.
  struct Anchor {
    std::string name;
    bool ended = false;
    std::size_t nodes = 1;
    int height = 0;                     ///< 0 for a scalar
    std::optional<std::string> scalar;  ///< a scalar's text (none for null, lists and maps)
  };

  CaseError error(const YAML::Mark& mark, const std::string& path, const std::string& what) const;
  // A limit: stop at once, so that the work stays bounded.
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& path,
                         const std::string& what) const {
    throw_problem();
    throw error(mark, path, what);
  }
  // A problem in what may still turn out to be a syntax error (the events of "[16," are not a
  // list): kept until the document has parsed.
  void defer(const YAML::Mark& mark, const std::string& path, const std::string& what) {
    if (!problem_) problem_ = error(mark, path, what);
  }
  std::string next_path() const;
  void count(const YAML::Mark& mark, std::size_t nodes, int depth, const std::string& alias);
  void check_key(const YAML::Mark& mark, const std::optional<std::string>& key, bool collection);
  void ended();
  void scalar(const YAML::Mark& mark, YAML::anchor_t anchor, std::optional<std::string> value);
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map);
  void close();

  const YamlPlace& place_;
  std::string root_;
  std::optional<CaseError> problem_;
  int documents_ = 0;
  std::size_t nodes_ = 0;
  std::vector<Frame> open_;
  std::unordered_map<YAML::anchor_t, Anchor> anchors_;
  std::string anchor_name_;  ///< the name of the anchor the next node carries
};

CaseError StrictHandler::error(const YAML::Mark& mark, const std::string& path,
                               const std::string& what) const {
  // A path 64 levels deep is mostly [0][0]...: its start says where.
  std::string shown = path;
  if (shown.size() > 80) shown = shown.substr(0, shown.find_last_of(".[", 60)) + "...";
  return CaseError(fmt::format("{}: {}{}", place_(mark), shown.empty() ? "" : shown + ": ", what));
}

// The dotted path of the node that starts now; for a key, its map's path.
std::string StrictHandler::next_path() const {
  if (open_.empty()) return root_;
  const Frame& f = open_.back();
  if (!f.map) return fmt::format("{}[{}]", f.path, f.index);
  return f.at_key ? f.path : key_path(f.path, f.key);
}

// `nodes` more nodes reaching `depth` levels at `mark` (`alias` names the alias that stands for
// them, if one does).
void StrictHandler::count(const YAML::Mark& mark, std::size_t nodes, int depth,
                          const std::string& alias) {
  const std::string through =
      alias.empty() ? "" : fmt::format(" (*{} stands for {})", alias, nodes);
  if (depth > kMaxYamlDepth)
    fail(mark, next_path(),
         fmt::format("nested deeper than {} levels of lists and maps{}", kMaxYamlDepth, through));
  nodes_ += nodes;
  if (nodes_ > kMaxYamlNodes)
    fail(
        mark, next_path(),
        fmt::format("more than {} YAML nodes once aliases are expanded{}", kMaxYamlNodes, through));
}

// A node that starts at `mark` as the next key of the innermost map, if that is what it is: keys
// are names (scalars), each once per map.
void StrictHandler::check_key(const YAML::Mark& mark, const std::optional<std::string>& key,
                              bool collection) {
  if (open_.empty() || !open_.back().map || !open_.back().at_key) return;
  Frame& map = open_.back();
  if (collection || !key) {
    defer(mark, map.path,
          collection ? "a list or map as a key (keys are names)"
                     : "a key that is null (~, null or nothing before the ':')");
    return;
  }
  const auto [first, added] = map.keys.emplace(*key, mark);
  if (!added) {
    const YAML::Mark& was = first->second;
    defer(mark, key_path(map.path, *key),
          was.line == mark.line ? fmt::format("duplicate key (first at column {})", was.column + 1)
                                : fmt::format("duplicate key (first on line {})", was.line + 1));
  }
  map.key = *key;
}

// A node has ended: the map after its key expects a value (or the next key), a list its next entry.
void StrictHandler::ended() {
  if (open_.empty()) return;
  Frame& f = open_.back();
  if (f.map)
    f.at_key = !f.at_key;
  else
    ++f.index;
}

void StrictHandler::scalar(const YAML::Mark& mark, YAML::anchor_t anchor,
                           std::optional<std::string> value) {
  check_key(mark, value, false);
  count(mark, 1, static_cast<int>(open_.size()), "");
  if (anchor != YAML::NullAnchor) anchors_[anchor] = {anchor_name_, true, 1, 0, std::move(value)};
  ended();
}

void StrictHandler::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  const Anchor& a = anchors_.at(anchor);  // yaml-cpp refuses an alias to no anchor
  // yaml-cpp registers an anchor before its content, so `&a [*a]` would be a loop.
  if (!a.ended)
    defer(mark, next_path(), fmt::format("an alias (*{}) inside the node it names", a.name));
  check_key(mark, a.scalar, a.height > 0);
  count(mark, a.nodes, static_cast<int>(open_.size()) + a.height, a.name);
  if (!open_.empty()) open_.back().height = std::max(open_.back().height, a.height + 1);
  ended();
}

void StrictHandler::open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
  check_key(mark, std::nullopt, true);
  count(mark, 1, static_cast<int>(open_.size()) + 1, "");
  Frame f;
  f.map = map;
  f.path = next_path();
  f.anchor = anchor;
  f.nodes_before = nodes_ - 1;
  if (anchor != YAML::NullAnchor) anchors_[anchor] = {anchor_name_, false, 1, 0, std::nullopt};
  open_.push_back(std::move(f));
}

void StrictHandler::close() {
  const Frame f = std::move(open_.back());
  open_.pop_back();
  if (f.anchor != YAML::NullAnchor) {
    Anchor& a = anchors_[f.anchor];
    a.ended = true;
    a.nodes = nodes_ - f.nodes_before;
    a.height = f.height;
  }
  if (!open_.empty()) open_.back().height = std::max(open_.back().height, f.height + 1);
  ended();
}

}  // namespace

std::string file_position(const std::filesystem::path& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file.string();
  return fmt::format("{}:{}:{}", file.string(), mark.line + 1, mark.column + 1);
}

YAML::Node parse_strict_yaml(const std::string& text, const YamlPlace& place,
                             const std::string& root) {
  {
    std::istringstream in(text);
    YAML::Parser parser(in);
    StrictHandler handler(place, root);
    // The second call only looks for a second document: the handler refuses one at its start.
    if (parser.HandleNextDocument(handler)) {
      handler.throw_problem();
      parser.HandleNextDocument(handler);
    }
  }
  return YAML::Load(text);
}

YAML::Node load_strict_yaml(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CaseError(fmt::format("{}: cannot read", file.string()));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return parse_strict_yaml(text.str(),
                             [&](const YAML::Mark& mark) { return file_position(file, mark); });
  } catch (const YAML::Exception& e) {
    throw CaseError(fmt::format("{}: invalid YAML: {}", file_position(file, e.mark), e.msg));
  }
}

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The number of continuation bytes, the lead byte's payload, the smallest code point allowed.
    const int more = (lead & 0xE0) == 0xC0   ? 1
                     : (lead & 0xF0) == 0xE0 ? 2
                     : (lead & 0xF8) == 0xF0 ? 3
                                             : 0;
    if (more == 0) return i;
    char32_t code = lead & (0x3F >> more);
    for (int k = 1; k <= more; ++k) {
      if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
        return i;
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    const char32_t smallest = more == 1 ? 0x80 : more == 2 ? 0x800 : 0x10000;
    if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += static_cast<std::size_t>(more) + 1;
  }
  return std::nullopt;
}

std::string invalid_utf8_found(std::string_view text, std::size_t at) {
  return fmt::format("bytes that are not valid UTF-8 text (byte {} is 0x{:02X})", at + 1,
                     static_cast<unsigned char>(text[at]));
}

}  // namespace fickle
