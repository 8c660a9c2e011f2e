// The `nn` kind's data sets for the models that learn from examples (mlp, rbm, dbn, perceptron):
// labelled images from IDX files with the validation set held out, or a generated set
// (bars-and-stripes, parity). The Hopfield and Boltzmann models make their own patterns.
#pragma once

#include <vector>

#include "app/kinds/nn/nn_input.hpp"
#include "app/run/run_directory.hpp"
#include "nn/types.hpp"

namespace fickle {

struct NnDataset {
  bool labelled = false;  ///< images with class labels (fashion-mnist, mnist-format)
  nn::Matrix<float> train_x, validation_x, test_x;  ///< one example per column
  std::vector<int> train_labels, validation_labels, test_labels;
  nn::Matrix<float> parity_targets;  ///< parity: the truth table's outputs
  int image_rows = 0, image_cols = 0, classes = 0;

  int inputs() const { return static_cast<int>(train_x.rows()); }
  /// The output units a network needs: one per class, or parity's outputs.
  int outputs() const;
  /// What backprop trains towards: the one-hot labels, or parity's outputs.
  nn::Matrix<float> targets() const;
};

/// The data set of `s.data` (empty for random-patterns and encoder); throws CaseError for a
/// missing or broken IDX file. Labelled images are described in a log line.
NnDataset load_nn_data(const NnSettings& s, Log& log);

}  // namespace fickle
