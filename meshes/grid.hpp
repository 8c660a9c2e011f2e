// A structured, uniform, cell-centred grid: the geometry every solver and particle model shares.
//
// Cell i along axis a spans [lower + i h, lower + (i+1) h] with h = (upper - lower) / cells and
// centre lower + (i + 1/2) h. DMDA points are these centres (see dmda.hpp).
#pragma once

#include <array>
#include <cstdint>

namespace fickle {

struct Grid {
  int dim = 1;                                 ///< 1, 2 or 3
  std::array<std::int32_t, 3> cells{1, 1, 1};  ///< cells per axis (1 on unused axes)
  std::array<double, 3> lower{0, 0, 0};
  std::array<double, 3> upper{1, 1, 1};
  std::array<bool, 3> periodic{false, false, false};

  double length(int axis) const { return upper[axis] - lower[axis]; }
  double spacing(int axis) const { return length(axis) / cells[axis]; }
  double centre(int axis, std::int64_t i) const { return lower[axis] + (i + 0.5) * spacing(axis); }
  /// Volume (length, area) of one cell: the product of the spacings of the used axes.
  double cell_volume() const;
  std::int64_t cell_count() const;
  /// Smallest spacing over the used axes (for stability numbers such as D dt / h²).
  double min_spacing() const;
};

/// Same dimension, cells, lower and upper (to 1e-12 of the length): fields on the two grids can be
/// compared cell by cell. Periodicity is not compared.
bool same_cells(const Grid& a, const Grid& b);

}  // namespace fickle
