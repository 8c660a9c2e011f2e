// Boundary conditions on the faces of a structured grid, shared by the diffusion-type solvers.
#pragma once

#include <array>
#include <string>

#include "core/expression.hpp"

namespace fickle {

/// Faces in the order x-, x+, y-, y+, z-, z+ (index 2*axis + side).
inline constexpr std::array<const char*, 6> kFaceNames{"x-", "x+", "y-", "y+", "z-", "z+"};

struct BoundaryCondition {
  enum class Type { neumann, dirichlet, periodic };
  Type type = Type::neumann;
  /// dirichlet: the value of u on the face; neumann: the total flux J·n out of the domain through
  /// the face, J = −D∇u + v u (0 closes the face, also to the drift).
  double value = 0;
  /// An expression in x, y, z, t in place of `value` (evaluated at the face centre).
  SpaceTimeValue formula{};

  double at(const std::array<double, 3>& x, double t) const {
    return formula.is_number() ? value : formula.at(x, t);
  }
  /// A constant value v (no expression) equal to `v`.
  bool is(double v) const { return formula.is_number() && value == v; }
};

using FaceConditions = std::array<BoundaryCondition, 6>;

}  // namespace fickle
