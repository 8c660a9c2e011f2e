// A particle model in free space for the unit tests of the laws: open faces around [−1, 1]^d (the
// grid is only a histogram), `count` particles from the origin, a fixed seed.
#pragma once

#include "particles/model.hpp"

namespace fickle::particles {

inline ParticleModel free_model(Model model, int dim, std::uint64_t count, double dt,
                                std::uint32_t seed = 11) {
  ParticleModel m;
  m.model = model;
  m.box.dim = dim;
  for (int a = 0; a < dim; ++a) {
    m.box.lower[a] = -1, m.box.upper[a] = 1;
    m.walls[a] = {Wall::open, Wall::open};
  }
  m.count = count;
  m.seed = seed;
  m.dt = dt;
  return m;
}

}  // namespace fickle::particles
