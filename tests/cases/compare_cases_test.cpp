// The compare kind and `fickle compare`: each ready pair agrees with its PDE within sampling noise
// (or, for Langevin, crosses over where the Ornstein–Uhlenbeck law says), and the same check
// fails when one parameter is deliberately wrong; the files docs/compare.md promises are there;
// 2 ranks give the same comparison; bad input names its key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <fstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

nlohmann::json run_compare(const fs::path& dir, const std::string& name,
                           const std::string& sets = "", int ranks = 1) {
  const auto out =
      run_fickle(fmt::format("run {} -o {} {}", case_path(name), dir.string(), sets), ranks);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  return read_summary(dir);
}

double number(const nlohmann::json& s, const char* key) {
  return s.at(key).is_number() ? s.at(key).get<double>() : NAN;
}

TEST(ComparePairs, EinsteinAgreesWithFickAndWritesItsFiles) {
  const fs::path dir = scratch_dir();
  const auto s = run_compare(dir, "compare-einstein", "--set output.plots=true");
  EXPECT_EQ(s["kind"], "compare");
  EXPECT_EQ(s["status"], "done");
  EXPECT_TRUE(s["agrees"].get<bool>()) << s.dump(1);
  EXPECT_LT(std::abs(number(s, "z_final")), 3.0);
  EXPECT_LT(std::abs(number(s, "msd_z_final")), 3.0);
  // Noise explains the gap: the L1 gap is within 10% of what sampling alone gives.
  EXPECT_NEAR(number(s, "l1_final"), number(s, "l1_noise_final"),
              0.1 * number(s, "l1_noise_final"));
  EXPECT_NEAR(number(s, "msd_exponent_particles"), 1.0, 0.03);
  EXPECT_NEAR(number(s, "msd_exponent_pde"), 1.0, 0.03);
  for (const char* file : {"compare.json", "compare.csv", "msd.csv", "profiles.csv", "compare.pvd",
                           "runs/particles/summary.json", "runs/pde/summary.json", "plots/msd.png",
                           "plots/profiles.png", "plots/difference.png"})
    EXPECT_TRUE(fs::exists(dir / file)) << file;
  const auto report = nlohmann::json::parse(read_text(dir / "compare.json"));
  ASSERT_EQ(report["times"].size(), 11u);
  // The ParaView file holds both densities and their difference.
  const fs::path last = dir / "fields" / "compare_0010.pvtr";
  const auto p = read_cell_array(last, "particle_density");
  const auto q = read_cell_array(last, "pde_density");
  const auto d = read_cell_array(last, "difference");
  ASSERT_EQ(p.size(), 25u * 25u * 25u);
  ASSERT_EQ(q.size(), p.size());
  ASSERT_EQ(d.size(), p.size());
  double l1 = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    EXPECT_NEAR(d[i], p[i] - q[i], 1e-12 * (std::abs(p[i]) + 1));
    l1 += std::abs(d[i]) * std::pow(0.04, 3);
  }
  EXPECT_NEAR(l1, number(s, "l1_final"), 1e-9);
}

TEST(ComparePairs, EinsteinWithAWrongDiffusivityDisagrees) {
  // Fick with D 10% too large: the MSD and the density both tell.
  const auto s = run_compare(scratch_dir(), "compare-einstein", "--set pde.physics.D=0.0583568");
  EXPECT_FALSE(s["agrees"].get<bool>());
  EXPECT_LT(number(s, "msd_z_final"), -10.0);
  EXPECT_GT(number(s, "z_final"), 3.0);
}

TEST(ComparePairs, LangevinCrossesOverAtTheMomentumRelaxationTime) {
  const auto s = run_compare(scratch_dir(), "compare-langevin");
  const double tau = number(s, "momentum_relaxation_time");
  // MSD_L / MSD_F = 1 − (τ/t)(1 − e^{−t/τ}) reaches 1/2 at 1.5936 τ_p.
  EXPECT_NEAR(number(s, "crossover_time"), 1.5936 * tau, 0.03 * 1.5936 * tau);
  // Late on the particles lag Fick by 2Dτ_p(1 − e^{−t/τ}): that, and not noise, is the gap.
  const double D = 0.05305164769729845, t = 1.0;
  const double lag = number(s, "msd_pde_final") - number(s, "msd_particles_final");
  const double se = lag / -number(s, "msd_z_final");
  EXPECT_NEAR(lag, 2 * D * tau * (1 - std::exp(-t / tau)), 3 * se);
  // With D 20% off the PDE, the crossover moves away from 1.59 τ_p.
  const auto wrong =
      run_compare(scratch_dir(), "compare-langevin", "--set pde.physics.D=0.0636620");
  EXPECT_GT(std::abs(number(wrong, "crossover_time") / (1.5936 * tau) - 1), 0.1);
}

TEST(ComparePairs, CtrwAgreesWithTimeFractionalDiffusion) {
  const auto s = run_compare(scratch_dir(), "compare-ctrw");
  EXPECT_TRUE(s["agrees"].get<bool>()) << s.dump(1);
  EXPECT_NEAR(number(s, "msd_exponent_particles"), 0.5, 0.02);
  EXPECT_NEAR(number(s, "msd_exponent_pde"), 0.5, 0.02);
  // K_α 30% too large in the PDE.
  const auto wrong = run_compare(scratch_dir(), "compare-ctrw", "--set pde.physics.K=0.0065");
  EXPECT_FALSE(wrong["agrees"].get<bool>());
  EXPECT_LT(number(wrong, "msd_z_final"), -10.0);
}

TEST(ComparePairs, LevyAgreesWithRieszDiffusion) {
  const auto s = run_compare(scratch_dir(), "compare-levy");
  EXPECT_TRUE(s["agrees"].get<bool>()) << s.dump(1);
  EXPECT_EQ(s["msd_comparable"], false);  // infinite for μ < 2
  EXPECT_LT(std::abs(number(s, "fractional_moment_relative_difference_final")), 0.01);
  EXPECT_NEAR(number(s, "spread_exponent_particles"), number(s, "spread_exponent_pde"), 0.01);
  // The PDE with μ = 1.8 instead of 1.5: thinner tails, a density gap far above noise.
  const auto wrong = run_compare(scratch_dir(), "compare-levy", "--set pde.physics.mu=1.8");
  EXPECT_FALSE(wrong["agrees"].get<bool>());
  EXPECT_GT(number(wrong, "z_final"), 10.0);
}

// Tracers in the cavity against advection–diffusion at Pe = UL/D = 0.1, 10 and 1000.
TEST(ComparePairs, StokesTracersAgreeWithAdvectionDiffusionAtThreePecletNumbers) {
  for (const char* D : {"10", "0.1", "0.001"}) {
    const auto s =
        run_compare(scratch_dir() / D, "compare-stokes-tracers",
                    fmt::format("--set particles.physics.D={} --set pde.physics.D={}", D, D));
    EXPECT_TRUE(s["agrees"].get<bool>()) << "D = " << D << "\n" << s.dump(1);
    EXPECT_EQ(s["msd_comparable"], false);  // a non-uniform flow: densities and centroids
    EXPECT_LT(number(s, "centroid_shift_z_final"), 3.0) << "D = " << D;
  }
}

TEST(ComparePairs, StokesTracersAtPeclet1000ShowUpwindingsNumericalDiffusion) {
  // First-order upwinding smears the blob with a numerical diffusivity Uh/2 ≈ 8D.
  const auto s = run_compare(scratch_dir(), "compare-stokes-tracers",
                             "--set particles.physics.D=0.001 --set pde.physics.D=0.001 "
                             "--set pde.physics.advection=upwind --set particles.count=50000");
  EXPECT_FALSE(s["agrees"].get<bool>());
  EXPECT_GT(number(s, "z_final"), 10.0);
  EXPECT_GT(number(s, "second_moment_growth_pde_final"),
            1.05 * number(s, "second_moment_growth_particles_final"));
}

TEST(ComparePairs, StokesTracersAgainstAPdeWithoutTheFlowDisagree) {
  const auto s = run_compare(scratch_dir(), "compare-stokes-tracers",
                             "--set pde.physics.velocity=[0,0] --set particles.count=20000");
  EXPECT_FALSE(s["agrees"].get<bool>());
  EXPECT_GT(number(s, "z_final"), 10.0);
  EXPECT_GT(number(s, "centroid_shift_z_final"), 10.0);
}

TEST(Flagship, RunsOnTwoRanksAndTheTracersAgreeWithAdvectionDiffusion) {
  const fs::path dir = scratch_dir();
  const auto s = run_compare(dir, "flagship", "--set output.plots=true", 2);
  EXPECT_EQ(s["ranks"], 2);
  EXPECT_TRUE(s["agrees"].get<bool>()) << s.dump(1);
  EXPECT_LT(number(s, "centroid_shift_z_final"), 3.0);
  // Pe = 1000 over two seconds: the blob is carried far beyond its diffusive spread (4Dt = 0.008).
  EXPECT_GT(number(s, "second_moment_growth_pde_final"), 0.02);
  EXPECT_NEAR(number(s, "second_moment_growth_particles_final"),
              number(s, "second_moment_growth_pde_final"),
              0.05 * number(s, "second_moment_growth_pde_final"));
  const auto pde = read_summary(dir / "runs/pde");
  EXPECT_EQ(pde["advection"], "limited");
  EXPECT_LT(std::abs(number(pde, "mass_drift")), 1e-8);
  for (const char* file : {"runs/flow/flow.pvd", "runs/particles/particles.pvd", "runs/pde/u.pvd",
                           "compare.pvd", "plots/msd.png", "plots/profiles.png"})
    EXPECT_TRUE(fs::exists(dir / file)) << file;
}

TEST(CompareCommand, TwoFinishedRunsInEitherOrderGiveTheCaseNumbers) {
  const fs::path dir = scratch_dir();
  const auto s = run_compare(dir / "case", "compare-levy", "--set particles.count=20000");
  const auto out =
      run_fickle(fmt::format("compare {} {} -o {}", (dir / "case/runs/pde").string(),
                             (dir / "case/runs/particles").string(), (dir / "again").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto again = read_summary(dir / "again");
  EXPECT_EQ(again["kind"], "compare");
  for (const char* key : {"z_final", "l1_final", "l2_noise_final", "fractional_moment_pde_final"})
    EXPECT_EQ(again[key], s[key]) << key;
  EXPECT_TRUE(fs::exists(dir / "again" / "compare.pvd"));
}

TEST(CompareCommand, TwoParticleRunsAreRefused) {
  const fs::path dir = scratch_dir();
  run_compare(dir / "case", "compare-levy", "--set particles.count=1000");
  const auto out = run_fickle(fmt::format("compare {} {}", (dir / "case/runs/particles").string(),
                                          (dir / "case/runs/particles").string()));
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("expected one particles run and one fick or fractional run"),
            std::string::npos)
      << out.output;
}

TEST(CompareRanks, TwoRanksGiveTheSameComparison) {
  const fs::path dir = scratch_dir();
  const std::string small = "--set particles.count=20000";
  const auto one = run_compare(dir / "one", "compare-einstein", small);
  const auto two = run_compare(dir / "two", "compare-einstein", small, 2);
  EXPECT_TRUE(particle_state(dir / "one/runs/particles") ==
              particle_state(dir / "two/runs/particles"));
  // The histograms are identical; the PDE agrees to its solver tolerance.
  for (const char* key : {"z_final", "l1_final", "l2_final", "msd_pde_final"})
    EXPECT_NEAR(number(one, key), number(two, key), 1e-6 * std::abs(number(one, key)) + 1e-9)
        << key;
  // The same particles; their MSD is summed over the ranks in another order.
  EXPECT_NEAR(number(one, "msd_particles_final"), number(two, "msd_particles_final"),
              1e-12 * number(one, "msd_particles_final"));
}

TEST(CompareRestart, ARestartReusesTheFinishedRuns) {
  const fs::path dir = scratch_dir();
  const auto first = run_compare(dir, "compare-levy", "--set particles.count=5000");
  const auto out = run_fickle(fmt::format("run {} -o {} --restart --set particles.count=5000",
                                          case_path("compare-levy"), dir.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("particles finished before the restart"), std::string::npos);
  EXPECT_EQ(read_summary(dir)["z_final"], first["z_final"]);
  // A changed sub-case is run again, not reused.
  const auto changed = run_fickle(
      fmt::format("run {} -o {} --restart --set particles.count=5000 --set pde.physics.K=0.2",
                  case_path("compare-levy"), dir.string()));
  ASSERT_EQ(changed.exit_code, 0) << changed.output;
  EXPECT_NE(changed.output.find("the pde case changed since"), std::string::npos);
  EXPECT_NE(changed.output.find("particles finished before the restart"), std::string::npos);
  EXPECT_NE(read_summary(dir)["z_final"], first["z_final"]);
}

TEST(CompareRestart, AnInterruptedCompareContinuesToTheSameNumbers) {
  const fs::path dir = scratch_dir();
  const std::string sets = "--set particles.output.progress_seconds=0.05";
  const auto whole = run_compare(dir / "whole", "compare-levy", sets);
  const std::string args =
      fmt::format("run {} -o {} {}", case_path("compare-levy"), (dir / "cut").string(), sets);
  // SIGTERM while the particles run: it writes its checkpoint, and the compare case stops too.
  const auto stopped = interrupt_when_running(args, dir / "cut" / "runs" / "particles" / "log.txt",
                                              SIGTERM, "", dir / "interrupted.out");
  EXPECT_EQ(stopped.exit_code, 4) << stopped.output;
  EXPECT_EQ(read_summary(dir / "cut")["status"], "interrupted");
  const auto out = run_fickle(args + " --restart");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(particle_state(dir / "cut" / "runs" / "particles") ==
              particle_state(dir / "whole" / "runs" / "particles"));
  const auto cut = read_summary(dir / "cut");
  for (const char* key : {"z_final", "l1_final", "fractional_moment_pde_final"})
    EXPECT_EQ(cut[key], whole[key]) << key;
}

struct BadCompare {
  const char* name;
  std::string yaml;
  std::string expected;
};

void PrintTo(const BadCompare& bad, std::ostream* os) {
  *os << bad.name;
}

class CompareBadInput : public ::testing::TestWithParam<BadCompare> {};

TEST_P(CompareBadInput, IsRefusedNamingTheKey) {
  const fs::path dir = scratch_dir();
  fs::create_directories(dir / "case");
  { std::ofstream(dir / "case" / "case.yaml") << GetParam().yaml; }
  const auto out = run_fickle(fmt::format("run {}", (dir / "case").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find(GetParam().expected), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(dir / "case" / "output" / "runs"));
}

const std::string kParticles =
    "particles: {kind: particles, model: brownian, count: 100, grid: {cells: [16]}, "
    "physics: {D: 1}, time: {dt: 0.01, end: 0.1}}\n";
INSTANTIATE_TEST_SUITE_P(
    Keys, CompareBadInput,
    ::testing::Values(
        BadCompare{"OtherGrid",
                   "kind: compare\n" + kParticles +
                       "pde: {kind: fick, grid: {cells: [32]}, time: {dt: 0.01, end: 0.1}}\n",
                   "case.yaml:3:6: pde: expected a case on the particles' grid"},
        BadCompare{"WrongKind",
                   "kind: compare\n" + kParticles + "pde: {kind: stokes, grid: {cells: [16]}}\n",
                   "pde.kind: expected one of fick, fractional"},
        BadCompare{"MissingRun", "kind: compare\n" + kParticles + "pde: {run: nowhere}\n",
                   "pde.run: expected a finished fick or fractional run"},
        BadCompare{"MissingPde", "kind: compare\n" + kParticles,
                   "pde: expected a fick or fractional case"},
        BadCompare{"UnknownKeyInline",
                   "kind: compare\n" + kParticles +
                       "pde: {kind: fick, grid: {cells: [16]}, time: {dt: 0.01, end: 0.1}, "
                       "physic: {D: 1}}\n",
                   "pde.physic: unknown key"},
        BadCompare{"FlowOnAnotherGrid",
                   "kind: compare\nflow: {kind: stokes, grid: {cells: [8, 8]}}\n"
                   "particles: {kind: particles, model: brownian, count: 100, grid: {cells: [16, "
                   "16]}, physics: {D: 1, velocity: {from: flow}}, time: {dt: 0.01, end: 0.1}}\n"
                   "pde: {kind: fick, grid: {cells: [16, 16]}, time: {dt: 0.01, end: 0.1}}\n",
                   "particles.physics.velocity.from: expected a stokes run on this grid"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace fickle::testing
