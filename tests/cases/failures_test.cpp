// Bad input and failing runs: exit codes, messages that name file, line and key, and nothing
// written before validation passes; a diverging run stops with a clear message and keeps its
// last good snapshot.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/bad_case.hpp"
#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

const char* const kValid = kSmallFickCase;
using BadInput = BadCase;

class FickBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(FickBadInput, IsRejectedWithExitCodeTwoAndAPreciseMessage) {
  const auto& bad = GetParam();
  const fs::path dir = scratch_dir();
  {
    std::ofstream out(dir / "case.yaml");
    out << bad.yaml;
  }
  for (const char* command : {"check", "run"}) {
    const auto out = run_fickle(
        fmt::format("{} {} {} {}", command, dir.string(), bad.sets,
                    std::string(command) == "run" ? "-o " + (dir / "out").string() : ""));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find(bad.expected), std::string::npos)
        << "expected '" << bad.expected << "' in:\n"
        << out.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << "a rejected case must write nothing";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FickBadInput,
    ::testing::Values(
        BadInput{"UnknownKeyWithHint", replace(kValid, "  D: 0.1", "  Dd: 0.1"), "",
                 "case.yaml:5:3: physics.Dd: unknown key (did you mean 'D'?)"},
        BadInput{"UnknownSection", with("outptu: {every: 1}\n"), "",
                 "case.yaml:7:1: outptu: unknown key"},
        BadInput{"NegativeDiffusivity", replace(kValid, "D: 0.1", "D: -1"), "",
                 "case.yaml:5:6: physics.D: expected a diffusivity > 0 everywhere"},
        BadInput{"NotANumber", replace(kValid, "D: 0.1", "D: fast"), "",
                 "case.yaml:5:6: physics.D: expected a number or an expression in x, y, z, t, got "
                 "'fast'"},
        BadInput{"TooFewCells", replace(kValid, "[16, 16]", "[16, 1]"), "",
                 "case.yaml:3:15: grid.cells[1]: expected a whole number >= 2, got '1'"},
        BadInput{"WrongListLength", with("initial: {type: gaussian, center: [0.5]}\n"), "",
                 "initial.center: expected a list of 2 numbers, got a list of 1"},
        BadInput{"MissingEnd", replace(kValid, "time: {dt: 0.01, end: 0.1}", "time: {dt: 0.01}"),
                 "", "time.end: expected a number (this key is required)"},
        BadInput{"EndNotAWholeNumberOfSteps", replace(kValid, "end: 0.1", "end: 0.105"), "",
                 "time.end: expected a whole number of steps of dt = 0.01"},
        BadInput{"UnknownKind", replace(kValid, "kind: fick", "kind: fik"), "",
                 "case.yaml:1:7: kind: expected one of fick"},
        BadInput{"UnknownScheme", replace(kValid, "end: 0.1}", "end: 0.1, scheme: leapfrog}"), "",
                 "time.scheme: expected beuler, cn, bdf2 or another PETSc TS type"},
        BadInput{"YamlSyntax", replace(kValid, "cells: [16, 16]", "cells: [16, 16"), "",
                 "case.yaml:4:8: invalid YAML: end of sequence flow not found"},
        BadInput{"ExactThatDoesNotFit", with("exact: sine\n"), "",
                 "exact: expected an exact solution that fits this case (sine: it needs "
                 "initial.type sine or cosine)"},
        BadInput{"FaceOfAPeriodicAxis",
                 replace(kValid, "cells: [16, 16]", "cells: [16, 16]\n  periodic: [true, false]") +
                     "boundary: {x-: {type: dirichlet}}\n",
                 "", "boundary.x-: expected no condition: grid.periodic makes axis x periodic"},
        BadInput{"BadOverrideValue", kValid, "--set physics.D=-2",
                 "--set physics.D: physics.D: expected a diffusivity > 0 everywhere"},
        BadInput{"OverrideOfAnUnknownKey", kValid, "--set physics.diffusivity=2",
                 "--set physics.diffusivity: physics.diffusivity: unknown key"},
        BadInput{"MalformedOverride", kValid, "--set physics.D",
                 "--set physics.D: expected key.path=value"},
        BadInput{"VelocityFromAnotherRun",
                 replace(kValid, "  D: 0.1", "  D: 0.1\n  velocity: {from: ../stokes/output}"), "",
                 "physics.velocity.from: expected the output of a finished stokes run"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(FickBadInput, AMissingCaseIsReported) {
  const auto out = run_fickle("check /nonexistent/case");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("/nonexistent/case: no such file"), std::string::npos) << out.output;
}

TEST(FickBadInput, ARunDirectoryThatIsNotFicklesIsLeftAlone) {
  // -o into a directory with someone else's files: refused, and nothing in it is touched.
  const fs::path dir = scratch_dir();
  fs::create_directories(dir / "mine" / "plots");
  std::ofstream(dir / "mine" / "plots" / "keep.png") << "x";
  const auto out = run_fickle(fmt::format("run {} -o {}", (cases_dir() / "fick-1d-sine").string(),
                                          (dir / "mine").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("is not empty and holds no fickle run"), std::string::npos)
      << out.output;
  EXPECT_TRUE(fs::exists(dir / "mine" / "plots" / "keep.png"));
}

TEST(FickFailure, ALinearSolverThatFailsStopsTheRunKeepingTheLastGoodSnapshot) {
  const fs::path dir = scratch_dir();
  const auto out =
      run_fickle(fmt::format("run {} -o {} -- -ksp_max_it 1 -ksp_rtol 1e-14",
                             (cases_dir() / "fick-2d-drift").string(), (dir / "run").string()));
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_NE(out.output.find("time step 1 failed"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("DIVERGED_ITS"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("the last good snapshot is step 0"), std::string::npos) << out.output;
  EXPECT_TRUE(fs::exists(dir / "run/fields/u_0000.pvtr"));
  EXPECT_EQ(read_summary(dir / "run")["status"], "diverged");
}

TEST(FickFailure, AnUnstableExplicitSchemeIsCaughtWhenItStopsBeingFinite) {
  // Forward Euler at D dt/h² = 41 (stable only below 1/4 in 2D) grows by ~160 per step and
  // overflows within 200 steps.
  const fs::path dir = scratch_dir();
  const auto out =
      run_fickle(fmt::format("run {} -o {} --set time.scheme=euler --set output.every=50 "
                             "--set physics.D=0.5",
                             (cases_dir() / "fick-2d-drift").string(), (dir / "run").string()));
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_NE(out.output.find("euler is explicit and unstable here"), std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("not finite after step"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("the last good snapshot is step 100"), std::string::npos) << out.output;
  EXPECT_TRUE(fs::exists(dir / "run/fields/u_0002.pvtr"));
  EXPECT_FALSE(fs::exists(dir / "run/fields/u_0003.pvtr"));
  EXPECT_EQ(read_summary(dir / "run")["status"], "diverged");
}

}  // namespace
}  // namespace fickle::testing
