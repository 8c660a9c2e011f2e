// Walls for particles (docs/science.md §2.7), one axis and one particle at a time: shared by the
// step kernels (kernels.cpp) and the renewal models (renewal_kernels.cpp).
#pragma once

#include <cmath>

#include "particles/model.hpp"
#include "particles/particle_arrays.hpp"

namespace fickle::particles {

struct Axis {
  double lo, hi;
  Wall lower, upper;
};

inline Axis axis_of(const ParticleModel& m, int a) {
  return {m.box.lower[a], m.box.upper[a], m.walls[a][0], m.walls[a][1]};
}

// Periodic and open sides do nothing (positions stay unwrapped); reflecting sides mirror the
// position (and the velocity); absorbing sides kill and
// keep the particle on the wall.
// x folded onto [lo, lo + length] by any number of reflections (Lévy jumps can cross the box);
// `mirrored` when their number is odd. Straight-line code: it vectorises in the kernels' loops.
inline double fold_reflecting(double lo, double length, double x, bool& mirrored) {
  double y = x - lo;
  y -= 2 * length * std::floor(y / (2 * length));
  mirrored = y > length;
  return lo + (mirrored ? 2 * length - y : y);
}

inline void apply_walls(const Axis& w, double& x, double& v, double& alive) {
  if (w.lower == Wall::reflecting && w.upper == Wall::reflecting) {
    // An odd number of reflections reverses the velocity.
    bool mirrored = false;
    x = fold_reflecting(w.lo, w.hi - w.lo, x, mirrored);
    v = mirrored ? -v : v;
    return;
  }
  if (w.lower == Wall::reflecting && x < w.lo) x = 2 * w.lo - x, v = -v;
  if (w.upper == Wall::reflecting && x > w.hi) x = 2 * w.hi - x, v = -v;
  // An absorbed particle stays on the wall it crossed (its steps are multiplied by alive = 0
  // from now on): the VTK sample shows it where it was absorbed (state 1, docs/output.md).
  if (w.lower == Wall::absorbing && x < w.lo) x = w.lo, alive = 0;
  if (w.upper == Wall::absorbing && x > w.hi) x = w.hi, alive = 0;
}

inline bool has_walls(const Axis& w) {
  auto active = [](Wall s) { return s == Wall::reflecting || s == Wall::absorbing; };
  return active(w.lower) || active(w.upper);
}

/// Walls for a particle that carries a velocity (reflection reverses its normal component).
inline void walls_with_velocity(const ParticleModel& m, ParticleArrays& p, std::size_t i) {
  for (int a = 0; a < p.dim; ++a) {
    const Axis w = axis_of(m, a);
    double unused = 0;
    if (has_walls(w))
      apply_walls(w, p.position[a][i], p.velocity[a].empty() ? unused : p.velocity[a][i],
                  p.alive[i]);
  }
}

}  // namespace fickle::particles
