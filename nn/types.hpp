// The nn module's vocabulary: Eigen matrices with one example per column, and the random source.
//
// Data sets and minibatches are (features × examples), so a minibatch is a block of columns and a
// dense layer is one GEMM: Z = W A + b 1ᵀ with W of shape (outputs × inputs). Networks that need
// speed (MLP, RBM, DBN) are templates on the scalar, instantiated for float (training) and double
// (gradient and log-partition checks); the small ones (perceptron, Hopfield, Boltzmann) use double.
// docs/science.md §5 has the theory and the numbers the tests check.
#pragma once

#include <Eigen/Dense>

namespace fickle::nn {

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

}  // namespace fickle::nn
