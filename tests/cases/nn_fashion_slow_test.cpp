// The Fashion-MNIST targets on the full data (60k train / 10k test), through the binary:
// the MLP reaches 0.88, RBM features + softmax 0.84, and the fine-tuned DBN at least the MLP of the
// same shape (784-256-10 with sigmoid units, trained the same way). About 1.5 minutes on 2 cores.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

double accuracy(const std::string& name, const std::string& sets = "") {
  const fs::path out = scratch_dir().parent_path() / ("nn-slow-" + name);
  fs::remove_all(out);
  const auto run =
      run_fickle(fmt::format("run {} -o {} {}", (cases_dir() / name).string(), out.string(), sets));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const double a = read_summary(out)["accuracy"];
  std::cout << "[ measured ] " << name << " " << sets << ": test accuracy " << a << "\n";
  return a;
}

TEST(NnFashion, MeetsTheAccuracyTargets) {
  ASSERT_TRUE(fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
      << "apt-get install dataset-fashion-mnist (tools/setup.sh does)";
  scratch_dir();
  EXPECT_GE(accuracy("nn-mlp-fashion"), 0.88);
  EXPECT_GE(accuracy("nn-rbm-fashion"), 0.84);
  const double same_shape_mlp = accuracy("nn-mlp-fashion", "--set model.activation=sigmoid");
  EXPECT_GE(accuracy("nn-dbn-fashion"), same_shape_mlp);
}

}  // namespace
}  // namespace fickle::testing
