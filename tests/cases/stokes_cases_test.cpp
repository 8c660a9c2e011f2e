// The stokes kind through the binary: the ready cases meet their references, write what
// docs/output.md promises (flow.pvd with a velocity vector, faces.pvd, velocity/), agree on 1 and
// 2 ranks, and bad input is refused with a message naming the file, line and key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

TEST(StokesCases, CavityMeetsTheReferenceStreamfunctionAndWritesItsFields) {
  const fs::path dir = scratch_dir();
  const auto out =
      run_fickle(fmt::format("run {} -o {}", case_path("stokes-cavity"), dir.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir);
  EXPECT_LT(std::abs(s["psi_min"].get<double>() + 0.100076), 0.001 * 0.100076);
  EXPECT_NEAR(s["psi_min_at"][0].get<double>(), 0.5, 0.01);
  EXPECT_NEAR(s["psi_min_at"][1].get<double>(), 0.765, 0.01);
  EXPECT_LT(s["divergence_max"].get<double>(), 1e-5);
  EXPECT_LE(s["outer_iterations"].get<int>(), 30);
  EXPECT_TRUE(s["flux"].empty());
  EXPECT_TRUE(fs::exists(dir / "flow.pvd"));
  EXPECT_TRUE(fs::exists(dir / "faces.pvd"));
  const auto velocity = nlohmann::json::parse(read_text(dir / "velocity" / "velocity.json"));
  EXPECT_EQ(velocity["faces"][0], (std::vector<int>{65, 64}));
  EXPECT_EQ(velocity["boundary"]["y+"]["type"], "wall");
  EXPECT_EQ(velocity["boundary"]["y+"]["velocity"][0], 1.0);
  EXPECT_EQ(fs::file_size(dir / "velocity" / "velocity.bin"), 2u * 65 * 64 * 8);
  const auto psi = read_cell_array(dir / "fields" / "flow_0000.pvtr", "streamfunction");
  ASSERT_EQ(psi.size(), 64u * 64u);
  EXPECT_LT(*std::min_element(psi.begin(), psi.end()), -0.09);
  const auto u = read_cell_array(dir / "fields" / "flow_0000.pvtr", "velocity");
  ASSERT_EQ(u.size(), 3u * 64u * 64u);  // a 3-component vector for ParaView
  // The top row moves with the lid, the bottom row barely.
  EXPECT_GT(u[3 * (63 * 64 + 32)], 0.5);
  EXPECT_LT(std::abs(u[3 * 32]), 0.05);
}

TEST(StokesCases, DirectSolverAndPetscOptionsOverrideTheDefaults) {
  const fs::path dir = scratch_dir();
  const std::string cavity =
      fmt::format("run {} --set grid.cells=[32,32]", case_path("stokes-cavity"));
  auto out = run_fickle(fmt::format("{} -o {}", cavity, (dir / "default").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(
      fmt::format("{} -o {} --set solver.type=direct", cavity, (dir / "direct").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("{} -o {} -- -fieldsplit_face_pc_mg_levels 2", cavity,
                               (dir / "two-levels").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto a = read_summary(dir / "default"), b = read_summary(dir / "direct"),
             c = read_summary(dir / "two-levels");
  EXPECT_EQ(a["mg_levels"], 5);
  EXPECT_EQ(c["mg_levels"], 2);
  EXPECT_EQ(b["outer_iterations"], 1);
  EXPECT_NE(b["solver"].get<std::string>().find("mumps"), std::string::npos);
  EXPECT_NEAR(b["psi_min"].get<double>(), a["psi_min"].get<double>(),
              1e-8);  // rtol 1e-9 on the residual
  EXPECT_NEAR(c["psi_min"].get<double>(), a["psi_min"].get<double>(),
              1e-8);  // rtol 1e-9 on the residual
}

TEST(StokesCases, SphereDragOnTwoRanksMatchesOneAndReportsHasimoto) {
  const fs::path dir = scratch_dir();
  const std::string args = fmt::format(
      "run {} --set grid.cells=[16,16,16] --set \"obstacles=[{{shape: sphere, center: [0.5, 0.5, "
      "0.5], radius: 0.2, surface: staircase}}]\"",
      case_path("stokes-sphere-drag"));
  const auto one = run_fickle(fmt::format("{} -o {}", args, (dir / "one").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = run_fickle(fmt::format("{} -o {}", args, (dir / "two").string()), 2);
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto a = read_summary(dir / "one"), b = read_summary(dir / "two");
  const auto& ref = a["drag"][0]["reference"];
  EXPECT_NEAR(a["drag"][0]["force"][0].get<double>(), 1.0, 1e-6);  // F = f L³
  EXPECT_NEAR(ref["K"].get<double>(), 2.1538, 1e-3);
  EXPECT_LT(std::abs(ref["relative_error"].get<double>()), 0.2);  // first order: 17% at 16³
  EXPECT_NEAR(b["drag"][0]["reference"]["K_measured"].get<double>(),
              ref["K_measured"].get<double>(), 1e-7);
  EXPECT_NEAR(b["flux"]["x"].get<double>(), a["flux"]["x"].get<double>(), 1e-8);
}

TEST(StokesCases, InterpolatedSphereOnTwoRanksMatchesOneAndBalancesTheForce) {
  // The case's surface: interpolated (docs/science.md §4.5), 2.19% off at 16³.
  const fs::path dir = scratch_dir();
  const std::string args =
      fmt::format("run {} --set grid.cells=[16,16,16]", case_path("stokes-sphere-drag"));
  const auto one = run_fickle(fmt::format("{} -o {}", args, (dir / "one").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = run_fickle(fmt::format("{} -o {}", args, (dir / "two").string()), 2);
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto a = read_summary(dir / "one"), b = read_summary(dir / "two");
  // Body and forced faces together hold every force on the periodic fluid: F = f L³.
  EXPECT_NEAR(a["drag"][0]["force"][0].get<double>(), 1.0, 1e-6);
  EXPECT_NEAR(b["drag"][0]["force"][0].get<double>(), 1.0, 1e-6);
  EXPECT_LT(std::abs(a["drag"][0]["reference"]["relative_error"].get<double>()), 0.03);
  EXPECT_NEAR(b["drag"][0]["reference"]["K_measured"].get<double>(),
              a["drag"][0]["reference"]["K_measured"].get<double>(), 1e-7);
  EXPECT_NEAR(b["flux"]["x"].get<double>(), a["flux"]["x"].get<double>(), 1e-8);
}

TEST(StokesCases, IncompatibleCutCellsAreSolvedWithoutOneContinuityRow) {
  // At 10³ the forced faces carry a net flux into the sphere's pinned cells that does not cancel:
  // the rows are incompatible with the pressure null space and GMRES stalls at the least-squares
  // residual (the run failed before). The solver retries without the balance cell's continuity
  // (docs/science.md §4.5); a direct solve pinning that cell gives the same flow, on 2 ranks too.
  const fs::path dir = scratch_dir();
  const std::string args =
      fmt::format("run {} --set grid.cells=[10,10,10]", case_path("stokes-sphere-drag"));
  const auto one = run_fickle(fmt::format("{} -o {}", args, (dir / "one").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("the continuity of one cut cell dropped"), std::string::npos)
      << one.output;
  const auto two = run_fickle(fmt::format("{} -o {}", args, (dir / "two").string()), 2);
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto lu =
      run_fickle(fmt::format("{} -o {} --set solver.type=direct", args, (dir / "lu").string()));
  ASSERT_EQ(lu.exit_code, 0) << lu.output;
  const auto a = read_summary(dir / "one"), b = read_summary(dir / "two"),
             c = read_summary(dir / "lu");
  EXPECT_NEAR(a["drag"][0]["force"][0].get<double>(), 1.0, 1e-6);  // F = f L³
  for (const auto* other : {&b, &c}) {
    EXPECT_NEAR((*other)["drag"][0]["reference"]["K_measured"].get<double>(),
                a["drag"][0]["reference"]["K_measured"].get<double>(), 1e-7);
    EXPECT_NEAR((*other)["flux"]["x"].get<double>(), a["flux"]["x"].get<double>(), 1e-8);
  }
}

TEST(StokesCases, ChannelConservesItsFluxPastTheCylinders) {
  const fs::path dir = scratch_dir();
  const auto out = run_fickle(fmt::format("run {} -o {} --set grid.cells=[128,32]",
                                          case_path("stokes-channel"), dir.string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir);
  const double in = s["flux"]["x-"], outflow = s["flux"]["x+"];
  EXPECT_GT(outflow, 0.0);
  EXPECT_NEAR(in + outflow, 0.0, 1e-7 * outflow);
  // The open channel would carry G/(12η) = 0.0208; the cylinders block most of it.
  EXPECT_LT(outflow, 0.0208);
  ASSERT_EQ(s["drag"].size(), 2u);
  EXPECT_GT(s["drag"][0]["force"][0].get<double>(), 0.0);  // pushed downstream
}

TEST(StokesCases, CoarseSchurPartBoundsTheChannelsIterationsOnOneAndTwoRanks) {
  // The channel at its own 256×64: the pressure mass matrix alone took 47 outer iterations; with
  // the coarse Stokes part (docs/science.md §4.7) at most 25 (issue target), the same flow.
  const fs::path dir = scratch_dir();
  const std::string args = fmt::format("run {}", case_path("stokes-channel"));
  const auto one = run_fickle(fmt::format("{} -o {}", args, (dir / "one").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto two = run_fickle(fmt::format("{} -o {}", args, (dir / "two").string()), 2);
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto off =
      run_fickle(fmt::format("{} -o {} --set solver.coarse_cells=0", args, (dir / "off").string()));
  ASSERT_EQ(off.exit_code, 0) << off.output;
  const auto a = read_summary(dir / "one"), b = read_summary(dir / "two"),
             c = read_summary(dir / "off");
  EXPECT_EQ(a["coarse_cells"], 1024);  // 64×16: the smallest power-of-2 coarsening to ≤ 1024
  EXPECT_EQ(b["coarse_cells"], 1024);
  EXPECT_EQ(c["coarse_cells"], 0);
  EXPECT_LE(a["outer_iterations"].get<int>(), 25);
  EXPECT_LE(std::abs(b["outer_iterations"].get<int>() - a["outer_iterations"].get<int>()), 1);
  EXPECT_GT(c["outer_iterations"].get<int>(), 40);
  EXPECT_NE(a["solver"].get<std::string>().find("coarse 1024-cell stokes"), std::string::npos);
  const double flux = a["flux"]["x+"];
  for (const auto* other : {&b, &c}) {
    EXPECT_NEAR((*other)["flux"]["x+"].get<double>(), flux, 1e-7 * flux);
    for (int body = 0; body < 2; ++body)
      EXPECT_NEAR((*other)["drag"][body]["force"][0].get<double>(),
                  a["drag"][body]["force"][0].get<double>(),
                  1e-7 * a["drag"][body]["force"][0].get<double>());
  }
}

// A fick case drifting with the face velocities of a stokes run on the same grid.
std::string fick_in_flow(const std::string& velocity, const std::string& boundary) {
  return fmt::format(R"(kind: fick
grid: {{cells: [32, 16], upper: [2, 1], periodic: [true, false]}}
physics: {{D: 0.01, velocity: {}}}
initial: {{type: gaussian, center: [0.6, 0.5], sigma: 0.12}}
boundary: {}
time: {{dt: 0.02, end: 0.6, scheme: cn}}
output: {{every: 0}}
)",
                     velocity, boundary);
}

fs::path write_case(const fs::path& dir, const std::string& yaml) {
  fs::create_directories(dir);
  std::ofstream(dir / "case.yaml") << yaml;
  return dir;
}

TEST(StokesToFick, AUniformStokesFlowDriftsLikeTheConstantVelocity) {
  // Both walls moving at U = 1 along a periodic channel: u = (1, 0) everywhere, so a fick case
  // reading it must match the same case with velocity: [1, 0].
  const fs::path dir = scratch_dir();
  write_case(dir / "flow", R"(kind: stokes
grid: {cells: [32, 16], upper: [2, 1], periodic: [true, false]}
boundary: {default: {type: wall, velocity: [1, 0]}}
solver: {rtol: 1e-12}
)");
  auto out =
      run_fickle(fmt::format("run {} -o {}", (dir / "flow").string(), (dir / "flow-out").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string walls = "{default: {type: neumann, value: 0}}";
  write_case(dir / "field", fick_in_flow("{from: ../flow-out}", walls));
  write_case(dir / "constant", fick_in_flow("[1, 0]", walls));
  for (const char* name : {"field", "constant"}) {
    out = run_fickle(
        fmt::format("run {} -o {}", (dir / name).string(), (dir / name / "out").string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
  }
  const auto a = read_cell_array(dir / "field" / "out" / "fields" / "u_0001.pvtr", "u");
  const auto b = read_cell_array(dir / "constant" / "out" / "fields" / "u_0001.pvtr", "u");
  EXPECT_LT(max_relative_difference(a, b), 1e-9);
  EXPECT_NEAR(read_summary(dir / "field" / "out")["cell_peclet"].get<double>(), 1.0 / 16 / 0.01,
              1e-6);
}

TEST(StokesToFick, MassIsConservedInTheCavityVortexOnOneAndTwoRanks) {
  const fs::path dir = scratch_dir();
  auto out = run_fickle(fmt::format("run {} -o {} --set grid.cells=[32,32]",
                                    case_path("stokes-cavity"), (dir / "cavity").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string fick = R"(kind: fick
grid: {cells: [32, 32]}
physics: {D: 0.001, velocity: {from: ../cavity}}
initial: {type: gaussian, center: [0.35, 0.9], sigma: 0.06}
boundary: {default: {type: neumann, value: 0}}
time: {dt: 0.01, end: 0.5, scheme: cn}
output: {every: 0}
)";
  write_case(dir / "drift", fick);
  out = run_fickle(fmt::format("run {} -o {}", (dir / "drift").string(), (dir / "one").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out =
      run_fickle(fmt::format("run {} -o {}", (dir / "drift").string(), (dir / "two").string()), 2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "one");
  // The advective fluxes cancel pairwise and u·n = 0 on the walls: only the solver's tolerance.
  EXPECT_LT(std::abs(s["mass_drift"].get<double>()), 1e-10);
  const auto one = read_cell_array(dir / "one" / "fields" / "u_0001.pvtr", "u");
  const auto two = read_cell_array(dir / "two" / "fields" / "u_0001.pvtr", "u");
  EXPECT_LT(max_relative_difference(one, two), 1e-8);
  // Under the lid the vortex carries the blob along +x (u ≈ 0.3-0.47 at y = 0.9).
  const auto start = read_cell_array(dir / "one" / "fields" / "u_0000.pvtr", "u");
  auto centroid_x = [](const std::vector<double>& u) {
    double m = 0, mx = 0;
    for (int j = 0; j < 32; ++j)
      for (int i = 0; i < 32; ++i) {
        m += u[j * 32 + i];
        mx += u[j * 32 + i] * (i + 0.5) / 32;
      }
    return mx / m;
  };
  EXPECT_GT(centroid_x(one), centroid_x(start) + 0.08);
  // Another grid than the stokes run's is refused, naming the key.
  out = run_fickle(fmt::format("run {} -o {} --set grid.cells=[16,16]", (dir / "drift").string(),
                               (dir / "coarse").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("physics.velocity.from: expected a stokes run on this grid"),
            std::string::npos)
      << out.output;
}

// Brownian tracers riding the face velocities of a stokes run on the same grid.
std::string tracers_in_flow(const std::string& grid, const std::string& velocity,
                            const std::string& start) {
  return fmt::format(R"(kind: particles
model: brownian
count: 20000
seed: 3
grid: {}
physics: {{D: 0.01, velocity: {}}}
boundary: {{default: {{type: reflecting}}}}
initial: {{type: point, center: {}}}
time: {{dt: 1.0e-3, end: 0.2}}
output: {{every: 0, sample: 100}}
)",
                     grid, velocity, start);
}

TEST(StokesToParticles, AUniformStokesFlowCarriesLikeTheConstantDrift) {
  const fs::path dir = scratch_dir();
  const std::string grid = "{cells: [32, 16], upper: [2, 1], periodic: [true, false]}";
  write_case(dir / "flow", "kind: stokes\ngrid: " + grid +
                               "\nboundary: {default: {type: wall, velocity: [1, 0]}}\n"
                               "solver: {rtol: 1e-12}\n");
  auto out = run_fickle(fmt::format("run {}", (dir / "flow").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  write_case(dir / "field", tracers_in_flow(grid, "{from: ../flow/output}", "[0.6, 0.5]"));
  write_case(dir / "constant", tracers_in_flow(grid, "[1, 0]", "[0.6, 0.5]"));
  for (const char* name : {"field", "constant"}) {
    out = run_fickle(fmt::format("run {}", (dir / name).string()));
    ASSERT_EQ(out.exit_code, 0) << out.output;
  }
  const auto a = read_summary(dir / "field" / "output"),
             b = read_summary(dir / "constant" / "output");
  // The same random numbers; the flow differs from 1 by the Stokes tolerance only.
  EXPECT_NEAR(a["msd_final"].get<double>(), b["msd_final"].get<double>(),
              1e-9 * b["msd_final"].get<double>());
  // ⟨|x − x0|²⟩ = (U t)² + 2 d D t = 0.04 + 0.008, within 4 standard errors.
  EXPECT_NEAR(a["msd_final"].get<double>(), 0.048, 4 * a["msd_standard_error"].get<double>());
}

TEST(StokesToParticles, TracersInTheCavityAreBitIdenticalOnOneAndTwoRanks) {
  const fs::path dir = scratch_dir();
  auto out = run_fickle(fmt::format("run {} -o {} --set grid.cells=[32,32]",
                                    case_path("stokes-cavity"), (dir / "cavity").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  write_case(dir / "tracers",
             tracers_in_flow("{cells: [32, 32]}", "{from: ../cavity}", "[0.5, 0.9]"));
  out = run_fickle(fmt::format("run {} -o {}", (dir / "tracers").string(), (dir / "one").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("run {} -o {}", (dir / "tracers").string(), (dir / "two").string()),
                   2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(particle_state(dir / "one") == particle_state(dir / "two"));
  const auto one = read_summary(dir / "one"), two = read_summary(dir / "two");
  EXPECT_NEAR(one["msd_final"].get<double>(), two["msd_final"].get<double>(),
              1e-12 * one["msd_final"].get<double>());  // reduced in another order
  EXPECT_EQ(one["alive_final"].get<double>(), 1.0);     // reflecting walls keep every tracer
  // Under the lid (u ≈ 0.47 at y = 0.9) the tracers travel well beyond diffusion (4 D t = 0.008).
  EXPECT_GT(one["msd_final"].get<double>(), 0.005 + 0.008);
}

// The msd column of series.csv, as written (17 significant digits).
std::vector<std::string> msd_column(const fs::path& run_dir) {
  std::istringstream in(read_text(run_dir / "series.csv"));
  std::string line, cell;
  std::getline(in, line);
  std::istringstream header(line);
  std::size_t column = 0;
  while (std::getline(header, cell, ',') && cell != "msd") ++column;
  std::vector<std::string> msd;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    for (std::size_t c = 0; c <= column; ++c) std::getline(row, cell, ',');
    msd.push_back(cell);
  }
  return msd;
}

// Tracers reordered by cell every few steps (physics.velocity.sort_every) take the same paths:
// the same checkpoint bytes, series and sample as without reordering, on 1 and 2 ranks and
// continued after a restart. A 3D cavity, tracers spread over it (3001: a partial last block),
// series rows and snapshots between the reorderings.
TEST(StokesToParticles, TracersSortedByCellTakeTheSamePathsBitForBit) {
  const fs::path dir = scratch_dir();
  write_case(dir / "cavity", R"(kind: stokes
grid: {cells: [8, 8, 8]}
boundary:
  default: {type: wall}
  y+: {type: wall, velocity: [1, 0, 0]}
)");
  auto out = run_fickle(fmt::format("run {}", (dir / "cavity").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  write_case(dir / "tracers", R"(kind: particles
model: brownian
count: 3001
seed: 5
grid: {cells: [8, 8, 8]}
physics: {D: 0.01, velocity: {from: ../cavity/output}}
boundary: {default: {type: reflecting}}
initial: {type: uniform}
time: {dt: 1.0e-3, end: 0.2}
output: {every: 50, sample: 300}
)");
  const std::string run = "run " + (dir / "tracers").string();
  const auto sorted = [&](int every) {
    return fmt::format(" --set physics.velocity.sort_every={}", every);
  };
  out = run_fickle(fmt::format("{} -o {}{}", run, (dir / "unsorted").string(), sorted(0)));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("{} -o {}{}", run, (dir / "one").string(), sorted(3)));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("{} -o {}{}", run, (dir / "two").string(), sorted(7)), 2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(
      fmt::format("{} -o {}{} --set time.end=0.1", run, (dir / "parts").string(), sorted(3)));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out =
      run_fickle(fmt::format("{} -o {}{} --restart", run, (dir / "parts").string(), sorted(11)), 2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("restarting at step 100"), std::string::npos) << out.output;

  const std::string state = particle_state(dir / "unsorted");
  EXPECT_EQ(state.size(), 3001u * 7u * 8u);  // position, origin (3 each) and alive
  for (const char* name : {"one", "two", "parts"})
    EXPECT_TRUE(particle_state(dir / name) == state) << name;
  // Series and samples are read in id order: the same bits on the same ranks.
  EXPECT_EQ(msd_column(dir / "one"), msd_column(dir / "unsorted"));
  EXPECT_EQ(msd_column(dir / "one").size(), 23u);  // step 0, 10 per decade, every 50
  for (const char* sample : {"particles/particles_0002_0.vtp", "particles/particles_0004_0.vtp"})
    EXPECT_TRUE(read_text(dir / "one" / sample) == read_text(dir / "unsorted" / sample)) << sample;
  // The tracers moved through the cells (the flow and diffusion at h = 1/8 over 200 steps).
  const auto s = read_summary(dir / "one");
  EXPECT_EQ(s["alive_final"].get<double>(), 1.0);
  EXPECT_GT(s["msd_final"].get<double>(), 6 * 0.01 * 0.2);
}

struct BadStokes {
  const char* name;
  std::string yaml;
  std::string expected;
};

class StokesBadInput : public ::testing::TestWithParam<BadStokes> {};

TEST_P(StokesBadInput, IsRefusedWithFileLineAndKey) {
  const fs::path dir = scratch_dir();
  write_case(dir / "case", GetParam().yaml);
  const auto out =
      run_fickle(fmt::format("run {} -o {}", (dir / "case").string(), (dir / "out").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find(GetParam().expected), std::string::npos) << out.output;
}

const std::string kHead = "kind: stokes\ngrid: {cells: [8, 8]}\n";

INSTANTIATE_TEST_SUITE_P(
    Stokes, StokesBadInput,
    ::testing::Values(
        BadStokes{"UnknownBoundaryType", kHead + "boundary:\n  x-: {type: outflow}\n",
                  "case.yaml:4:14: boundary.x-.type: expected one of wall, free-slip, pressure"},
        BadStokes{"NetFluxIntoAClosedBox",
                  kHead + "boundary:\n  x-: {type: wall, velocity: [1, 0]}\n",
                  "boundary: expected the wall velocities carry a net flux"},
        BadStokes{"OneDimensionalGrid", "kind: stokes\ngrid: {cells: [8]}\n",
                  "grid.cells: expected 2 or 3 cell counts"},
        BadStokes{"NegativeRadius",
                  kHead + "obstacles:\n  - {shape: sphere, center: [0.5, 0.5], radius: -1}\n",
                  "obstacles[0].radius: expected a number > 0"},
        BadStokes{"PeriodicWithoutAnything",
                  "kind: stokes\ngrid: {cells: [8, 8], periodic: [true, true]}\n",
                  "mean velocity undetermined"},
        BadStokes{"LangevinInAStokesFlow",
                  "kind: particles\nmodel: langevin\ncount: 10\ngrid: {cells: [8, 8]}\n"
                  "physics: {kT: 1, D: 0.1, mass: 1, velocity: {from: x}}\n"
                  "initial: {type: point}\ntime: {dt: 0.1, end: 1}\n",
                  "physics.velocity: expected a constant drift [vx, ...]: only brownian"},
        BadStokes{"FickVelocityFromAMissingRun",
                  "kind: fick\ngrid: {cells: [8, 8]}\nphysics: {velocity: {from: nowhere}}\n"
                  "time: {dt: 0.1, end: 1}\n",
                  "physics.velocity.from: expected the output of a finished stokes run"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace fickle::testing
