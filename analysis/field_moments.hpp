// Moments of a cell density on the grid (mass, centroid, second and fractional moments), and the
// growth of the second moment a PDE predicts for the MSD of particles (docs/science.md §6).
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"

namespace fickle {

struct FieldMoments {
  double mass = 0;               ///< Σ u h^d
  std::array<double, 3> mean{};  ///< centroid Σ x u h^d / mass
  double second_moment = 0;      ///< Σ |x − c|² u h^d / mass, about the given centre c
  double fractional_moment = 0;  ///< Σ_a Σ |x_a − c_a|^q u h^d / (d · mass), when q > 0
};

/// Moments of a cell density (natural order: x fastest) about `center`, at the cell centres.
FieldMoments field_moments(const Grid& grid, const std::vector<double>& values,
                           const std::array<double, 3>& center, double q = 0);
/// The same for a global Vec on a cell DMDA (collective).
FieldMoments field_moments(const Grid& grid, DM da, Vec values, const std::array<double, 3>& center,
                           double q = 0);

/// What a PDE predicts for the MSD of particles started from its initial density: the growth of
/// the density's second moment about its initial centroid, ⟨|x − c0|²⟩(t) − ⟨|x − c0|²⟩(0) per
/// unit mass now in the grid. Equal to ⟨|x(t) − x(0)|²⟩ for free motion (drift included), since
/// the increments are independent of the start; walls and non-uniform flows break the equality.
struct SpreadGrowth {
  std::array<double, 3> center{};  ///< c0
  double initial_second_moment = 0;

  static SpreadGrowth at_start(const Grid& grid, DM da, Vec u0);
  double msd(const Grid& grid, DM da, Vec u) const;
  nlohmann::json to_json() const;
  static SpreadGrowth from_json(const nlohmann::json& j);
};

}  // namespace fickle
