// Purcell's stirring number (docs/science.md §8.4) through the fickle binary: the ready case
// cases/purcell-peclet swept over the swimming speed U. The steady uptake through the absorbing
// face of a layer of thickness a is (D/a) Pe/(1 − e^{−Pe}), Pe = U a/D, so the gain over pure
// diffusion is 1 + Pe/2 + Pe²/12 + … at small Pe and → Pe at large Pe: stirring pays only above
// Pe ≈ 1. The same uptake on 1 and 2 ranks.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

double uptake(const fs::path& run) {
  const auto s = read_summary(run);
  EXPECT_EQ(s["status"], "done") << run;
  return s["boundary_flux"]["x-"].get<double>();
}

TEST(PurcellPeclet, UptakeGainIsPeOverOneMinusExpMinusPe) {
  const fs::path dir = scratch_dir();
  // a = 1 µm, D = 1000 µm²/s: U in µm/s is 1000 Pe; E. coli swims at 30 (Pe = 0.03).
  const std::vector<double> speeds{30, 300, 1000, 3000, 10000};
  std::string values = "[0]";
  for (double u : speeds) values += fmt::format(",[-{:g}]", u);
  const auto out =
      run_fickle(fmt::format("sweep {} --set 'physics.velocity={}' -o {}",
                             case_path("purcell-peclet"), values, (dir / "sweep").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  // Without swimming: the linear profile's D c∞/a, exact on the grid.
  const double still = uptake(dir / "sweep" / "velocity=0");
  EXPECT_NEAR(still, 1000.0, 1e-6);
  for (double u : speeds) {
    const double pe = u / 1000;
    const double gain = uptake(dir / "sweep" / fmt::format("velocity=-{:g}", u)) / still;
    const double law = pe / (1 - std::exp(-pe));
    // Central differences on 100 cells: O((Pe h/a)²), measured ≤ 1.2e-5 relative.
    EXPECT_NEAR(gain, law, 5e-5 * law) << "Pe = " << pe;
    // A law without the ½ (1 + Pe) is off by far more than that at every Pe here.
    EXPECT_GT(std::abs(gain - (1 + pe)), 1e-2 * pe) << "Pe = " << pe;
    if (pe <= 0.3) EXPECT_NEAR(gain, 1 + pe / 2, pe * pe / 12 * 1.1) << "Pe = " << pe;
  }
  // E. coli (S = 0.03): 1.5% more food; stirring doubles it only near Pe ≈ 1.6.
  const double ecoli = uptake(dir / "sweep" / "velocity=-30") / still;
  EXPECT_GT(ecoli, 1.0145);
  EXPECT_LT(ecoli, 1.0155);

  // The ready case itself, on 1 and 2 ranks (the flux is a sum over the ranks' boundary cells).
  for (int ranks : {1, 2}) {
    const fs::path run = dir / fmt::format("ready{}", ranks);
    const auto r =
        run_fickle(fmt::format("run {} -o {}", case_path("purcell-peclet"), run.string()), ranks);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NEAR(uptake(run), 1000 * 0.03 / (1 - std::exp(-0.03)), 1e-4);  // 1e-7 relative
    EXPECT_NEAR(read_summary(run)["boundary_flux"]["x+"].get<double>(), -uptake(run), 1e-6);
  }
}

}  // namespace
}  // namespace fickle::testing
