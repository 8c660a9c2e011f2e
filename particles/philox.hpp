// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC'11), written out so that a loop over particles
// vectorises: Random123's philox4x32 keeps its state in arrays, which GCC 12 will not put in SIMD
// registers. tests/unit/particle_random_test.cpp checks it word for word against
// <Random123/philox.h>.
//
// Every random number of a particle run is a pure function of (seed, particle id, count, stream):
// key = (id, seed), counter = (count low, count high, stream, 0). `count` is the step (or, for a
// CTRW, the particle's own jump number; for a Lévy walk or ATTM its flight or segment number; for
// fBm the index of a normal in its path's draw), so a run is bit-identical on any number of ranks
// and across a restart. The obstacles of a crowded lattice are keyed by their site instead of a
// particle: the same lattice on every rank.
#pragma once

#include <cstdint>

namespace fickle::particles {

/// The third counter word: independent streams for the different uses at one count.
enum class Stream : std::uint32_t {
  initial_position = 1,
  initial_velocity = 2,
  noise = 3,        ///< Brownian / Langevin / random-walk / Lévy increments
  waiting = 4,      ///< CTRW waiting time
  jump = 5,         ///< CTRW jump (first four words)
  jump_extra = 6,   ///< CTRW Lévy jumps need six uniforms
  noise_extra = 7,  ///< Lévy flights need six uniforms per step in 3D
  fbm_path = 8,   ///< fBm: the complex normals of a path's Davies–Harte draw (count: their index)
  flight = 9,     ///< Lévy walk: a flight's duration and direction (count: the flight number)
  segment = 10,   ///< ATTM: a segment's diffusivity (count: the segment number)
  obstacle = 11,  ///< crowding: whether a lattice site is blocked (key: the site, not a particle)
  start_site = 12,          ///< crowding: candidate start sites (count: the attempt)
  localisation_noise = 13,  ///< tracks: noise added to a written position (count: the frame)
  andi = 14,  ///< AnDi sets: a group's α, a trajectory's length and noise level (count: the draw)
  tumble = 15,    ///< run-and-tumble: a run's duration and new direction (count: the run number)
  rotation = 16,  ///< active Brownian: the step's rotation of the swimming direction
  pause = 17,     ///< run-and-tumble: how long tumble k lasts, and the start in a tumble (count 0)
};

struct Words4 {
  std::uint32_t w0, w1, w2, w3;
};

inline Words4 philox4x32_10(std::uint64_t id, std::uint32_t seed, std::uint64_t count,
                            Stream stream) {
  std::uint32_t c0 = static_cast<std::uint32_t>(count);
  std::uint32_t c1 = static_cast<std::uint32_t>(count >> 32);
  std::uint32_t c2 = static_cast<std::uint32_t>(stream);
  std::uint32_t c3 = 0;
  std::uint32_t k0 = static_cast<std::uint32_t>(id);
  std::uint32_t k1 = seed;
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c0;
    const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c2;
    const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
    const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c1 = static_cast<std::uint32_t>(p1);
    c3 = static_cast<std::uint32_t>(p0);
    c0 = n0;
    c2 = n2;
    k0 += 0x9E3779B9u;  // Weyl key schedule
    k1 += 0xBB67AE85u;
  }
  return {c0, c1, c2, c3};
}

/// A uniform number in the open interval (0, 1) from 32 random bits: (w + 1/2) 2^-32.
inline double open_uniform(std::uint32_t w) {
  return (static_cast<double>(w) + 0.5) * 0x1p-32;
}

}  // namespace fickle::particles
