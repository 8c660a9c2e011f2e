// What a run's series.csv reports of a field besides its mass: its value at probe points
// (multilinear interpolation of the cell values, meshes/cell_sampling.hpp) and its integral over
// regions (the midpoint rule over the cells whose centre lies in the region). docs/science.md,
// "Probes, region integrals and fields on another grid".
#pragma once

#include <array>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"
#include "meshes/shapes.hpp"

namespace fickle {

/// u at each point: every rank adds the weighted values of the stencil cells it owns, and the sum
/// over the ranks is the value (collective; every rank gets every value).
std::vector<double> probe_values(const Grid& grid, DM da, Vec u,
                                 const std::vector<std::array<double, 3>>& points);

/// Σ u h^d over the cells whose centre lies in each region (collective). Second order in h when
/// the region's boundary lies on cell faces, first order otherwise (cells are in or out).
std::vector<double> region_integrals(const Grid& grid, DM da, Vec u,
                                     const std::vector<Region>& regions);

}  // namespace fickle
