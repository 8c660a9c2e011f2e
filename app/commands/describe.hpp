// `fickle describe KIND [--template] [--json]`: every key a kind reads, with its type, default,
// range and meaning, recorded from the kind's own reader (app/input/schema.hpp), or a commented
// case.yaml that `fickle check` accepts.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/input/schema.hpp"

namespace fickle {

/// The reader of `kind`: load_case on a document, as `check` runs it.
std::function<void(std::shared_ptr<CaseDocument>)> kind_reader(const std::string& kind);
/// The schema of `kind`: its reader explored on every choice.
Schema kind_schema(const std::string& kind);

/// The text `describe` prints: one block per key.
std::string describe_text(const std::string& kind, const Schema& schema);
/// The same as JSON: {"kind", "keys": [{path, type, required, default, defaults, meaning, checks,
/// options}]}.
std::string describe_json(const std::string& kind, const Schema& schema);
/// A commented case.yaml of `kind` (key_template.cpp).
std::string key_template(const std::string& kind, const Schema& schema);

/// The command: prints one of the three (rank 0); 2 for an unknown kind.
int describe_kind(const std::string& kind, bool as_template, bool as_json);

}  // namespace fickle
