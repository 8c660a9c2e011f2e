// Geometric regions on a grid (boxes and spheres), used to describe piecewise-constant fields
// such as a diffusivity that differs inside an inclusion, and obstacles in a flow. A cell (or face)
// belongs to a region when its centre does.
#pragma once

#include <array>
#include <vector>

#include "core/expression.hpp"

namespace fickle {

struct Region {
  enum class Shape { box, sphere, cylinder };
  Shape shape = Shape::box;
  std::array<double, 3> lower{0, 0, 0}, upper{0, 0, 0};  ///< box
  std::array<double, 3> center{0, 0, 0};  ///< sphere (disc in 2D, interval in 1D), cylinder
  double radius = 0;
  int axis = 2;  ///< cylinder: the axis it runs along (infinite; in 2D a disc)

  bool contains(const std::array<double, 3>& x, int dim) const;
  /// Where the segment from `outside` (not in the region) to `inside` (in it) first meets the
  /// surface, as the fraction t ∈ [0, 1] of the way (analytic: a quadratic for spheres and
  /// cylinders, the slabs for a box). Used for second-order obstacle boundaries
  /// (docs/science.md §4.5).
  double segment_entry(const std::array<double, 3>& outside, const std::array<double, 3>& inside,
                       int dim) const;
};

/// A value per cell: `value` (or the expression `formula`) everywhere, overridden by the regions in
/// order (the last one wins).
struct PiecewiseField {
  double value = 0;
  struct Piece {
    Region region;
    double value;
  };
  std::vector<Piece> pieces;
  /// An expression in x, y, z, t in place of `value`, and the range it takes on the cell centres
  /// (sampled by the reader), which min() and max() include.
  SpaceTimeValue formula{};
  std::array<double, 2> formula_range{0, 0};

  /// The value at x (at time t): `value` when the field is constant, decided here in the header so
  /// that loops over every cell and face (the Fick operator's assembly) pay no call for it.
  double at(const std::array<double, 3>& x, int dim, double t = 0) const {
    return is_constant() ? value : varying_at(x, dim, t);
  }
  /// The formula (or `value`) overridden by the regions that contain x.
  double varying_at(const std::array<double, 3>& x, int dim, double t = 0) const;
  bool is_constant() const { return pieces.empty() && formula.is_number(); }
  bool depends_on_time() const { return formula.depends_on_time(); }
  double min() const;
  double max() const;
};

}  // namespace fickle
