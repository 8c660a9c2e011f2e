#include "nn/dbn.hpp"

namespace fickle::nn {

template <class T>
Dbn<T>::Dbn(const std::vector<int>& sizes, double sigma, Rng& rng) {
  for (std::size_t l = 1; l < sizes.size(); ++l)
    layers.emplace_back(sizes[l - 1], sizes[l], sigma, rng);
}

template <class T>
Matrix<T> Dbn<T>::features(const Matrix<T>& x, std::size_t depth) const {
  Matrix<T> a = x;
  for (std::size_t l = 0; l < depth && l < layers.size(); ++l)
    a = layers[l].hidden_probabilities(a);
  return a;
}

template <class T>
Mlp<T> Dbn<T>::unroll(int classes, Rng& rng) const {
  std::vector<Dense<T>> dense;
  for (const auto& r : layers) dense.push_back({r.weights, r.hidden_bias, Activation::sigmoid});
  // The top layer as a fresh network's would be (Glorot), so the stack's only new part.
  const int top = layers.empty() ? 0 : layers.back().hidden();
  Mlp<T> head({top, classes}, Activation::sigmoid, Activation::softmax, Loss::cross_entropy, rng);
  dense.push_back(head.layers().front());
  return Mlp<T>(std::move(dense), Loss::cross_entropy);
}

template class Dbn<float>;
template class Dbn<double>;

}  // namespace fickle::nn
