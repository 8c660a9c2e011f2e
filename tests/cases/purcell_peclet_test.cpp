// Purcell's stirring number (docs/science.md §8.4) through the fickle binary: the ready case
// cases/purcell-peclet swept over the swimming speed U. The steady uptake through the absorbing
// face of a layer of thickness a is (D/a) Pe/(1 − e^{−Pe}), Pe = U a/D, so the gain over pure
// diffusion is 1 + Pe/2 + Pe²/12 + … at small Pe and → Pe at large Pe: stirring pays only above
// Pe ≈ 1. The same uptake on 1 and 2 ranks. And cases/purcell-outrun: run-and-tumble E. coli
// against the diffusion of its nutrient.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

// The rows of a particle run's series.csv (every column a number), by column name.
std::vector<std::map<std::string, double>> read_series(const fs::path& file) {
  std::istringstream text(read_text(file));
  std::string line, cell;
  std::getline(text, line);
  std::vector<std::string> names;
  for (std::istringstream header(line); std::getline(header, cell, ',');) names.push_back(cell);
  std::vector<std::map<std::string, double>> rows;
  while (std::getline(text, line)) {
    std::istringstream values(line);
    auto& row = rows.emplace_back();
    for (const auto& name : names)
      if (std::getline(values, cell, ',')) row[name] = std::stod(cell);
  }
  return rows;
}

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
    if (pe <= 0.3) {  // the small-Pe law, to its next term Pe²/12
      EXPECT_NEAR(gain, 1 + pe / 2, pe * pe / 12 * 1.1) << "Pe = " << pe;
    }
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
  // In 2D the flux is per unit depth, summed over the face: a 3 µm tall surface takes up 3 times
  // as much; the closed y faces nothing.
  const auto r =
      run_fickle(fmt::format("run {} -o {} --set 'grid={{cells: [100, 4], upper: [1, 3]}}' --set "
                             "'physics.velocity=[-30, 0]'",
                             case_path("purcell-peclet"), (dir / "tall").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NEAR(uptake(dir / "tall"), 3 * uptake(dir / "ready1"), 1e-6);
  EXPECT_EQ(read_summary(dir / "tall")["boundary_flux"]["y-"].get<double>(), 0.0);
  EXPECT_FALSE(read_summary(dir / "tall")["boundary_flux"].contains("z-"));
}

// Purcell's second number: to outrun the diffusion of its food a swimmer's MSD must beat the
// nutrient's 6 D t. E. coli's tumbles cap its MSD at 6 D_eff t, D_eff = v²τ/3 = 450 µm²/s < D =
// 1000 µm²/s (cases/purcell-outrun): it never does, at any time; a swimmer twice as fast
// (D_eff = 1800 µm²/s) does by t = 30 s. Both from particle runs, within 4 standard errors.
TEST(PurcellOutrun, EColiNeverOutrunsItsNutrientAndATwiceFasterSwimmerDoes) {
  const fs::path dir = scratch_dir();
  constexpr double nutrient_D = 1000;  // µm²/s
  for (const double speed : {30.0, 60.0}) {
    const fs::path run = dir / fmt::format("v{:g}", speed);
    const auto r = run_fickle(fmt::format("run {} -o {} --set run-and-tumble.speed={:g}",
                                          case_path("purcell-outrun"), run.string(), speed));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto rows = read_series(run / "series.csv");
    ASSERT_GT(rows.size(), 10u);
    const auto& last = rows.back();
    const double t = last.at("t"), msd = last.at("msd"), se = last.at("msd_standard_error");
    EXPECT_NEAR(msd, last.at("msd_exact"), 4 * se) << speed;
    // D_eff = v² τ / 3 with τ = 1/(λ (1 − 1/3)) = 1.5 s.
    EXPECT_NEAR(read_summary(run)["effective_diffusivity"].get<double>(), speed * speed * 0.5,
                1e-9 * speed * speed);
    if (speed == 30) {
      for (const auto& row : rows) {
        if (row.at("t") == 0) continue;
        EXPECT_LT(row.at("msd") + 4 * row.at("msd_standard_error"), 6 * nutrient_D * row.at("t"))
            << "t = " << row.at("t");
      }
    } else {
      EXPECT_GT(msd - 4 * se, 6 * nutrient_D * t);
    }
  }
}

}  // namespace
}  // namespace fickle::testing
