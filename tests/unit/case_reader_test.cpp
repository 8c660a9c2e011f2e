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
  const Grid g = read_grid(root.section("grid"));
  EXPECT_EQ(g.dim, 2);
  EXPECT_DOUBLE_EQ(g.spacing(1), 0.25);
  const TimeSettings t = read_time(root.section("time"));
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
  Section physics = root.section("physics");
  read_piecewise(physics, "D", 1.0, g);
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
  Section physics = root.section("physics");
  EXPECT_DOUBLE_EQ(physics.real("D"), 0.5);
  EXPECT_EQ(read_grid(root.section("grid")).dim, 3);
  doc->apply_override("physics.D=[1, 2]");
  Section again = Section::root(doc).section("physics");
  EXPECT_EQ(message_of([&] { again.real("D"); }),
            "--set physics.D: physics.D: expected a number, got a list of 2");
}

TEST(CaseReader, ChoicesListTheirOptions) {
  auto doc = document("scheme: leap\n");
  Section root = Section::root(doc);
  EXPECT_NE(message_of([&] {
              root.choice("scheme", {"beuler", "cn"});
            }).find(":1:9: scheme: expected one of beuler, cn, got 'leap'"),
            std::string::npos);
}

}  // namespace
}  // namespace fickle
