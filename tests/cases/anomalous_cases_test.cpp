// The models of docs/science.md §7 through the fickle binary: the ready cases meet their laws and
// write tracks.csv, 1 and 2 ranks give the same bits, restarts continue bit for bit (fbm after a
// SIGTERM, since its paths cover the whole run), bad input names file:line:key, Fick with D(t)
// meets its exact solution, and the fBm and SBM compare pairs agree with their PDE (and not with a
// wrong α).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// Each ready case at a reduced size.
struct Reduced {
  const char* name;
  std::string sets;
};
const std::vector<Reduced> kReduced{
    {"particles-fbm", "--set count=2000 --set output.tracks.count=200"},
    {"particles-sbm", "--set count=2000 --set output.tracks.count=200"},
    {"particles-levy-walk", "--set count=2000 --set output.tracks.count=100"},
    {"particles-attm", "--set count=2000 --set output.tracks.count=200"},
    {"particles-crowded", "--set count=600 --set time.end=3000"}};

nlohmann::json run_case(const fs::path& out, const Reduced& c, const std::string& more = "",
                        int ranks = 1) {
  const auto run = run_fickle(
      fmt::format("run {} -o {} {} {}", case_path(c.name), out.string(), c.sets, more), ranks);
  EXPECT_EQ(run.exit_code, 0) << c.name << "\n" << run.output;
  return read_summary(out);
}

TEST(AnomalousCases, MeetTheirLawsAndWriteTracks) {
  const fs::path dir = scratch_dir();
  for (const Reduced& c : kReduced) {
    const fs::path out = dir / c.name;
    const auto s = run_case(out, c);
    if (s.contains("msd_error_in_standard_errors")) {
      EXPECT_LT(std::abs(s["msd_error_in_standard_errors"].get<double>()), 4) << c.name;
    }
    for (const auto& z : s.value("tamsd_error_in_standard_errors", nlohmann::json::array()))
      EXPECT_LT(std::abs(z.get<double>()), 4) << c.name;
    if (std::string(c.name) == "particles-crowded") {
      EXPECT_NEAR(s["msd_exponent"].get<double>(), 2 / 2.878, 0.06);  // 2/d_w
      continue;
    }
    // tracks.csv: particle, frame, t, x[, y], one row per tracked particle and frame.
    const std::string tracks = read_text(out / "tracks.csv");
    const bool plane = s["msd_axis_final"].size() == 2;
    EXPECT_EQ(tracks.substr(0, tracks.find('\n')),
              plane ? "particle,frame,t,x,y" : "particle,frame,t,x")
        << c.name;
    const long rows = static_cast<long>(std::count(tracks.begin(), tracks.end(), '\n')) - 1;
    EXPECT_EQ(rows, s["tracks"].get<long>() * s["track_frames"].get<long>()) << c.name;
    EXPECT_EQ(s["tracks_file"], "tracks.csv");
  }
  // fBm's steps correlate as fGn; the Lévy walk's velocities have ⟨v_a²⟩ = v²/d.
  const auto fbm = read_summary(dir / "particles-fbm");
  const auto& c = fbm["velocity_autocorrelation"];
  const auto& law = fbm["velocity_autocorrelation_exact"];
  const auto& se = fbm["velocity_autocorrelation_standard_error"];
  for (int k = 1; k <= 3; ++k)
    EXPECT_NEAR(c[k].get<double>(), law[k].get<double>(), 4 * se[k].get<double>()) << k;
  EXPECT_NEAR(law[1].get<double>(), std::pow(2.0, 2 * 0.3 - 1) - 1, 1e-12);
  const auto walk = read_summary(dir / "particles-levy-walk");
  EXPECT_NEAR(walk["v2_final"].get<double>(), walk["v2_exact"].get<double>(), 0.01);
}

// Every random number is keyed by (seed, id, counter, stream): the same state on 1 and 2 ranks, and
// the same tracks file.
TEST(AnomalousRanks, OneAndTwoRanksGiveBitIdenticalParticlesAndTracks) {
  for (const Reduced& c : kReduced) {
    const fs::path dir = scratch_dir() / c.name;
    const std::string small =
        "--set count=1001 --set output.tracks.count=50 --set time.end=" +
        std::string(std::string(c.name) == "particles-crowded" ? "100" : "0.5");
    run_case(dir / "one", c, small);
    const auto two = run_case(dir / "two", c, small, 2);
    EXPECT_EQ(two["ranks"], 2);
    EXPECT_TRUE(particle_state(dir / "one") == particle_state(dir / "two")) << c.name;
    if (fs::exists(dir / "one" / "tracks.csv")) {
      EXPECT_TRUE(read_text(dir / "one" / "tracks.csv") == read_text(dir / "two" / "tracks.csv"))
          << c.name;
    }
  }
}

TEST(AnomalousRestart, RenewalModelsContinueBitForBit) {
  for (const Reduced& c : {kReduced[2], kReduced[3]}) {
    const fs::path dir = scratch_dir() / c.name;
    run_case(dir / "whole", c, "--set time.end=2");
    run_case(dir / "parts", c, "--set time.end=1");
    const auto out = run_fickle(fmt::format("run {} -o {} {} --set time.end=2 --restart",
                                            case_path(c.name), (dir / "parts").string(), c.sets),
                                2);
    ASSERT_EQ(out.exit_code, 0) << out.output;
    EXPECT_TRUE(particle_state(dir / "whole") == particle_state(dir / "parts")) << c.name;
    EXPECT_TRUE(read_text(dir / "whole" / "tracks.csv") == read_text(dir / "parts" / "tracks.csv"))
        << c.name;
    // Sums over 2 ranks instead of 1: the same to rounding.
    const auto whole = read_summary(dir / "whole")["tamsd_mean"];
    const auto parts = read_summary(dir / "parts")["tamsd_mean"];
    ASSERT_EQ(whole.size(), parts.size());
    for (std::size_t l = 0; l < whole.size(); ++l)
      EXPECT_NEAR(parts[l].get<double>(), whole[l].get<double>(), 1e-12 * whole[l].get<double>());
  }
}

TEST(AnomalousRestart, FbmContinuesAfterASignalAndKeepsItsLength) {
  const fs::path dir = scratch_dir();
  const std::string args = fmt::format("run {} --set count=3000 --set output.tracks.count=50",
                                       case_path("particles-fbm"));
  auto out = run_fickle(fmt::format("{} -o {}", args, (dir / "whole").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  // SIGTERM as it starts (fickle holds it until its loop can checkpoint): a checkpoint early on.
  BackgroundFickle cut(fmt::format("{} -o {}", args, (dir / "cut").string()), dir / "cut.out");
  ASSERT_TRUE(cut.wait_for_blocked(SIGTERM));
  cut.signal(SIGTERM);
  const auto stopped = cut.wait();
  ASSERT_EQ(stopped.exit_code, 4) << stopped.output;
  out = run_fickle(fmt::format("{} -o {} --restart", args, (dir / "cut").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(particle_state(dir / "whole") == particle_state(dir / "cut"));
  EXPECT_TRUE(read_text(dir / "whole" / "tracks.csv") == read_text(dir / "cut" / "tracks.csv"));
  // The Davies–Harte draw covers the run it started: a longer one is refused.
  out =
      run_fickle(fmt::format("{} -o {} --restart --set time.end=20", args, (dir / "cut").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("the checkpoint has fbm ="), std::string::npos) << out.output;
}

TEST(AnomalousBadInput, IsRefusedNamingFileLineAndKey) {
  const fs::path dir = scratch_dir();
  {
    std::ofstream(dir / "case.yaml") << "kind: particles\n"                              // 1
                                        "model: fbm\n"                                   // 2
                                        "count: 100\n"                                   // 3
                                        "grid: {cells: [8], lower: [-1], upper: [1]}\n"  // 4
                                        "fbm: {H: 0.3}\n"                                // 5
                                        "boundary: {default: {type: open}}\n"            // 6
                                        "time: {dt: 0.01, end: 0.1}\n";                  // 7
  }
  ASSERT_EQ(run_fickle(fmt::format("check {}", dir.string())).exit_code, 0);
  const std::vector<std::pair<std::string, std::string>> bad{
      {"--set model=sbm --set fbm=null --set 'sbm={alpha: 2.5}'",
       "sbm.alpha: expected an anomalous"},
      {"--set model=levy-walk --set fbm=null --set 'levy_walk={speed: 1}'",
       "levy_walk.gamma: expected a number"},
      {"--set model=crowded --set fbm=null --set 'crowded={fraction: 0.2}' --set "
       "'boundary={default: {type: reflecting}}'",
       "boundary: expected open or periodic faces for crowded walkers"},
      {"--set model=crowded --set fbm=null --set 'crowded={fraction: 1.0}'",
       "crowded.fraction: expected an obstacle fraction"},
      {"--set 'physics={D: 1}'",
       "physics: expected no physics section for model fbm: it reads fbm:"},
      {"--set 'output={tracks: {noise: -1}}'", "output.tracks.noise: expected"}};
  for (const auto& [sets, expected] : bad) {
    const auto out =
        run_fickle(fmt::format("run {} -o {} {}", dir.string(), (dir / "out").string(), sets));
    EXPECT_EQ(out.exit_code, 2) << sets << "\n" << out.output;
    EXPECT_NE(out.output.find(expected), std::string::npos) << sets << "\n" << out.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << sets;
  }
  // In the file itself: file:line:column of the key.
  {
    std::ofstream(dir / "case.yaml") << "kind: particles\nmodel: fbm\ncount: 100\n"
                                        "grid: {cells: [8], lower: [-1], upper: [1]}\n"
                                        "fbm: {H: 1.5}\n"
                                        "time: {dt: 0.01, end: 0.1}\n";
  }
  const auto out = run_fickle(fmt::format("check {}", dir.string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("case.yaml:5:"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("fbm.H: expected a Hurst exponent 0 < H < 1, got '1.5'"),
            std::string::npos)
      << out.output;
}

TEST(FickTimeDependentD, MeetsTheOperationalTimeSolutionAndRefusesDrift) {
  const fs::path dir = scratch_dir();
  {
    std::ofstream(dir / "case.yaml") << "kind: fick\n"
                                        "grid: {cells: [200], lower: [-5], upper: [5]}\n"
                                        "physics: {D: 0.5, D_time: {alpha: 0.5}}\n"
                                        "initial: {type: gaussian, center: [0], sigma: 0.2}\n"
                                        "boundary: {default: {type: neumann}}\n"
                                        "exact: gaussian-images\n"
                                        "time: {dt: 0.01, end: 10, scheme: cn}\n"
                                        "output: {every: 500}\n";
  }
  auto out = run_fickle(fmt::format("run {} -o {}", dir.string(), (dir / "out").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "out");
  EXPECT_LT(s["errors"]["l2_rel"].get<double>(), 2e-4);  // the Gaussian at τ = √t
  EXPECT_EQ(s["diffusivity_time_exponent"], 0.5);
  out = run_fickle(fmt::format("check {} --set physics.velocity=[1]", dir.string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(
      out.output.find(
          "physics.D_time: expected no velocity, source, reaction or face values depending on t"),
      std::string::npos)
      << out.output;
}

TEST(CompareAnomalous, FbmAndSbmAgreeWithFickWithDOfTAndNotWithAWrongAlpha) {
  const fs::path dir = scratch_dir();
  for (const char* name : {"compare-fbm", "compare-sbm"}) {
    const auto out = run_fickle(fmt::format("run {} -o {} --set compare.plots=false",
                                            case_path(name), (dir / name).string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    const auto s = read_summary(dir / name);
    EXPECT_TRUE(s["agrees"].get<bool>()) << name << "\n" << s.dump(1);
    EXPECT_LT(std::abs(s["msd_z_final"].get<double>()), 3) << name;
  }
  // The PDE of SBM with α = 0.5 for fBm with 2H = 0.6: another density at every t ≠ 1.
  const auto out = run_fickle(
      fmt::format("run {} -o {} --set particles.count=20000 --set pde.physics.D_time.alpha=0.5 "
                  "--set compare.plots=false",
                  case_path("compare-fbm"), (dir / "wrong").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto w = read_summary(dir / "wrong");
  EXPECT_FALSE(w["agrees"].get<bool>());
  EXPECT_GT(std::abs(w["msd_z_final"].get<double>()), 4);
}

}  // namespace
}  // namespace fickle::testing
