// The anomalous-diffusion networks through the fickle binary (docs/nn.md, "anomalous"): a small
// training run reports its scores, continues bit for bit after a restart, and `fickle analyse`
// reads fickle's own tracks and a trackpy export with it; bad input is refused.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

const std::string kSmall =
    "--set data.train_size=1200 --set data.test_size=600 --set data.lengths=[10,300]";

std::vector<std::string> lines(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(NnAnomalous, TrainsRestartsBitForBitAndAnalysesTracks) {
  const fs::path dir = scratch_dir();
  const std::string run = fmt::format("run {} {}", case_path("nn-anomalous"), kSmall);
  auto out =
      run_fickle(fmt::format("{} -o {} --set training.epochs=4", run, (dir / "whole").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir / "whole");
  EXPECT_EQ(s["model"], "anomalous");
  EXPECT_EQ(s["classes"].size(), 6u);
  for (const char* key : {"mae", "baseline_mae", "f1", "f1_macro", "f1_andi_models"})
    EXPECT_TRUE(s[key].is_number()) << key;
  for (const char* key : {"mae_by_model", "mae_by_length", "mae_by_noise", "baseline_mae_by_model",
                          "f1_by_model", "f1_by_length", "f1_andi_models_by_length"})
    EXPECT_TRUE(s[key].is_object()) << key;
  EXPECT_GT(s["f1"].get<double>(), 0.3);  // 4 epochs on 1200 trajectories beat chance (1/6)
  EXPECT_EQ(s["features"], 52);
  // The case's ensemble of three classifiers (and the six regressors) are in the file.
  EXPECT_NE(read_text(dir / "whole" / "model.npz").find("anomalous.classifier2."),
            std::string::npos);
  // Two epochs, then --restart to four: the same model, bit for bit.
  out = run_fickle(fmt::format("{} -o {} --set training.epochs=2", run, (dir / "parts").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(
      fmt::format("{} -o {} --set training.epochs=4 --restart", run, (dir / "parts").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(read_text(dir / "parts" / "model.npz") == read_text(dir / "whole" / "model.npz"));
  EXPECT_EQ(read_text(dir / "parts" / "series.csv"), read_text(dir / "whole" / "series.csv"));

  // fickle's own tracks: one row per track, a model name each.
  out = run_fickle(fmt::format("run {} -o {} --set count=200 --set output.tracks.count=20",
                               case_path("particles-sbm"), (dir / "sbm").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = run_fickle(fmt::format("analyse {} --model {} -o {}", (dir / "sbm" / "tracks.csv").string(),
                               (dir / "whole").string(), (dir / "analysed").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  auto rows = lines(dir / "analysed" / "analysis.csv");
  ASSERT_EQ(rows.size(), 21u);
  EXPECT_EQ(rows[0],
            "particle,frames,alpha,model,alpha_tamsd,p_attm,p_ctrw,p_fbm,p_levy-walk,p_sbm,"
            "p_brownian");
  const std::set<std::string> models{"attm", "ctrw", "fbm", "levy-walk", "sbm", "brownian"};
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto field = [&](int n) {
      std::size_t at = 0;
      for (int i = 0; i < n; ++i) at = rows[k].find(',', at) + 1;
      return rows[k].substr(at, rows[k].find(',', at) - at);
    };
    EXPECT_EQ(field(1), "1001");
    EXPECT_TRUE(models.count(field(3))) << rows[k];
  }
  // A trackpy export (2D, by frame, other columns around), beside which analysis.csv lands.
  {
    fs::create_directories(dir / "trackpy");
    std::ofstream csv(dir / "trackpy" / "tracks.csv");
    csv << ",y,x,mass,frame,particle\n";
    for (int frame = 0; frame < 40; ++frame)
      for (int p = 0; p < 3; ++p)
        csv << fmt::format("{},{},{},1.0,{},{}\n", frame * 3 + p, std::sin(frame * (p + 1.3)),
                           0.1 * frame * p + std::cos(frame * 0.7 * (p + 1)), frame, p + 10);
  }
  out = run_fickle(fmt::format("analyse {} --model {}", (dir / "trackpy" / "tracks.csv").string(),
                               (dir / "whole").string()));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  rows = lines(dir / "trackpy" / "analysis.csv");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].substr(0, 6), "10,40,");
  // Not an anomalous run, or not a run at all: bad input.
  out = run_fickle(fmt::format("analyse {} --model {}", (dir / "sbm" / "tracks.csv").string(),
                               (dir / "sbm").string()));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("no model.npz"), std::string::npos) << out.output;
  out = run_fickle(fmt::format("check {} --set data.train_size=10", case_path("nn-anomalous")));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("data.train_size: expected a number of training trajectories >= 60"),
            std::string::npos)
      << out.output;
  out = run_fickle(fmt::format("check {} --set model.classifiers=0", case_path("nn-anomalous")));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("model.classifiers: expected a number of classifiers in 1-16"),
            std::string::npos)
      << out.output;
}

}  // namespace
}  // namespace fickle::testing
