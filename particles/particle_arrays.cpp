#include "particles/particle_arrays.hpp"

namespace fickle::particles {

void ParticleArrays::resize(int dimension, std::uint64_t first, std::size_t count, Needs needs) {
  dim = dimension;
  first_id = first;
  local = count;
  padded = (count + kBlock - 1) / kBlock * kBlock;
  for (int a = 0; a < 3; ++a) {
    const std::size_t n = a < dim ? padded : 0;
    position[a].assign(n, 0.0);
    origin[a].assign(n, 0.0);
    velocity[a].assign(needs.velocity ? n : 0, 0.0);
    velocity0[a].assign(needs.velocity ? n : 0, 0.0);
    heading[a].assign(needs.heading ? n : 0, 0.0);
  }
  alive.assign(padded, 1.0);
  next_jump.assign(needs.clock ? padded : 0, 0.0);
  jumps.assign(needs.clock ? padded : 0, 0);
  rate.assign(needs.rate ? padded : 0, 0.0);
}

}  // namespace fickle::particles
