// The strict case reader: typed reads with positions, defaults recorded for resolved.yaml,
// unknown keys (also inside lists) reported, --set overrides with their own location.
#include <gtest/gtest.h>

#include <fstream>

#include "app/input/case_reader.hpp"
#include "app/input/case_sections.hpp"

namespace fickle {
namespace {

std::shared_ptr<CaseDocument> document(const std::string& yaml) {
  const auto file = std::filesystem::temp_directory_path() / "fickle-reader-test.yaml";
  std::ofstream(file) << yaml;
  return CaseDocument::load(file);
}

// Every read names its key with a meaning; here the meaning is not what is tested.
Key k(const std::string& name) {
  return {name, "a key of this test"};
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const CaseError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CaseReader, ReadsTypedValuesAndRecordsDefaults) {
  auto doc = document("grid: {cells: [8, 4]}\ntime: {end: 1, steps: 4}\n");
  Section root = Section::root(doc);
  const Grid g = read_grid(root.section(k("grid")));
  EXPECT_EQ(g.dim, 2);
  EXPECT_DOUBLE_EQ(g.spacing(1), 0.25);
  const TimeSettings t = read_time(root.section(k("time")));
  EXPECT_DOUBLE_EQ(t.dt, 0.25);
  EXPECT_EQ(t.scheme, "beuler");
  doc->reject_unknown_keys();
  EXPECT_EQ(doc->resolved["time"]["dt"].as<double>(), 0.25);
  EXPECT_EQ(doc->resolved["time"]["scheme"].as<std::string>(), "beuler");
  EXPECT_EQ(doc->resolved["grid"]["periodic"].size(), 2u);
}

TEST(CaseReader, UnknownKeysInsideListsAreFoundWithTheirLine) {
  auto doc = document(
      "physics:\n  D:\n    value: 1\n    regions:\n      - {shape: box, lower: [0], upper: [1], "
      "value: 2, colour: red}\n");
  Section root = Section::root(doc);
  Grid g;
  Section physics = root.section(k("physics"));
  read_piecewise(physics, k("D"), 1.0, g);
  EXPECT_EQ(message_of([&] { doc->reject_unknown_keys(); }),
            doc->file.string() +
                ":5:56: physics.D.regions[0].colour: unknown key (known keys here: lower, shape, "
                "upper, value)");
}

TEST(CaseReader, OverridesReplaceValuesAndAreNamedInErrors) {
  auto doc = document("physics: {D: 1}\n");
  doc->apply_override("physics.D=0.5");
  doc->apply_override("grid.cells=[4, 4, 4]");
  Section root = Section::root(doc);
  Section physics = root.section(k("physics"));
  EXPECT_DOUBLE_EQ(physics.real(k("D")), 0.5);
  EXPECT_EQ(read_grid(root.section(k("grid"))).dim, 3);
  doc->apply_override("physics.D=[1, 2]");
  Section again = Section::root(doc).section(k("physics"));
  EXPECT_EQ(message_of([&] { again.real(k("D")); }),
            "--set physics.D: physics.D: expected a number, got a list of 2");
  // A list entry cannot be addressed (it made a key "obstacles[0]" and a puzzling hint before).
  EXPECT_EQ(message_of([&] { doc->apply_override("obstacles[0].surface=interpolated"); }),
            "--set obstacles[0].surface=interpolated: a key path cannot index a list "
            "('obstacles[0]'); set the whole list instead, e.g. --set 'obstacles=[{...}, {...}]'");
}

TEST(CaseReader, ChoicesListTheirOptions) {
  auto doc = document("scheme: leap\n");
  Section root = Section::root(doc);
  EXPECT_NE(message_of([&] {
              root.choice(k("scheme"), {"beuler", "cn"});
            }).find(":1:9: scheme: expected one of beuler, cn, got 'leap'"),
            std::string::npos);
}

// A file of `n` nodes: the root map, the key x, its list and n - 3 entries.
std::string nodes(std::size_t n) {
  std::string yaml = "x: [1";
  for (std::size_t i = 4; i < n; ++i) yaml += ", 1";
  return yaml + "]\n";
}

TEST(StrictYaml, AllowsOneHundredThousandNodesAndSixtyFourLevels) {
  EXPECT_EQ(message_of([&] { document(nodes(100000)); }), "no error");
  EXPECT_EQ(message_of([&] { document(nodes(100001)); }),
            document("{}")->file.string() +
                ":1:299996: x[99997]: more than 100000 YAML nodes once aliases are expanded");
  // The root map is level 1, x's list level 2.
  const auto deep = [](int lists) {
    return "x: " + std::string(lists, '[') + std::string(lists, ']') + "\n";
  };
  EXPECT_EQ(message_of([&] { document(deep(63)); }), "no error");
  EXPECT_NE(message_of([&] { document(deep(64)); }).find(":1:67: x"), std::string::npos);
  EXPECT_NE(message_of([&] { document(deep(64)); }).find("nested deeper than 64 levels"),
            std::string::npos);
}

TEST(StrictYaml, CountsEveryUseOfAnAnchorInFull) {
  std::string list = "[1";
  for (int i = 1; i < 50000; ++i) list += ", 1";
  list += "]";
  // 1 root + 2 keys + 2 × (1 list + 50000 entries) = 100005 nodes.
  EXPECT_NE(message_of([&] { document("a: &a " + list + "\nb: *a\n"); })
                .find(":2:4: b: more than 100000 YAML nodes once aliases are expanded (*a stands "
                      "for 50001)"),
            std::string::npos);
  EXPECT_EQ(message_of([&] { document("a: &a " + list + "\n"); }), "no error");
}

TEST(StrictYaml, DuplicateKeysAreFoundAtAnyDepthAndInOverrides) {
  const auto file = document("{}")->file.string();
  EXPECT_EQ(message_of([&] { document("a:\n  b:\n    - {c: 1}\n    - c: 1\n      c: 2\n"); }),
            file + ":5:7: a.b[1].c: duplicate key (first on line 4)");
  auto doc = document("a: 1\n");
  EXPECT_EQ(message_of([&] { doc->apply_override("a={b: {c: 1, c: 1}}"); }),
            "--set a={b: {c: 1, c: 1}}: a.b.c: duplicate key (first at column 6)");
  EXPECT_EQ(message_of([&] { document("a: 1\n...\n---\nb: 2\n"); }),
            file + ":3:1: a second YAML document (after ---), where one is expected");
  EXPECT_EQ(message_of([&] { document("a: 1\n---\n"); }),
            file + ":2:1: a second YAML document (after ---), where one is expected");
}

TEST(StrictYaml, EveryTypedReadRefusesANull) {
  auto doc = document("v: ~\nlist: [~]\nmaps: [~]\n");
  Section root = Section::root(doc);
  const std::vector<std::pair<std::string, std::function<void()>>> reads = {
      {"v: expected a number", [&] { root.real(k("v"), 1.0); }},
      {"v: expected a whole number", [&] { root.integer(k("v"), 1); }},
      {"v: expected true or false", [&] { root.boolean(k("v"), true); }},
      {"v: expected a string", [&] { root.text(k("v"), "x"); }},
      {"v: expected one of a, b",
       [&] {
         root.choice(k("v"), {"a", "b"}, "a");
       }},
      {"v: expected a list of numbers", [&] { root.reals(k("v"), 0, std::vector<double>{}); }},
      {"v: expected a map of keys", [&] { root.section(k("v")); }},
      {"v: expected a list of maps", [&] { root.sections(k("v")); }},
      {":2:8: list[0]: expected a number", [&] { root.reals(k("list"), 0); }},
      {":2:8: list[0]: expected a whole number", [&] { root.integers(k("list"), 0); }},
      {":2:8: list[0]: expected true or false", [&] { root.booleans(k("list"), 0); }},
      {":3:8: maps[0]: expected a map of keys", [&] { root.sections(k("maps")); }},
  };
  for (const auto& [expected, read] : reads) {
    const auto message = message_of(read);
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_NE(message.find("got null (no value)"), std::string::npos) << message;
  }
}

TEST(StrictYaml, ListEntriesAreNamedWithTheirOwnPlace) {
  auto doc = document("cells: [16,\n  x]\nlower: [0, .inf]\n");
  Section root = Section::root(doc);
  EXPECT_NE(message_of([&] {
              root.integers(k("cells"), 2);
            }).find(":2:3: cells[1]: expected a whole number, got 'x'"),
            std::string::npos);
  EXPECT_NE(message_of([&] {
              root.reals(k("lower"), 2);
            }).find(":3:12: lower[1]: expected a finite number, got '.inf'"),
            std::string::npos);
  doc->apply_override("lower=[0, abc]");
  Section again = Section::root(doc);
  EXPECT_EQ(message_of([&] { again.reals(k("lower"), 2); }),
            "--set lower: lower[1]: expected a number, got 'abc'");
}

}  // namespace
}  // namespace fickle
