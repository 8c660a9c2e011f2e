// Multilinear interpolation of cell-centred fields (meshes/cell_sampling.hpp): exact for a field
// linear in x wherever no clamping happens, clamped to the nearest centre outside, wrapped on
// periodic axes.
#include <gtest/gtest.h>

#include <cmath>

#include "meshes/cell_sampling.hpp"

namespace fickle {
namespace {

Grid box3(int n) {
  Grid g;
  g.dim = 3;
  g.cells = {n, n + 2, n + 4};
  g.lower = {-1, 0, 0.5};
  g.upper = {1, 2, 1.5};
  return g;
}

double linear(const std::array<double, 3>& x) {
  return 1.5 + 2 * x[0] - 0.5 * x[1] + 3 * x[2];
}

std::vector<double> sampled(const Grid& g, double (*f)(const std::array<double, 3>&)) {
  std::vector<double> v;
  for (int k = 0; k < g.cells[2]; ++k)
    for (int j = 0; j < g.cells[1]; ++j)
      for (int i = 0; i < g.cells[0]; ++i)
        v.push_back(f({g.centre(0, i), g.centre(1, j), g.centre(2, k)}));
  return v;
}

// A linear field sampled on 8x10x12 cells and read on 16x20x24: every fine cell whose centre lies
// between the coarse centres gets the linear function to round-off.
TEST(CellSampling, TrilinearIsExactForALinearField) {
  const Grid coarse = box3(8), fine = box3(16);
  const auto values = resample_cells(coarse, sampled(coarse, linear), fine);
  double worst = 0;
  int interior = 0;
  for (int k = 0; k < fine.cells[2]; ++k)
    for (int j = 0; j < fine.cells[1]; ++j)
      for (int i = 0; i < fine.cells[0]; ++i) {
        const std::array<double, 3> x{fine.centre(0, i), fine.centre(1, j), fine.centre(2, k)};
        bool inside = true;
        for (int a = 0; a < 3; ++a)
          inside = inside && x[a] >= coarse.centre(a, 0) &&
                   x[a] <= coarse.centre(a, coarse.cells[a] - 1);
        if (!inside) continue;
        ++interior;
        worst = std::max(
            worst,
            std::abs(values[static_cast<std::size_t>(natural_index(fine, {i, j, k}))] - linear(x)));
      }
  std::printf("[ measured ] %d interior cells, max |error| %.3e\n", interior, worst);
  EXPECT_GT(interior, 16 * 20 * 24 / 2);
  EXPECT_LT(worst, 1e-13);
}

// Outside the coarse centres' hull (and outside the box) the value is the nearest centre's.
TEST(CellSampling, ClampsToTheNearestCentreOutside) {
  Grid g;
  g.dim = 1;
  g.cells = {4, 1, 1};
  const std::vector<double> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(sample_cells(g, v, {0.0, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(sample_cells(g, v, {-5.0, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(sample_cells(g, v, {1.0, 0, 0}), 4.0);
  EXPECT_DOUBLE_EQ(sample_cells(g, v, {0.5, 0, 0}), 2.5);  // between the centres 0.375 and 0.625
  g.periodic[0] = true;  // periodic: between the last and the first centre
  EXPECT_DOUBLE_EQ(sample_cells(g, v, {0.0, 0, 0}), 2.5);
  EXPECT_DOUBLE_EQ(sample_cells(g, v, {1.0, 0, 0}), 2.5);
}

// Bilinear in 2D: the weights of the four cells sum to one and x y is reproduced where it is
// bilinear (between centres).
TEST(CellSampling, BilinearReproducesXY) {
  Grid g;
  g.dim = 2;
  g.cells = {5, 7, 1};
  const auto v = sampled(g, [](const std::array<double, 3>& x) { return x[0] * x[1]; });
  for (const std::array<double, 3> x :
       {std::array<double, 3>{0.33, 0.41, 0}, std::array<double, 3>{0.5, 0.5, 0}}) {
    const auto s = multilinear_stencil(g, x);
    double sum = 0;
    for (int c = 0; c < s.size; ++c) sum += s.weights[c];
    EXPECT_NEAR(sum, 1.0, 1e-15);
    EXPECT_NEAR(sample_cells(g, v, x), x[0] * x[1], 1e-15);
  }
}

}  // namespace
}  // namespace fickle
