#include "particles/particle_arrays.hpp"

#include <algorithm>

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
  order.clear();
}

namespace {

template <class T>
void gather(std::vector<T>& values, const std::vector<std::uint32_t>& from, std::size_t local,
            std::vector<T>& scratch) {
  if (values.empty()) return;
  scratch.resize(values.size());
  for (std::size_t i = 0; i < local; ++i) scratch[i] = values[from[i]];
  std::copy(values.begin() + static_cast<std::ptrdiff_t>(local), values.end(),
            scratch.begin() + static_cast<std::ptrdiff_t>(local));  // padding slots stay
  values.swap(scratch);
}

}  // namespace

void ParticleArrays::reorder(const std::vector<std::uint32_t>& from) {
  if (order.empty()) {
    order.resize(padded);
    for (std::size_t i = 0; i < padded; ++i) order[i] = static_cast<std::uint32_t>(i);
  }
  for (int a = 0; a < 3; ++a)
    for (auto* values : {&position[a], &origin[a], &velocity[a], &velocity0[a], &heading[a]})
      gather(*values, from, local, spare);
  for (auto* values : {&alive, &next_jump, &rate}) gather(*values, from, local, spare);
  std::vector<std::uint64_t> spare_jumps;  // clock models are never sorted (Ensemble)
  gather(jumps, from, local, spare_jumps);
  gather(order, from, local, spare_order);
}

std::vector<std::uint32_t> ParticleArrays::slots_by_id() const {
  std::vector<std::uint32_t> slots;
  if (order.empty()) return slots;
  slots.resize(local);
  for (std::size_t i = 0; i < local; ++i) slots[order[i]] = static_cast<std::uint32_t>(i);
  return slots;
}

void ParticleArrays::restore_id_order() {
  if (order.empty()) return;
  reorder(slots_by_id());
  order.clear();
}

}  // namespace fickle::particles
