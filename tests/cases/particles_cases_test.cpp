// The particle cases through the fickle binary: every ready case meets its exact law, the files
// ParaView needs are complete, runs are bit-identical on 1 and 2 ranks and across a restart, and
// bad input is refused with a precise message.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// The ready cases at reduced size: |z| = |MSD − exact| / standard error ≤ 4 where a law exists.
TEST(ParticleCases, MeetTheirExactLawsAndWriteParaViewFiles) {
  struct Expect {
    const char* name;
    bool exact;
    double exponent, exponent_tolerance;
  };
  for (const Expect& e :
       {Expect{"particles-brownian", true, 1.0, 0.03},
        Expect{"particles-langevin", true, 1.2, 0.1},  // crossover in the last decade
        Expect{"particles-ctrw", true, 0.5, 0.03}, Expect{"particles-levy", false, 0, 0}}) {
    const fs::path out = scratch_dir() / e.name;
    const auto run =
        run_fickle(fmt::format("run {} -o {} --set count=20000", case_path(e.name), out.string()));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto s = read_summary(out);
    EXPECT_EQ(s["count"], 20000) << e.name;
    EXPECT_EQ(s["alive_final"], 1.0) << e.name;
    // The work rate: jumps for a CTRW (its steps are only the observation grid), else steps.
    EXPECT_GT(
        s.value(e.name == std::string("particles-ctrw") ? "jumps_per_s" : "particle_steps_per_s",
                0.0),
        0)
        << e.name;
    if (e.exact) {
      EXPECT_LT(std::abs(s["msd_error_in_standard_errors"].get<double>()), 4) << e.name;
      EXPECT_NEAR(s["msd_exponent"].get<double>(), e.exponent, e.exponent_tolerance) << e.name;
    } else {  // Lévy flights: no finite MSD; the fractional moment has the exact law
      EXPECT_FALSE(s.contains("msd_exact_final")) << e.name;
      EXPECT_LT(std::abs(s["fractional_moment_error_in_standard_errors"].get<double>()), 4);
      EXPECT_NEAR(s["spread_exponent"].get<double>(), 1 / 1.5, 0.03);  // spread ∝ t^{1/μ}
    }
    // density: the histogram integrates to the fraction of particles in the grid.
    const auto density = read_cell_array(out / "fields/density_0000.pvtr", "density");
    ASSERT_FALSE(density.empty()) << e.name;
    EXPECT_TRUE(fs::exists(out / "density.pvd")) << e.name;
    EXPECT_TRUE(fs::exists(out / "particles.pvd")) << e.name;
    EXPECT_TRUE(fs::exists(out / "particles/particles_0000.pvtp")) << e.name;
    EXPECT_TRUE(fs::exists(out / "particles/particles_0000_0.vtp")) << e.name;
    const std::string series = read_text(out / "series.csv");
    EXPECT_EQ(series.substr(0, series.find('\n')).find("t,step,alive,msd"), 0u) << series;
  }
}

TEST(ParticleCases, DensityOfAClosedBoxIntegratesToOne) {
  const fs::path out = scratch_dir() / "box";
  const auto run = run_fickle(
      fmt::format("run {} -o {} --set count=5000 --set grid.cells=[8,8,8] --set output.every=0",
                  case_path("particles-brownian"), out.string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto density = read_cell_array(out / "fields/density_0001.pvtr", "density");
  ASSERT_EQ(density.size(), 512u);
  double integral = 0;
  for (double d : density) integral += d / 512;  // h³ = 1/512
  EXPECT_NEAR(integral, 1.0, 1e-12);
}

// Every random number is a function of (seed, id, step, stream): the particle state is the same
// bytes whatever the number of ranks.
TEST(ParticleRanks, OneAndTwoRanksGiveBitIdenticalParticles) {
  for (const char* name : {"particles-langevin", "particles-ctrw", "particles-levy"}) {
    const fs::path dir = scratch_dir();
    const std::string common =
        fmt::format("run {} --set count=3001 --set time.end=0.2", case_path(name));
    const auto one = run_fickle(fmt::format("{} -o {}", common, (dir / "one").string()));
    ASSERT_EQ(one.exit_code, 0) << one.output;
    const auto two = run_fickle(fmt::format("{} -o {}", common, (dir / "two").string()), 2);
    ASSERT_EQ(two.exit_code, 0) << two.output;
    EXPECT_EQ(read_summary(dir / "two")["ranks"], 2);
    const std::string a = particle_state(dir / "one"), b = particle_state(dir / "two");
    EXPECT_GT(a.size(), 3001u * 8u) << name;
    EXPECT_TRUE(a == b) << name << ": particle states differ between 1 and 2 ranks";
    EXPECT_EQ(read_cell_array(dir / "one/fields/density_0002.pvtr", "density"),
              read_cell_array(dir / "two/fields/density_0002.pvtr", "density"))
        << name;
    EXPECT_NEAR(read_summary(dir / "one")["msd_final"].get<double>(),
                read_summary(dir / "two")["msd_final"].get<double>(),
                1e-12 * read_summary(dir / "one")["msd_final"].get<double>())
        << name;
  }
}

// A run stopped half way and continued with --restart (here on 2 ranks) ends in the same state.
TEST(ParticleRestart, ContinuesBitForBit) {
  for (const char* name : {"particles-langevin", "particles-ctrw"}) {
    const fs::path dir = scratch_dir();
    const std::string common = fmt::format("run {} --set count=2000", case_path(name));
    auto out =
        run_fickle(fmt::format("{} -o {} --set time.end=0.4", common, (dir / "whole").string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    out = run_fickle(fmt::format("{} -o {} --set time.end=0.2", common, (dir / "parts").string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    out = run_fickle(
        fmt::format("{} -o {} --set time.end=0.4 --restart", common, (dir / "parts").string()), 2);
    ASSERT_EQ(out.exit_code, 0) << out.output;
    EXPECT_NE(out.output.find("restarting at step 200"), std::string::npos) << out.output;
    EXPECT_TRUE(particle_state(dir / "whole") == particle_state(dir / "parts")) << name;
    const auto whole = read_summary(dir / "whole"), parts = read_summary(dir / "parts");
    EXPECT_NEAR(parts["msd_final"].get<double>(), whole["msd_final"].get<double>(),
                1e-12 * whole["msd_final"].get<double>());
    EXPECT_EQ(parts["fit_points"], whole["fit_points"]);
    if (whole.contains("jumps")) {
      EXPECT_EQ(parts["jumps"], whole["jumps"]);
    }
    // A restart with other physics is refused.
    out = run_fickle(fmt::format("{} -o {} --set time.end=0.6 --set seed=99 --restart", common,
                                 (dir / "parts").string()));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find("the checkpoint has seed"), std::string::npos) << out.output;
  }
}

struct BadParticles {
  const char* name;
  std::string sets;
  std::string expected;
};

TEST(ParticleBadInput, IsRejectedWithExitCodeTwoAndAPreciseMessage) {
  const char* yaml =
      "kind: particles\n"                                 // 1
      "model: brownian\n"                                 // 2
      "count: 100\n"                                      // 3
      "grid: {cells: [8, 8], periodic: [true, false]}\n"  // 4
      "physics: {D: 0.1}\n"                               // 5
      "time: {dt: 0.01, end: 0.1}\n";                     // 6
  const std::vector<BadParticles> cases{
      {"unknown model", "--set model=brownain", "model: expected one of"},
      {"no particles", "--set count=0", "count: expected a number of particles"},
      {"seed too large", "--set seed=5000000000", "seed: expected a seed in"},
      {"negative D", "--set physics.D=-1", "physics.D: expected a number > 0"},
      {"D and Stokes-Einstein", "--set physics.radius=0.1",
       "physics.radius: expected D or viscosity"},
      {"langevin without mass", "--set model=langevin", "physics.mass"},
      {"alpha out of range",
       "--set model=ctrw --set physics=null --set 'ctrw={waiting: mittag-leffler, alpha: 1.5, tau: "
       "1, sigma: 1}'",
       "ctrw.alpha: expected 0 < alpha <= 1"},
      {"levy mu", "--set model=levy --set physics=null --set 'levy={mu: 2.5}'",
       "levy.mu: expected a stable index"},
      {"periodic face", "--set 'boundary={x-: {type: reflecting}}'",
       "boundary.x-: expected no condition: grid.periodic"},
      {"unknown wall", "--set 'boundary={y+: {type: sticky}}'",
       "boundary.y+.type: expected one of"},
      {"physics for ctrw", "--set model=ctrw --set 'ctrw={alpha: 0.5, tau: 1, sigma: 1}'",
       "physics"},
  };
  const fs::path dir = scratch_dir();
  {
    std::ofstream out(dir / "case.yaml");
    out << yaml;
  }
  const auto good = run_fickle(fmt::format("check {}", dir.string()));
  ASSERT_EQ(good.exit_code, 0) << good.output;
  for (const auto& bad : cases) {
    const auto out =
        run_fickle(fmt::format("run {} -o {} {}", dir.string(), (dir / "out").string(), bad.sets));
    EXPECT_EQ(out.exit_code, 2) << bad.name << "\n" << out.output;
    EXPECT_NE(out.output.find(bad.expected), std::string::npos)
        << bad.name << ": expected '" << bad.expected << "' in:\n"
        << out.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << bad.name << ": a rejected case must write nothing";
  }
}

}  // namespace
}  // namespace fickle::testing
