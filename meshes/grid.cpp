#include "meshes/grid.hpp"

#include <cmath>

#include <algorithm>

namespace fickle {

double Grid::cell_volume() const {
  double v = 1.0;
  for (int a = 0; a < dim; ++a) v *= spacing(a);
  return v;
}

std::int64_t Grid::cell_count() const {
  std::int64_t n = 1;
  for (int a = 0; a < dim; ++a) n *= cells[a];
  return n;
}

double Grid::min_spacing() const {
  double h = spacing(0);
  for (int a = 1; a < dim; ++a) h = std::min(h, spacing(a));
  return h;
}

bool same_cells(const Grid& a, const Grid& b) {
  bool same = a.dim == b.dim;
  for (int d = 0; same && d < a.dim; ++d)
    same = a.cells[d] == b.cells[d] && std::abs(a.lower[d] - b.lower[d]) <= 1e-12 * a.length(d) &&
           std::abs(a.upper[d] - b.upper[d]) <= 1e-12 * a.length(d);
  return same;
}

}  // namespace fickle
