// Data and files: the generators, the IDX reader (plain and gzip, and its error naming the
// Debian package), the real Fashion-MNIST when installed, model files that load back exactly.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "nn/dbn.hpp"
#include "nn/generators.hpp"
#include "nn/idx.hpp"
#include "nn/model_io.hpp"
#include "nn/mosaic.hpp"
#include "nn/npz.hpp"

namespace fickle::nn {
namespace {
namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("fickle_nn_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Generators, BarsAndStripesAreThirtyDistinctImages) {
  const Matrix<double> bas = bars_and_stripes(4);
  EXPECT_EQ(bas.rows(), 16);
  EXPECT_EQ(bas.cols(), 30);
  std::set<std::vector<double>> distinct;
  for (Eigen::Index k = 0; k < bas.cols(); ++k)
    distinct.insert(std::vector<double>(bas.col(k).data(), bas.col(k).data() + 16));
  EXPECT_EQ(distinct.size(), 30u);
}

TEST(Generators, ParityEncoderAndRandomPatterns) {
  const Truth xor2 = parity(2);
  EXPECT_EQ(xor2.targets, (Matrix<double>(1, 4) << 0, 1, 1, 0).finished());
  EXPECT_EQ(encoder_patterns(4), (Matrix<double>::Identity(4, 4)));
  Rng rng(1);
  const Matrix<double> xi = random_patterns(1000, 50, rng);
  EXPECT_TRUE((xi.array().abs() == 1).all());
  EXPECT_LT(std::abs(xi.mean()), 4 / std::sqrt(50000.0));
}

// An IDX file: magic 0 0 8 rank, big-endian sizes, bytes.
std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& v) {
  std::string s{0, 0, 8, static_cast<char>(dims.size())};
  for (auto d : dims)
    for (int shift : {24, 16, 8, 0}) s += static_cast<char>((d >> shift) & 0xFF);
  s.append(v.begin(), v.end());
  return s;
}

void write_gzip(const fs::path& file, const std::string& bytes) {
  gzFile out = gzopen(file.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  gzclose(out);
}

TEST(Idx, ReadsPlainAndGzipFiles) {
  const fs::path dir = scratch("idx");
  // Three 2×3 images with pixel values k·10 + i, and their labels.
  std::vector<std::uint8_t> pixels, labels{7, 0, 9};
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 6; ++i) pixels.push_back(static_cast<std::uint8_t>(k * 10 + i));
  write_gzip(dir / "t10k-images-idx3-ubyte.gz", idx_bytes({3, 2, 3}, pixels));
  std::ofstream(dir / "t10k-labels-idx1-ubyte", std::ios::binary) << idx_bytes({3}, labels);
  const LabelledImages set = read_mnist_format(dir, "t10k");
  EXPECT_EQ(set.image_rows, 2);
  EXPECT_EQ(set.image_cols, 3);
  EXPECT_EQ(set.labels, (std::vector<int>{7, 0, 9}));
  ASSERT_EQ(set.pixels.cols(), 3);
  EXPECT_FLOAT_EQ(set.pixels(4, 2), 24 / 255.0f);  // image 2, row 1, column 1
  EXPECT_EQ(read_mnist_format(dir, "t10k", 2).pixels.cols(), 2);
}

TEST(Idx, MissingFilesNameThePackage) {
  try {
    read_mnist_format(scratch("missing"), "train");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("dataset-fashion-mnist"), std::string::npos) << e.what();
  }
  const fs::path dir = scratch("bad");
  std::ofstream(dir / "train-images-idx3-ubyte") << "not an idx file";
  std::ofstream(dir / "train-labels-idx1-ubyte") << "nor this";
  EXPECT_THROW(read_mnist_format(dir, "train"), DataError);
}

TEST(Idx, ReadsFashionMnistWhenInstalled) {
  if (!fs::exists(fs::path(kFashionMnistDir) / "t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const LabelledImages test = read_mnist_format(kFashionMnistDir, "t10k");
  EXPECT_EQ(test.pixels.rows(), 784);
  EXPECT_EQ(test.pixels.cols(), 10000);
  std::vector<int> counts(10, 0);
  for (int l : test.labels) ++counts.at(l);
  for (int c : counts) EXPECT_EQ(c, 1000);  // the test set is balanced
  EXPECT_GE(test.pixels.minCoeff(), 0.0f);
  EXPECT_LE(test.pixels.maxCoeff(), 1.0f);
}

TEST(ModelFiles, RoundTripExactly) {
  Rng rng(2);
  Archive a;
  const Mlp<float> mlp({5, 4, 3}, Activation::relu, Activation::softmax, Loss::cross_entropy, rng);
  save(a, "mlp.", mlp);
  const Dbn<float> dbn({6, 5, 4}, 0.1, rng);
  save(a, "rbm0.", dbn.layers[0]);
  Hopfield hop(5);
  hop.store(random_patterns(5, 2, rng));
  save(a, "hopfield.", hop);
  OneVsRest ovr(3, 2);
  ovr.units()[1].weights() << 1, 2, 3, 4;
  save(a, "perceptron.", ovr);
  BoltzmannMachine bm(8, encoder_connections(4, 2), 0.3, rng);
  save(a, "bm.", bm);
  Optimizer<float> opt(OptimizerSettings{Method::adam});
  Matrix<float> w = Matrix<float>::Ones(2, 2), g = Matrix<float>::Constant(2, 2, 0.5f);
  opt.step({{{w.data(), 4}, {g.data(), 4}, true}});
  save(a, "opt.", opt);
  a.put("rng", rng_state(rng));

  const Archive b = Archive::parse(a.bytes());
  const Mlp<float> mlp2 = load_mlp<float>(b, "mlp.");
  for (std::size_t l = 0; l < 2; ++l) {
    EXPECT_EQ(mlp2.layers()[l].weights, mlp.layers()[l].weights);
    EXPECT_EQ(mlp2.layers()[l].bias, mlp.layers()[l].bias);
    EXPECT_EQ(mlp2.layers()[l].activation, mlp.layers()[l].activation);
  }
  EXPECT_EQ(load_rbm<float>(b, "rbm0.").weights, dbn.layers[0].weights);
  EXPECT_EQ(load_hopfield(b, "hopfield.").weights(), hop.weights());
  EXPECT_EQ(load_one_vs_rest(b, "perceptron.").units()[1].weights(), ovr.units()[1].weights());
  EXPECT_EQ(load_boltzmann(b, "bm.").weights, bm.weights);
  Optimizer<float> opt2(OptimizerSettings{Method::adam});
  load_optimizer(b, "opt.", opt2);
  EXPECT_EQ(opt2.steps(), 1);
  EXPECT_EQ(opt2.second()[0], opt.second()[0]);
  Rng again;
  set_rng_state(again, b.text("rng"));
  EXPECT_EQ(again(), rng());
  EXPECT_EQ(b.bytes(), a.bytes());
  // The .npz form holds the same entries bit for bit (the older form above still loads).
  const std::string npz = a.npz();
  EXPECT_TRUE(looks_like_npz(npz));
  EXPECT_EQ(Archive::parse(npz).bytes(), a.bytes());
  std::string damaged = npz;
  damaged[damaged.size() / 2] ^= 1;
  EXPECT_THROW(Archive::parse(damaged), std::runtime_error);  // CRC-32 of every entry

  std::string broken = a.bytes();
  broken.resize(broken.size() - 3);
  EXPECT_THROW(Archive::parse(broken), std::runtime_error);
  EXPECT_THROW(Archive::parse("hello"), std::runtime_error);
  EXPECT_THROW(b.matrix<double>("mlp.0.weights"), std::runtime_error);  // stored as float
}

TEST(Mosaic, TilesRowsWithGaps) {
  Matrix<double> w(5, 6);
  for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = static_cast<double>(k % 7);
  const Image image = mosaic(w, 2, 3);
  EXPECT_EQ(image.width, 3 * 4 - 1);   // 3 tiles across
  EXPECT_EQ(image.height, 2 * 3 - 1);  // 2 tiles down
  EXPECT_EQ(image.pixels.size(), static_cast<std::size_t>(image.width * image.height));
}

TEST(Dbn, UnrollsIntoASigmoidMlpWithASoftmaxTop) {
  Rng rng(3);
  const Dbn<double> dbn({8, 6, 4}, 0.1, rng);
  const Mlp<double> net = dbn.unroll(3, rng);
  ASSERT_EQ(net.layers().size(), 3u);
  EXPECT_EQ(net.layers()[1].weights, dbn.layers[1].weights);
  EXPECT_EQ(net.layers()[2].activation, Activation::softmax);
  const Matrix<double> x = Matrix<double>::Ones(8, 2);
  // The MLP's hidden layers compute the DBN's features.
  Mlp<double> body(std::vector<Dense<double>>(net.layers().begin(), net.layers().end() - 1),
                   Loss::squared_error);
  EXPECT_LT((body.predict(x) - dbn.features(x, 2)).norm(), 1e-14);
}

}  // namespace
}  // namespace fickle::nn
