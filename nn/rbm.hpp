// The restricted Boltzmann machine: binary hidden units h, binary (or unit-variance Gaussian)
// visible units v, energy E(v, h) = −bᵀv − cᵀh − hᵀWv (Gaussian: + ½|v|² − ... i.e. ½|v − b|²).
//   p(h_j = 1 | v) = σ(c_j + W_j v),  p(v_i = 1 | h) = σ(b_i + (Wᵀh)_i)   (Gaussian: mean b + Wᵀh)
//   free energy F(v) = −bᵀv − Σ_j softplus(c_j + W_j v)  (Gaussian: ½|v − b|² − Σ_j ...)
//   log p(v) = −F(v) − log Z, and with few hidden units log Z is a sum over the 2^nh hidden states:
//   log Z = log Σ_h exp(cᵀh + Σ_i softplus(b_i + (Wᵀh)_i))  (Gaussian: cᵀh + ½|b + Wᵀh|² − ½|b|²
//   + (nv/2) log 2π), or over the 2^nv visible states when those are fewer.
// Training follows Hinton's practical guide (2010): CD-k (Hinton 2002) or PCD (Tieleman 2008),
// W ~ N(0, 0.01²), visible biases log(p/(1−p)), momentum 0.5 then 0.9, weight decay on W, and an
// optional sparsity target q on the hidden units. docs/science.md §5.4–5.5.
#pragma once

#include "nn/optimizer.hpp"
#include "nn/random.hpp"

namespace fickle::nn {

template <class T>
class Rbm {
 public:
  Rbm() = default;
  Rbm(int visible, int hidden, double sigma, Rng& rng, bool gaussian_visible = false);

  /// b_i = log(p_i/(1−p_i)) with p_i the mean of visible unit i over the data (clipped to
  /// [0.01, 0.99]); Gaussian units get b = the mean.
  void set_visible_bias_from(const Matrix<T>& data);

  Matrix<T> hidden_probabilities(const Matrix<T>& v) const;  ///< σ(W v + c)
  Matrix<T> visible_means(const Matrix<T>& h) const;         ///< σ(Wᵀ h + b) or Wᵀ h + b
  /// F(v) per column, in double.
  Vector<double> free_energy(const Matrix<T>& v) const;
  /// Exact log Z (summing over the smaller layer); throws std::invalid_argument when both
  /// layers have more than 24 units (Gaussian visible units: the hidden layer must be ≤ 24).
  double log_partition() const;
  /// Mean log p(v) over the columns, with the exact log Z.
  double log_likelihood(const Matrix<T>& v) const;
  /// Mean of Σ_i (v_i − v̂_i)² with v̂ the mean visible state of a one-step reconstruction.
  double reconstruction_error(const Matrix<T>& v) const;
  /// Stochastic pseudo-log-likelihood (binary units): N log σ(F(ṽ) − F(v)), one random bit i
  /// flipped per example, averaged over the columns.
  double pseudo_log_likelihood(const Matrix<T>& v, Rng& rng) const;
  /// `steps` of block Gibbs sampling v → h → v from the columns of v (fantasy particles); the
  /// visible states returned are samples (Gaussian: mean plus unit noise).
  Matrix<T> gibbs(Matrix<T> v, int steps, Rng& rng) const;
  /// Draws visible states given hidden probabilities-or-states `h` (sampling h first).
  Matrix<T> sample_visible(const Matrix<T>& h, Rng& rng) const;

  int visible() const { return static_cast<int>(weights.cols()); }
  int hidden() const { return static_cast<int>(weights.rows()); }

  Matrix<T> weights;  ///< hidden × visible
  Vector<T> visible_bias, hidden_bias;
  bool gaussian_visible = false;
};

struct RbmSettings {
  int k = 1;                ///< Gibbs steps of CD-k / PCD-k
  bool persistent = false;  ///< PCD: the negative chains carry over between updates
  int batch = 100;
  double learning_rate = 0.1;
  double initial_momentum = 0.5, final_momentum = 0.9;
  int momentum_epochs = 5;     ///< epochs at the initial momentum
  double weight_decay = 1e-4;  ///< L2 on W
  double sparsity_target = 0;  ///< q; 0 = no sparsity penalty
  double sparsity_cost = 0;
  double sparsity_decay = 0.9;  ///< of the running mean activation
};

/// Minibatch CD-k / PCD-k with momentum, weight decay and sparsity.
template <class T>
class RbmTrainer {
 public:
  RbmTrainer(Rbm<T>& rbm, RbmSettings settings);
  /// One epoch over the columns of `data`; the mean reconstruction error of the batches.
  double epoch(const Matrix<T>& data, Rng& rng);
  long epochs_done() const { return epochs_; }
  void set_epochs_done(long e) { epochs_ = e; }
  Optimizer<T>& optimizer() { return optimizer_; }
  Matrix<T>& chains() { return chains_; }           ///< PCD's persistent visible states
  Vector<T>& mean_activity() { return activity_; }  ///< sparsity's running mean q

 private:
  Rbm<T>& rbm_;
  RbmSettings settings_;
  Optimizer<T> optimizer_;
  Matrix<T> chains_;
  Vector<T> activity_;
  long epochs_ = 0;
  Matrix<T> grad_w_;
  Vector<T> grad_b_, grad_c_;
};

}  // namespace fickle::nn
