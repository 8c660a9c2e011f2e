// The three-sphere swimmer resolved on the Stokes grid (docs/science.md §8.7) through the fickle
// binary: the ready case swims the bead model's way within the band its two-cell spheres allow,
// is force-free at every phase, writes the flow of every phase for ParaView; 1 and 2 ranks agree to
// the solver tolerance; a reciprocal stroke goes nowhere to round-off; bad grids are refused at
// file:line:key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

nlohmann::json run_case(const fs::path& out, const std::string& sets, int ranks = 1) {
  const auto run = run_fickle(
      fmt::format("run {} -o {} {}", case_path("swimmer-three-sphere-stokes"), out.string(), sets),
      ranks);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  return read_summary(out);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SwimmerStokesCases, ThreeSpheresSwimLikeTheBeadModelOnAnyRankCount) {
  const fs::path dir = scratch_dir();
  const auto one = run_case(dir / "one", "");
  const double d = one["displacement_per_cycle"].get<double>();
  const double bead = one["bead_displacement_per_cycle"].get<double>();
  EXPECT_EQ(one["resolve"].get<std::string>(), "stokes");
  EXPECT_EQ(one["phases"].get<int>(), 8);
  EXPECT_DOUBLE_EQ(one["cells_per_radius"].get<double>(), 2);
  // Rotne–Prager for a/L = ξ/L = 0.25 at 90°; the grid 0.742 of it (§8.7: two-cell spheres).
  EXPECT_NEAR(bead, 0.031849, 2e-6);
  EXPECT_GT(d, 0.65 * bead);
  EXPECT_LT(d, 0.85 * bead);
  EXPECT_NEAR(one["relative_to_bead"].get<double>(), (d - bead) / bead, 1e-12);
  EXPECT_LT(one["force_free_residual"].get<double>(), 1e-6);
  EXPECT_LT(one["phase_quadrature_error"].get<double>(), 1e-3 * bead);
  // One snapshot per phase at its time, and a row per phase.
  const std::string pvd = read_text(dir / "one" / "flow.pvd");
  EXPECT_EQ(count(pvd, "<DataSet"), 8U) << pvd;
  EXPECT_NE(pvd.find("timestep=\"0.125\""), std::string::npos) << pvd;
  EXPECT_EQ(count(read_text(dir / "one" / "spheres.pvd"), "<DataSet"), 8U);
  EXPECT_EQ(count(read_text(dir / "one" / "series.csv"), "\n"), 9U);

  const auto two = run_case(dir / "two", "", 2);
  EXPECT_NEAR(two["displacement_per_cycle"].get<double>(), d, 1e-7 * std::abs(d));
}

TEST(SwimmerStokesCases, ReciprocalStrokeGoesNowhereAndBadGridsAreRefused) {
  const fs::path dir = scratch_dir();
  const auto in_phase =
      run_case(dir / "in-phase",
               "--set swimmer.phase=[0,180] --set swimmer.phases=4 --set output.flow=false");
  EXPECT_TRUE(in_phase["reciprocal"].get<bool>());
  EXPECT_LT(std::abs(in_phase["displacement_per_cycle"].get<double>()), 1e-14);
  EXPECT_FALSE(fs::exists(dir / "in-phase" / "flow.pvd"));

  const std::vector<std::pair<std::string, std::string>> bad{
      {"--set grid.periodic=[true,true,false]", "grid.periodic: expected [true, true, true]"},
      {"--set grid.cells=[8,4,4]", "grid.cells: expected cells no larger than the smallest radius"},
      {"--set grid.upper=[1,1,1]", "grid.upper[0]: expected a box with a cell of fluid"},
      {"--set swimmer.phases=7", "swimmer.phases: expected an even number of phases"},
      {"--set output.frames_per_cycle=4", "frames_per_cycle"},
  };
  for (const auto& [sets, expected] : bad) {
    const auto out =
        run_fickle(fmt::format("check {} {}", case_path("swimmer-three-sphere-stokes"), sets));
    EXPECT_EQ(out.exit_code, 2) << sets << "\n" << out.output;
    EXPECT_NE(out.output.find(expected), std::string::npos) << sets << "\n" << out.output;
  }
}

}  // namespace
}  // namespace fickle::testing
