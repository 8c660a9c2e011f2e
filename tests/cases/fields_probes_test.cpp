// Fields from runs and files (`initial: {from: RUN, time: T}`, `initial: {file: F, array: NAME}`,
// time.start) and the series columns of probes, region integrals and boundary fluxes
// (output.probes, output.regions, output.series_every): a continued run reproduces one longer run
// on 1 and 2 ranks, interpolation onto a finer grid is exact for a linear field, probes are exact
// for linear fields, region integrals are second order, the fluxes conserve mass, and bad inputs
// are refused with file:line and the key.
#include <gtest/gtest.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkImageData.h>
#include <vtkSmartPointer.h>
#include <vtkXMLImageDataWriter.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

fs::path write_case(const fs::path& dir, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream(dir / "case.yaml") << text;
  return dir;
}

Outcome run_in(const fs::path& case_dir, const fs::path& out, const std::string& sets = "",
               int ranks = 1) {
  const auto run =
      run_fickle(fmt::format("run {} -o {} {}", case_dir.string(), out.string(), sets), ranks);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  return run;
}

// series.csv by column name.
std::map<std::string, std::vector<double>> read_columns(const fs::path& run) {
  std::istringstream csv(read_text(run / "series.csv"));
  std::string line;
  std::getline(csv, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) names.push_back(name);
  std::map<std::string, std::vector<double>> columns;
  while (std::getline(csv, line)) {
    std::stringstream row(line);
    std::size_t c = 0;
    for (std::string cell; std::getline(row, cell, ',') && c < names.size(); ++c)
      columns[names[c]].push_back(std::stod(cell));
  }
  return columns;
}

// u of the last snapshot of a run.
std::vector<double> final_u(const fs::path& run) {
  const auto snapshots = read_pvd(run / "u.pvd");
  return read_cell_array(run / snapshots.back().file, "u");
}
std::vector<double> first_u(const fs::path& run) {
  const auto snapshots = read_pvd(run / "u.pvd");
  return read_cell_array(run / snapshots.front().file, "u");
}

// u = 1 + 2x − 3y from the start and on every face: a steady solution the finite volumes hold
// exactly (a linear field's face gradients are exact).
constexpr const char* kSteadyLinear = R"yaml(initial: {type: expression, value: "1 + 2*x - 3*y"}
boundary: {default: {type: dirichlet, value: "1 + 2*x - 3*y"}}
)yaml";

// A 2D run with a source and a face value depending on t, so that a continued run only agrees
// with the long one when its t continues (time.start).
constexpr const char* kForced = R"yaml(kind: fick
grid: {cells: [16, 12], upper: [1, 0.75]}
physics:
  D: 0.05
  source: "sin(3*t)*x"
initial: {type: gaussian, center: [0.4, 0.3], sigma: 0.15}
boundary:
  default: {type: neumann, value: 0}
  x-: {type: dirichlet, value: "0.2*t"}
time: {dt: 0.02, end: 0.4}
output: {every: 10}
petsc: {ksp_rtol: 1e-12}
)yaml";

// One run to t = 0.4 against a run to 0.2 continued from its last snapshot with time.start 0.2:
// the same u to solver tolerance, on 1 rank, 2 ranks, and a 2-rank source read on 1 rank.
TEST(FieldsFromRuns, AContinuedRunReproducesTheLongerRun) {
  const fs::path dir = scratch_dir();
  const fs::path c = write_case(dir / "forced", kForced);
  run_in(c, dir / "long");
  run_in(c, dir / "short1", "--set time.end=0.2");
  run_in(c, dir / "short2", "--set time.end=0.2", 2);
  const auto reference = final_u(dir / "long");
  struct Continuation {
    const char* source;
    int ranks;
  };
  for (const Continuation& k :
       {Continuation{"short1", 1}, Continuation{"short1", 2}, Continuation{"short2", 1}}) {
    const fs::path out = dir / fmt::format("cont_{}_{}", k.source, k.ranks);
    const auto run = run_in(c, out,
                            fmt::format("--set 'initial={{from: {}, time: 0.2}}' --set "
                                        "time.start=0.2",
                                        (dir / k.source).string()),
                            k.ranks);
    const auto summary = read_summary(out);
    EXPECT_EQ(summary["steps"], 10);
    EXPECT_NEAR(summary["t_end"].get<double>(), 0.4, 1e-12);
    const double diff = max_relative_difference(final_u(out), reference);
    std::printf("[ measured ] continued from %s on %d rank(s): max rel. difference %.3e\n",
                k.source, k.ranks, diff);
    EXPECT_LT(diff, 1e-9) << k.source << " on " << k.ranks;
    EXPECT_NE(read_text(out / "log.txt").find("initial field: u of"), std::string::npos);
  }
  // Without time.start the source and face value see t from 0: a different solution.
  run_in(c, dir / "restarted_clock",
         fmt::format("--set 'initial={{from: {}, time: 0.2}}' --set time.end=0.2",
                     (dir / "short1").string()));
  EXPECT_GT(max_relative_difference(final_u(dir / "restarted_clock"), reference), 1e-3);
}

// A linear field written on 8x6 cells, read on 16x12 (from the run, its .pvtr and a .vti): the
// cells between the coarse centres get the linear function to round-off; the log says so.
TEST(FieldsFromRuns, InterpolationOntoAFinerGridIsExactForALinearField) {
  const fs::path dir = scratch_dir();
  const fs::path c =
      write_case(dir / "linear", "kind: fick\ngrid: {cells: [8, 6], upper: [1, 0.75]}\n" +
                                     std::string(kSteadyLinear) + "time: {dt: 0.01, end: 0.02}\n");
  run_in(c, dir / "coarse");
  const std::string snapshot = read_pvd(dir / "coarse" / "u.pvd").front().file;
  // The same field as VTK image data (.vti), cell array c.
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetDimensions(9, 7, 1);
  image->SetSpacing(0.125, 0.125, 1);
  auto values = vtkSmartPointer<vtkDoubleArray>::New();
  values->SetName("c");
  for (int j = 0; j < 6; ++j)
    for (int i = 0; i < 8; ++i) values->InsertNextValue(1 + 2 * (i + 0.5) / 8 - 3 * (j + 0.5) / 8);
  image->GetCellData()->AddArray(values);
  auto writer = vtkSmartPointer<vtkXMLImageDataWriter>::New();
  writer->SetFileName((dir / "linear.vti").c_str());
  writer->SetInputData(image);
  ASSERT_EQ(writer->Write(), 1);
  const std::map<std::string, std::string> sources{
      {"fine_run", fmt::format("{{from: {}, time: 0}}", (dir / "coarse").string())},
      {"fine_pvtr", fmt::format("{{file: {}, array: u}}", (dir / "coarse" / snapshot).string())},
      {"fine_vti", fmt::format("{{file: {}, array: c}}", (dir / "linear.vti").string())}};
  for (const auto& [name, initial] : sources) {
    const fs::path out = dir / name;
    run_in(c, out, fmt::format("--set grid.cells=[16,12] --set 'initial={}'", initial));
    EXPECT_NE(read_text(out / "log.txt").find("interpolated (multilinear) from 8x6 to 16x12 cells"),
              std::string::npos)
        << read_text(out / "log.txt");
    const auto u = first_u(out);
    ASSERT_EQ(u.size(), 16u * 12u);
    double worst = 0;
    int inside = 0;
    for (int j = 0; j < 12; ++j)
      for (int i = 0; i < 16; ++i) {
        const double x = (i + 0.5) / 16, y = (j + 0.5) * 0.75 / 12;
        if (x < 0.5 / 8 || x > 1 - 0.5 / 8 || y < 0.75 * 0.5 / 6 || y > 0.75 * (1 - 0.5 / 6))
          continue;  // clamped: between the outermost coarse centre and the face
        ++inside;
        worst = std::max(worst,
                         std::abs(u[static_cast<std::size_t>(i + 16 * j)] - (1 + 2 * x - 3 * y)));
      }
    std::printf("[ measured ] %s: %d cells, max |error| %.3e\n", out.filename().c_str(), inside,
                worst);
    EXPECT_EQ(inside, 14 * 10);
    EXPECT_LT(worst, 1e-13);
  }
}

// A time-fractional run as a source and as a reader: fick on 64 cells starts from its last
// snapshot on 32 (linear interpolation between the centres, the nearest centre in the outer half
// cells), and a fractional run starts from its t = 0 snapshot exactly.
TEST(FieldsFromRuns, FractionalRunsAreSourcesAndReaders) {
  const fs::path dir = scratch_dir();
  run_in(cases_dir() / "fractional-time-sine", dir / "frac",
         "--set grid.cells=[32] --set time.steps=20 --set output.every=10");
  const auto coarse = final_u(dir / "frac");
  ASSERT_EQ(coarse.size(), 32u);
  const fs::path c = write_case(dir / "fick", R"yaml(kind: fick
grid: {cells: [64]}
initial: {from: ../frac}
boundary: {default: {type: dirichlet, value: 0}}
time: {dt: 0.001, end: 0.002}
)yaml");
  run_in(c, dir / "fick_out");
  EXPECT_NE(read_text(dir / "fick_out" / "log.txt").find("from 32 to 64 cells"), std::string::npos);
  const auto fine = first_u(dir / "fick_out");
  ASSERT_EQ(fine.size(), 64u);
  double worst = 0;
  for (int i = 0; i < 64; ++i) {
    // Fine centre (i + 1/2)/64 in coarse centre units: s = (i + 1/2)/2 − 1/2, clamped to [0, 31].
    const double s = std::clamp((i + 0.5) / 2 - 0.5, 0.0, 31.0);
    const int k = std::min(static_cast<int>(s), 30);
    const double expected = coarse[k] + (s - k) * (coarse[k + 1] - coarse[k]);
    worst = std::max(worst, std::abs(fine[static_cast<std::size_t>(i)] - expected));
  }
  EXPECT_LT(worst, 1e-15);

  run_in(cases_dir() / "fractional-time-sine", dir / "frac_again",
         fmt::format("--set grid.cells=[32] --set time.steps=20 --set exact=none --set "
                     "'initial={{from: {}, time: 0}}'",
                     (dir / "frac").string()));
  EXPECT_EQ(first_u(dir / "frac_again"), first_u(dir / "frac"));
  EXPECT_NE(read_text(dir / "frac_again" / "log.txt").find("fractional: initial field: u of"),
            std::string::npos);
}

// The errors of the new keys: exit 2, file:line and the key.
TEST(FieldsFromRuns, BadSourcesAreRefusedWithTheKey) {
  const fs::path dir = scratch_dir();
  const fs::path c = write_case(dir / "linear", R"yaml(kind: fick
grid: {cells: [8, 6], upper: [1, 0.75]}
initial: {type: uniform, value: 1}
time: {dt: 0.01, end: 0.02}
)yaml");
  run_in(c, dir / "source");
  // A finished run of another kind (what read_finished_run looks at first).
  fs::create_directories(dir / "stokes");
  write_file(dir / "stokes" / "summary.json", R"({"kind": "stokes", "status": "done"})");
  const std::string vtr =
      (dir / "source" / read_pvd(dir / "source" / "u.pvd").front().file).string();
  struct Bad {
    std::string initial, key, says;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"{from: nowhere}", "initial.from", "no summary.json"},
           {fmt::format("{{from: {}}}", (dir / "stokes").string()), "initial.from", "a stokes run"},
           {fmt::format("{{from: {}, time: 0.015}}", (dir / "source").string()), "initial.time",
            "one of 0, 0.02"},
           {fmt::format("{{file: {}, array: c}}", vtr), "initial.array", "it has: u"},
           {"{file: missing.vtr}", "initial.file", "no such file"}}) {
    const auto out =
        run_fickle(fmt::format("check {} --set 'initial={}'", c.string(), bad.initial));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find(bad.key + ": expected"), std::string::npos) << out.output;
    EXPECT_NE(out.output.find(bad.says), std::string::npos) << out.output;
  }
  // In the file: its line.
  const fs::path in_file = write_case(dir / "in_file", R"yaml(kind: fick
grid: {cells: [8, 6]}
time: {dt: 0.01, end: 0.02}
initial:
  from: ../nowhere
)yaml");
  const auto out = run_fickle("check " + in_file.string());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("case.yaml:5:"), std::string::npos) << out.output;
}

// A steady linear field (u = 1 + 2x − 3y given on every face): probes inside the centres' hull
// are exact to round-off; a quadratic one (x², not steady: read at t = 0) within the
// interpolation bound h²/4 per axis.
TEST(SeriesColumns, ProbesAreExactForLinearFields) {
  const fs::path dir = scratch_dir();
  const fs::path c =
      write_case(dir / "probes", "kind: fick\ngrid: {cells: [10, 8], upper: [1, 0.8]}\n" +
                                     std::string(kSteadyLinear) + R"yaml(
time: {dt: 0.01, end: 0.05}
output:
  probes: {a: [0.33, 0.41], b: [0.5, 0.4], c: [0.9, 0.1]}
petsc: {ksp_rtol: 1e-13}
)yaml");
  run_in(c, dir / "one");
  run_in(c, dir / "two", "", 2);
  const auto one = read_columns(dir / "one"), two = read_columns(dir / "two");
  const std::map<std::string, std::array<double, 2>> points{
      {"a", {0.33, 0.41}}, {"b", {0.5, 0.4}}, {"c", {0.9, 0.1}}};
  double worst = 0;
  for (const auto& [name, x] : points) {
    const auto& column = one.at("probe_" + name);
    ASSERT_EQ(column.size(), 6u);
    for (double v : column) worst = std::max(worst, std::abs(v - (1 + 2 * x[0] - 3 * x[1])));
  }
  std::printf("[ measured ] linear probes: max |error| %.3e\n", worst);
  EXPECT_LT(worst, 1e-10);  // the steady solve to ksp_rtol 1e-13; at t = 0 round-off
  for (const auto& [name, x] : points)
    EXPECT_NEAR(one.at("probe_" + name).front(), 1 + 2 * x[0] - 3 * x[1], 1e-14);
  // 1 and 2 ranks: the same columns (but iterations: one block Jacobi block per rank).
  ASSERT_EQ(one.size(), two.size());
  for (const auto& [name, column] : one)
    for (std::size_t i = 0; i < column.size() && name != "iterations"; ++i)
      EXPECT_NEAR(two.at(name)[i], column[i], 1e-10 * (1 + std::abs(column[i]))) << name;

  run_in(c, dir / "quadratic", "--set 'initial={type: expression, value: \"x^2\"}'");
  const auto q = read_columns(dir / "quadratic");
  const double h = 0.1;
  for (const auto& [name, x] : points) {
    const double error = std::abs(q.at("probe_" + name).front() - x[0] * x[0]);
    std::printf("[ measured ] quadratic probe %s: |error| %.3e (bound h^2/4 = %.3e)\n",
                name.c_str(), error, h * h / 4);
    EXPECT_LE(error, h * h / 4 + 1e-15);
  }
  // x = 0.5 lies on a face, halfway between the centres 0.45 and 0.55: the bound is attained.
  EXPECT_NEAR(q.at("probe_b").front(), 0.25 + h * h / 4, 1e-14);
}

// ∫ sin(πx) sin(πy) over [1/4, 3/4]² = 2/π² from the t = 0 row, on 8², 16² and 32² cells (the
// region's edges on cell faces): second order.
TEST(SeriesColumns, RegionIntegralsAreSecondOrder) {
  const fs::path dir = scratch_dir();
  const fs::path c = write_case(dir / "integral", R"yaml(kind: fick
grid: {cells: [8, 8]}
initial: {type: sine}
boundary: {default: {type: dirichlet, value: 0}}
time: {dt: 0.01, end: 0.01}
output:
  regions:
    middle: {shape: box, lower: [0.25, 0.25], upper: [0.75, 0.75]}
    disc: {shape: sphere, center: [0.5, 0.5], radius: 0.3}
)yaml");
  const double exact = 2 / (M_PI * M_PI);
  std::vector<double> errors;
  for (int n : {8, 16, 32}) {
    const fs::path out = dir / fmt::format("n{}", n);
    run_in(c, out, fmt::format("--set grid.cells=[{},{}]", n, n));
    errors.push_back(std::abs(read_columns(out).at("integral_middle").front() - exact));
  }
  std::printf("[ measured ] region integral errors %.3e %.3e %.3e\n", errors[0], errors[1],
              errors[2]);
  for (std::size_t i = 1; i < errors.size(); ++i)
    EXPECT_NEAR(std::log2(errors[i - 1] / errors[i]), 2.0, 0.05);
}

// A source s = 1 in a box with absorbing x faces, a flux g = 0.3 out through y+ and none through
// y−: with backward Euler, (M^{n+1} − M^n)/dt = −Σ flux^{n+1} + s|Ω| at every step, on 1 and 2
// ranks; series_every 2 keeps every second row (and the last).
TEST(SeriesColumns, BoundaryFluxesConserveMass) {
  const fs::path dir = scratch_dir();
  const fs::path c = write_case(dir / "flux", R"yaml(kind: fick
grid: {cells: [12, 10], upper: [1.2, 1]}
physics: {D: 0.1, source: 1}
initial: {type: gaussian, center: [0.6, 0.5], sigma: 0.2}
boundary:
  default: {type: dirichlet, value: 0}
  y-: {type: neumann, value: 0}
  y+: {type: neumann, value: 0.3}
time: {dt: 0.01, end: 0.2}
output: {every: 0}
petsc: {ksp_rtol: 1e-12}
)yaml");
  for (int ranks : {1, 2}) {
    const fs::path out = dir / fmt::format("r{}", ranks);
    run_in(c, out, "", ranks);
    const auto s = read_columns(out);
    ASSERT_EQ(s.at("t").size(), 21u);
    double worst = 0;
    for (std::size_t i = 1; i < s.at("t").size(); ++i) {
      const double out_flux =
          s.at("flux_x-")[i] + s.at("flux_x+")[i] + s.at("flux_y-")[i] + s.at("flux_y+")[i];
      const double balance = (s.at("mass")[i] - s.at("mass")[i - 1]) / 0.01 + out_flux - 1.0 * 1.2;
      worst = std::max(worst, std::abs(balance));
    }
    std::printf("[ measured ] %d rank(s): max |dM/dt + sum flux - S| = %.3e\n", ranks, worst);
    EXPECT_LT(worst, 1e-8);
    EXPECT_DOUBLE_EQ(s.at("flux_y-")[5], 0.0);
    EXPECT_NEAR(s.at("flux_y+")[5], 0.3 * 1.2, 1e-12);
  }
  run_in(c, dir / "every", "--set output.series_every=3");
  const auto t = read_columns(dir / "every").at("step");
  EXPECT_EQ(t, (std::vector<double>{0, 3, 6, 9, 12, 15, 18, 20}));
}

// cases/fick-probes: every column is there; with a row per step the fluxes close the mass balance
// (source area 0.02: the patch's 32 cells); 2 ranks give the same columns.
// cases/fick-continue: starts from its 16² start.vtr at t = 2.5 on 32² and says so; on 16² it
// ends where fick-probes on 16² ends (start.vtr is that run's snapshot at t = 2.5).
TEST(ReadyCases, FickProbesAndFickContinue) {
  const fs::path dir = scratch_dir();
  run_in(cases_dir() / "fick-probes", dir / "probes", "--set output.series_every=1");
  run_in(cases_dir() / "fick-probes", dir / "probes2", "--set output.series_every=1", 2);
  const auto s = read_columns(dir / "probes"), two = read_columns(dir / "probes2");
  for (const char* column :
       {"probe_near", "probe_middle", "probe_far", "integral_patch", "integral_right_half",
        "integral_disc", "flux_x-", "flux_x+", "flux_y-", "flux_y+"})
    ASSERT_TRUE(s.contains(column)) << column;
  double worst = 0;
  for (std::size_t i = 1; i < s.at("t").size(); ++i) {
    const double out =
        s.at("flux_x-")[i] + s.at("flux_x+")[i] + s.at("flux_y-")[i] + s.at("flux_y+")[i];
    worst = std::max(worst, std::abs((s.at("mass")[i] - s.at("mass")[i - 1]) / 0.05 + out - 0.02));
  }
  std::printf(
      "[ measured ] fick-probes: max |dM/dt + sum flux - S| = %.3e, flux_x+ at t = 5: "
      "%.4f\n",
      worst, s.at("flux_x+").back());
  EXPECT_LT(worst, 1e-8);
  EXPECT_GT(s.at("flux_x+").back(), 0.0);
  EXPECT_GT(s.at("probe_near").back(), s.at("probe_middle").back());
  EXPECT_GT(s.at("probe_middle").back(), s.at("probe_far").back());
  // 2 ranks: the same columns to the solver's tolerance (rtol 1e-8), relative to each column's
  // largest value.
  for (const auto& [name, column] : s) {
    double scale = 1e-300;
    for (double v : column) scale = std::max(scale, std::abs(v));
    for (std::size_t i = 0; i < column.size() && name != "iterations"; ++i)
      EXPECT_NEAR(two.at(name)[i], column[i], 1e-6 * scale) << name;
  }

  run_in(cases_dir() / "fick-continue", dir / "continue");
  EXPECT_NE(read_text(dir / "continue" / "log.txt")
                .find("interpolated (multilinear) from 16^2 to 32^2 cells"),
            std::string::npos);
  const auto summary = read_summary(dir / "continue");
  EXPECT_EQ(summary["steps"], 50);
  EXPECT_NEAR(summary["t_end"].get<double>(), 5.0, 1e-12);
  // On start.vtr's own 16² cells (no interpolation) it is fick-probes on 16² from t = 2.5 on.
  run_in(cases_dir() / "fick-continue", dir / "continue16", "--set grid.cells=[16,16]");
  run_in(cases_dir() / "fick-probes", dir / "probes16", "--set grid.cells=[16,16]");
  const double diff =
      max_relative_difference(final_u(dir / "continue16"), final_u(dir / "probes16"));
  std::printf("[ measured ] fick-continue on 16^2 against fick-probes on 16^2: %.3e\n", diff);
  EXPECT_LT(diff, 1e-6);
}

// Probability that a Brownian particle started at x0 in [0, 1] has left through x = 1 by time t
// (absorbing walls at both ends): x0 − Σ_n (2/(nπ)) (−1)^{n+1} sin(nπ x0) e^{−n²π² D t}
// (the integral of the flux −D u_x(1, t) of the eigenfunction series; x0 as t → ∞).
double exit_through_upper(double x0, double D, double t) {
  double p = x0;
  for (int n = 1; n < 400; ++n)
    p -= 2 / (n * M_PI) * (n % 2 ? 1 : -1) * std::sin(n * M_PI * x0) *
         std::exp(-n * n * M_PI * M_PI * D * t);
  return p;
}

// 1D Brownian particles from x0 = 0.3 between absorbing walls: crossed_x- and crossed_x+ against
// the exact exit probabilities, with the walls moved out by Broadie–Glasserman–Kou's 0.5826 σ√dt
// (walls checked only at the ends of steps, docs/cases.md "boundary (of particles)"), within 4
// standard errors; the region counts add up to the alive particles; 1 and 2 ranks give the same
// particles and the same counts.
TEST(ParticleColumns, FaceCrossingsMatchTheExitLaw) {
  const fs::path dir = scratch_dir();
  const fs::path c = write_case(dir / "exits", R"yaml(kind: particles
model: brownian
count: 20000
seed: 7
grid: {cells: [20]}
physics: {D: 1}
initial: {type: point, center: [0.3]}
boundary: {default: {type: absorbing}}
time: {dt: 5.0e-5, end: 0.05}
output:
  every: 0
  sample: 0
  series_every: 200
  regions:
    left: {shape: box, lower: [0], upper: [0.5]}
    right: {shape: box, lower: [0.5], upper: [1]}
)yaml");
  run_in(c, dir / "one");
  run_in(c, dir / "two", "", 2);
  EXPECT_TRUE(particle_state(dir / "one") == particle_state(dir / "two"));
  const auto s = read_columns(dir / "one"), two = read_columns(dir / "two");
  for (const char* column : {"count_left", "count_right", "crossed_x-", "crossed_x+"})
    EXPECT_EQ(s.at(column), two.at(column)) << column;  // exact counts
  const double N = 20000, D = 1, dt = 5e-5;
  const double shift = 0.5826 * std::sqrt(2 * D * dt), L = 1 + 2 * shift;
  double worst = 0;
  for (std::size_t i = 0; i < s.at("t").size(); ++i) {
    const double t = s.at("t")[i];
    EXPECT_NEAR(s.at("count_left")[i] + s.at("count_right")[i], N * s.at("alive")[i], 1e-6) << t;
    if (t < 0.01) continue;
    // On [−δ, 1 + δ] in units of L: start (0.3 + δ)/L, time D t / L².
    const double up = exit_through_upper((0.3 + shift) / L, D / (L * L), t);
    const double down = exit_through_upper((0.7 + shift) / L, D / (L * L), t);
    for (const auto& [column, p] : {std::pair{"crossed_x+", up}, std::pair{"crossed_x-", down}}) {
      const double z = (s.at(column)[i] / N - p) / std::sqrt(p * (1 - p) / N);
      worst = std::max(worst, std::abs(z));
      EXPECT_LT(std::abs(z), 4.0) << column << " at t = " << t << ": " << s.at(column)[i] / N
                                  << " against " << p;
    }
  }
  std::printf("[ measured ] exits: largest |z| %.2f; at t = 0.05 x- %.4f x+ %.4f\n", worst,
              s.at("crossed_x-").back() / N, s.at("crossed_x+").back() / N);
}

}  // namespace
}  // namespace fickle::testing
