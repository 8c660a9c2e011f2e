#include "nn/mlp.hpp"

#include <cmath>
#include <stdexcept>

namespace fickle::nn {

namespace {

constexpr const char* kActivationNames[] = {"sigmoid", "tanh", "relu", "linear", "softmax"};

// f′(z) expressed through a = f(z), multiplied into δ: all our hidden activations allow it.
template <class T>
void times_derivative(Activation f, const Matrix<T>& a, Matrix<T>& delta) {
  switch (f) {
    case Activation::sigmoid:
      delta.array() *= a.array() * (1 - a.array());
      break;
    case Activation::tanh:
      delta.array() *= 1 - a.array().square();
      break;
    case Activation::relu:
      delta.array() *= (a.array() > 0).template cast<T>();
      break;
    case Activation::linear:
      break;
    case Activation::softmax:
      throw std::logic_error("softmax is an output layer of cross-entropy only");
  }
}

// log(1 + e^z) without overflow.
double softplus(double z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

}  // namespace

Activation activation_from_name(const std::string& name) {
  for (int k = 0; k < 5; ++k)
    if (name == kActivationNames[k]) return static_cast<Activation>(k);
  throw std::invalid_argument("unknown activation " + name);
}
const char* activation_name(Activation f) {
  return kActivationNames[static_cast<int>(f)];
}
Loss loss_from_name(const std::string& name) {
  if (name == "cross-entropy") return Loss::cross_entropy;
  if (name == "squared-error") return Loss::squared_error;
  if (name == "absolute-error") return Loss::absolute_error;
  throw std::invalid_argument("unknown loss " + name);
}
const char* loss_name(Loss loss) {
  switch (loss) {
    case Loss::cross_entropy:
      return "cross-entropy";
    case Loss::squared_error:
      return "squared-error";
    case Loss::absolute_error:
      break;
  }
  return "absolute-error";
}

template <class T>
void activate(Activation f, Matrix<T>& z) {
  switch (f) {
    case Activation::sigmoid:
      z = (1 + (-z.array()).exp()).inverse().matrix();
      break;
    case Activation::tanh:
      z = z.array().tanh().matrix();
      break;
    case Activation::relu:
      z = z.cwiseMax(T(0));
      break;
    case Activation::linear:
      break;
    case Activation::softmax: {
      // Shifted by the column maximum so exp never overflows.
      const auto top = z.colwise().maxCoeff();
      z.rowwise() -= top;
      z = z.array().exp().matrix();
      const auto sums = z.colwise().sum();
      z.array().rowwise() /= sums.array();
      break;
    }
  }
}

template <class T>
Mlp<T>::Mlp(const std::vector<int>& sizes, Activation hidden, Activation output, Loss loss,
            Rng& rng)
    : loss_(loss) {
  if (sizes.size() < 2) throw std::invalid_argument("an MLP needs at least inputs and outputs");
  if (hidden == Activation::softmax)
    throw std::invalid_argument("softmax is for the output layer only");
  if (loss != Loss::cross_entropy && output == Activation::softmax)
    throw std::invalid_argument("softmax output goes with the cross-entropy loss");
  if (loss == Loss::cross_entropy && output != Activation::softmax && output != Activation::sigmoid)
    throw std::invalid_argument("cross-entropy needs a softmax or sigmoid output");
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    const int in = sizes[l - 1], out = sizes[l];
    Dense<T> layer;
    layer.activation = l + 1 == sizes.size() ? output : hidden;
    if (layer.activation == Activation::relu) {
      layer.weights = gaussian_matrix<T>(out, in, std::sqrt(2.0 / in), rng);
    } else {
      const double r = std::sqrt(6.0 / (in + out));
      layer.weights.resize(out, in);
      for (Eigen::Index k = 0; k < layer.weights.size(); ++k)
        layer.weights.data()[k] = static_cast<T>(r * (2 * uniform<double>(rng) - 1));
    }
    layer.bias = Vector<T>::Zero(out);
    layers_.push_back(std::move(layer));
  }
}

template <class T>
Mlp<T>::Mlp(std::vector<Dense<T>> layers, Loss loss) : layers_(std::move(layers)), loss_(loss) {}

template <class T>
std::size_t Mlp<T>::parameter_count() const {
  std::size_t n = 0;
  for (const auto& l : layers_) n += static_cast<std::size_t>(l.weights.size() + l.bias.size());
  return n;
}

template <class T>
Matrix<T> Mlp<T>::predict(const Matrix<T>& x) const {
  Matrix<T> a = x;
  for (const auto& l : layers_) {
    Matrix<T> z(l.weights.rows(), a.cols());
    z.noalias() = l.weights * a;
    z.colwise() += l.bias;
    activate(l.activation, z);
    a = std::move(z);
  }
  return a;
}

template <class T>
double Mlp<T>::output_loss(const Matrix<T>& z, const Matrix<T>& a, const Matrix<T>& y) const {
  double total = 0;
  const Activation f = layers_.back().activation;
  for (Eigen::Index n = 0; n < z.cols(); ++n) {
    if (loss_ == Loss::squared_error) {
      total += 0.5 * (a.col(n) - y.col(n)).template cast<double>().squaredNorm();
    } else if (loss_ == Loss::absolute_error) {
      total += (a.col(n) - y.col(n)).template cast<double>().template lpNorm<1>();
    } else if (f == Activation::softmax) {
      // −Σ_k y_k log a_k with log a_k = z_k − log Σ_j e^{z_j}, from z for accuracy.
      const Vector<double> zc = z.col(n).template cast<double>();
      const double top = zc.maxCoeff();
      const double lse = top + std::log((zc.array() - top).exp().sum());
      total -= y.col(n).template cast<double>().dot((zc.array() - lse).matrix());
    } else {  // sigmoid: −[y log σ(z) + (1−y) log(1−σ(z))] = softplus(z) − y z
      for (Eigen::Index k = 0; k < z.rows(); ++k)
        total += softplus(z(k, n)) - static_cast<double>(y(k, n)) * z(k, n);
    }
  }
  return z.cols() ? total / static_cast<double>(z.cols()) : 0.0;
}

template <class T>
double Mlp<T>::loss(const Matrix<T>& x, const Matrix<T>& y) const {
  Matrix<T> a = x;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Matrix<T> z(layers_[l].weights.rows(), a.cols());
    z.noalias() = layers_[l].weights * a;
    z.colwise() += layers_[l].bias;
    if (l + 1 == layers_.size()) {
      Matrix<T> out = z;
      activate(layers_[l].activation, out);
      return output_loss(z, out, y);
    }
    activate(layers_[l].activation, z);
    a = std::move(z);
  }
  return 0;
}

template <class T>
double Mlp<T>::gradient(const Matrix<T>& x, const Matrix<T>& y, MlpGradient<T>& g) const {
  const std::size_t L = layers_.size();
  // Forward pass, keeping every activation a^l (a^0 = x) and the output's z^L.
  std::vector<Matrix<T>> a(L);
  Matrix<T> z_out;
  for (std::size_t l = 0; l < L; ++l) {
    const Matrix<T>& in = l == 0 ? x : a[l - 1];
    a[l].resize(layers_[l].weights.rows(), in.cols());
    a[l].noalias() = layers_[l].weights * in;
    a[l].colwise() += layers_[l].bias;
    if (l + 1 == L) z_out = a[l];
    activate(layers_[l].activation, a[l]);
  }
  const double value = output_loss(z_out, a[L - 1], y);

  g.weights.resize(L);
  g.bias.resize(L);
  const T inv_batch = T(1) / static_cast<T>(x.cols());  // C is a mean over the columns
  // (BP1): cross-entropy with its matching output gives δ^L = a − y; squared error (a − y) ⊙
  // f′(z^L), absolute error sign(a − y) ⊙ f′(z^L) (0 at a = y, the subgradient of the kink).
  Matrix<T> delta = (a[L - 1] - y) * inv_batch;
  if (loss_ == Loss::absolute_error) delta = delta.array().sign().matrix() * inv_batch;
  if (loss_ != Loss::cross_entropy) times_derivative(layers_[L - 1].activation, a[L - 1], delta);
  for (std::size_t l = L; l-- > 0;) {
    const Matrix<T>& in = l == 0 ? x : a[l - 1];
    g.weights[l].noalias() = delta * in.transpose();  // (BP4)
    g.bias[l] = delta.rowwise().sum();                // (BP3)
    if (l == 0) break;
    Matrix<T> back(layers_[l].weights.cols(), delta.cols());
    back.noalias() = layers_[l].weights.transpose() * delta;  // (BP2)
    times_derivative(layers_[l - 1].activation, a[l - 1], back);
    delta = std::move(back);
  }
  return value;
}

template <class T>
Matrix<T> one_hot(const std::vector<int>& labels, int classes) {
  Matrix<T> y = Matrix<T>::Zero(classes, static_cast<Eigen::Index>(labels.size()));
  for (std::size_t n = 0; n < labels.size(); ++n) y(labels[n], static_cast<Eigen::Index>(n)) = 1;
  return y;
}

template <class T>
double accuracy(const Mlp<T>& net, const Matrix<T>& x, const std::vector<int>& labels) {
  long right = 0;
  const Eigen::Index block = 10000;
  for (Eigen::Index first = 0; first < x.cols(); first += block) {
    const Eigen::Index count = std::min(block, x.cols() - first);
    const Matrix<T> out = net.predict(x.middleCols(first, count));
    for (Eigen::Index n = 0; n < count; ++n) {
      Eigen::Index best = 0;
      out.col(n).maxCoeff(&best);
      right += best == labels[first + n];
    }
  }
  return x.cols() ? static_cast<double>(right) / static_cast<double>(x.cols()) : 0.0;
}

template <class T>
Matrix<T> gather_columns(const Matrix<T>& x, const std::vector<int>& order, std::size_t first,
                         std::size_t count) {
  Matrix<T> batch(x.rows(), static_cast<Eigen::Index>(count));
  for (std::size_t n = 0; n < count; ++n)
    batch.col(static_cast<Eigen::Index>(n)) = x.col(order[first + n]);
  return batch;
}

template <class T>
double MlpTrainer<T>::epoch(const Matrix<T>& x, const Matrix<T>& y, Rng& rng) {
  const auto order = permutation(static_cast<int>(x.cols()), rng);
  const std::size_t n = order.size();
  double total = 0;
  long batches = 0;
  for (std::size_t first = 0; first < n; first += static_cast<std::size_t>(batch_)) {
    const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(batch_), n - first);
    const Matrix<T> xb = gather_columns(x, order, first, count);
    const Matrix<T> yb = gather_columns(y, order, first, count);
    total += net_.gradient(xb, yb, gradient_);
    ++batches;
    std::vector<Parameter<T>> parameters;
    auto& layers = net_.layers();
    for (std::size_t l = 0; l < layers.size(); ++l) {
      auto& w = layers[l].weights;
      auto& b = layers[l].bias;
      parameters.push_back({{w.data(), static_cast<std::size_t>(w.size())},
                            {gradient_.weights[l].data(), static_cast<std::size_t>(w.size())},
                            true});
      parameters.push_back({{b.data(), static_cast<std::size_t>(b.size())},
                            {gradient_.bias[l].data(), static_cast<std::size_t>(b.size())},
                            false});
    }
    optimizer_.step(parameters);
  }
  return batches ? total / static_cast<double>(batches) : 0.0;
}

#define FICKLE_NN_MLP(T)                                                                       \
  template void activate<T>(Activation, Matrix<T>&);                                           \
  template class Mlp<T>;                                                                       \
  template class MlpTrainer<T>;                                                                \
  template Matrix<T> one_hot<T>(const std::vector<int>&, int);                                 \
  template double accuracy<T>(const Mlp<T>&, const Matrix<T>&, const std::vector<int>&);       \
  template Matrix<T> gather_columns<T>(const Matrix<T>&, const std::vector<int>&, std::size_t, \
                                       std::size_t);
FICKLE_NN_MLP(float)
FICKLE_NN_MLP(double)
#undef FICKLE_NN_MLP

}  // namespace fickle::nn
