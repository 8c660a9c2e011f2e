// Initial fields on a cell-centred grid, shared by the diffusion-type solvers.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/expression.hpp"
#include "core/petsc.hpp"
#include "meshes/grid.hpp"

namespace fickle {

struct InitialCondition {
  enum class Type { gaussian, delta, uniform, sine, cosine, expression, cells };
  Type type = Type::gaussian;
  double amplitude = 1.0;                 ///< peak (gaussian), value (uniform), amplitude (modes)
  std::array<double, 3> center{0, 0, 0};  ///< gaussian, delta
  double sigma = 0.1;                     ///< gaussian
  double mass = 1.0;                      ///< delta: total mass put in the cell holding `center`
  std::array<int, 3> modes{1, 1, 1};      ///< sine/cosine: mode number n per axis
  SpaceTimeValue formula{};               ///< expression: u0(x, y, z) (t = 0)
  /// cells: u0 per cell of the case's grid in natural order (x fastest), e.g. a snapshot of
  /// another run or a VTK file moved onto this grid; `origin` says where it came from (the log).
  std::shared_ptr<const std::vector<double>> cells;
  std::string origin;

  /// Wavenumber k_a = n_a π / L_a of the sine/cosine mode on axis a.
  double wavenumber(const Grid& grid, int axis) const;
  /// Value at a point (not for delta, which lives in one cell).
  double at(const Grid& grid, const std::array<double, 3>& x) const;
};

/// Fills the global cell Vec `u` on `da`:
///   gaussian  u0 = A exp(−|x−c|²/(2σ²))             sampled at cell centres
///   delta     mass/h^d in the cell containing c, 0 elsewhere
///   uniform   u0 = A
///   sine      u0 = A Π_a sin(n_a π (x_a − lower_a)/L_a)   (u = 0 on both faces when n_a ≥ 1)
///   cosine    u0 = A Π_a cos(n_a π (x_a − lower_a)/L_a)   (zero flux on both faces)
///   expression u0 = f(x, y, z, 0)                    sampled at cell centres
///   cells     u0 = cells[natural index]              given per cell
void fill_initial_condition(const InitialCondition& ic, const Grid& grid, DM da, Vec u);

/// Fills the global cell Vec `u` on `da` with f(x, t) at the cell centres.
void fill_cell_values(const SpaceTimeValue& f, const Grid& grid, double t, DM da, Vec u);

}  // namespace fickle
