#include "meshes/shapes.hpp"

#include <algorithm>

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

double PiecewiseField::at(const std::array<double, 3>& x, int dim, double t) const {
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
