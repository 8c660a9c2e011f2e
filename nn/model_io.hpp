// Each model into and out of an Archive under a name prefix ("mlp.", "rbm0.", ...), exactly.
#pragma once

#include <string>

#include "nn/archive.hpp"
#include "nn/boltzmann.hpp"
#include "nn/hopfield.hpp"
#include "nn/mlp.hpp"
#include "nn/perceptron.hpp"
#include "nn/rbm.hpp"

namespace fickle::nn {

template <class T>
void save(Archive& a, const std::string& prefix, const Mlp<T>& net);
template <class T>
Mlp<T> load_mlp(const Archive& a, const std::string& prefix);

template <class T>
void save(Archive& a, const std::string& prefix, const Rbm<T>& rbm);
template <class T>
Rbm<T> load_rbm(const Archive& a, const std::string& prefix);

template <class T>
void save(Archive& a, const std::string& prefix, Optimizer<T>& optimizer);
template <class T>
void load_optimizer(const Archive& a, const std::string& prefix, Optimizer<T>& optimizer);

void save(Archive& a, const std::string& prefix, const Hopfield& net);
Hopfield load_hopfield(const Archive& a, const std::string& prefix);

void save(Archive& a, const std::string& prefix, const OneVsRest& net);
OneVsRest load_one_vs_rest(const Archive& a, const std::string& prefix);

void save(Archive& a, const std::string& prefix, const BoltzmannMachine& machine);
BoltzmannMachine load_boltzmann(const Archive& a, const std::string& prefix);

}  // namespace fickle::nn
