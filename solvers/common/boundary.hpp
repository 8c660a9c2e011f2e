// Boundary conditions on the faces of a structured grid, shared by the diffusion-type solvers.
#pragma once

#include <array>
#include <string>

namespace fickle {

/// Faces in the order x-, x+, y-, y+, z-, z+ (index 2*axis + side).
inline constexpr std::array<const char*, 6> kFaceNames{"x-", "x+", "y-", "y+", "z-", "z+"};

struct BoundaryCondition {
  enum class Type { neumann, dirichlet, periodic };
  Type type = Type::neumann;
  /// dirichlet: the value of u on the face; neumann: the total flux J·n out of the domain through
  /// the face, J = −D∇u + v u (0 closes the face, also to the drift).
  double value = 0;
};

using FaceConditions = std::array<BoundaryCondition, 6>;

}  // namespace fickle
