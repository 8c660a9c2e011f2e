// The Boltzmann machine with hidden units (Ackley, Hinton, Sejnowski 1985): binary units s,
// symmetric weights W (zero diagonal, only where `connected`), biases b,
//   E(s) = −½ sᵀ W s − bᵀ s,   p(s_i = 1 | rest) = σ(Σ_j W_ij s_j + b_i),
// learnt by ΔW_ij = η (⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free): the "wake" phase with the visible
// units clamped to the data, the "sleep" phase running freely. Expectations come from Gibbs
// sampling (persistent free chains), or exactly by enumeration when the free units are few.
// The first `visible` units are the visible ones. docs/science.md §5.3.
#pragma once

#include <vector>

#include "nn/random.hpp"

namespace fickle::nn {

enum class Expectations { gibbs, exact };

struct BoltzmannSettings {
  double learning_rate = 0.5;
  Expectations expectations = Expectations::gibbs;
  int sweeps = 10;  ///< Gibbs sweeps per phase and update
  int chains = 20;  ///< clamped chains per pattern, and free (persistent) chains
  double weight_decay = 0;
  double off_noise = 0;  ///< gibbs: probability that a clamped on unit is off (Ackley: 0.15)
  double on_noise = 0;   ///< gibbs: probability that a clamped off unit is on (Ackley: 0.05)
};

class BoltzmannMachine {
 public:
  BoltzmannMachine() = default;
  /// `connected` (units × units, symmetric, 0/1) says which weights exist; W ~ N(0, sigma²).
  BoltzmannMachine(int visible, const Matrix<double>& connected, double sigma, Rng& rng);

  double energy(const Vector<double>& s) const { return -0.5 * s.dot(weights * s) - bias.dot(s); }
  /// One Gibbs sweep over the units from `first` on (the ones before it stay clamped), for every
  /// column of `states`.
  void gibbs_sweep(Matrix<double>& states, int first, Rng& rng) const;
  /// p(s_first.. | s_..first) for all 2^(n−first) states of the free units, given the clamped
  /// values `clamped` (size first); entry k is the state with bit u of k on unit first+u.
  Vector<double> conditional(const Vector<double>& clamped) const;
  /// ⟨s sᵀ⟩ over the free units given `clamped`, exactly.
  Matrix<double> exact_correlations(const Vector<double>& clamped) const;

  /// One learning step on the columns of `patterns` (visible × count); returns nothing useful
  /// beyond the update (use `log_likelihood` to watch progress).
  void learn(const Matrix<double>& patterns, const BoltzmannSettings& settings, Rng& rng);
  /// Mean log p(v) of the patterns, exactly (all units enumerated; n ≤ 24).
  double log_likelihood(const Matrix<double>& patterns) const;

  int units() const { return static_cast<int>(weights.rows()); }

  int visible = 0;
  Matrix<double> weights, connected;
  Vector<double> bias;
  Matrix<double> free_chains;  ///< the sleep phase's persistent chains (units × chains)
};

/// The encoder layout of Ackley et al.: groups V1 (n units), V2 (n) and H (h); connections within
/// V1, within V2 and between each V and H; none between V1 and V2, none within H. Units in the
/// order V1, V2, H (visible first).
Matrix<double> encoder_connections(int n, int h);

/// Patterns of the n-h-n encoder: V1 = V2 = unit k on, k = 0..n−1 (2n × n).
Matrix<double> encoder_training_patterns(int n);

/// Column k: the distribution of V2 (2^n states, bit u = unit u) with V1 clamped to pattern k,
/// exactly (H marginalised). The encoder works when state 2^k is the most probable in column k.
Matrix<double> encoder_recall(const BoltzmannMachine& machine, int n);

/// How many of the n patterns the encoder reproduces as the most probable V2 state.
int encoder_patterns_recalled(const BoltzmannMachine& machine, int n);

}  // namespace fickle::nn
