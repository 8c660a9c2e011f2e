// The particles a rank owns, as structure-of-arrays: ids [first_id, first_id + local) of the
// global ids [0, count). Arrays are padded to whole kernel blocks (kBlock); padding lanes are
// computed like real ones and never read, so every particle goes through the same SIMD code
// whichever rank owns it (bit-identical on any number of ranks). Slot i holds id first_id + i,
// unless the slots were reordered (`order`, tracers sorted by cell).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace fickle::particles {

inline constexpr std::size_t kBlock =
    64;  ///< particles per kernel block (a multiple of any SIMD width)

struct ParticleArrays {
  int dim = 3;
  std::uint64_t first_id = 0;
  std::size_t local = 0;                         ///< real particles on this rank
  std::size_t padded = 0;                        ///< local rounded up to a multiple of kBlock
  std::array<std::vector<double>, 3> position;   ///< unwrapped (periodic axes are not wrapped)
  std::array<std::vector<double>, 3> origin;     ///< position at t = 0, for displacements
  std::array<std::vector<double>, 3> velocity;   ///< langevin, levy-walk only
  std::array<std::vector<double>, 3> velocity0;  ///< velocity at t = 0, for the VACF
  std::vector<double> alive;  ///< 1 or 0 (absorbed); a double to blend without branches
  /// ctrw, levy-walk, attm: the particle's own clock (the time of its next jump or turn, or the
  /// end of its segment)
  std::vector<double> next_jump;
  std::vector<std::uint64_t> jumps;  ///< jumps, flights or segments begun (the RNG counter)
  std::vector<double> rate;          ///< attm: the diffusivity of the current segment
  /// run-and-tumble with tumble durations: the swimming direction, kept through a tumble (when
  /// velocity is 0)
  std::array<std::vector<double>, 3> heading;
  /// Empty while slot i holds particle first_id + i; after reorder(), slot i holds particle
  /// first_id + order[i] (padding slots keep order[i] = i). Every random number is keyed by that
  /// id, so a particle's path does not depend on its slot.
  std::vector<std::uint32_t> order;
  /// reorder()'s scratch, kept between calls: a fresh 8 MB buffer per array would be paged in
  /// (and zeroed by the kernel) at every sort.
  std::vector<double> spare;
  std::vector<std::uint32_t> spare_order;

  /// What a model needs besides positions: velocities, a clock, a rate.
  struct Needs {
    bool velocity = false, clock = false, rate = false, heading = false;
  };
  void resize(int dimension, std::uint64_t first, std::size_t count, Needs needs);
  /// Moves every per-particle array so that slot i takes what slot from[i] held (i < local;
  /// padding slots stay), and keeps `order` in step.
  void reorder(const std::vector<std::uint32_t>& from);
  /// Back to slot i = particle first_id + i (order emptied).
  void restore_id_order();
  /// The slot of every particle, by id − first_id (the inverse of `order`); empty while the slots
  /// are in id order.
  std::vector<std::uint32_t> slots_by_id() const;
};

}  // namespace fickle::particles
