#include "nn/hopfield.hpp"

#include <cmath>

namespace fickle::nn {

void Hopfield::store(const Matrix<double>& patterns) {
  const double N = static_cast<double>(weights_.rows());
  weights_.noalias() += patterns * patterns.transpose() / N;
  weights_.diagonal().setZero();
}

long Hopfield::update_synchronously(Vector<double>& s) const {
  const Vector<double> h = weights_ * s;
  long flips = 0;
  for (Eigen::Index i = 0; i < s.size(); ++i)
    if (h(i) * s(i) < 0) {
      s(i) = -s(i);
      ++flips;
    }
  return flips;
}

long Hopfield::sweep_asynchronously(Vector<double>& s, Rng& rng) const {
  Vector<double> h = weights_ * s;
  long flips = 0;
  for (int i : permutation(units(), rng))
    if (h(i) * s(i) < 0) {
      s(i) = -s(i);
      h.noalias() += 2 * s(i) * weights_.col(i);  // W symmetric: column i is row i
      ++flips;
    }
  return flips;
}

int Hopfield::settle(Vector<double>& s, Rng& rng, int max_sweeps) const {
  int sweeps = 0;
  while (sweeps < max_sweeps) {
    ++sweeps;
    if (sweep_asynchronously(s, rng) == 0) break;
  }
  return sweeps;
}

double Hopfield::one_step_error(const Matrix<double>& patterns) const {
  const Matrix<double> h = weights_ * patterns;
  // A bit flips when its local field points against it (a zero field keeps it).
  const long wrong = ((h.array() * patterns.array()) < 0).count();
  return static_cast<double>(wrong) / static_cast<double>(patterns.size());
}

double hopfield_one_step_error_law(int N, int p) {
  return 0.5 * std::erfc(std::sqrt(static_cast<double>(N) / (2.0 * p)));
}

}  // namespace fickle::nn
