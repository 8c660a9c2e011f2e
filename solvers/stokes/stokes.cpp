#include "solvers/stokes/stokes.hpp"

#include "solvers/common/boundary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

namespace fickle {
namespace {

// The shift to the periodic image of x that lies inside the region, if x or an image does.
std::optional<std::array<double, 3>> image_shift(const Region& region, const Grid& g,
                                                 const std::array<double, 3>& x) {
  std::array<int, 3> span{0, 0, 0};
  for (int a = 0; a < g.dim; ++a) span[a] = g.periodic[a] ? 1 : 0;
  for (int sz = -span[2]; sz <= span[2]; ++sz)
    for (int sy = -span[1]; sy <= span[1]; ++sy)
      for (int sx = -span[0]; sx <= span[0]; ++sx) {
        const std::array<int, 3> s{sx, sy, sz};
        std::array<double, 3> shift{0, 0, 0}, image = x;
        for (int a = 0; a < g.dim; ++a) {
          shift[a] = s[a] * g.length(a);
          image[a] += shift[a];
        }
        if (region.contains(image, g.dim)) return shift;
      }
  return std::nullopt;
}

bool inside_image(const Region& region, const Grid& g, const std::array<double, 3>& x) {
  return image_shift(region, g, x).has_value();
}

}  // namespace

int StokesProblem::obstacle_at(const std::array<double, 3>& x) const {
  for (int b = static_cast<int>(obstacles.size()) - 1; b >= 0; --b)
    if (inside_image(obstacles[b].region, grid, x)) return b;
  return -1;
}

double StokesProblem::surface_fraction(int body, std::array<double, 3> outside,
                                       std::array<double, 3> inside) const {
  const Region& region = obstacles[body].region;
  const auto shift = image_shift(region, grid, inside);
  if (!shift) return 1.0;
  for (int a = 0; a < grid.dim; ++a) {
    outside[a] += (*shift)[a];
    inside[a] += (*shift)[a];
  }
  return region.segment_entry(outside, inside, grid.dim);
}

bool StokesProblem::has_pressure_boundary() const {
  for (int f = 0; f < 2 * grid.dim; ++f)
    if (boundary[f].type == StokesBoundary::Type::pressure) return true;
  return false;
}

std::string StokesProblem::ill_posed_reason() const {
  if (grid.dim < 2) return "Stokes flow needs a 2D or 3D grid";
  bool all_periodic = true;
  for (int a = 0; a < grid.dim; ++a) all_periodic = all_periodic && grid.periodic[a];
  if (all_periodic && obstacles.empty())
    return "a fully periodic box without obstacles leaves the mean velocity undetermined; add an "
           "obstacle or a wall";
  if (has_pressure_boundary()) return "";
  // The cut cells next to an interpolated body drop their continuity equation (§4.5), so in a
  // box closed by walls the flux into them makes the system incompatible with its pressure null
  // space (measured: the solver stalls).
  if (!all_periodic)
    for (const auto& o : obstacles)
      if (o.surface == Obstacle::Surface::interpolated)
        return "an interpolated obstacle surface needs an open face (type: pressure) or a box "
               "periodic on every axis: it does not conserve mass exactly in the cut cells";
  for (int f = 0; f < 2 * grid.dim; ++f)
    if (boundary[f].type == StokesBoundary::Type::wall && !boundary[f].profile[f / 2].is_number())
      return fmt::format(
          "a normal velocity profile on face {} needs an open face (type: pressure) to leave by: "
          "the net flux of a profile through a closed box is not checked",
          kFaceNames[f]);
  // A closed box: what the walls push in must come out.
  double inflow = 0, scale = 0;
  for (int f = 0; f < 2 * grid.dim; ++f) {
    const int a = f / 2;
    if (boundary[f].type != StokesBoundary::Type::wall) continue;
    double area = 1;
    for (int b = 0; b < grid.dim; ++b)
      if (b != a) area *= grid.length(b);
    const double un = boundary[f].velocity[a] * (f % 2 == 0 ? -1.0 : 1.0);
    inflow += un * area;
    scale += std::abs(un) * area;
  }
  if (std::abs(inflow) > 1e-12 * std::max(scale, 1.0))
    return fmt::format(
        "the wall velocities carry a net flux {:.6g} out of a closed box (∇·u = 0 cannot hold); "
        "balance the normal velocities or make a face open (type: pressure)",
        inflow);
  return "";
}

}  // namespace fickle
