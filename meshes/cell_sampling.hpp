// Values of a cell-centred field between cell centres: multilinear (trilinear in 3D) interpolation
// of the values at the centres, for probes at points and for fields moved onto another grid
// (docs/science.md, "Probes, region integrals and fields on another grid").
//
// Along an axis the point's position s = (x − lower)/h − 1/2 in cell-centre units lies between
// centres i = ⌊s⌋ and i + 1 with weight w = s − i on i + 1. On a periodic axis the two centres
// wrap; on any other axis s is clamped to [0, n − 1], so that between the outermost centre and the
// face, and outside the box, the field is the value of the nearest centre (constant extrapolation).
// A field linear in x is reproduced exactly wherever no clamping happens.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "meshes/grid.hpp"

namespace fickle {

/// The (up to) 2^d cells around a point and their weights (summing to 1).
struct CellStencil {
  int size = 0;
  std::array<std::array<std::int64_t, 3>, 8> cells{};
  std::array<double, 8> weights{};
};
CellStencil multilinear_stencil(const Grid& grid, const std::array<double, 3>& x);

/// The natural (x fastest) index of a cell.
inline std::int64_t natural_index(const Grid& grid, const std::array<std::int64_t, 3>& cell) {
  return cell[0] + grid.cells[0] * (cell[1] + static_cast<std::int64_t>(grid.cells[1]) * cell[2]);
}

/// The field `values` (natural order on `grid`) at the point x.
double sample_cells(const Grid& grid, const std::vector<double>& values,
                    const std::array<double, 3>& x);

/// The field `values` (natural order on `from`) at every cell centre of `to`, in natural order.
/// Both grids must have the same dimension.
std::vector<double> resample_cells(const Grid& from, const std::vector<double>& values,
                                   const Grid& to);

}  // namespace fickle
