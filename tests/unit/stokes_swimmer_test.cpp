// The swimmer resolved on the Stokes grid (docs/science.md §8.7): the stroke's shapes, the
// force-free superposition in a periodic box, the scallop theorem to round-off on the grid, and the
// three-sphere swimmer's displacement per cycle against the bead model of the same geometry.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "solvers/stokes/flow_fields.hpp"
#include "solvers/swimmer/stokes_swimmer.hpp"

namespace fickle {
namespace {

constexpr double kPi = std::numbers::pi;

GridSwimmer three_spheres(double a, double xi, double lag_degrees, int cells_x, double h) {
  GridSwimmer g;
  g.swimmer.radii = {a, a, a};
  g.swimmer.arm_length = {1, 1};
  g.swimmer.amplitude = {xi, xi};
  g.swimmer.phase = {0, lag_degrees * kPi / 180};
  g.grid.dim = 3;
  g.grid.cells = {cells_x, cells_x / 2, cells_x / 2};
  const double lx = cells_x * h, ly = cells_x / 2 * h;
  g.grid.lower = {-lx / 2, -ly / 2, -ly / 2};
  g.grid.upper = {lx / 2, ly / 2, ly / 2};
  g.grid.periodic = {true, true, true};
  g.phases = 8;
  return g;
}

TEST(StokesSwimmer, StrokeShapesAreCentredAndReciprocalOnesRetraceBitwise) {
  GridSwimmer g = three_spheres(0.25, 0.25, 90, 32, 0.125);
  const StrokeShape shape = stroke_shape(g.swimmer, 0.7);
  // The arms as prescribed (φ_1 = 0, φ_2 = 90°), the centroid at 0 and at rest.
  EXPECT_NEAR(shape.x[1] - shape.x[0], 1 + 0.25 * std::cos(0.7), 1e-15);
  EXPECT_NEAR(shape.x[2] - shape.x[1], 1 + 0.25 * std::cos(0.7 - kPi / 2), 1e-15);
  EXPECT_NEAR(shape.rate[1] - shape.rate[0], -0.25 * 2 * kPi * std::sin(0.7), 1e-14);
  EXPECT_NEAR(shape.x[0] + shape.x[1] + shape.x[2], 0, 1e-15);
  EXPECT_NEAR(shape.rate[0] + shape.rate[1] + shape.rate[2], 0, 1e-14);
  // In antiphase (180° read from degrees, round-off in radians): the same shape at ±δ, bit for
  // bit, and exactly opposite rates; with 90° the shapes differ.
  for (const double lag : {0.0, 180.0, -180.0}) {
    g.swimmer.phase = {0.3, 0.3 + lag * kPi / 180};
    const StrokeShape plus = stroke_shape(g.swimmer, 1.1), minus = stroke_shape(g.swimmer, -1.1);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(plus.x[i], minus.x[i]) << lag;
      EXPECT_EQ(plus.rate[i], -minus.rate[i]) << lag;
    }
  }
  g.swimmer.phase = {0, kPi / 2};
  EXPECT_NE(stroke_shape(g.swimmer, 1.1).x[0], stroke_shape(g.swimmer, -1.1).x[0]);
}

TEST(StokesSwimmer, RefusesGridsItCannotUse) {
  GridSwimmer g = three_spheres(0.25, 0.25, 90, 32, 0.125);
  EXPECT_EQ(g.unusable_reason(), "");
  EXPECT_DOUBLE_EQ(g.cells_per_radius(), 2);
  EXPECT_DOUBLE_EQ(g.image_gap_cells()[0], (4 - 3.0) / 0.125);  // 2(L + ξ) + 2a = 3
  GridSwimmer bad = g;
  bad.grid.periodic[2] = false;
  EXPECT_NE(bad.unusable_reason().find("periodic on every axis"), std::string::npos);
  bad = g;
  bad.grid.cells = {16, 8, 8};  // h = 0.25: spheres of one cell are still allowed
  EXPECT_EQ(bad.unusable_reason(), "");
  bad.grid.cells = {8, 4, 4};
  EXPECT_NE(bad.unusable_reason().find("at least one cell"), std::string::npos);
  bad = g;
  bad.grid.upper[0] = bad.grid.lower[0] + 3.05;  // the swimmer at its longest meets its image
  EXPECT_NE(bad.unusable_reason().find("along x"), std::string::npos);
  bad = g;
  bad.phases = 7;
  EXPECT_NE(bad.unusable_reason().find("even"), std::string::npos);
  EXPECT_THROW(resolve_stroke(MPI_COMM_WORLD, bad), std::invalid_argument);
}

// A reciprocal stroke goes nowhere on the grid to round-off, although the swimmer moves back and
// forth within the cycle: the shapes at ±δ are the same and the solves are odd in their rates.
TEST(StokesSwimmer, ReciprocalStrokesGoNowhereOnTheGrid) {
  for (const double lag : {0.0, 180.0}) {
    GridSwimmer g = three_spheres(0.25, 0.25, lag, 24, 0.25 / 1.5);
    g.swimmer.amplitude = {0.25, 0.15};
    g.phases = 4;
    const auto phases = resolve_stroke(MPI_COMM_WORLD, g);
    EXPECT_GT(std::abs(phases[1].centroid_velocity), 1e-3) << lag;  // it moves within the cycle
    EXPECT_LT(std::abs(grid_displacement_per_cycle(phases, 1.0)), 1e-14) << lag;
  }
  // The two-sphere scallop, unequal spheres.
  GridSwimmer scallop = three_spheres(0.25, 0.3, 0, 24, 0.25 / 1.5);
  scallop.swimmer.radii = {0.2, 0.35};
  scallop.swimmer.arm_length = {1.2};
  scallop.swimmer.amplitude = {0.3};
  scallop.swimmer.phase = {0};
  scallop.phases = 4;
  scallop.swimmer.hydrodynamics = BeadHydrodynamics::rotne_prager;
  const auto phases = resolve_stroke(MPI_COMM_WORLD, scallop);
  EXPECT_LT(std::abs(grid_displacement_per_cycle(phases, 1.0)), 1e-14);
  // Unequal spheres swim back and forth at zeroth order in a/L, U ≈ L̇ (a₁ − a₂)/(2(a₁ + a₂)):
  // the frame (the box's mean velocity) and the superposition give the bead model's U at a phase,
  // 0.4245 against 0.3705 with radii of 1.2 and 2.1 cells (0.3824 at 32×16×16: 3%).
  const double bead = bead_state(scallop.swimmer, phases[1].delta).centroid_velocity;
  EXPECT_NEAR(bead, 0.3705, 1e-4);
  EXPECT_NEAR(phases[1].centroid_velocity, bead, 0.2 * bead);
  EXPECT_EQ(phases[3].centroid_velocity, -phases[1].centroid_velocity);
}

// The three-sphere swimmer with a 90° lag: force-free at every phase by momentum balance, swimming
// the bead model's way at a speed within the band the stair-stepped spheres allow (§8.7).
TEST(StokesSwimmer, ThreeSpheresSwimLikeTheBeadModel) {
  GridSwimmer g = three_spheres(0.25, 0.25, 90, 32, 0.125);
  // The flow handed out is the lab frame's: the solve plus the uniform flow U, which leaves the
  // box's mean velocity at zero and every sphere's force as it was (a uniform flow costs none).
  int visited = 0;
  const auto phases =
      resolve_stroke(MPI_COMM_WORLD, g, [&](const GridPhase& p, const StokesSolver& solver) {
        ++visited;
        EXPECT_LT(std::abs(FlowFields(solver).mean_velocity()[0]), 1e-13);
        const auto forces = solver.op().obstacle_forces(solver.local_solution());
        for (int i = 0; i < 3; ++i) EXPECT_NEAR(-forces[i][0], p.force[i], 1e-9 * 10);
      });
  ASSERT_EQ(phases.size(), 8U);
  EXPECT_EQ(visited, 8);
  for (const GridPhase& p : phases) {
    double scale = 0;
    for (double f : p.force) scale = std::max(scale, std::abs(f));
    EXPECT_LT(std::abs(p.force_sum), 1e-6 * scale) << p.t;
    EXPECT_NEAR(p.velocity[0] - p.centroid_velocity, stroke_shape(g.swimmer, p.delta).rate[0],
                1e-14);
  }
  BeadSwimmer rp = g.swimmer;
  rp.hydrodynamics = BeadHydrodynamics::rotne_prager;
  const double grid = grid_displacement_per_cycle(phases, 1.0);
  const double bead = displacement_per_cycle(rp, 256);
  // Measured 0.02362 against Rotne–Prager's 0.03185 (0.742): the stair-stepped spheres of two
  // cells drag less than spheres, and the box's images are close (§8.7).
  EXPECT_GT(grid, 0.65 * bead);
  EXPECT_LT(grid, 0.85 * bead);
  // The mirror image (lag −90°) swims the other way, also on a coarser grid (−0.02321).
  GridSwimmer mirror = three_spheres(0.25, 0.25, -90, 24, 0.25 / 1.5);
  const double back = grid_displacement_per_cycle(resolve_stroke(MPI_COMM_WORLD, mirror), 1.0);
  EXPECT_LT(back, -0.5 * bead);
}

}  // namespace
}  // namespace fickle
