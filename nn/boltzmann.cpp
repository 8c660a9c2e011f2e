#include "nn/boltzmann.hpp"

#include <cmath>
#include <stdexcept>

namespace fickle::nn {

namespace {

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}

}  // namespace

BoltzmannMachine::BoltzmannMachine(int visible_units, const Matrix<double>& links, double sigma,
                                   Rng& rng)
    : visible(visible_units), connected(links), bias(Vector<double>::Zero(links.rows())) {
  const Eigen::Index n = links.rows();
  weights = Matrix<double>::Zero(n, n);
  connected.diagonal().setZero();
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < i; ++j)
      if (connected(i, j) != 0) weights(i, j) = weights(j, i) = sigma * gaussian(rng);
}

void BoltzmannMachine::gibbs_sweep(Matrix<double>& states, int first, Rng& rng) const {
  for (Eigen::Index c = 0; c < states.cols(); ++c)
    for (int i = first; i < units(); ++i) {
      const double field = weights.col(i).dot(states.col(c)) + bias(i);  // W_ii = 0
      states(i, c) = uniform<double>(rng) < sigmoid(field) ? 1.0 : 0.0;
    }
}

Vector<double> BoltzmannMachine::conditional(const Vector<double>& clamped) const {
  const int first = static_cast<int>(clamped.size()), free = units() - first;
  if (free > 24) throw std::invalid_argument("exact expectations need at most 24 free units");
  const long total = 1L << free;
  Vector<double> p(total);
  Vector<double> s(units());
  s.head(first) = clamped;
  for (long k = 0; k < total; ++k) {
    for (int u = 0; u < free; ++u) s(first + u) = (k >> u) & 1;
    p(k) = -energy(s);
  }
  p = (p.array() - p.maxCoeff()).exp();
  return p / p.sum();
}

Matrix<double> BoltzmannMachine::exact_correlations(const Vector<double>& clamped) const {
  const int first = static_cast<int>(clamped.size()), free = units() - first;
  const Vector<double> p = conditional(clamped);
  Matrix<double> corr = Matrix<double>::Zero(units(), units());
  Vector<double> s(units());
  s.head(first) = clamped;
  for (long k = 0; k < p.size(); ++k) {
    for (int u = 0; u < free; ++u) s(first + u) = (k >> u) & 1;
    corr.noalias() += p(k) * s * s.transpose();
  }
  return corr;
}

void BoltzmannMachine::learn(const Matrix<double>& patterns, const BoltzmannSettings& settings,
                             Rng& rng) {
  const int n = units();
  const double count = static_cast<double>(patterns.cols());
  // Wake phase: ⟨s sᵀ⟩ with the visible units clamped to each pattern in turn.
  Matrix<double> clamped = Matrix<double>::Zero(n, n);
  // Sleep phase: ⟨s sᵀ⟩ of the free-running machine.
  Matrix<double> free;
  if (settings.expectations == Expectations::exact) {
    for (Eigen::Index k = 0; k < patterns.cols(); ++k)
      clamped += exact_correlations(patterns.col(k)) / count;
    free = exact_correlations(Vector<double>(0));
  } else {
    for (Eigen::Index k = 0; k < patterns.cols(); ++k) {
      Matrix<double> states(n, settings.chains);
      for (int c = 0; c < settings.chains; ++c) {
        for (int u = 0; u < visible; ++u) {
          // Noisy clamping (Ackley et al. 1985): an on unit is off with probability off_noise,
          // an off unit on with probability on_noise; it keeps the weights finite.
          const double r = uniform<double>(rng);
          states(u, c) = patterns(u, k) > 0.5 ? (r >= settings.off_noise ? 1.0 : 0.0)
                                              : (r < settings.on_noise ? 1.0 : 0.0);
        }
        for (int u = visible; u < n; ++u) states(u, c) = uniform<double>(rng) < 0.5;
      }
      for (int s = 0; s < settings.sweeps; ++s) gibbs_sweep(states, visible, rng);
      clamped.noalias() += states * states.transpose() / (count * settings.chains);
    }
    if (free_chains.cols() != settings.chains) {
      free_chains.resize(n, settings.chains);
      for (Eigen::Index k = 0; k < free_chains.size(); ++k)
        free_chains.data()[k] = uniform<double>(rng) < 0.5;
    }
    for (int s = 0; s < settings.sweeps; ++s) gibbs_sweep(free_chains, 0, rng);
    free = free_chains * free_chains.transpose() / static_cast<double>(settings.chains);
  }
  // ΔW_ij = η (⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free) on existing links; biases from the diagonal
  // (s_i² = s_i).
  const double eta = settings.learning_rate;
  weights += eta * ((clamped - free).cwiseProduct(connected) - settings.weight_decay * weights);
  bias += eta * (clamped.diagonal() - free.diagonal());
}

double BoltzmannMachine::log_likelihood(const Matrix<double>& patterns) const {
  const int n = units();
  if (n > 24) throw std::invalid_argument("exact likelihood needs at most 24 units");
  // log p(v) = log Σ_h e^{−E(v,h)} − log Σ_s e^{−E(s)}
  auto log_sum = [&](const Vector<double>& clamped) {
    const int first = static_cast<int>(clamped.size());
    Vector<double> s(n);
    s.head(first) = clamped;
    double top = -INFINITY;
    std::vector<double> e;
    for (long k = 0; k < (1L << (n - first)); ++k) {
      for (int u = 0; u < n - first; ++u) s(first + u) = (k >> u) & 1;
      e.push_back(-energy(s));
      top = std::max(top, e.back());
    }
    double sum = 0;
    for (double x : e) sum += std::exp(x - top);
    return top + std::log(sum);
  };
  const double log_z = log_sum(Vector<double>(0));
  double total = 0;
  for (Eigen::Index k = 0; k < patterns.cols(); ++k) total += log_sum(patterns.col(k)) - log_z;
  return total / static_cast<double>(patterns.cols());
}

Matrix<double> encoder_connections(int n, int h) {
  const int total = 2 * n + h;
  Matrix<double> c = Matrix<double>::Zero(total, total);
  auto link = [&](int i, int j) { c(i, j) = c(j, i) = 1; };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < i; ++j) {
      link(i, j);          // within V1
      link(n + i, n + j);  // within V2
    }
  for (int i = 0; i < 2 * n; ++i)
    for (int k = 0; k < h; ++k) link(i, 2 * n + k);  // V1–H and V2–H
  return c;
}

Matrix<double> encoder_training_patterns(int n) {
  Matrix<double> p = Matrix<double>::Zero(2 * n, n);
  for (int k = 0; k < n; ++k) p(k, k) = p(n + k, k) = 1;
  return p;
}

Matrix<double> encoder_recall(const BoltzmannMachine& machine, int n) {
  Matrix<double> recall = Matrix<double>::Zero(1L << n, n);
  for (int k = 0; k < n; ++k) {
    Vector<double> v1 = Vector<double>::Zero(n);
    v1(k) = 1;
    // The free units are V2 then H: the low n bits of a free state are V2.
    const Vector<double> p = machine.conditional(v1);
    for (long s = 0; s < p.size(); ++s) recall(s & ((1L << n) - 1), k) += p(s);
  }
  return recall;
}

int encoder_patterns_recalled(const BoltzmannMachine& machine, int n) {
  const Matrix<double> recall = encoder_recall(machine, n);
  int right = 0;
  for (int k = 0; k < n; ++k) {
    Eigen::Index best = 0;
    recall.col(k).maxCoeff(&best);
    right += best == (1L << k);
  }
  return right;
}

}  // namespace fickle::nn
