#include "nn/rbm.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "nn/mlp.hpp"

namespace fickle::nn {

namespace {

double softplus(double z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

// Running log Σ exp(x): the largest term so far and the sum scaled by it.
struct LogSumExp {
  double top = -INFINITY, sum = 0;
  void add(double x) {
    if (x <= top) {
      sum += std::exp(x - top);
    } else {
      sum = sum * std::exp(top - x) + 1;
      top = x;
    }
  }
  double value() const { return top + std::log(sum); }
};

// The states 0/1 of `bits` units for the configurations first..first+count−1 (bit u of the
// configuration number is unit u).
Matrix<double> configurations(int bits, long first, long count) {
  Matrix<double> s(bits, count);
  for (long k = 0; k < count; ++k)
    for (int u = 0; u < bits; ++u) s(u, k) = ((first + k) >> u) & 1;
  return s;
}

}  // namespace

template <class T>
Rbm<T>::Rbm(int visible, int hidden, double sigma, Rng& rng, bool gaussian)
    : weights(gaussian_matrix<T>(hidden, visible, sigma, rng)),
      visible_bias(Vector<T>::Zero(visible)),
      hidden_bias(Vector<T>::Zero(hidden)),
      gaussian_visible(gaussian) {}

template <class T>
void Rbm<T>::set_visible_bias_from(const Matrix<T>& data) {
  const Vector<double> p = data.template cast<double>().rowwise().mean();
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p(i), 0.01, 0.99);
    visible_bias(i) = static_cast<T>(gaussian_visible ? p(i) : std::log(q / (1 - q)));
  }
}

template <class T>
Matrix<T> Rbm<T>::hidden_probabilities(const Matrix<T>& v) const {
  Matrix<T> h(weights.rows(), v.cols());
  h.noalias() = weights * v;
  h.colwise() += hidden_bias;
  activate(Activation::sigmoid, h);
  return h;
}

template <class T>
Matrix<T> Rbm<T>::visible_means(const Matrix<T>& h) const {
  Matrix<T> v(weights.cols(), h.cols());
  v.noalias() = weights.transpose() * h;
  v.colwise() += visible_bias;
  if (!gaussian_visible) activate(Activation::sigmoid, v);
  return v;
}

template <class T>
Vector<double> Rbm<T>::free_energy(const Matrix<T>& v) const {
  Matrix<T> x(weights.rows(), v.cols());
  x.noalias() = weights * v;
  x.colwise() += hidden_bias;
  Vector<double> f(v.cols());
  const Vector<double> b = visible_bias.template cast<double>();
  for (Eigen::Index n = 0; n < v.cols(); ++n) {
    const Vector<double> vn = v.col(n).template cast<double>();
    double visible_term = gaussian_visible ? 0.5 * (vn - b).squaredNorm() : -b.dot(vn);
    for (Eigen::Index j = 0; j < x.rows(); ++j) visible_term -= softplus(x(j, n));
    f(n) = visible_term;
  }
  return f;
}

template <class T>
double Rbm<T>::log_partition() const {
  const int nv = visible(), nh = hidden();
  const Matrix<double> w = weights.template cast<double>();
  const Vector<double> b = visible_bias.template cast<double>();
  const Vector<double> c = hidden_bias.template cast<double>();
  const bool over_visible = !gaussian_visible && nv <= nh;
  const int bits = over_visible ? nv : nh;
  if (bits > 24)
    throw std::invalid_argument("exact log Z needs a layer of at most 24 units (here " +
                                std::to_string(nv) + " visible, " + std::to_string(nh) +
                                " hidden)");
  LogSumExp z;
  const long total = 1L << bits, chunk = 4096;
  for (long first = 0; first < total; first += chunk) {
    const long count = std::min(chunk, total - first);
    const Matrix<double> s = configurations(bits, first, count);
    if (over_visible) {
      // Σ_v exp(bᵀv + Σ_j softplus(c_j + W_j v))
      Matrix<double> x = w * s;
      x.colwise() += c;
      for (long k = 0; k < count; ++k) {
        double e = b.dot(s.col(k));
        for (int j = 0; j < nh; ++j) e += softplus(x(j, k));
        z.add(e);
      }
    } else {
      // Σ_h exp(cᵀh + Σ_i softplus(b_i + (Wᵀh)_i)), Gaussian: exp(cᵀh + ½|b + Wᵀh|² − ½|b|²)
      Matrix<double> x = w.transpose() * s;
      x.colwise() += b;
      for (long k = 0; k < count; ++k) {
        double e = c.dot(s.col(k));
        if (gaussian_visible)
          e += 0.5 * (x.col(k).squaredNorm() - b.squaredNorm());
        else
          for (int i = 0; i < nv; ++i) e += softplus(x(i, k));
        z.add(e);
      }
    }
  }
  return z.value() + (gaussian_visible ? 0.5 * nv * std::log(2 * std::numbers::pi) : 0.0);
}

template <class T>
double Rbm<T>::log_likelihood(const Matrix<T>& v) const {
  return -free_energy(v).mean() - log_partition();
}

template <class T>
double Rbm<T>::reconstruction_error(const Matrix<T>& v) const {
  const Matrix<T> r = visible_means(hidden_probabilities(v));
  return v.cols() ? (r - v).template cast<double>().squaredNorm() / static_cast<double>(v.cols())
                  : 0.0;
}

template <class T>
double Rbm<T>::pseudo_log_likelihood(const Matrix<T>& v, Rng& rng) const {
  if (gaussian_visible) throw std::invalid_argument("pseudo-likelihood needs binary visible units");
  Matrix<T> flipped = v;
  for (Eigen::Index n = 0; n < v.cols(); ++n) {
    const auto i = static_cast<Eigen::Index>(below(rng, static_cast<std::size_t>(v.rows())));
    flipped(i, n) = 1 - flipped(i, n);
  }
  const Vector<double> f = free_energy(v), g = free_energy(flipped);
  double total = 0;
  // log σ(F(ṽ) − F(v)) = −softplus(F(v) − F(ṽ))
  for (Eigen::Index n = 0; n < v.cols(); ++n) total -= softplus(f(n) - g(n));
  return v.cols() ? static_cast<double>(v.rows()) * total / static_cast<double>(v.cols()) : 0.0;
}

template <class T>
Matrix<T> Rbm<T>::sample_visible(const Matrix<T>& h, Rng& rng) const {
  Matrix<T> v = visible_means(h);
  if (gaussian_visible)
    for (Eigen::Index k = 0; k < v.size(); ++k) v.data()[k] += static_cast<T>(gaussian(rng));
  else
    sample_bernoulli(v, rng);
  return v;
}

template <class T>
Matrix<T> Rbm<T>::gibbs(Matrix<T> v, int steps, Rng& rng) const {
  for (int s = 0; s < steps; ++s) {
    Matrix<T> h = hidden_probabilities(v);
    sample_bernoulli(h, rng);
    v = sample_visible(h, rng);
  }
  return v;
}

template <class T>
RbmTrainer<T>::RbmTrainer(Rbm<T>& rbm, RbmSettings settings) : rbm_(rbm), settings_(settings) {
  OptimizerSettings o;
  o.method = Method::sgd;
  o.learning_rate = settings.learning_rate;
  o.momentum = settings.initial_momentum;
  o.weight_decay = settings.weight_decay;
  optimizer_ = Optimizer<T>(o);
}

template <class T>
double RbmTrainer<T>::epoch(const Matrix<T>& data, Rng& rng) {
  Rbm<T>& r = rbm_;
  optimizer_.settings().momentum =
      epochs_ < settings_.momentum_epochs ? settings_.initial_momentum : settings_.final_momentum;
  const auto order = permutation(static_cast<int>(data.cols()), rng);
  const std::size_t n = order.size(), batch = static_cast<std::size_t>(settings_.batch);
  double error = 0;
  long batches = 0;
  for (std::size_t first = 0; first < n; first += batch) {
    const std::size_t count = std::min(batch, n - first);
    const Matrix<T> v0 = gather_columns(data, order, first, count);
    const T m = static_cast<T>(count);
    // Positive phase: ⟨v hᵀ⟩ with the data clamped, hidden probabilities.
    const Matrix<T> h0 = r.hidden_probabilities(v0);
    // Negative phase: k steps of Gibbs sampling from the data (CD) or the persistent chains.
    Matrix<T> h;
    if (settings_.persistent) {
      if (chains_.cols() != v0.cols()) chains_ = v0;  // chains start at data
      h = r.hidden_probabilities(chains_);
    } else {
      h = h0;
    }
    Matrix<T> v;
    Matrix<T> v_first;
    for (int step = 1; step <= settings_.k; ++step) {
      sample_bernoulli(h, rng);
      v = r.visible_means(h);
      if (step == 1 && !settings_.persistent) v_first = v;
      // Intermediate states (and every PCD state) are samples; CD's last reconstruction keeps
      // the probabilities, which lowers the variance of the update (Hinton's guide, §3).
      if (settings_.persistent || step < settings_.k) {
        if (r.gaussian_visible)
          for (Eigen::Index k = 0; k < v.size(); ++k) v.data()[k] += static_cast<T>(gaussian(rng));
        else
          sample_bernoulli(v, rng);
      }
      h = r.hidden_probabilities(v);
    }
    if (settings_.persistent) {
      chains_ = v;
      Matrix<T> hs = h0;
      sample_bernoulli(hs, rng);
      v_first = r.visible_means(hs);
    }
    error += (v_first - v0).template cast<double>().squaredNorm() / static_cast<double>(count);
    ++batches;

    // Gradient of −log-likelihood: −(⟨v h⟩_data − ⟨v h⟩_model) / m.
    grad_w_.noalias() = h * v.transpose();
    grad_w_.noalias() -= h0 * v0.transpose();
    grad_w_ /= m;
    grad_b_ = (v - v0).rowwise().sum() / m;
    grad_c_ = (h - h0).rowwise().sum() / m;
    if (settings_.sparsity_cost > 0) {
      // Running mean activation q; the cross-entropy penalty's gradient is cost·(q − target)
      // on the hidden bias and cost·(q − target)·⟨v⟩ on the weights (Hinton's guide, §11).
      const Vector<T> batch_activity = h0.rowwise().mean();
      if (activity_.size() != batch_activity.size()) activity_ = batch_activity;
      const T d = static_cast<T>(settings_.sparsity_decay);
      activity_ = d * activity_ + (1 - d) * batch_activity;
      const Vector<T> push =
          static_cast<T>(settings_.sparsity_cost) *
          (activity_.array() - static_cast<T>(settings_.sparsity_target)).matrix();
      grad_c_ += push;
      grad_w_.noalias() += push * v0.rowwise().mean().transpose();
    }
    optimizer_.step({{{r.weights.data(), static_cast<std::size_t>(r.weights.size())},
                      {grad_w_.data(), static_cast<std::size_t>(grad_w_.size())},
                      true},
                     {{r.visible_bias.data(), static_cast<std::size_t>(r.visible_bias.size())},
                      {grad_b_.data(), static_cast<std::size_t>(grad_b_.size())},
                      false},
                     {{r.hidden_bias.data(), static_cast<std::size_t>(r.hidden_bias.size())},
                      {grad_c_.data(), static_cast<std::size_t>(grad_c_.size())},
                      false}});
  }
  ++epochs_;
  return batches ? error / static_cast<double>(batches) : 0.0;
}

template class Rbm<float>;
template class Rbm<double>;
template class RbmTrainer<float>;
template class RbmTrainer<double>;

}  // namespace fickle::nn
