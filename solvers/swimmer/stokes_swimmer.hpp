// A bead swimmer's spheres resolved on the MAC grid (docs/science.md §8.7): at each of a few phases
// of the stroke the steady Stokes flow of the spheres moving with their prescribed relative
// velocities is solved in a box periodic on every axis (solvers/stokes), and the swimmer's rigid
// translation follows from force-freeness by superposition. The net displacement per cycle is the
// trapezoidal sum of that translation velocity over the phases, the grid's counterpart of
// displacement_per_cycle (bead_swimmer.hpp) for the same geometry.
#pragma once

#include <mpi.h>

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "solvers/stokes/stokes_solver.hpp"
#include "solvers/swimmer/bead_swimmer.hpp"

namespace fickle {

struct GridSwimmer {
  BeadSwimmer swimmer;  ///< radii, arms, stroke, viscosity, period (hydrodynamics is not used)
  Grid grid;            ///< 3D, periodic on every axis; the centroid stays at its middle
  StokesSolverSettings solver;
  int phases = 16;  ///< stroke phases solved per cycle (even: they come in pairs ±δ about φ_1)

  /// The smallest radius in cells (of the largest spacing): at least 1.
  double cells_per_radius() const;
  /// Per axis, the fluid between the swimmer at its longest (x) or widest (y, z) and its periodic
  /// image, in cells: at least 1.
  std::array<double, 3> image_gap_cells() const;
  /// Empty when the swimmer can be solved on this grid; otherwise what it needs: a 3D grid
  /// periodic on every axis, the two conditions above, an even number of phases >= 4.
  std::string unusable_reason() const;
};

/// The spheres of the swimmer at one phase of the stroke, in the frame of their centroid.
struct StrokeShape {
  std::vector<double> x;     ///< centres relative to the centroid (mean of the centres)
  std::vector<double> rate;  ///< their velocities relative to the centroid's
};

/// The shape at θ = φ_1 + δ. The arms' phases are taken relative to φ_1 and reduced modulo π
/// (cos(δ − φ) = ±cos(δ − r)), so that a reciprocal stroke has bitwise the same shape at ±δ and
/// exactly opposite rates.
StrokeShape stroke_shape(const BeadSwimmer& s, double delta);

/// One solved phase.
struct GridPhase {
  double delta = 0;              ///< θ − φ_1
  double t = 0;                  ///< the time in [0, T) of θ = ωt
  std::vector<double> x;         ///< sphere centres relative to the centroid
  std::vector<double> velocity;  ///< sphere velocities (lab frame: rate + centroid_velocity)
  std::vector<double> force;     ///< force each sphere exerts on the fluid along x
  double centroid_velocity = 0;  ///< U: the fluid at rest on average over the box
  double force_sum = 0;          ///< Σ force: zero to the solver's tolerance in a periodic box
  int outer_iterations = 0;
};

/// Solves the phases δ_m = 2πm/P (m < P/2) and −2π(P − m)/P (m ≥ P/2), m = 0 … P − 1, in that
/// order. `visit(phase, solver)` sees each phase with its solved flow in the lab frame (the box's
/// mean velocity zero) before the next one is solved: for output.
std::vector<GridPhase> resolve_stroke(
    MPI_Comm comm, const GridSwimmer& setup,
    const std::function<void(const GridPhase&, const StokesSolver&)>& visit = {});

/// ∮ U dt by the trapezoidal rule over the phases of resolve_stroke, the pairs ±δ summed first:
/// for a reciprocal stroke each pair cancels to round-off (§8.7).
double grid_displacement_per_cycle(const std::vector<GridPhase>& phases, double period);

}  // namespace fickle
