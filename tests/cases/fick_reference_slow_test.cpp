// Slow reference check: the 64³ Gaussian at D = 0.1 (D·dt/h² = 41) against docs/science.md
// §1.10: 1.3028e-2, on 2 ranks.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {

TEST(FickGaussianCaseSlow, ReproducesThePublishedErrorAtTenTimesTheDiffusivity) {
  const auto dir = scratch_dir();
  const auto out = run_fickle(fmt::format("run {} -o {} --set physics.D=0.1 --set output.every=0",
                                          (cases_dir() / "fick-gaussian").string(), dir.string()),
                              2);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto s = read_summary(dir);
  EXPECT_NEAR(s["errors"]["l2_rel"].get<double>(), 1.3028e-2, 0.5e-6);
  EXPECT_LT(std::abs(s["mass_drift"].get<double>()), 1e-8);
}

}  // namespace
}  // namespace fickle::testing
