// Steady Stokes flow −∇·(η∇u) + ∇p = f, ∇·u = 0 on a staggered (MAC) grid: the problem a case
// describes (docs/science.md §4.2). Velocities live on cell faces, pressure at cell centres (PETSc
// DMStag).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "core/expression.hpp"
#include "meshes/grid.hpp"
#include "meshes/shapes.hpp"

namespace fickle {

/// The condition on one face of the box (faces x-, x+, y-, y+, z-, z+ as kFaceNames).
struct StokesBoundary {
  enum class Type {
    wall,       ///< u = velocity (no-slip; a moving wall or an inflow when velocity ≠ 0)
    free_slip,  ///< u·n = 0, ∂(u·t)/∂n = 0
    pressure,  ///< open: p = pressure, ∂u/∂n = 0 (the traction −p n + η ∂u/∂n = −p_b n)
    periodic,  ///< set by grid.periodic
  };
  Type type = Type::wall;
  std::array<double, 3> velocity{0, 0, 0};
  double pressure = 0;
  /// Components given as expressions in x, y, z in place of `velocity`'s (a lid or inflow
  /// profile), evaluated on the face.
  std::array<SpaceTimeValue, 3> profile{};

  /// Component a of the wall velocity at the point x of the face.
  double velocity_at(int a, const std::array<double, 3>& x) const {
    return profile[a].is_number() ? velocity[a] : profile[a].at(x, 0.0);
  }
};
using StokesFaces = std::array<StokesBoundary, 6>;

/// A rigid body held still or moving with `velocity`. A face belongs to it when its centre lies
/// inside the region. With the `staircase` surface that is all (first order in h); with
/// `interpolated` a fluid face next to the body along a grid line takes the quadratic through the
/// body velocity where that line meets the surface and the next two fluid faces (linear when the
/// second is not fluid; second order: docs/science.md §4.5).
struct Obstacle {
  enum class Surface { staircase, interpolated };
  Region region;
  std::array<double, 3> velocity{0, 0, 0};
  Surface surface = Surface::staircase;
};

struct StokesProblem {
  Grid grid;
  PiecewiseField viscosity{1.0, {}};
  std::array<double, 3> force{0, 0, 0};  ///< body force per unit volume
  /// A body force that varies in space (manufactured solutions); replaces `force` when set.
  std::function<std::array<double, 3>(const std::array<double, 3>&)> force_field;
  StokesFaces boundary{};
  std::vector<Obstacle> obstacles;

  /// The obstacle containing x (the last one listed wins), or −1; bodies may straddle the
  /// boundary of a periodic axis (its periodic images count).
  int obstacle_at(const std::array<double, 3>& x) const;
  /// Where the segment from `outside` to `inside` (a point of obstacle `body`, or of a periodic
  /// image of it) meets the body's surface, as a fraction of the segment.
  double surface_fraction(int body, std::array<double, 3> outside,
                          std::array<double, 3> inside) const;
  /// True when some face fixes the pressure level (otherwise p is defined up to a constant).
  bool has_pressure_boundary() const;
  /// Empty when the problem is well posed; otherwise why not (for the case reader's error).
  std::string ill_posed_reason() const;
};

}  // namespace fickle
