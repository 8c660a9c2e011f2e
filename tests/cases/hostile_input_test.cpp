// Hostile input ("nothing lost, nothing injected, nothing hung"): YAML that hides keys (duplicates,
// second documents, complex keys), aliases that explode or loop, null values, list entries, numbers
// that overflow, bytes that are not UTF-8, PETSc option names, output paths and commands. Every
// refusal exits with code 2, names the place and the key, and writes nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "tests/support/bad_case.hpp"
#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

const char* const kValid = kSmallFickCase;
using Hostile = BadCase;

// `check` and `run` refuse the case with exit code 2 and the message, and `run` writes nothing; a
// problem in a --set value is never placed in case.yaml.
void expect_refused(const fs::path& dir, const std::string& args, const std::string& expected) {
  for (const char* command : {"check", "run"}) {
    const bool run = std::string(command) == "run";
    const auto out = run_fickle(fmt::format("{} {} {} {}", command, dir.string(), args,
                                            run ? "-o " + (dir / "out").string() : ""));
    EXPECT_EQ(out.exit_code, 2) << command << ":\n" << out.output;
    EXPECT_NE(out.output.find(expected), std::string::npos)
        << command << ": expected '" << expected << "' in:\n"
        << out.output;
    if (args.starts_with("--set")) {
      EXPECT_EQ(out.output.find("case.yaml:"), std::string::npos)
          << command << ": a --set value named as a place in case.yaml:\n"
          << out.output;
    }
    EXPECT_FALSE(fs::exists(dir / "out")) << "a refused case must write nothing";
    EXPECT_FALSE(fs::exists(dir / "output")) << "a refused case must write nothing";
  }
}

class HostileCase : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileCase, IsRefusedWithExitCodeTwoNamingThePlaceAndWritingNothing) {
  const auto& h = GetParam();
  const fs::path dir = scratch_dir();
  std::ofstream(dir / "case.yaml", std::ios::binary) << h.yaml;
  expect_refused(dir, h.sets, h.expected);
}

// 1: keys that YAML::Load would silently merge or drop.
INSTANTIATE_TEST_SUITE_P(
    HiddenKeys, HostileCase,
    ::testing::Values(
        Hostile{"DuplicateKey", replace(kValid, "  D: 0.1", "  D: 0.1\n  D: 5"), "",
                "case.yaml:6:3: physics.D: duplicate key (first on line 5)"},
        Hostile{"DuplicateQuotedKey", replace(kValid, "  D: 0.1", "  D: 0.1\n  \"D\": 5"), "",
                "case.yaml:6:3: physics.D: duplicate key (first on line 5)"},
        Hostile{"DuplicateSection", with("time: {dt: 0.02, end: 0.1}\n"), "",
                "case.yaml:7:1: time: duplicate key (first on line 6)"},
        Hostile{"DuplicateKeyInAListOfMaps",
                replace(kValid, "  D: 0.1",
                        "  D: {value: 1, regions: [{shape: box, lower: [0, 0], upper: [1, 1], "
                        "value: 2, value: 3}]}"),
                "",
                "case.yaml:5:80: physics.D.regions[0].value: duplicate key (first at column 70)"},
        Hostile{"SecondDocument", with("---\nkind: stokes\n"), "",
                "case.yaml:7:1: a second YAML document (after ---)"},
        Hostile{"ListAsAKey", with("? [a, b]\n: 1\n"), "", "case.yaml:7:3: a list or map as a key"},
        Hostile{"MapAsANestedKey", replace(kValid, "  D: 0.1", "  D: 0.1\n  ? {x: 1}\n  : 2"), "",
                "case.yaml:6:5: physics: a list or map as a key"},
        Hostile{"NullKey", with("~: 1\n"), "", "case.yaml:7:1: a key that is null"}),
    bad_case_name);

std::string nested(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// 2: aliases and nesting that would take unbounded work.
INSTANTIATE_TEST_SUITE_P(
    Bounds, HostileCase,
    ::testing::Values(
        Hostile{"AliasInsideItsOwnAnchor", with("fickle: {a: &a [x, *a]}\n"), "",
                "case.yaml:7:20: fickle.a[1]: an alias (*a) inside the node it names"},
        Hostile{"NestingDeeperThanTheLimit", with("fickle: {x: " + nested(100) + "}\n"), "",
                "case.yaml:7:75: fickle.x[0][0]"},
        Hostile{"NestingDeeperThanTheLimitSaysSo", with("fickle: {x: " + nested(100) + "}\n"), "",
                "nested deeper than 64 levels"},
        Hostile{"NestingDeeperThanYamlCppAllows", with("x: " + nested(600) + "\n"), "",
                "case.yaml:7:67: x[0][0]"},
        Hostile{"NestingDeeperThroughAnAlias",
                with("fickle:\n  a: &a " + nested(40) + "\n  b: " + std::string(30, '[') + "*a" +
                     std::string(30, ']') + "\n"),
                "", "case.yaml:9:36: fickle.b[0][0]"}),
    bad_case_name);

// 3: a key with no value is not a missing key.
INSTANTIATE_TEST_SUITE_P(
    Nulls, HostileCase,
    ::testing::Values(
        Hostile{"NullNumber", replace(kValid, "D: 0.1", "D: ~"), "",
                "case.yaml:5:3: physics.D: expected a number, got null (no value)"},
        Hostile{"EmptyNumber", replace(kValid, "D: 0.1", "D:"), "",
                "case.yaml:5:3: physics.D: expected a number, got null (no value)"},
        Hostile{"NullSection", replace(kValid, "grid:\n  cells: [16, 16]", "grid: ~"), "",
                "case.yaml:2:1: grid: expected a map of keys, got null (no value)"},
        Hostile{"NullListEntry", replace(kValid, "[16, 16]", "[16, ~]"), "",
                "case.yaml:3:15: grid.cells[1]: expected a whole number, got null (no value)"},
        Hostile{"NullText", with("title: ~\n"), "",
                "case.yaml:7:1: title: expected a string, got null (no value)"},
        Hostile{"NullInteger", with("output: {every: ~}\n"), "",
                "output.every: expected a whole number, got null (no value)"},
        Hostile{"NullList", with("initial: {type: gaussian, center: ~}\n"), "",
                "initial.center: expected a list of 2 numbers, got null (no value)"},
        Hostile{"NullBooleanEntry",
                replace(kValid, "[16, 16]", "[16, 16]\n  periodic: [true, null]"), "",
                "case.yaml:4:20: grid.periodic[1]: expected true or false, got null (no value)"},
        Hostile{"NullListOfMaps", replace(kValid, "D: 0.1", "D: {value: 1, regions: ~}"), "",
                "physics.D.regions: expected a list of maps, got null (no value)"},
        Hostile{"EmptyOverride", kValid, "--set physics.D=",
                "--set physics.D=: expected a value (physics.D=null removes the key), got "
                "nothing"},
        Hostile{"NullOverrideOfARequiredKey", kValid, "--set time.end=null",
                "--set time.end: time.end: expected a number (this key is required), got nothing"}),
    bad_case_name);

// 4: a --set value is reported at its --set argument, never at a place in the case file.
const std::string kRegion = "--set 'physics.D={value: 0.01, regions: [{shape: box, ";
INSTANTIATE_TEST_SUITE_P(
    Overrides, HostileCase,
    ::testing::Values(
        Hostile{"NotANumber", kValid, "--set physics.D=abc",
                "--set physics.D: physics.D: expected a number or an expression in x, y, z, t, got "
                "'abc'"},
        Hostile{"InvalidYaml", kValid, "--set 'grid.cells=[16,'",
                "--set grid.cells=[16,: invalid YAML value: end of sequence flow not found"},
        Hostile{"ListInsideAnOverride", kValid, kRegion + "lower: [0], upper: [1], value: 1}]}'",
                "--set physics.D: physics.D.regions[0].lower: expected a list of 2 numbers, got "
                "a list of 1"},
        Hostile{"UnknownKeyInsideAListOfAnOverride", kValid,
                kRegion + "lower: [0, 0], upper: [1, 1], value: 1, colour: red}]}'",
                "--set physics.D: physics.D.regions[0].colour: unknown key"},
        Hostile{"NotAMapInsideAnOverride", kValid, "--set 'physics.D={value: 0.01, regions: [5]}'",
                "--set physics.D: physics.D.regions[0]: expected a map of keys"},
        Hostile{"DuplicateKeyInAnOverride", kValid, "--set 'physics={D: 1, D: 2}'",
                "--set physics={D: 1, D: 2}: physics.D: duplicate key (first at column 2)"},
        Hostile{"SecondDocumentInAnOverride", kValid, "--set \"$(printf 'title=a\\n---\\nb')\"",
                "a second YAML document (after ---)"}),
    bad_case_name);

// 5 and 6: list entries are named, numbers are finite and so is the cell size.
INSTANTIATE_TEST_SUITE_P(
    Numbers, HostileCase,
    ::testing::Values(
        Hostile{"NegativeCellCount", replace(kValid, "[16, 16]", "[16, -4]"), "",
                "case.yaml:3:15: grid.cells[1]: expected a whole number >= 2, got '-4'"},
        Hostile{"HugeCellCount", replace(kValid, "[16, 16]", "[16, 2000000000]"), "",
                "case.yaml:3:15: grid.cells[1]: expected a whole number <= 2^30"},
        Hostile{"NegativeCellCountInAnOverride", kValid, "--set 'grid.cells=[16,-4]'",
                "--set grid.cells: grid.cells[1]: expected a whole number >= 2, got '-4'"},
        Hostile{"EntryNotANumber", replace(kValid, "[16, 16]", "[16, 16]\n  lower: [0, abc]"), "",
                "case.yaml:4:14: grid.lower[1]: expected a number, got 'abc'"},
        Hostile{"ModeEntry", with("initial: {type: sine, modes: [1, 0]}\n"), "",
                "case.yaml:7:34: initial.modes[1]: expected a mode number >= 1, got '0'"},
        Hostile{"CellSizeOverflows",
                replace(kValid, "[16, 16]", "[16, 16]\n  lower: [-1e308, 0]\n  upper: [1e308, 1]"),
                "", "case.yaml:5:11: grid.upper[0]: expected a finite cell size (upper - lower)/"},
        Hostile{"NotANumberEntry", replace(kValid, "[16, 16]", "[16, 16]\n  lower: [.nan, 0]"), "",
                "case.yaml:4:11: grid.lower[0]: expected a finite number, got '.nan'"},
        Hostile{"InfiniteEntry", replace(kValid, "[16, 16]", "[16, 16]\n  upper: [.inf, 1]"), "",
                "case.yaml:4:11: grid.upper[0]: expected a finite number, got '.inf'"},
        Hostile{"InfiniteRegionValue",
                replace(kValid, "D: 0.1",
                        "D: {value: 1, regions: [{shape: sphere, center: [0.5, -.inf], radius: "
                        "0.1, value: 2}]}"),
                "", "physics.D.regions[0].center[1]: expected a finite number, got '-.inf'"}),
    bad_case_name);

// 7 and 8: text that is not UTF-8, PETSc option names.
INSTANTIATE_TEST_SUITE_P(
    TextAndNames, HostileCase,
    ::testing::Values(
        Hostile{"TitleNotUtf8",
                with("title: \"caf\xe9"
                     "\"\n"),
                "",
                "case.yaml:7:8: title: expected valid UTF-8 text, got bytes that are not valid "
                "UTF-8 text"},
        Hostile{"PathNotUtf8",
                replace(kValid, "  D: 0.1",
                        "  D: 0.1\n  velocity: {from: \"flow\xff"
                        "\"}"),
                "", "case.yaml:6:20: physics.velocity.from: expected valid UTF-8 text"},
        Hostile{"OverrideNotUtf8", kValid, "--set \"title=$(printf 'caf\\351')\"",
                "--set title: title: expected valid UTF-8 text"},
        Hostile{"PetscNameWithASpace", with("petsc: {\"ksp type\": cg}\n"), "",
                "case.yaml:7:21: petsc.ksp type: expected a PETSc option name (letters, digits "
                "and _)"},
        Hostile{"PetscEmptyName", with("petsc: {\"\": cg}\n"), "",
                "case.yaml:7:13: petsc: expected a PETSc option name (letters, digits and _), "
                "got an empty name"},
        Hostile{"PetscNameWithItsDash", with("petsc: {-ksp_type: cg}\n"), "",
                "case.yaml:7:20: petsc.-ksp_type: expected a PETSc option name without its "
                "leading '-' (ksp_type)"}),
    bad_case_name);

// A 1 KB chain of aliases expanding to 10^9 nodes (it took minutes): refused at once.
TEST(HostileInput, ABillionLaughsIsRefusedWithinSeconds) {
  const fs::path dir = scratch_dir();
  std::string yaml = with("fickle:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
  for (int i = 1; i <= 8; ++i) {
    yaml += fmt::format("  a{}: &a{} [", i, i);
    for (int j = 0; j < 10; ++j) yaml += fmt::format("{}*a{}", j ? ", " : "", i - 1);
    yaml += "]\n";
  }
  ASSERT_LT(yaml.size(), 1024u);
  std::ofstream(dir / "case.yaml") << yaml;
  const auto start = std::chrono::steady_clock::now();
  expect_refused(
      dir, "",
      "case.yaml:12:47: fickle.a4[7]: more than 100000 YAML nodes once aliases are expanded (*a3 "
      "stands for 11111)");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took.count(), 20.0) << "four fickle processes refusing at once";
}

// A doubling chain inside a compare case's set: map (it ended in std::bad_alloc).
TEST(HostileInput, ADoublingChainInACompareSetIsRefused) {
  const fs::path dir = scratch_dir();
  fs::create_directories(dir / "pde");
  std::ofstream(dir / "pde" / "case.yaml")
      << "kind: fick\ngrid: {cells: [16]}\ntime: {dt: 0.01, end: 0.1}\n";
  std::string yaml =
      "kind: compare\n"
      "particles: {kind: particles, model: brownian, count: 100, grid: {cells: [16]}, "
      "physics: {D: 1}, time: {dt: 0.01, end: 0.1}}\n"
      "pde:\n  case: ../pde\n  set:\n    a0: &a0 [x, x]\n";
  for (int i = 1; i <= 20; ++i)
    yaml += fmt::format("    a{}: &a{} [*a{}, *a{}]\n", i, i, i - 1, i - 1);
  fs::create_directories(dir / "case");
  std::ofstream(dir / "case" / "case.yaml") << yaml;
  expect_refused(dir / "case", "",
                 "case.yaml:20:22: pde.set.a14[1]: more than 100000 YAML nodes once aliases are "
                 "expanded (*a13 stands for 32767)");
}

// Nothing lost: a compare case's set: may hold lists of maps (they were called unknown keys).
TEST(HostileInput, ACompareSetMayHoldAListOfMaps) {
  const fs::path dir = scratch_dir();
  fs::create_directories(dir / "pde");
  std::ofstream(dir / "pde" / "case.yaml")
      << "kind: fick\ngrid: {cells: [16]}\ntime: {dt: 0.01, end: 0.1}\n";
  std::ofstream(dir / "case.yaml")
      << "kind: compare\n"
         "particles: {kind: particles, model: brownian, count: 100, grid: {cells: [16]}, "
         "physics: {D: 1}, time: {dt: 0.01, end: 0.1}}\n"
         "pde:\n  case: pde\n  set:\n"
         "    physics: {D: {value: 1, regions: [{shape: box, lower: [0], upper: [0.5], value: "
         "2}]}}\n";
  const auto out = run_fickle("check " + dir.string());
  EXPECT_EQ(out.exit_code, 0) << out.output;
}

// Nothing injected: a set: key with '=' would have set time.end through a comment.
TEST(HostileInput, ACompareSetKeyWithAnEqualsSignIsRefused) {
  const fs::path dir = scratch_dir();
  fs::create_directories(dir / "case" / "pde");
  std::ofstream(dir / "case" / "pde" / "case.yaml")
      << "kind: fick\ngrid: {cells: [16]}\ntime: {dt: 0.01, end: 0.1}\n";
  std::ofstream(dir / "case" / "case.yaml")
      << "kind: compare\n"
         "particles: {kind: particles, model: brownian, count: 100, grid: {cells: [16]}, "
         "physics: {D: 1}, time: {dt: 0.01, end: 0.1}}\n"
         "pde:\n  case: pde\n  set:\n    \"time.end=0.05 #\": 1\n";
  expect_refused(dir / "case", "", "pde.set.time.end=0.05 #: expected key names without '='");
}

// A scratch directory holding the small valid case.
fs::path valid_case_dir() {
  const fs::path dir = scratch_dir();
  std::ofstream(dir / "case.yaml") << kValid;
  return dir;
}

// `fickle ARGS` exits with code 2 and says `expected`.
void expect_exit_two(const std::string& args, const std::string& expected) {
  const auto out = run_fickle(args);
  EXPECT_EQ(out.exit_code, 2) << args << ":\n" << out.output;
  EXPECT_NE(out.output.find(expected), std::string::npos)
      << args << ": expected '" << expected << "' in:\n"
      << out.output;
}

// 7: paths on the command line that are not UTF-8 would end the run on a JSON error.
TEST(HostileCommandLine, ACasePathThatIsNotUtf8IsRefusedUpFront) {
  const fs::path bad = scratch_dir() / std::string("caf\xe9");
  fs::create_directories(bad);
  std::ofstream(bad / "case.yaml") << kValid;
  expect_exit_two(fmt::format("run \"{}\"", bad.string()), ": expected a path of valid UTF-8 text");
  EXPECT_FALSE(fs::exists(bad / "output"));
}

TEST(HostileCommandLine, AnOutputPathThatIsNotUtf8IsRefusedUpFront) {
  const fs::path dir = valid_case_dir();
  expect_exit_two(fmt::format("run {} -o \"{}/$(printf 'out\\351')\"", dir.string(), dir.string()),
                  "-o " + dir.string() + "/out\xe9: expected a path of valid UTF-8 text");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1)
      << "only case.yaml";
}

// 8: an option name with a space after `--`.
TEST(HostileCommandLine, APetscOptionNameWithASpaceIsRefused) {
  const fs::path dir = valid_case_dir();
  expect_exit_two(
      fmt::format("run {} -o {} -- '-ksp type' cg", dir.string(), (dir / "out").string()),
      "-- '-ksp type': expected a PETSc option name");
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// 9: output paths.
TEST(HostileCommandLine, AnEmptyOutputPathIsRefused) {
  const fs::path dir = valid_case_dir();
  expect_exit_two(fmt::format("run {} -o ''", dir.string()),
                  "-o: expected a directory, got an empty path");
  expect_exit_two("compare a b -o ''", "-o: expected a directory, got an empty path");
  EXPECT_FALSE(fs::exists(dir / "output"));
}

TEST(HostileCommandLine, AnOutputPathThatIsAFileIsNamedAsOne) {
  const fs::path dir = valid_case_dir();
  std::ofstream(dir / "notes.txt") << "mine";
  for (const fs::path& out : {dir / "notes.txt", dir / "notes.txt" / "run"})
    expect_exit_two(fmt::format("run {} -o {}", dir.string(), out.string()),
                    fmt::format("-o {}: {} is a file, not a directory", out.string(),
                                (dir / "notes.txt").string()));
  EXPECT_EQ(read_text(dir / "notes.txt"), "mine");
}

// 10: commands.
TEST(HostileCommandLine, AnUnknownCommandIsNamedAndTheCommandsListed) {
  expect_exit_two(
      "frobnicate",
      "fickle: unknown command 'frobnicate' (commands: run, compare, sweep, check, analyse, list, "
      "describe, view)");
}

TEST(HostileCommandLine, NoCommandPrintsTheUsage) {
  for (const char* expected : {"Usage:", "run", "check", "compare", "list", "--help"})
    expect_exit_two("", expected);
}

}  // namespace
}  // namespace fickle::testing
