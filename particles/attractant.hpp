// An attractant concentration given on the cells of a grid (a finished fick run's last snapshot),
// for chemotaxis (docs/science.md §8.3): its gradient at a point.
#pragma once

#include <array>
#include <vector>

#include "meshes/grid.hpp"

namespace fickle::particles {

struct AttractantField {
  Grid grid;
  std::vector<double> c;  ///< cell values, natural order (x fastest)

  /// ∇c at x: on each axis the central difference of the two cells beside the cell holding x
  /// (one-sided in the first and last cell; periodic axes wrap), the other axes at that cell.
  /// Exact for a linear c; first order in h otherwise. Points outside the grid take the nearest
  /// cell.
  std::array<double, 3> gradient(const std::array<double, 3>& x) const;
};

}  // namespace fickle::particles
