// A velocity field on the faces of a structured grid (the MAC grid of a stokes run): component a
// on the faces normal to axis a, as written by solvers/stokes/velocity_file and read back there.
// Used as the drift of a fick case and the flow that carries particles.
#pragma once

#include <array>
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

 private:
  double value(int a, std::array<std::int64_t, 3> idx) const;
};

}  // namespace fickle
