// The Hopfield network of N ±1 units with Hebbian weights W = (1/N) Σ_μ ξ^μ ξ^μᵀ, zero diagonal.
// Energy E = −½ sᵀ W s; an asynchronous update s_i ← sign(h_i), h = W s, never raises it (the
// change is −Δs_i h_i ≤ 0 because W is symmetric with zero diagonal). Synchronous updates may
// cycle with period 2. For p random patterns the one-step error rate (bits of a stored pattern
// that flip in one update) is ½ erfc(√(N/(2p))) for large N; stored patterns stay stable up to
// p/N ≈ 0.138 (Amit, Gutfreund, Sompolinsky 1985). docs/science.md §5.2.
#pragma once

#include "nn/random.hpp"

namespace fickle::nn {

class Hopfield {
 public:
  Hopfield() = default;
  explicit Hopfield(int units) : weights_(Matrix<double>::Zero(units, units)) {}

  /// Hebbian storage of the columns of `patterns` (±1), added to what is stored.
  void store(const Matrix<double>& patterns);
  double energy(const Vector<double>& s) const { return -0.5 * s.dot(weights_ * s); }
  /// s ← sign(W s) for all units at once (sign(0) keeps the unit); the number of flips.
  long update_synchronously(Vector<double>& s) const;
  /// One sweep of s_i ← sign(h_i) over all units in random order, keeping h = W s up to date
  /// (O(N) per flip); the number of flips.
  long sweep_asynchronously(Vector<double>& s, Rng& rng) const;
  /// Asynchronous sweeps until no unit flips (or max_sweeps); the sweeps done.
  int settle(Vector<double>& s, Rng& rng, int max_sweeps = 100) const;
  /// The fraction of the bits of the stored `patterns` that one update from the pattern flips.
  double one_step_error(const Matrix<double>& patterns) const;

  int units() const { return static_cast<int>(weights_.rows()); }
  const Matrix<double>& weights() const { return weights_; }
  Matrix<double>& weights() { return weights_; }

 private:
  Matrix<double> weights_;
};

/// ½ erfc(√(N/(2p))): the large-N one-step error rate of p random patterns in N units.
double hopfield_one_step_error_law(int N, int p);

}  // namespace fickle::nn
