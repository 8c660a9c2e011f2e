// Random numbers for the nn module: a 64-bit Mersenne twister seeded from the case's seed, with
// our own uniform, Gaussian, shuffle and Bernoulli draws (the standard library's distributions
// differ between implementations; these give the same numbers everywhere for a seed).
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "nn/types.hpp"

namespace fickle::nn {

using Rng = std::mt19937_64;

/// Uniform in [0, 1): 53 random bits for double, 24 for float.
template <class T>
T uniform(Rng& rng) {
  if constexpr (sizeof(T) == 4)
    return static_cast<T>(rng() >> 40) * T(0x1p-24);
  else
    return static_cast<T>(rng() >> 11) * T(0x1p-53);
}

/// Uniform integer in [0, n) (Lemire's multiply-shift; the bias is below 2^-32 for n < 2^32).
inline std::size_t below(Rng& rng, std::size_t n) {
  return static_cast<std::size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

/// Standard normal (Box–Muller; one draw per call keeps the sequence simple to reason about).
inline double gaussian(Rng& rng) {
  const double u1 = 1.0 - uniform<double>(rng), u2 = uniform<double>(rng);
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

template <class T>
Matrix<T> gaussian_matrix(Eigen::Index rows, Eigen::Index cols, double sigma, Rng& rng) {
  Matrix<T> m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<T>(sigma * gaussian(rng));
  return m;
}

/// Replaces each probability p by a 0/1 sample of Bernoulli(p).
template <class T>
void sample_bernoulli(Matrix<T>& p, Rng& rng) {
  T* x = p.data();
  const Eigen::Index n = p.size();
  if constexpr (sizeof(T) == 4) {
    // Two 24-bit uniforms per 64-bit draw: sampling is a visible share of a CD-1 epoch.
    Eigen::Index i = 0;
    for (; i + 1 < n; i += 2) {
      const std::uint64_t r = rng();
      x[i] = (static_cast<T>(r >> 40) * T(0x1p-24)) < x[i] ? T(1) : T(0);
      x[i + 1] = (static_cast<T>((r >> 8) & 0xFFFFFF) * T(0x1p-24)) < x[i + 1] ? T(1) : T(0);
    }
    if (i < n) x[i] = uniform<T>(rng) < x[i] ? T(1) : T(0);
  } else {
    for (Eigen::Index i = 0; i < n; ++i) x[i] = uniform<T>(rng) < x[i] ? T(1) : T(0);
  }
}

/// A uniformly random permutation of 0..n-1 (Fisher–Yates).
inline std::vector<int> permutation(int n, Rng& rng) {
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  for (int i = n - 1; i > 0; --i) std::swap(order[i], order[below(rng, i + 1)]);
  return order;
}

/// The generator's whole state as text, and back (checkpoints continue the same stream).
std::string rng_state(const Rng& rng);
void set_rng_state(Rng& rng, const std::string& state);

}  // namespace fickle::nn
