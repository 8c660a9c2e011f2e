// The `anomalous` model's data (docs/nn.md): AnDi-style trajectories fickle simulates with its own
// particle models (particles/andi_set.hpp), turned into feature columns (analysis/
// trajectory_features.hpp) with their labels, and on the test set the TAMSD-fit baseline.
#pragma once

#include <vector>

#include "app/kinds/nn/nn_input.hpp"
#include "app/run/run_directory.hpp"
#include "nn/types.hpp"

namespace fickle {

struct AndiData {
  nn::Matrix<float> train_x, test_x;  ///< raw features, one trajectory per column
  std::vector<int> train_model, test_model;
  std::vector<double> train_alpha, test_alpha;
  std::vector<double> test_baseline;  ///< the TAMSD power-law fit, clipped to [0, 2]
  std::vector<double> test_noise;
  std::vector<long> test_length;
  double seconds = 0;  ///< simulating and featurising both sets
};

/// Simulates the training set (the run's seed, ids from 0) and the test set (seed + 1, ids from
/// 2³¹) of `s.data`.
AndiData load_andi_data(const NnSettings& s, Log& log);

/// The features of a trajectory, as a column of floats.
nn::Vector<float> feature_column(const std::vector<double>& x);

}  // namespace fickle
