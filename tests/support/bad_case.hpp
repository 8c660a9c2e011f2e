// Bad-input tests: a small valid fick case whose line numbers the expected messages name, edits
// of it, and one row of a table of bad cases.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace fickle::testing {

inline const char* const kSmallFickCase =
    "kind: fick\n"                   // line 1
    "grid:\n"                        // 2
    "  cells: [16, 16]\n"            // 3
    "physics:\n"                     // 4
    "  D: 0.1\n"                     // 5
    "time: {dt: 0.01, end: 0.1}\n";  // 6

/// kSmallFickCase with `extra` from line 7 on.
inline std::string with(const std::string& extra) {
  return std::string(kSmallFickCase) + extra;
}
/// `text` with the first `from` replaced by `to`.
inline std::string replace(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

struct BadCase {
  const char* name;
  std::string yaml;      ///< the case file (any bytes)
  std::string sets;      ///< extra command-line arguments
  std::string expected;  ///< substring of the message
};

inline void PrintTo(const BadCase& b, std::ostream* os) {
  *os << b.name;
}

/// A parameterised test's name: the row's.
inline std::string bad_case_name(const ::testing::TestParamInfo<BadCase>& info) {
  return info.param.name;
}

}  // namespace fickle::testing
