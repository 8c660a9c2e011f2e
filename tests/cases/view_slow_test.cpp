// `fickle view RUN --png FILE`: the view.py state every run writes, rendered headless by pvpython
// under xvfb-run (about 7 s, hence slow), for a stokes run (speed and streamlines) and a particle
// run (density, particles by state, the outline).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// More than 40 colours and not one flat tone: a picture of something.
bool shows_something(const fs::path& png) {
  const std::string command = fmt::format(
      "/usr/bin/python3 -c \"import sys, numpy, matplotlib.image as m; a = m.imread(sys.argv[1]); "
      "c = len(numpy.unique(a.reshape(-1, a.shape[-1]), axis=0)); "
      "sys.exit(0 if c > 40 and a[..., :3].std() > 0.05 else 1)\" {}",
      png.string());
  return std::system(command.c_str()) == 0;
}

TEST(View, RendersTheRunsStateToAPng) {
  if (std::system("command -v pvpython > /dev/null && command -v xvfb-run > /dev/null") != 0)
    GTEST_SKIP() << "no pvpython or xvfb-run (tools/setup.sh installs them)";
  const fs::path dir = scratch_dir();
  for (const auto& [name, args] : std::vector<std::pair<std::string, std::string>>{
           {"stokes", case_path("stokes-cavity") + " --set grid.cells=[16,16]"},
           {"particles", case_path("particles-brownian") + " --set count=2000"}}) {
    const fs::path run = dir / name;
    auto outcome =
        run_fickle(fmt::format("run {} -o {} --set output.plots=false", args, run.string()));
    ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
    ASSERT_TRUE(fs::exists(run / "view.py")) << name;
    const fs::path png = dir / (name + ".png");
    outcome = run_fickle(fmt::format("view {} --png {}", run.string(), png.string()));
    EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
    EXPECT_TRUE(shows_something(png)) << name;
  }
  // Not a run directory: bad input, exit 2.
  const auto bad = run_fickle("view " + (dir / "nothing").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

}  // namespace
}  // namespace fickle::testing
