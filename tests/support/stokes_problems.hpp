// Stokes problems for solver-level tests: a box, its periodic axes, a body in it.
#pragma once

#include <array>

#include "solvers/stokes/stokes.hpp"

namespace fickle::testing {

/// A box [0,1]^d with `cells` per axis, walls on every face, η = 1.
inline StokesProblem box(int dim, std::array<int, 3> cells) {
  StokesProblem p;
  p.grid.dim = dim;
  for (int a = 0; a < dim; ++a) p.grid.cells[a] = cells[a];
  return p;
}

/// Axis `axis` periodic: the grid's flag and both faces' type, which must agree.
inline void make_periodic(StokesProblem& p, int axis) {
  p.grid.periodic[axis] = true;
  p.boundary[2 * axis].type = p.boundary[2 * axis + 1].type = StokesBoundary::Type::periodic;
}

/// A sphere or cylinder (a disc in 2D) held still.
inline Obstacle body(Region::Shape shape, std::array<double, 3> center, double radius,
                     Obstacle::Surface surface = Obstacle::Surface::staircase) {
  Obstacle o;
  o.region.shape = shape;
  o.region.center = center;
  o.region.radius = radius;
  o.surface = surface;
  return o;
}

}  // namespace fickle::testing
