#include "particles/attractant.hpp"

#include <algorithm>
#include <cmath>

namespace fickle::particles {

std::array<double, 3> AttractantField::gradient(const std::array<double, 3>& x) const {
  std::array<long, 3> cell{0, 0, 0};
  for (int a = 0; a < grid.dim; ++a) {
    double y = (x[a] - grid.lower[a]) / grid.spacing(a);
    if (grid.periodic[a]) y -= grid.cells[a] * std::floor(y / grid.cells[a]);
    cell[a] = std::clamp<long>(static_cast<long>(std::floor(y)), 0, grid.cells[a] - 1);
  }
  const auto at = [&](std::array<long, 3> n) {
    long index = 0, stride = 1;
    for (int a = 0; a < grid.dim; ++a) {
      index += n[a] * stride;
      stride *= grid.cells[a];
    }
    return c[static_cast<std::size_t>(index)];
  };
  std::array<double, 3> g{0, 0, 0};
  for (int a = 0; a < grid.dim; ++a) {
    const long n = grid.cells[a];
    if (n < 2 || (grid.periodic[a] && n < 3)) continue;
    auto lo = cell, hi = cell;
    if (grid.periodic[a]) {
      lo[a] = (cell[a] + n - 1) % n;
      hi[a] = (cell[a] + 1) % n;
    } else {
      lo[a] = std::max<long>(cell[a] - 1, 0);
      hi[a] = std::min<long>(cell[a] + 1, n - 1);
    }
    g[a] = (at(hi) - at(lo)) /
           (static_cast<double>(hi[a] - lo[a] + (hi[a] < lo[a] ? n : 0)) * grid.spacing(a));
  }
  return g;
}

}  // namespace fickle::particles
