// YAML text read strictly: one document, unique keys that are names, and a bounded amount of work.
//
// yaml-cpp's YAML::Load keeps the first of two equal keys and drops the second, ignores every
// document after the first, accepts lists and maps as keys, and keeps an alias as a pointer to its
// anchor, so that a 1 KB chain of aliases (a "billion laughs") is a graph of 10^9 nodes to whoever
// walks it. The checks here run on yaml-cpp's event stream (YAML::Parser with an EventHandler),
// which sees every key with its own position before the tree merges them, sees aliases as
// references whose size is known once their anchor has ended, and sees nesting as it happens: the
// check stops at the first problem, after work proportional to the text and never more than the
// limits. Only a text that passes is built into nodes (YAML::Load parses it a second time).
//
// docs/cases.md ("Error messages") lists the limits and the messages.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace fickle {

/// Nodes (scalars, lists and maps, keys included) of one text with every alias counted at the
/// size of what it names. fickle's largest ready case has under 200.
inline constexpr std::size_t kMaxYamlNodes = 100000;
/// Lists and maps inside each other (the top-level map is level 1). Cases need 5 or fewer.
inline constexpr int kMaxYamlDepth = 64;

/// Where a position in the text is, for messages: "file:line:column" for a file, "--set k=v" for
/// a value given on the command line.
using YamlPlace = std::function<std::string(const YAML::Mark&)>;

/// Parses `text`, which must hold at most one YAML document (none gives a null node). Syntax errors
/// are thrown as YAML::ParserException; a second document, a duplicate key, a list, map or null as
/// a key, an alias inside its own anchor, more than kMaxYamlNodes nodes or nesting deeper than
/// kMaxYamlDepth as a CaseError "PLACE: key.path: what" (keys below `root`, the dotted path the
/// text stands at: "" for a case file, the key of a --set).
YAML::Node parse_strict_yaml(const std::string& text, const YamlPlace& place,
                             const std::string& root = "");

/// "file:line:column" of a position in `file` (just "file" when the mark is null).
std::string file_position(const std::filesystem::path& file, const YAML::Mark& mark);

/// A YAML file read with parse_strict_yaml (positions "file:line:column"); syntax errors become a
/// CaseError "file:line:column: invalid YAML: ...".
YAML::Node load_strict_yaml(const std::filesystem::path& file);

/// The offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
/// code points above U+10FFFF are invalid), or nothing when all of `text` is valid.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

/// "bytes that are not valid UTF-8 text (byte 4 is 0xE9)": what a message says it got.
std::string invalid_utf8_found(std::string_view text, std::size_t at);

}  // namespace fickle
