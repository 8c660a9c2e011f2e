// Loads the `nn` kind's data sets: IDX images and labels (the validation set is the end of the
// training images), bars-and-stripes images and parity truth tables.
#include "app/kinds/nn/data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/input/case_reader.hpp"
#include "nn/generators.hpp"
#include "nn/idx.hpp"
#include "nn/mlp.hpp"

namespace fickle {

namespace {

NnDataset load_labelled(const NnSettings& s, Log& log) {
  const NnData& d = s.data;
  nn::LabelledImages train, test;
  try {
    train = nn::read_mnist_format(d.dir, "train", static_cast<std::size_t>(d.train_size));
    test = nn::read_mnist_format(d.dir, "t10k", static_cast<std::size_t>(d.test_size));
  } catch (const nn::DataError& e) {
    throw CaseError(fmt::format("data.dir: {}", e.what()));
  }
  NnDataset data;
  data.labelled = true;
  data.image_rows = train.image_rows;
  data.image_cols = train.image_cols;
  data.classes = 1 + std::max(*std::max_element(train.labels.begin(), train.labels.end()),
                              *std::max_element(test.labels.begin(), test.labels.end()));
  // The validation set is the last fraction of the training images.
  const auto n = static_cast<Eigen::Index>(train.labels.size());
  const auto held = static_cast<Eigen::Index>(std::floor(s.training.validation * n));
  data.train_x = train.pixels.leftCols(n - held);
  data.train_labels.assign(train.labels.begin(), train.labels.end() - held);
  if (held > 0) {
    data.validation_x = train.pixels.rightCols(held);
    data.validation_labels.assign(train.labels.end() - held, train.labels.end());
  }
  data.test_x = std::move(test.pixels);
  data.test_labels = std::move(test.labels);
  log.line(
      fmt::format("nn: {} from {}: {} training, {} validation, {} test images of {}×{}, "
                  "{} classes",
                  d.set, d.dir, data.train_x.cols(), data.validation_x.cols(), data.test_x.cols(),
                  data.image_rows, data.image_cols, data.classes));
  return data;
}

}  // namespace

int NnDataset::outputs() const {
  return labelled ? classes : static_cast<int>(parity_targets.rows());
}

nn::Matrix<float> NnDataset::targets() const {
  return labelled ? nn::one_hot<float>(train_labels, classes) : parity_targets;
}

NnDataset load_nn_data(const NnSettings& s, Log& log) {
  const NnData& d = s.data;
  if (d.set == "fashion-mnist" || d.set == "mnist-format") return load_labelled(s, log);
  NnDataset data;
  if (d.set == "bars-and-stripes") {
    data.train_x = nn::bars_and_stripes(d.size).cast<float>();
    data.image_rows = data.image_cols = d.size;
  } else if (d.set == "parity") {
    const nn::Truth t = nn::parity(d.size);
    data.train_x = t.inputs.cast<float>();
    data.parity_targets = t.targets.cast<float>();
  }
  return data;
}

}  // namespace fickle
