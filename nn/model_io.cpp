#include "nn/model_io.hpp"

#include "nn/random.hpp"

#include <sstream>

namespace fickle::nn {

std::string rng_state(const Rng& rng) {
  std::ostringstream out;
  out << rng;
  return out.str();
}

void set_rng_state(Rng& rng, const std::string& state) {
  std::istringstream in(state);
  in >> rng;
  if (!in) throw std::runtime_error("bad random-generator state");
}

template <class T>
void save(Archive& a, const std::string& prefix, const Mlp<T>& net) {
  a.put(prefix + "layers", static_cast<long>(net.layers().size()));
  a.put(prefix + "loss", std::string(loss_name(net.loss_kind())));
  for (std::size_t l = 0; l < net.layers().size(); ++l) {
    const auto& layer = net.layers()[l];
    const std::string p = prefix + std::to_string(l) + ".";
    a.put(p + "weights", layer.weights);
    a.put(p + "bias", layer.bias);
    a.put(p + "activation", std::string(activation_name(layer.activation)));
  }
}

template <class T>
Mlp<T> load_mlp(const Archive& a, const std::string& prefix) {
  std::vector<Dense<T>> layers;
  for (long l = 0; l < a.integer(prefix + "layers"); ++l) {
    const std::string p = prefix + std::to_string(l) + ".";
    layers.push_back({a.matrix<T>(p + "weights"), a.vector<T>(p + "bias"),
                      activation_from_name(a.text(p + "activation"))});
  }
  return Mlp<T>(std::move(layers), loss_from_name(a.text(prefix + "loss")));
}

template <class T>
void save(Archive& a, const std::string& prefix, const Rbm<T>& rbm) {
  a.put(prefix + "weights", rbm.weights);
  a.put(prefix + "visible_bias", rbm.visible_bias);
  a.put(prefix + "hidden_bias", rbm.hidden_bias);
  a.put(prefix + "gaussian_visible", static_cast<long>(rbm.gaussian_visible));
}

template <class T>
Rbm<T> load_rbm(const Archive& a, const std::string& prefix) {
  Rbm<T> r;
  r.weights = a.matrix<T>(prefix + "weights");
  r.visible_bias = a.vector<T>(prefix + "visible_bias");
  r.hidden_bias = a.vector<T>(prefix + "hidden_bias");
  r.gaussian_visible = a.integer(prefix + "gaussian_visible") != 0;
  return r;
}

template <class T>
void save(Archive& a, const std::string& prefix, Optimizer<T>& optimizer) {
  a.put(prefix + "steps", optimizer.steps());
  a.put(prefix + "count", static_cast<long>(optimizer.first().size()));
  for (std::size_t k = 0; k < optimizer.first().size(); ++k)
    a.put(prefix + "first." + std::to_string(k), optimizer.first()[k]);
  for (std::size_t k = 0; k < optimizer.second().size(); ++k)
    a.put(prefix + "second." + std::to_string(k), optimizer.second()[k]);
}

template <class T>
void load_optimizer(const Archive& a, const std::string& prefix, Optimizer<T>& optimizer) {
  optimizer.set_steps(a.integer(prefix + "steps"));
  optimizer.first().clear();
  optimizer.second().clear();
  for (long k = 0; k < a.integer(prefix + "count"); ++k) {
    optimizer.first().push_back(a.vector<T>(prefix + "first." + std::to_string(k)));
    if (a.has(prefix + "second." + std::to_string(k)))
      optimizer.second().push_back(a.vector<T>(prefix + "second." + std::to_string(k)));
  }
}

void save(Archive& a, const std::string& prefix, const Hopfield& net) {
  a.put(prefix + "weights", net.weights());
}

Hopfield load_hopfield(const Archive& a, const std::string& prefix) {
  Hopfield h;
  h.weights() = a.matrix<double>(prefix + "weights");
  return h;
}

void save(Archive& a, const std::string& prefix, const OneVsRest& net) {
  Matrix<double> w(net.units().empty() ? 0 : net.units().front().weights().size(),
                   static_cast<Eigen::Index>(net.units().size()));
  for (std::size_t c = 0; c < net.units().size(); ++c)
    w.col(static_cast<Eigen::Index>(c)) = net.units()[c].weights();
  a.put(prefix + "weights", w);  // one column per class: w then b
}

OneVsRest load_one_vs_rest(const Archive& a, const std::string& prefix) {
  const Matrix<double> w = a.matrix<double>(prefix + "weights");
  OneVsRest net(static_cast<int>(w.rows()) - 1, static_cast<int>(w.cols()));
  for (Eigen::Index c = 0; c < w.cols(); ++c) net.units()[c].weights() = w.col(c);
  return net;
}

void save(Archive& a, const std::string& prefix, const BoltzmannMachine& m) {
  a.put(prefix + "visible", static_cast<long>(m.visible));
  a.put(prefix + "weights", m.weights);
  a.put(prefix + "connected", m.connected);
  a.put(prefix + "bias", m.bias);
  a.put(prefix + "free_chains", m.free_chains);
}

BoltzmannMachine load_boltzmann(const Archive& a, const std::string& prefix) {
  BoltzmannMachine m;
  m.visible = static_cast<int>(a.integer(prefix + "visible"));
  m.weights = a.matrix<double>(prefix + "weights");
  m.connected = a.matrix<double>(prefix + "connected");
  m.bias = a.vector<double>(prefix + "bias");
  m.free_chains = a.matrix<double>(prefix + "free_chains");
  return m;
}

#define FICKLE_NN_IO(T)                                               \
  template void save<T>(Archive&, const std::string&, const Mlp<T>&); \
  template Mlp<T> load_mlp<T>(const Archive&, const std::string&);    \
  template void save<T>(Archive&, const std::string&, const Rbm<T>&); \
  template Rbm<T> load_rbm<T>(const Archive&, const std::string&);    \
  template void save<T>(Archive&, const std::string&, Optimizer<T>&); \
  template void load_optimizer<T>(const Archive&, const std::string&, Optimizer<T>&);
FICKLE_NN_IO(float)
FICKLE_NN_IO(double)
#undef FICKLE_NN_IO

}  // namespace fickle::nn
