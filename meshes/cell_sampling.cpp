#include "meshes/cell_sampling.hpp"

#include <algorithm>
#include <cmath>

namespace fickle {

CellStencil multilinear_stencil(const Grid& grid, const std::array<double, 3>& x) {
  // Per axis: the two centres and the weight of the upper one.
  std::array<std::array<std::int64_t, 2>, 3> index{};
  std::array<double, 3> upper_weight{0, 0, 0};
  for (int a = 0; a < grid.dim; ++a) {
    const std::int64_t n = grid.cells[a];
    double s = (x[a] - grid.lower[a]) / grid.spacing(a) - 0.5;
    if (grid.periodic[a]) {
      const double i = std::floor(s);
      upper_weight[a] = s - i;
      const auto wrap = [n](std::int64_t k) { return ((k % n) + n) % n; };
      index[a] = {wrap(static_cast<std::int64_t>(i)), wrap(static_cast<std::int64_t>(i) + 1)};
      continue;
    }
    s = std::clamp(s, 0.0, static_cast<double>(n - 1));
    const std::int64_t i = std::min<std::int64_t>(static_cast<std::int64_t>(std::floor(s)),
                                                  std::max<std::int64_t>(n - 2, 0));
    upper_weight[a] = n > 1 ? s - static_cast<double>(i) : 0.0;
    index[a] = {i, std::min(i + 1, n - 1)};
  }
  CellStencil stencil;
  for (int corner = 0; corner < (1 << grid.dim); ++corner) {
    std::array<std::int64_t, 3> cell{0, 0, 0};
    double weight = 1;
    for (int a = 0; a < grid.dim; ++a) {
      const int side = (corner >> a) & 1;
      cell[a] = index[a][side];
      weight *= side ? upper_weight[a] : 1 - upper_weight[a];
    }
    stencil.cells[stencil.size] = cell;
    stencil.weights[stencil.size++] = weight;
  }
  return stencil;
}

double sample_cells(const Grid& grid, const std::vector<double>& values,
                    const std::array<double, 3>& x) {
  const CellStencil stencil = multilinear_stencil(grid, x);
  double v = 0;
  for (int c = 0; c < stencil.size; ++c)
    v += stencil.weights[c] *
         values[static_cast<std::size_t>(natural_index(grid, stencil.cells[c]))];
  return v;
}

std::vector<double> resample_cells(const Grid& from, const std::vector<double>& values,
                                   const Grid& to) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(to.cell_count()));
  for (std::int64_t k = 0; k < to.cells[2]; ++k)
    for (std::int64_t j = 0; j < to.cells[1]; ++j)
      for (std::int64_t i = 0; i < to.cells[0]; ++i) {
        const std::array<std::int64_t, 3> cell{i, j, k};
        std::array<double, 3> x{0, 0, 0};
        for (int a = 0; a < to.dim; ++a) x[a] = to.centre(a, cell[a]);
        out.push_back(sample_cells(from, values, x));
      }
  return out;
}

}  // namespace fickle
