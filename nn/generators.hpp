// Small synthetic data sets for the classic network experiments (columns are examples).
#pragma once

#include <vector>

#include "nn/random.hpp"

namespace fickle::nn {

/// The distinct n×n bars-and-stripes images (0/1): every subset of rows on, or every subset of
/// columns on; 2·2^n − 2 of them (30 for n = 4). Pixel (r, c) at row r·n + c.
Matrix<double> bars_and_stripes(int n);

/// All 2^bits inputs (0/1) and their parity as one target row (bits = 2 is XOR).
struct Truth {
  Matrix<double> inputs;
  Matrix<double> targets;
};
Truth parity(int bits);

/// The n one-hot patterns of an n-unit encoder, as an n×n identity (column k has unit k on).
Matrix<double> encoder_patterns(int n);

/// p patterns of N unbiased random ±1 units (N × p), the Hopfield capacity experiment's input.
Matrix<double> random_patterns(int N, int p, Rng& rng);

/// Points of R^d labelled ±1 by a hyperplane through the origin with a margin: |w*·x| >= margin
/// for a random unit normal w*, x uniform in [−1, 1]^d (rejection sampling).
struct Separable {
  Matrix<double> points;    ///< d × count
  std::vector<int> labels;  ///< ±1
  Vector<double> normal;    ///< w*, |w*| = 1
};
Separable separable_points(int d, int count, double margin, Rng& rng);

}  // namespace fickle::nn
