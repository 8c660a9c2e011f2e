// A velocity field on the faces of a structured grid (the MAC grid of a stokes run): component a
// on the faces normal to axis a, as written by solvers/stokes/velocity_file and read back there.
// Used as the drift of a fick case and the flow that carries particles.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "meshes/grid.hpp"

namespace fickle {

struct FaceVelocity {
  Grid grid;
  std::array<std::array<std::int64_t, 3>, 3> faces{};  ///< faces per axis of each component
  std::array<std::vector<double>, 3> values;
  /// Per box face (x-, x+, ...): a wall (the velocity there is `wall_velocity`) or not (slip,
  /// open or periodic: the field mirrors).
  std::array<bool, 6> wall{};
  std::array<std::array<double, 3>, 6> wall_velocity{};

  /// u_a on face (i, j, k) of component a.
  double at(int a, std::int64_t i, std::int64_t j, std::int64_t k) const {
    const auto& n = faces[a];
    return values[a][static_cast<std::size_t>((k * n[1] + j) * n[0] + i)];
  }

  /// u_a at x: multilinear in component a's face lattice; between the last face centres and a
  /// wall the ghost 2 u_wall − u makes u_a the wall's velocity on the wall (slip and open faces
  /// mirror); periodic axes wrap.
  double sample(int a, const std::array<double, 3>& x) const;
  /// (u_0, u_1, u_2) at x, each component as sample() gives it (the unused ones 0); where x lies
  /// in the lattice is worked out once for all of them.
  std::array<double, 3> sample_all(const std::array<double, 3>& x) const;

  /// Points per sample_block call: a whole particle block (particles/particle_arrays.hpp).
  static constexpr std::size_t kSampleBlock = 64;
  /// sample_all at kSampleBlock points given axis by axis (x[b][l], b < grid.dim), written to
  /// u[a][l] (a < grid.dim): the same numbers, bit for bit, computed lane by lane in SIMD
  /// (face_velocity_block.cpp): locate, gather the stored corners, reduce; points outside the
  /// stored lattice take value()'s corners lane by lane.
  void sample_block(const std::array<const double*, 3>& x, const std::array<double*, 3>& u) const;

 private:
  double value(int a, std::array<std::int64_t, 3> idx) const;

  // Where a point lies along each axis, in faces (face i at lower + i h) and in cell centres.
  struct Located {
    std::array<std::int64_t, 3> face{0, 0, 0}, cell{0, 0, 0};
    std::array<double, 3> face_weight{0, 0, 0}, cell_weight{0, 0, 0};
  };
  Located locate(const std::array<double, 3>& x) const;
  template <int Dim>
  double interpolate(int a, const Located& at) const;
  template <int Dim>
  void sample_block_in(const std::array<const double*, 3>& x,
                       const std::array<double*, 3>& u) const;

  // Component a's lattice with kGhost layers of the values value() gives outside it (walls,
  // mirrors, periodic images), stored cell by cell: the 2^dim corner values of each lattice cell
  // side by side (one 64-byte line in 3D), built on the first sample. A point within kGhost − 1
  // cells of the box then costs one contiguous load per component, with no branch per corner
  // (tracers in a flow spend their time here; bench/particles_vs_lammps.sh, model tracers). The
  // values are value()'s, so a sample is the same number either way. A lazily built cache of
  // values that do not change once read.
  static constexpr std::int64_t kGhost = 2;
  struct PaddedLattice {
    std::array<std::int64_t, 3> first{0, 0, 0};   ///< lattice index of the first stored cell
    std::array<std::int64_t, 3> last{0, 0, 0};    ///< last lattice index a cell may start at
    std::array<std::int64_t, 3> stride{0, 0, 0};  ///< doubles from one cell to the next
    std::vector<double> corners;  ///< cell (i, j, k): corner c (bit b: one up along b)
  };
  mutable std::array<PaddedLattice, 3> padded_;
  mutable std::array<double, 3> cells_per_length_{0, 0, 0};  ///< 1/h per axis
  mutable bool padded_ready_ = false;
  void pad() const;
};

}  // namespace fickle
