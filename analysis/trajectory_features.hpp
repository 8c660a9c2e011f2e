// What a network reads from one short, noisy 1D trajectory to tell α and the model apart
// (docs/science.md §7.7, docs/nn.md): scale-free numbers from its increments, and the baseline a
// user has without a network, a power-law fit of its time-averaged MSD.
//
// Every feature is invariant under x → c x + b (AnDi trajectories come in arbitrary units), is
// defined for any length ≥ 3, and is finite. A quantity that needs more frames than the trajectory
// has (a TAMSD slope at a lag beyond half its length, a correlation of coarse steps) repeats the
// last one it could measure, so a short trajectory looks like a long one that stopped changing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fickle {

/// The names of the features, in order (docs/nn.md lists them with their reasons).
const std::vector<std::string>& trajectory_feature_names();

/// The features of positions x_0 … x_{n−1} (n ≥ 3).
std::vector<double> trajectory_features(const double* x, std::size_t n);

/// The baseline: the least-squares slope of log δ²(k) against log k over lags
/// k = 1 … max(3, ⌊n/10⌋) (and < n).
double tamsd_exponent(const double* x, std::size_t n);

}  // namespace fickle
