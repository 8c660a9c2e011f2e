// The ready fick cases through the fickle binary: published numbers, 1 vs 2 ranks, VTK read back
// with VTK's readers, and the 1D/2D cases against their exact solutions.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

TEST(FickGaussianCase, ReproducesThePublishedErrorOnOneAndTwoRanksAndWritesReadableVtk) {
  const fs::path dir = scratch_dir();
  const auto one = run_fickle(
      fmt::format("run {} -o {}", (cases_dir() / "fick-gaussian").string(), (dir / "n1").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = run_fickle(
      fmt::format("run {} -o {}", (cases_dir() / "fick-gaussian").string(), (dir / "n2").string()),
      2);
  ASSERT_EQ(two.exit_code, 0) << two.output;

  const auto s1 = read_summary(dir / "n1"), s2 = read_summary(dir / "n2");
  // docs/science.md §1.10: 5.9507e-3 (quoted to 5 digits: within half a unit of the last one).
  EXPECT_NEAR(s1["errors"]["l2_rel"].get<double>(), 5.9507e-3, 0.5e-7);
  EXPECT_NEAR(s2["errors"]["l2_rel"].get<double>(), 5.9507e-3, 0.5e-7);
  EXPECT_LT(std::abs(s1["mass_drift"].get<double>()), 1e-8);
  EXPECT_EQ(s1["steps"], 50);
  EXPECT_EQ(s2["ranks"], 2);
  EXPECT_EQ(s1["status"], "done");

  // The final snapshot: complete grid, same values on 1 and 2 ranks (solver tolerance), and the
  // written error field is u − u_exact.
  const auto last = "fields/u_0005.pvtr";
  const auto u1 = read_cell_array(dir / "n1" / last, "u");
  const auto u2 = read_cell_array(dir / "n2" / last, "u");
  ASSERT_EQ(u1.size(), 64u * 64u * 64u);
  ASSERT_EQ(u2.size(), u1.size());
  EXPECT_LT(max_relative_difference(u2, u1), 1e-6);
  const auto exact = read_cell_array(dir / "n2" / last, "u_exact");
  const auto error = read_cell_array(dir / "n2" / last, "error");
  ASSERT_EQ(exact.size(), u2.size());
  double e2 = 0, n2 = 0;
  for (std::size_t i = 0; i < u2.size(); ++i) {
    EXPECT_NEAR(error[i], u2[i] - exact[i], 1e-15);
    e2 += error[i] * error[i];
    n2 += exact[i] * exact[i];
  }
  EXPECT_NEAR(std::sqrt(e2 / n2), s2["errors"]["l2_rel"].get<double>(), 1e-12);

  // The initial snapshot is the Gaussian sampled at cell centres, i fastest (VTK cell order).
  const auto u0 = read_cell_array(dir / "n2" / "fields/u_0000.pvtr", "u");
  ASSERT_EQ(u0.size(), u1.size());
  for (int k : {0, 17, 40})
    for (int j : {3, 32, 63})
      for (int i : {0, 31, 50}) {
        const double x = (i + 0.5) / 64, y = (j + 0.5) / 64, z = (k + 0.5) / 64;
        const double r2 = (x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5) + (z - 0.5) * (z - 0.5);
        EXPECT_NEAR(u0[i + 64 * (j + 64 * k)], std::exp(-r2 / (2 * 0.01)), 1e-15);
      }
  // The .pvd lists the six snapshots with their times.
  const auto pvd = read_text(dir / "n2" / "u.pvd");
  EXPECT_NE(pvd.find("timestep=\"0.5"), std::string::npos) << pvd;
  EXPECT_NE(pvd.find("fields/u_0005.pvtr"), std::string::npos);
}

TEST(FickOneAndTwoDimensionalCases, MeetTheirExactSolutions) {
  const fs::path dir = scratch_dir();
  struct Expectation {
    const char* name;
    double l2_max;
  };
  for (const auto& [name, l2_max] :
       {Expectation{"fick-1d-sine", 4.5e-5}, {"fick-2d-drift", 4.7e-3}}) {
    const auto out = run_fickle(
        fmt::format("run {} -o {}", (cases_dir() / name).string(), (dir / name).string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    const auto s = read_summary(dir / name);
    EXPECT_LT(s["errors"]["l2_rel"].get<double>(), l2_max) << name;
    EXPECT_GT(s["errors"]["l2_rel"].get<double>(), 0.5 * l2_max)
        << name << ": suspiciously accurate";
  }
  // The periodic drift case conserves mass.
  EXPECT_LT(std::abs(read_summary(dir / "fick-2d-drift")["mass_drift"].get<double>()), 1e-8);
}

TEST(FickCaseOptions, CaseAndCommandLinePetscOptionsApplyWithTheCommandLineWinning) {
  const fs::path dir = scratch_dir();
  const auto yaml = dir / "case.yaml";
  {
    std::ofstream out(yaml);
    out << "kind: fick\ngrid: {cells: [32, 32]}\ntime: {dt: 0.01, end: 0.05}\n"
           "petsc: {ksp_type: gmres}\n";
  }
  auto out = run_fickle(fmt::format("run {} -o {}", yaml.string(), (dir / "a").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(read_summary(dir / "a")["solver"].get<std::string>().find("gmres"), std::string::npos);
  out = run_fickle(
      fmt::format("run {} -o {} -- -ksp_type bcgs", yaml.string(), (dir / "b").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(read_summary(dir / "b")["solver"].get<std::string>().find("bcgs"), std::string::npos);
  // true is a bare flag, false leaves the option out.
  {
    std::ofstream flags(dir / "flags.yaml");
    flags << "kind: fick\ngrid: {cells: [8]}\ntime: {dt: 0.1, end: 0.2}\n"
             "petsc: {ksp_converged_reason: true, ksp_view: false}\n";
  }
  out =
      run_fickle(fmt::format("run {} -o {}", (dir / "flags.yaml").string(), (dir / "c").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("Linear solve converged due to"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("KSP Object"), std::string::npos) << out.output;
  // resolved.yaml is itself a valid case and records the options.
  out = run_fickle(fmt::format("check {}", (dir / "b" / "resolved.yaml").string()));
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(read_text(dir / "b" / "resolved.yaml").find("-ksp_type bcgs"), std::string::npos);
}

TEST(FickList, ShowsTheKindsAndTheReadyCases) {
  const auto out = run_fickle("list");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  for (const char* expected : {"fick", "fick-gaussian", "fick-1d-sine", "fick-2d-drift"})
    EXPECT_NE(out.output.find(expected), std::string::npos) << expected << "\n" << out.output;
}

}  // namespace
}  // namespace fickle::testing
