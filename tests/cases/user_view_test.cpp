// What users look at (issue "What users look at"): the field data of every VTK file read back
// through VTK (XML and VTKHDF), the particles' state and jump counts, `fickle describe` against the
// reader and against docs/cases.md, `fickle --help`, and the plots of every kind.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "meshes/vtkhdf.hpp"
#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// tests/support/read_vtk_metadata.py on `file`: VTK's own reader in a process of its own.
nlohmann::json vtk_metadata(const fs::path& file) {
  const fs::path json = file.string() + ".json";
  const std::string command =
      fmt::format("/usr/bin/python3 {}/tests/support/read_vtk_metadata.py {} > {}",
                  FICKLE_SOURCE_DIR, file.string(), json.string());
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return nlohmann::json::parse(read_text(json));
}

// The output of a command line (stdout only).
std::string output_of(const std::string& args) {
  const auto outcome = run_fickle(args);
  EXPECT_EQ(outcome.exit_code, 0) << args << "\n" << outcome.output;
  return outcome.output;
}

TEST(VtkMetadata, EveryFieldFileSaysItsTimeTitleAndUnitsInBothFormats) {
  const fs::path dir = scratch_dir();
  const std::string sets =
      "--set time.end=0.02 --set output.every=10 --set units.length=m --set units.time=s "
      "--set 'units.u=mol/m^3'";
  for (const std::string format : {"vtk", "vtkhdf"}) {
    const fs::path out = dir / format;
    output_of(fmt::format("run {} -o {} {} --set output.format={} --set output.plots=false",
                          case_path("fick-1d-sine"), out.string(), sets, format));
    if (format == "vtkhdf") {
      // VTK 9.1 reads no field data of ImageData: the same texts are attributes of /VTKHDF.
      const auto a = read_vtkhdf_metadata(out / "fields" / "u_0001.hdf");
      EXPECT_NEAR(std::stod(a.at("TimeValue")), 0.01, 1e-12);
      EXPECT_EQ(a.at("Title"), "Sine mode between absorbing faces (1D, Crank-Nicolson)");
      EXPECT_EQ(a.at("unit_length"), "m");
      EXPECT_EQ(a.at("unit_u"), "mol/m^3");
      EXPECT_FALSE(a.contains("unit_pressure"));
      continue;
    }
    const auto m = vtk_metadata(out / "fields" / "u_0001.pvtr");
    EXPECT_NEAR(m["field"]["TimeValue"].get<double>(), 0.01, 1e-12) << format;
    EXPECT_EQ(m["field"]["Title"], "Sine mode between absorbing faces (1D, Crank-Nicolson)")
        << format;
    EXPECT_EQ(m["field"]["unit_length"], "m") << format;
    EXPECT_EQ(m["field"]["unit_time"], "s") << format;
    EXPECT_EQ(m["field"]["unit_u"], "mol/m^3") << format;
    EXPECT_FALSE(m["field"].contains("unit_pressure")) << format;  // only the units given
    EXPECT_EQ(m["cell_scalars"], "u");
  }
}

TEST(VtkMetadata, StokesMarksTheVelocityAsTheActiveVector) {
  const fs::path out = scratch_dir();
  output_of(fmt::format("run {} -o {} --set grid.cells=[16,16] --set output.plots=false",
                        case_path("stokes-cavity"), out.string()));
  const fs::path file = out / "fields" / "flow_0000.pvtr";
  ASSERT_TRUE(fs::exists(file));
  const auto m = vtk_metadata(file);
  EXPECT_EQ(m["cell_vectors"], "velocity");
  EXPECT_TRUE(m["field"].contains("TimeValue"));
}

// A CTRW between an absorbing face (x-) and an open one (x+): the three states at once.
const char* kStates = R"(kind: particles
title: states
model: ctrw
count: 2000
seed: 4
grid: {cells: [16], lower: [-0.05], upper: [0.05]}
ctrw: {waiting: mittag-leffler, alpha: 0.7, tau: 1.0e-4, sigma: 1.0e-2}
boundary: {x-: {type: absorbing}, x+: {type: open}}
time: {dt: 1.0e-3, end: 0.1}
output: {every: 100, sample: 2000, plots: false}
)";

TEST(ParticleView, StateJumpsAndTheOutlineInBothFormats) {
  const fs::path dir = scratch_dir();
  fs::create_directories(dir / "case");
  std::ofstream(dir / "case" / "case.yaml") << kStates;
  for (const std::string format : {"vtk", "vtkhdf"}) {
    const fs::path out = dir / format;
    output_of(fmt::format("run {} -o {} --set output.format={}", (dir / "case").string(),
                          out.string(), format));
    const auto m = vtk_metadata(out / "particles" /
                                (format == "vtk" ? "particles_0001.pvtp" : "particles_0001.hdf"));
    EXPECT_NEAR(m["field"]["TimeValue"].get<double>(), 0.1, 1e-12) << format;
    EXPECT_EQ(m["field"]["Title"], "states") << format;
    const auto state = m["point_arrays"]["state"].get<std::vector<long>>();
    const auto jumps = m["point_arrays"]["jumps"].get<std::vector<long>>();
    ASSERT_EQ(state.size(), 2000u) << format;  // absorbed particles are kept
    ASSERT_EQ(jumps.size(), 2000u) << format;
    std::array<int, 3> count{0, 0, 0};
    for (std::size_t i = 0; i < state.size(); ++i) {
      ASSERT_GE(state[i], 0);
      ASSERT_LE(state[i], 2);
      ++count[static_cast<std::size_t>(state[i])];
      EXPECT_GE(jumps[i], state[i] == 0 ? 0 : 1);  // absorbed or gone: at least one jump
    }
    EXPECT_GT(count[0], 0) << format;
    EXPECT_GT(count[1], 0) << format;
    EXPECT_GT(count[2], 0) << format;
    if (format == "vtk") {
      EXPECT_EQ(m["point_scalars"], "state");
      // The true places (array position): absorbed ones on the wall x = -0.05, those that left
      // beyond x = 0.05; the points themselves stay within the box grown by its size (0.1).
      const auto position = m["point_arrays"]["position"];
      for (std::size_t i = 0; i < state.size(); ++i) {
        const double x = position[i][0].get<double>();
        if (state[i] == 1) {
          EXPECT_EQ(x, -0.05);
        } else if (state[i] == 2) {
          EXPECT_GT(x, 0.05);
        } else {
          EXPECT_TRUE(x >= -0.05 && x <= 0.05) << x;
        }
      }
      EXPECT_GE(m["bounds"][0].get<double>(), -0.15 - 1e-12);
      EXPECT_LE(m["bounds"][1].get<double>(), 0.15 + 1e-12);
      const auto outline = vtk_metadata(out / "outline.vtp");
      EXPECT_DOUBLE_EQ(outline["bounds"][0].get<double>(), -0.05);
      EXPECT_DOUBLE_EQ(outline["bounds"][1].get<double>(), 0.05);
    }
  }
}

// `fickle describe KIND --json`, once per kind (a compare kind's schema takes a few seconds).
const nlohmann::json& described(const std::string& kind) {
  static std::map<std::string, nlohmann::json> cache;
  if (!cache.contains(kind))
    cache[kind] = nlohmann::json::parse(output_of("describe " + kind + " --json"));
  return cache[kind];
}

const std::vector<std::string> kKinds{"fick",    "fractional", "stokes", "particles",
                                      "compare", "nn",         "swimmer"};

// Each kind in a test of its own (a few seconds each: describe reads the kind on every choice).
class DescribeKind : public ::testing::TestWithParam<std::string> {};

std::set<std::string> paths_of(const std::string& kind) {
  std::set<std::string> paths;
  for (const auto& key : described(kind)["keys"]) paths.insert(key["path"].get<std::string>());
  return paths;
}

TEST_P(DescribeKind, TemplatePassesCheckAndSetsOnlyDescribedKeys) {
  const std::string kind = GetParam();
  const fs::path dir = scratch_dir();
  const auto paths = paths_of(kind);
  EXPECT_TRUE(paths.contains("kind") && paths.contains("output.plots")) << kind;
  std::ofstream(dir / "case.yaml") << output_of("describe " + kind + " --template");
  const auto check = run_fickle("check " + dir.string());
  EXPECT_EQ(check.exit_code, 0) << kind << "\n" << check.output;
  EXPECT_NE(check.output.find("a valid " + kind + " case"), std::string::npos) << check.output;
  // Every key the template sets (uncommented, `key:` at its depth) is a described key.
  std::ifstream in(dir / "case.yaml");
  std::vector<std::string> stack;
  for (std::string line; std::getline(in, line);) {
    static const std::regex key(R"(^( *)([A-Za-z_][A-Za-z0-9_+-]*):)");
    std::smatch m;
    if (!std::regex_search(line, m, key)) continue;
    const std::size_t depth = m[1].length() / 2;
    stack.resize(depth);
    std::string path;
    for (const auto& s : stack) path += s + ".";
    path += m[2].str();
    EXPECT_TRUE(paths.contains(path)) << kind << ": " << path;
    stack.push_back(m[2].str());
  }
}

// Every key of every ready case of the kind is one describe knows (compare cases: their
// sub-cases under flow, particles and pde).
TEST_P(DescribeKind, KnowsEveryKeyOfTheReadyCases) {
  const std::string kind = GetParam();
  const auto paths = paths_of(kind);
  for (const auto& entry : fs::directory_iterator(cases_dir())) {
    const YAML::Node c = YAML::LoadFile((entry.path() / "case.yaml").string());
    if (c["kind"].as<std::string>() != kind) continue;
    std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& n,
                                                                          const std::string& at) {
      // Free-form maps: PETSc options, a sub-case's `set:` overrides, piecewise and named
      // regions, the user-named constants of expressions and probes.
      if (!n.IsMap() || at.ends_with("petsc") || at.ends_with("set") || at.ends_with("regions") ||
          at.ends_with("constants") || at.ends_with("probes"))
        return;
      for (const auto& item : n) {
        const std::string path = (at.empty() ? "" : at + ".") + item.first.as<std::string>();
        EXPECT_TRUE(paths.contains(path)) << entry.path().filename() << ": " << path;
        if (paths.contains(path)) walk(item.second, path);
      }
    };
    walk(c, "");
  }
}

// docs/cases.md (nn.md and compare.md for their kinds) has a table row `| `key` |` (or a heading
// for a section) for every key of the kind: the test fails as soon as a key is read that the docs
// do not list.
TEST_P(DescribeKind, DocsListEveryKey) {
  std::set<std::string> documented;
  for (const char* doc : {"docs/cases.md", "docs/nn.md", "docs/compare.md"}) {
    std::ifstream in(fs::path(FICKLE_SOURCE_DIR) / doc);
    // The first cell of a table row (`| `key`, `other` | ...`) or a section heading (### `key`).
    static const std::regex cell(R"(^(?:\|([^|]+)\||#+ (.*)$))");
    static const std::regex name("`([^`]+)`");
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
      if (!std::regex_search(line, m, cell)) continue;
      const std::string first = m[1].matched ? m[1].str() : m[2].str();
      for (std::sregex_iterator it(first.begin(), first.end(), name), end; it != end; ++it)
        documented.insert((*it)[1].str());
    }
  }
  for (const auto& path : paths_of(GetParam())) {
    std::string leaf = path.substr(path.rfind('.') + 1);
    if (leaf.ends_with("[]")) leaf.resize(leaf.size() - 2);
    // A row names the key, or its path from a section (`physics.D_time`, `velocity.from`).
    const bool listed = documented.contains(leaf) || documented.contains(path) ||
                        std::any_of(documented.begin(), documented.end(), [&](const auto& d) {
                          return d.ends_with("." + leaf) || d.starts_with(leaf + ".");
                        });
    EXPECT_TRUE(listed) << path << " has no row in docs/cases.md";
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, DescribeKind, ::testing::ValuesIn(kKinds));

// What describe says a key expects is what the reader says when the value is wrong.
TEST(Describe, RangesAreTheReadersOwnMessages) {
  std::string expects;
  for (const auto& key : described("fick")["keys"])
    if (key["path"] == "physics.D") expects = key["checks"].at(0).get<std::string>();
  ASSERT_FALSE(expects.empty());
  const auto bad = run_fickle("check " + case_path("fick-1d-sine") + " --set physics.D=-1");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("physics.D: expected " + expects), std::string::npos) << bad.output;
  const auto unknown = run_fickle("describe fluid");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown kind 'fluid'"), std::string::npos) << unknown.output;
}

// A PNG that shows something: readable by matplotlib, more than 40 colours, not one flat tone.
void expect_picture(const fs::path& png) {
  ASSERT_TRUE(fs::exists(png)) << png;
  const std::string command = fmt::format(
      "/usr/bin/python3 -c \"import sys, numpy, matplotlib.image as m; a = m.imread(sys.argv[1]); "
      "c = len(numpy.unique(a.reshape(-1, a.shape[-1]), axis=0)); "
      "sys.exit(0 if c > 40 and a[..., :3].std() > 0.05 else 1)\" {}",
      png.string());
  EXPECT_EQ(std::system(command.c_str()), 0) << png << " is blank or unreadable";
}

// The plots each kind draws by itself (output.plots), at a small size: which files, and that
// each shows something. errors.png only with an exact solution.
struct PlotRun {
  const char* name;
  std::string args;
  std::vector<std::string> pngs, absent;
};
void PrintTo(const PlotRun& p, std::ostream* os) {
  *os << p.name;
}
class Plots : public ::testing::TestWithParam<PlotRun> {};

TEST_P(Plots, EveryKindDrawsItsPictures) {
  const PlotRun& p = GetParam();
  const fs::path out = scratch_dir() / "run";
  output_of(fmt::format("run {} -o {} --set output.plots=true", p.args, out.string()));
  for (const auto& png : p.pngs) expect_picture(out / "plots" / png);
  for (const auto& png : p.absent) EXPECT_FALSE(fs::exists(out / "plots" / png)) << png;
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, Plots,
    ::testing::Values(
        PlotRun{"fick_1d_exact",
                case_path("fick-1d-sine") + " --set time.end=0.02",
                {"u.png", "errors.png", "mass.png"},
                {}},
        PlotRun{"fick_2d_no_exact",
                case_path("fick-2d-drift") + " --set grid.cells=[16,16] --set exact=none",
                {"u.png", "mass.png"},
                {"errors.png"}},
        PlotRun{"fractional",
                case_path("fractional-time-sine") + " --set time.end=0.05",
                {"u.png", "errors.png", "mass.png"},
                {}},
        PlotRun{"particles",
                case_path("particles-ctrw") + " --set count=2000",
                {"msd.png", "density.png"},
                {}},
        PlotRun{
            "stokes", case_path("stokes-cavity") + " --set grid.cells=[16,16]", {"flow.png"}, {}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Help, NamesTheDocsAndDescribe) {
  const std::string help = output_of("--help");
  EXPECT_NE(help.find("cases.md"), std::string::npos) << help;
  EXPECT_NE(help.find("output.md"), std::string::npos) << help;
  EXPECT_NE(help.find("fickle describe KIND"), std::string::npos) << help;
}

}  // namespace
}  // namespace fickle::testing
