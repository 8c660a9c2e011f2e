#include "nn/generators.hpp"

#include <set>
#include <stdexcept>

namespace fickle::nn {

Matrix<double> bars_and_stripes(int n) {
  // Bars light whole rows, stripes whole columns; the empty and the full image are both, so
  // they are kept once.
  std::set<std::vector<int>> seen;
  std::vector<std::vector<int>> images;
  for (int horizontal = 0; horizontal < 2; ++horizontal)
    for (int mask = 0; mask < (1 << n); ++mask) {
      std::vector<int> image(n * n);
      for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) image[r * n + c] = (mask >> (horizontal ? r : c)) & 1;
      if (seen.insert(image).second) images.push_back(image);
    }
  Matrix<double> x(n * n, static_cast<Eigen::Index>(images.size()));
  for (std::size_t k = 0; k < images.size(); ++k)
    for (int i = 0; i < n * n; ++i) x(i, static_cast<Eigen::Index>(k)) = images[k][i];
  return x;
}

Truth parity(int bits) {
  Truth t{Matrix<double>(bits, 1 << bits), Matrix<double>(1, 1 << bits)};
  for (int k = 0; k < (1 << bits); ++k) {
    int ones = 0;
    for (int b = 0; b < bits; ++b) {
      t.inputs(b, k) = (k >> b) & 1;
      ones += (k >> b) & 1;
    }
    t.targets(0, k) = ones % 2;
  }
  return t;
}

Matrix<double> encoder_patterns(int n) {
  return Matrix<double>::Identity(n, n);
}

Matrix<double> random_patterns(int N, int p, Rng& rng) {
  Matrix<double> xi(N, p);
  for (Eigen::Index k = 0; k < xi.size(); ++k) xi.data()[k] = (rng() >> 63) ? 1.0 : -1.0;
  return xi;
}

Separable separable_points(int d, int count, double margin, Rng& rng) {
  if (margin >= 1) throw std::invalid_argument("separable_points: margin must be < 1");
  Separable s;
  s.normal = Vector<double>(d);
  for (int i = 0; i < d; ++i) s.normal(i) = gaussian(rng);
  s.normal.normalize();
  s.points.resize(d, count);
  for (int k = 0; k < count;) {
    Vector<double> x(d);
    for (int i = 0; i < d; ++i) x(i) = 2 * uniform<double>(rng) - 1;
    const double side = s.normal.dot(x);
    if (std::abs(side) < margin) continue;
    s.points.col(k++) = x;
    s.labels.push_back(side > 0 ? 1 : -1);
  }
  return s;
}

}  // namespace fickle::nn
