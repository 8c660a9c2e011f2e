#include "solvers/stokes/drag_law.hpp"

#include <cmath>
#include <numbers>

namespace fickle {

std::optional<PeriodicArrayDrag> periodic_array_drag(const StokesProblem& p,
                                                     const std::array<double, 3>& F,
                                                     const std::array<double, 3>& U_mean) {
  const Grid& g = p.grid;
  bool cube = true;
  for (int a = 0; a < g.dim; ++a)
    cube = cube && g.periodic[a] && std::abs(g.length(a) - g.length(0)) < 1e-12 * g.length(0);
  if (!cube || p.obstacles.size() != 1 || p.obstacles[0].region.shape == Region::Shape::box)
    return std::nullopt;
  const auto& body = p.obstacles[0];
  if (g.dim == 3 && body.region.shape != Region::Shape::sphere) return std::nullopt;
  if (!p.viscosity.is_constant()) return std::nullopt;
  // U: the superficial velocity relative to the body, along the force.
  double f = 0, u = 0;
  for (int a = 0; a < g.dim; ++a) f += F[a] * F[a];
  f = std::sqrt(f);
  if (f == 0) return std::nullopt;
  for (int a = 0; a < g.dim; ++a) u += (U_mean[a] - body.velocity[a]) * F[a] / f;
  const double eta = p.viscosity.value, a = body.region.radius, L = g.length(0);
  constexpr double pi = std::numbers::pi;
  PeriodicArrayDrag drag;
  if (g.dim == 3) {
    const double phi = 4.0 / 3.0 * pi * a * a * a / (L * L * L);
    drag.solid_fraction = phi;
    drag.law = 1.0 / (1 - 1.7601 * std::cbrt(phi) + phi - 1.5593 * phi * phi);
    drag.measured = f / (6 * pi * eta * a * u);
    return drag;
  }
  const double c = pi * a * a / (L * L);
  drag.sphere = false;
  drag.solid_fraction = c;
  drag.law = 4 * pi / (-0.5 * std::log(c) - 0.738 + c - 0.887 * c * c + 2.039 * c * c * c);
  drag.measured = f / (eta * u);
  return drag;
}

}  // namespace fickle
