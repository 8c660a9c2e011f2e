#include "meshes/shapes.hpp"

#include <algorithm>
#include <cmath>

namespace fickle {

bool Region::contains(const std::array<double, 3>& x, int dim) const {
  if (shape == Shape::box) {
    for (int a = 0; a < dim; ++a)
      if (x[a] < lower[a] || x[a] > upper[a]) return false;
    return true;
  }
  double r2 = 0;
  for (int a = 0; a < dim; ++a)
    if (shape == Shape::sphere || a != axis) r2 += (x[a] - center[a]) * (x[a] - center[a]);
  return r2 <= radius * radius;
}

double Region::segment_entry(const std::array<double, 3>& outside,
                             const std::array<double, 3>& inside, int dim) const {
  std::array<double, 3> d{0, 0, 0};
  for (int a = 0; a < dim; ++a) d[a] = inside[a] - outside[a];
  if (shape == Shape::box) {
    // The latest entry over the slabs lower ≤ x ≤ upper along each axis (Kay & Kajiya).
    double t_enter = 0;
    for (int a = 0; a < dim; ++a) {
      if (d[a] == 0) continue;
      const double t0 = (lower[a] - outside[a]) / d[a], t1 = (upper[a] - outside[a]) / d[a];
      t_enter = std::max(t_enter, std::min(t0, t1));
    }
    return std::clamp(t_enter, 0.0, 1.0);
  }
  // |o + t d − c|² = r² over the axes that count: A t² + 2 B t + C = 0, the smaller root.
  double A = 0, B = 0, C = -radius * radius;
  for (int a = 0; a < dim; ++a) {
    if (shape == Shape::cylinder && a == axis) continue;
    const double o = outside[a] - center[a];
    A += d[a] * d[a];
    B += o * d[a];
    C += o * o;
  }
  if (A == 0) return 1.0;
  const double disc = std::max(B * B - A * C, 0.0);
  return std::clamp((-B - std::sqrt(disc)) / A, 0.0, 1.0);
}

double PiecewiseField::varying_at(const std::array<double, 3>& x, int dim, double t) const {
  double v = formula.is_number() ? value : formula.at(x, t);
  for (const auto& p : pieces)
    if (p.region.contains(x, dim)) v = p.value;
  return v;
}

double PiecewiseField::min() const {
  double m = formula.is_number() ? value : formula_range[0];
  for (const auto& p : pieces) m = std::min(m, p.value);
  return m;
}

double PiecewiseField::max() const {
  double m = formula.is_number() ? value : formula_range[1];
  for (const auto& p : pieces) m = std::max(m, p.value);
  return m;
}

}  // namespace fickle
