// Self-propelled particles and bead swimmers (docs/science.md §8) through the fickle binary: the
// ready cases meet their laws (MSD and VACF of run-and-tumble and active Brownian particles,
// chemotactic drift and its compare pair, the three-sphere swimmer's displacement per cycle, the
// scallop's zero), 1 and 2 ranks give the same bits, restarts continue bit for bit, bad input names
// file:line:key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

nlohmann::json run_case(const fs::path& out, const std::string& name, const std::string& sets,
                        int ranks = 1) {
  const auto run =
      run_fickle(fmt::format("run {} -o {} {}", case_path(name), out.string(), sets), ranks);
  EXPECT_EQ(run.exit_code, 0) << name << "\n" << run.output;
  return read_summary(out);
}

TEST(ActiveCases, RunAndTumbleAndActiveBrownianMeetTheirLaws) {
  const fs::path dir = scratch_dir();
  for (const char* name : {"particles-run-and-tumble", "particles-active-brownian"}) {
    const auto s = run_case(dir / name, name, "--set count=5000");
    EXPECT_LT(std::abs(s["msd_error_in_standard_errors"].get<double>()), 4) << name;
    // |v| = speed (ABP) or speed with probability p_run (run-and-tumble: 0 in a tumble), so
    // ⟨v_a²⟩ − ⟨v_a⟩² is v² p_run/d within √(p_run(1 − p_run)/N) = 0.4% (and |⟨v⟩|² ~ v²/N).
    EXPECT_NEAR(s["v2_final"].get<double>(), s["v2_exact"].get<double>(),
                0.02 * s["v2_exact"].get<double>())
        << name;
  }
  // Active Brownian particles: MSD/(2d t) → D_eff (1 − τ/t) at long times.
  const auto ab = read_summary(dir / "particles-active-brownian");
  const double t = ab["t_end"].get<double>(), tau = ab["persistence_time"].get<double>();
  const double slope = ab["msd_final"].get<double>() / (4 * t);
  EXPECT_NEAR(slope, ab["effective_diffusivity"].get<double>() * (1 - tau / t),
              4 * ab["msd_standard_error"].get<double>() / (4 * t));
  const auto rt = read_summary(dir / "particles-run-and-tumble");
  // v² τ_run² / (3 (τ_run + τ_t)(1 − ⟨cos θ⟩)) with τ_run = 1 s, τ_t = 0.1 s; ⟨v_a²⟩ = v² p_run/3.
  EXPECT_NEAR(rt["effective_diffusivity"].get<double>(), 400.0 / (3 * 1.1 * (2.0 / 3)), 1e-9);
  EXPECT_NEAR(rt["v2_exact"].get<double>(), 400.0 / 1.1 / 3, 1e-9);
  EXPECT_NEAR(rt["tumble_mean_cos"].get<double>(), 1.0 / 3, 1e-15);
  const auto series = read_text(dir / "particles-active-brownian" / "series.csv");
  EXPECT_NE(series.find("vacf_exact"), std::string::npos);
}

TEST(ActiveCases, ChemotacticDriftMeetsItsStationaryLaw) {
  const fs::path dir = scratch_dir();
  const auto s = run_case(dir / "chemo", "particles-chemotaxis", "--set count=10000");
  const auto z = s["drift_error_in_standard_errors"];
  for (const auto& v : z) EXPECT_LT(std::abs(v.get<double>()), 4);
  EXPECT_NEAR(s["drift_velocity_exact"][0].get<double>(), 1.99, 0.005);
  EXPECT_NEAR(s["drift_velocity_linear_response"][0].get<double>(), 2.0, 1e-12);
  // Twice the sensitivity is another drift (3.9 µm/s): the law of χ = 1 rejects it.
  const auto w = run_case(dir / "wrong", "particles-chemotaxis",
                          "--set count=10000 --set run-and-tumble.chemotaxis.sensitivity=2");
  EXPECT_GT(std::abs(w["drift_velocity"][0].get<double>() - 1.99),
            4 * w["drift_velocity_standard_error"][0].get<double>());
}

// attractant: {from: RUN}: the steady state of a fick run between c = 0 and c = 1 is the linear
// profile of gradient 0.01, and the drift in it is the drift of the same analytic gradient
// (tanh ε in 1D, ε = χ v g = 0.3); the same bits on 2 ranks and with the spelling
// physics.attractant.
TEST(ActiveCases, ChemotaxisInAFickRunsAttractant) {
  const fs::path dir = scratch_dir();
  {
    write_file(dir / "fick" / "case.yaml",
               "kind: fick\n"
               "grid: {cells: [100], lower: [-50], upper: [50]}\n"
               "physics: {D: 100}\n"
               "initial: {type: uniform, value: 0.5}\n"
               "boundary: {x-: {type: dirichlet, value: 0}, x+: {type: dirichlet, value: 1}}\n"
               "time: {dt: 10, end: 2000, scheme: beuler}\n"
               "output: {every: 200}\n");
    write_file(dir / "bugs" / "case.yaml",
               "kind: particles\n"
               "model: run-and-tumble\n"
               "count: 20000\n"
               "seed: 4\n"
               "grid: {cells: [100], lower: [-50], upper: [50]}\n"
               "run-and-tumble: {speed: 1, tumble_rate: 1,\n"
               "  chemotaxis: {sensitivity: 30, attractant: {from: ../attractant}}}\n"
               "boundary: {default: {type: open}}\n"
               "time: {dt: 0.1, end: 15}\n"
               "output: {every: 50, sample: 0}\n");
  }
  auto out = run_fickle(
      fmt::format("run {} -o {}", (dir / "fick").string(), (dir / "attractant").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("run {} -o {}", (dir / "bugs").string(), (dir / "one").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "one");
  const double v = s["drift_velocity"][0].get<double>();
  const double se = s["drift_velocity_standard_error"][0].get<double>();
  EXPECT_NEAR(v, std::tanh(0.3), 4 * se);
  EXPECT_GT(std::abs(v - std::tanh(0.2)), 4 * se);   // χ = 20 would drift slower
  EXPECT_FALSE(s.contains("drift_velocity_exact"));  // no law for a general field
  out = run_fickle(fmt::format("run {} -o {}", (dir / "bugs").string(), (dir / "two").string()), 2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(particle_state(dir / "one") == particle_state(dir / "two"));
  // The spelling physics.attractant: {from: RUN} is the same field: the same bits.
  write_file(dir / "spelled" / "case.yaml",
             "kind: particles\n"
             "model: run-and-tumble\n"
             "count: 20000\n"
             "seed: 4\n"
             "grid: {cells: [100], lower: [-50], upper: [50]}\n"
             "physics: {attractant: {from: ../attractant}}\n"
             "run-and-tumble: {speed: 1, tumble_rate: 1, chemotaxis: {sensitivity: 30}}\n"
             "boundary: {default: {type: open}}\n"
             "time: {dt: 0.1, end: 15}\n"
             "output: {every: 50, sample: 0}\n");
  out = run_fickle(
      fmt::format("run {} -o {}", (dir / "spelled").string(), (dir / "spelled-run").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(particle_state(dir / "one") == particle_state(dir / "spelled-run"));
  EXPECT_EQ(read_summary(dir / "spelled-run")["drift_velocity"], s["drift_velocity"]);
  // Both spellings, a gradient besides it, or no chemotaxis to respond with: exit 2 at the key.
  const std::vector<std::pair<std::string, std::string>> bad{
      {"--set 'run-and-tumble.chemotaxis={sensitivity: 30, attractant: {from: ../attractant}}'",
       "run-and-tumble.chemotaxis.attractant: expected physics.attractant or"},
      {"--set 'run-and-tumble.chemotaxis={sensitivity: 30, gradient: [0.01]}'",
       "run-and-tumble.chemotaxis.gradient: expected physics.attractant or"},
      {"--set 'run-and-tumble={speed: 1, tumble_rate: 1}'",
       "physics.attractant: expected run-and-tumble.chemotaxis: {sensitivity: chi}"},
      {"--set 'physics={attractant: {from: ../attractant}, D: 1}'", "physics.D"},
      {"--set 'physics={D: 1}'", "physics: expected physics: {attractant: {from: RUN}}"}};
  for (const auto& [sets, expected] : bad) {
    out = run_fickle(fmt::format("check {} {}", (dir / "spelled").string(), sets));
    EXPECT_EQ(out.exit_code, 2) << sets << "\n" << out.output;
    EXPECT_NE(out.output.find(expected), std::string::npos) << sets << "\n" << out.output;
  }
  // A run that is not there, or on another grid, is refused at the key.
  out = run_fickle(fmt::format("check {} --set run-and-tumble.chemotaxis.attractant.from=nowhere",
                               (dir / "bugs").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(
      out.output.find("run-and-tumble.chemotaxis.attractant.from: expected a finished fick run"),
      std::string::npos)
      << out.output;
  out = run_fickle(fmt::format("check {} --set 'grid={{cells: [50], lower: [-50], upper: [50]}}'",
                               (dir / "bugs").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("expected a fick run on the particles' grid (50 cells)"),
            std::string::npos)
      << out.output;
}

// Active Brownian and run-and-tumble particles in the Couette flow u = (y, 0) of a stokes run: the
// vorticity −1 turns every swimming direction at −½ (Jeffery), so ⟨v(0)·v(t)⟩/2 =
// (v²/2) e^{−t/τ} cos(t/2) (τ = 1/D_r, or 1/λ for uniform tumbles), far from (v²/2) e^{−t/τ}
// without the flow; they are carried along x at u = y.
TEST(ActiveCases, SwimmersInAShearFlowTurnAtHalfTheVorticity) {
  const fs::path dir = scratch_dir();
  write_file(dir / "couette" / "case.yaml",
             "kind: stokes\n"
             "grid: {cells: [16, 16], lower: [0, 0], upper: [1, 1], periodic: [true, false]}\n"
             "physics: {viscosity: 1.0}\n"
             "boundary: {y-: {type: wall}, y+: {type: wall, velocity: [1, 0]}}\n");
  auto out =
      run_fickle(fmt::format("run {} -o {}", (dir / "couette").string(), (dir / "flow").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  for (const std::string model : {"active-brownian", "run-and-tumble"}) {
    const fs::path cd = dir / model;
    const std::string physics = model == "active-brownian"
                                    ? "{speed: 0.01, rotational_D: 0.1, velocity: {from: ../flow}}"
                                    : "{speed: 0.01, tumble_rate: 0.1, velocity: {from: ../flow}}";
    write_file(cd / "case.yaml",
               fmt::format("kind: particles\n"
                           "model: {0}\n"
                           "count: 4000\n"
                           "grid: {{cells: [16, 16], lower: [0, 0], upper: [1, 1], "
                           "periodic: [true, false]}}\n"
                           "{0}: {1}\n"
                           "initial: {{type: point, center: [0.5, 0.5]}}\n"
                           "boundary: {{default: {{type: open}}}}\n"
                           "time: {{dt: 0.02, end: 4}}\n"
                           "output: {{every: 50, sample: 0}}\n",
                           model, physics));
    out = run_fickle(fmt::format("run {} -o {}", cd.string(), (cd / "run").string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    const auto s = read_summary(cd / "run");
    EXPECT_TRUE(s["carried_by_flow"].get<bool>());
    EXPECT_FALSE(s.contains("msd_exact_final"));  // no law with a flow
    const double v2 = 0.01 * 0.01 / 2, n = 4000, t = 4;
    const double se = v2 / std::sqrt(n);  // |v·v0|/2 ≤ v²/2 per particle
    const double vacf = s["vacf_final"].get<double>();
    EXPECT_NEAR(vacf, v2 * std::exp(-0.1 * t) * std::cos(t / 2), 4 * se) << model;
    EXPECT_GT(std::abs(vacf - v2 * std::exp(-0.1 * t)), 20 * se) << model;  // the flow turns them
    // Carried along x by u = y ≈ 0.5: ⟨Δx²⟩ ≈ (0.5 t)² (the swimming averages out).
    EXPECT_NEAR(std::sqrt(s["msd_axis_final"][0].get<double>()), 0.5 * t, 0.02) << model;
  }
  // The same bits on 2 ranks.
  out = run_fickle(
      fmt::format("run {} -o {}", (dir / "run-and-tumble").string(), (dir / "two").string()), 2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(particle_state(dir / "run-and-tumble" / "run") == particle_state(dir / "two"));
}

// The population's density against the drift–diffusion PDE with the exact V and D of the biased
// two-state process; without the drift the PDE is rejected.
TEST(CompareChemotaxis, AgreesWithDriftDiffusionAndNotWithoutTheDrift) {
  const fs::path dir = scratch_dir();
  const auto s = run_case(dir / "pair", "compare-chemotaxis", "--set compare.plots=false");
  EXPECT_TRUE(s["agrees"].get<bool>()) << s.dump(1);
  EXPECT_LT(std::abs(s["msd_z_final"].get<double>()), 3);
  const auto w = run_case(dir / "wrong", "compare-chemotaxis",
                          "--set compare.plots=false --set pde.physics.velocity=[0]");
  EXPECT_FALSE(w["agrees"].get<bool>());
  EXPECT_GT(std::abs(w["msd_z_final"].get<double>()), 10);
}

TEST(ActiveRanks, OneAndTwoRanksGiveBitIdenticalParticles) {
  for (const char* name :
       {"particles-run-and-tumble", "particles-active-brownian", "particles-chemotaxis"}) {
    const fs::path dir = scratch_dir() / name;
    const std::string small = "--set count=1001 --set time.end=2";
    run_case(dir / "one", name, small);
    const auto two = run_case(dir / "two", name, small, 2);
    EXPECT_EQ(two["ranks"], 2);
    EXPECT_TRUE(particle_state(dir / "one") == particle_state(dir / "two")) << name;
  }
}

TEST(ActiveRestart, ContinuesBitForBit) {
  for (const char* name : {"particles-run-and-tumble", "particles-active-brownian"}) {
    const fs::path dir = scratch_dir() / name;
    const std::string small = "--set count=999";
    run_case(dir / "whole", name, small + " --set time.end=2");
    run_case(dir / "parts", name, small + " --set time.end=1");
    const auto out = run_fickle(fmt::format("run {} -o {} {} --set time.end=2 --restart",
                                            case_path(name), (dir / "parts").string(), small),
                                2);
    ASSERT_EQ(out.exit_code, 0) << out.output;
    EXPECT_TRUE(particle_state(dir / "whole") == particle_state(dir / "parts")) << name;
  }
}

TEST(ActiveBadInput, IsRefusedNamingFileLineAndKey) {
  const fs::path dir = scratch_dir();
  {
    write_file(dir / "case.yaml",
               "kind: particles\n"         // 1
               "model: active-brownian\n"  // 2
               "count: 100\n"              // 3
               "grid: {cells: [8, 8], lower: [-1, -1], upper: [1, 1]}\n"
               "active-brownian: {speed: 1, rotational_D: -1}\n"  // 5
               "boundary: {default: {type: open}}\n"              // 6
               "time: {dt: 0.01, end: 0.1}\n");                   // 7
  }
  auto out = run_fickle(fmt::format("check {}", dir.string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("case.yaml:5:"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("active-brownian.rotational_D: expected a rotational diffusivity > 0"),
            std::string::npos)
      << out.output;
  const std::vector<std::pair<std::string, std::string>> bad{
      {"--set model=run-and-tumble --set active-brownian=null "
       "--set 'run-and-tumble={speed: 1, tumble_rate: 1, tumble_angle: sideways}'",
       "run-and-tumble.tumble_angle: expected one of"},
      {"--set model=run-and-tumble --set active-brownian=null "
       "--set 'run-and-tumble={speed: 1}'",
       "run-and-tumble.tumble_rate: expected a number"},
      {"--set model=run-and-tumble --set active-brownian=null "
       "--set 'run-and-tumble={speed: 1, tumble_rate: 1, chemotaxis: {sensitivity: 1, "
       "gradient: [1]}}'",
       "run-and-tumble.chemotaxis.gradient: expected"},
      {"--set 'grid={cells: [8], lower: [-1], upper: [1]}' "
       "--set 'active-brownian={speed: 1, rotational_D: 1}'",
       "expected a 2D or 3D grid for active Brownian particles"}};
  for (const auto& [sets, expected] : bad) {
    out = run_fickle(fmt::format("check {} {}", dir.string(), sets));
    EXPECT_EQ(out.exit_code, 2) << sets << "\n" << out.output;
    EXPECT_NE(out.output.find(expected), std::string::npos) << sets << "\n" << out.output;
  }
}

TEST(SwimmerCases, ThreeSphereMeetsItsLawAndTheScallopGoesNowhere) {
  const fs::path dir = scratch_dir();
  const auto s = run_case(dir / "three", "swimmer-three-sphere", "");
  const double d = s["displacement_per_cycle"].get<double>();
  const double law = s["law_displacement_per_cycle"].get<double>();
  // K = 7a/(12L²) for equal spheres and arms: π K ξ² per cycle at a 90° lag.
  EXPECT_NEAR(law, std::acos(-1.0) * 7 * 0.05 / 12 * 0.01, 1e-15);
  // Within the law's order: a/L = 0.05 and ξ/L = 0.1.
  EXPECT_LT(std::abs(d - law), 0.1 * law);
  EXPECT_LT(s["quadrature_error"].get<double>(), 1e-12 * d);
  EXPECT_FALSE(s["reciprocal"].get<bool>());
  // series.csv: the first sphere ends 3 cycles later 3Δ further on (x_first at the last row).
  const std::string series = read_text(dir / "three" / "series.csv");
  const std::string last = series.substr(series.rfind('\n', series.size() - 2) + 1);
  EXPECT_NEAR(std::stod(last.substr(last.find(',') + 1)), 3 * d, 1e-9 * d);
  EXPECT_TRUE(fs::exists(dir / "three" / "flow.pvd"));
  EXPECT_TRUE(fs::exists(dir / "three" / "spheres.pvd"));

  const auto scallop = run_case(dir / "scallop", "swimmer-scallop", "");
  EXPECT_LT(std::abs(scallop["displacement_per_cycle"].get<double>()), 1e-15);
  EXPECT_EQ(scallop["law_displacement_per_cycle"].get<double>(), 0.0);
  EXPECT_TRUE(scallop["reciprocal"].get<bool>());
  // Both arms of the three-sphere swimmer in phase: reciprocal, no net motion either.
  const auto in_phase = run_case(dir / "in-phase", "swimmer-three-sphere",
                                 "--set swimmer.phase=[0,0] --set output.frames_per_cycle=0");
  EXPECT_LT(std::abs(in_phase["displacement_per_cycle"].get<double>()), 1e-15);
  // On 2 ranks the same numbers.
  const auto two = run_case(dir / "two", "swimmer-three-sphere", "", 2);
  EXPECT_EQ(two["displacement_per_cycle"].get<double>(), d);
  // Spheres that touch are refused, naming the key.
  const auto out = run_fickle(fmt::format("check {} --set swimmer.amplitude=[0.95,0.1]",
                                          case_path("swimmer-three-sphere")));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("swimmer.arm_length[0]: expected an arm longer than"),
            std::string::npos)
      << out.output;
}

}  // namespace
}  // namespace fickle::testing
