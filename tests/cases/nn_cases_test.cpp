// The nn cases through the fickle binary, at reduced size: every ready case runs and writes its
// summary, series, model file and filters; runs repeat bit for bit for a seed and across a
// restart; bad input is refused naming file:line:key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/fickle_process.hpp"

namespace fickle::testing {
namespace {
namespace fs = std::filesystem;

const char* kFashion = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

// Small versions of the Fashion-MNIST cases.
const char* kSmallMlp =
    "--set data.train_size=2000 --set data.test_size=500 --set training.epochs=3";
const char* kSmallRbm =
    "--set data.train_size=1000 --set data.test_size=300 --set model.hidden=[40] --set "
    "rbm.epochs=2 --set training.epochs=5 --set training.learning_rate=0.01";
const char* kSmallDbn =
    "--set data.train_size=1000 --set data.test_size=300 --set model.hidden=[40,30] --set "
    "rbm.epochs=1 --set training.epochs=3 --set training.learning_rate=0.01";

TEST(NnCases, FashionCasesRunAndWriteTheirFiles) {
  if (!fs::exists(kFashion)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  struct Expect {
    const char* name;
    const char* sets;
    const char* header;
    double accuracy;
  };
  for (const Expect& e : {Expect{"nn-mlp-fashion", kSmallMlp,
                                 "t,step,loss,validation_loss,train_accuracy,test_accuracy", 0.7},
                          Expect{"nn-rbm-fashion", kSmallRbm,
                                 "t,step,stage,reconstruction_error,pseudo_log_likelihood,loss,"
                                 "train_accuracy,test_accuracy",
                                 0.5},
                          Expect{"nn-dbn-fashion", kSmallDbn,
                                 "t,step,stage,reconstruction_error,loss,train_accuracy,"
                                 "test_accuracy",
                                 0.3}}) {
    const fs::path out = scratch_dir() / e.name;
    const auto run =
        run_fickle(fmt::format("run {} -o {} {}", case_path(e.name), out.string(), e.sets));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto s = read_summary(out);
    EXPECT_GT(s["accuracy"].get<double>(), e.accuracy) << e.name;
    EXPECT_GT(s["s_per_epoch"].get<double>(), 0) << e.name;
    EXPECT_TRUE(s["loss"].is_number()) << e.name;
    EXPECT_TRUE(s["epochs"].is_number_integer()) << e.name;
    // NumPy reads the model as it is: every weight matrix finite and 2-D.
    const std::string numpy = fmt::format(
        "/usr/bin/python3 -c \"import numpy, sys; z = numpy.load(sys.argv[1]); "
        "w = [z[k] for k in z.files if z[k].dtype.kind == 'f']; "
        "assert w and all(a.ndim == 2 and numpy.isfinite(a).all() for a in w), z.files\" {}",
        (out / "model.npz").string());
    EXPECT_EQ(std::system(numpy.c_str()), 0) << e.name;
    EXPECT_GT(fs::file_size(out / "plots/filters.png"), 100u) << e.name;
    const std::string series = read_text(out / "series.csv");
    EXPECT_EQ(series.substr(0, series.find('\n')), e.header) << e.name;
  }
}

TEST(NnCases, PerceptronLearnsFashionAndRestartsBitForBit) {
  if (!fs::exists(kFashion)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const std::string perceptron = case_path("nn-perceptron-fashion");
  const std::string small = "--set data.train_size=2000 --set data.test_size=500";
  const fs::path whole = scratch_dir() / "perceptron", parts = scratch_dir() / "perceptron-parts";
  const auto run = run_fickle(
      fmt::format("run {} -o {} {} --set training.epochs=3", perceptron, whole.string(), small));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto s = read_summary(whole);
  EXPECT_EQ(s["model"], "perceptron");
  EXPECT_GT(s["accuracy"].get<double>(), 0.6);
  EXPECT_GT(s["s_per_epoch"].get<double>(), 0);
  EXPECT_EQ(s["epochs"], 3);
  EXPECT_TRUE(s["mistakes_final"].is_number_integer());
  EXPECT_GT(fs::file_size(whole / "plots/filters.png"), 100u);
  const std::string series = read_text(whole / "series.csv");
  EXPECT_EQ(series.substr(0, series.find('\n')), "t,step,mistakes,train_accuracy,test_accuracy");
  // Two epochs with checkpoints, then a restart to three: the same model and series.
  const auto first =
      run_fickle(fmt::format("run {} -o {} {} --set training.epochs=2 --set "
                             "output.checkpoint_every=1",
                             perceptron, parts.string(), small));
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto second = run_fickle(fmt::format("run {} -o {} {} --set training.epochs=3 --restart",
                                             perceptron, parts.string(), small));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(read_text(parts / "model.npz"), read_text(whole / "model.npz"));
  EXPECT_EQ(read_text(parts / "series.csv"), series);
}

TEST(NnCases, HopfieldCapacityFollowsTheErrorLaw) {
  const fs::path out = scratch_dir() / "hopfield";
  const auto run =
      run_fickle(fmt::format("run {} -o {} --set model.neurons=300 --set model.trials=6 --set "
                             "model.loads=[0.05,0.1,0.2,0.3]",
                             case_path("nn-hopfield-capacity"), out.string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto s = read_summary(out);
  EXPECT_LT(s["one_step_error_max_z"].get<double>(), 4);
  EXPECT_EQ(s["recall_error"][0].get<double>(), 0.0);   // p/N = 0.05: perfect recall
  EXPECT_GT(s["recall_error"][3].get<double>(), 0.05);  // p/N = 0.3: beyond capacity
  const double capacity = s["capacity_estimate"].get<double>();
  EXPECT_GT(capacity, 0.1);
  EXPECT_LT(capacity, 0.3);
}

TEST(NnCases, EncoderIsLearntFromEverySeed) {
  // A single start recalls all four patterns for about half of the seeds; the best of 8 starts
  // (restarts) for every one tried. Seeds 1, 3, 4 fail as single starts.
  for (int seed : {1, 3, 4}) {
    const fs::path out = scratch_dir() / fmt::format("encoder-{}", seed);
    const auto run = run_fickle(
        fmt::format("run {} -o {} --set seed={}", case_path("nn-encoder-424"), out.string(), seed));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const auto s = read_summary(out);
    EXPECT_EQ(s["patterns_recalled"], 4) << "seed " << seed;
    EXPECT_GT(s["log_likelihood"].get<double>(), -2.3);
    ASSERT_EQ(s["start_log_likelihoods"].size(), 8u);
    double best = -1e300;
    for (const auto& ll : s["start_log_likelihoods"]) best = std::max(best, ll.get<double>());
    EXPECT_EQ(s["log_likelihood"].get<double>(), best);  // the kept machine is the best start
  }
  // One start from seed 1 is stuck in a local optimum: the check can fail.
  const fs::path single = scratch_dir() / "encoder-single";
  ASSERT_EQ(run_fickle(fmt::format("run {} -o {} --set seed=1 --set training.restarts=1",
                                   case_path("nn-encoder-424"), single.string()))
                .exit_code,
            0);
  EXPECT_EQ(read_summary(single)["patterns_recalled"], 3);
}

TEST(NnCases, RepeatsBitForBitAndAcrossARestart) {
  if (!fs::exists(kFashion)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  // The DBN has three stages (two RBMs, fine-tuning): stop in the middle of each and go on.
  const std::string small = kSmallDbn;
  const fs::path whole = scratch_dir() / "whole", again = scratch_dir() / "again",
                 parts = scratch_dir() / "parts";
  const std::string dbn = case_path("nn-dbn-fashion");
  ASSERT_EQ(
      run_fickle(fmt::format("run {} -o {} {} --set rbm.epochs=2", dbn, whole.string(), small))
          .exit_code,
      0);
  ASSERT_EQ(
      run_fickle(fmt::format("run {} -o {} {} --set rbm.epochs=2", dbn, again.string(), small))
          .exit_code,
      0);
  EXPECT_EQ(read_text(whole / "model.npz"), read_text(again / "model.npz"));
  // Checkpoints every epoch; the first run ends after 1 fine-tuning epoch, the restart adds one.
  const auto first =
      run_fickle(fmt::format("run {} -o {} {} --set rbm.epochs=2 --set training.epochs=1 "
                             "--set output.checkpoint_every=1",
                             dbn, parts.string(), small));
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto second = run_fickle(
      fmt::format("run {} -o {} {} --set rbm.epochs=2 --restart", dbn, parts.string(), small));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(read_text(parts / "model.npz"), read_text(whole / "model.npz"));
  EXPECT_EQ(read_text(parts / "series.csv"), read_text(whole / "series.csv"));
  // The layers may not change on a restart.
  const auto changed = run_fickle(fmt::format(
      "run {} -o {} {} --set model.hidden=[40,20] --restart", dbn, parts.string(), small));
  EXPECT_EQ(changed.exit_code, 2) << changed.output;
}

TEST(NnCases, BadInputNamesFileLineAndKey) {
  const fs::path dir = scratch_dir();
  struct Bad {
    const char* yaml;
    const char* message;
  };
  for (const Bad& b : {
           Bad{"kind: nn\nmodel:\n  type: mlp\n  hidden: [0]\n",
               "case.yaml:4:12: model.hidden[0]: expected a layer size in [1, 100000], got '0'"},
           Bad{"kind: nn\nmodel:\n  type: perceptrons\n", "model.type: expected one of"},
           Bad{"kind: nn\nmodel:\n  type: mlp\ntraining:\n  epochs: 2\n  patience: 3\n",
               "training.patience: expected early stopping needs a validation fraction"},
           Bad{"kind: nn\nmodel:\n  type: mlp\ndata:\n  set: fashion-mnist\n  dir: /nonexistent\n",
               "dataset-fashion-mnist"},
           Bad{"kind: nn\nmodel:\n  type: hopfield\n  loads: [0.1, -1]\n", "model.loads"},
           Bad{"kind: nn\nmodel:\n  type: rbm\ndata:\n  set: parity\n",
               "data.set: expected one of"},
           Bad{"kind: nn\nmodel:\n  type: mlp\n  dropout: 0.5\n", "model.dropout"},
           Bad{"kind: nn\nmodel:\n  type: perceptron\ndata:\n  set: parity\n",
               "data.set: expected one of"},
       }) {
    { std::ofstream(dir / "case.yaml") << b.yaml; }
    const auto run = run_fickle(
        fmt::format("run {} -o {}", (dir / "case.yaml").string(), (dir / "out").string()));
    EXPECT_EQ(run.exit_code, 2) << b.yaml << run.output;
    EXPECT_NE(run.output.find(b.message), std::string::npos) << b.yaml << "\n" << run.output;
    fs::remove_all(dir / "out");
  }
}

}  // namespace
}  // namespace fickle::testing
