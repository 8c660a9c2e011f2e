#include "solvers/swimmer/stokes_swimmer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "solvers/stokes/flow_fields.hpp"

namespace fickle {
namespace {

constexpr double kPi = std::numbers::pi;

// The flow of one phase: every sphere a body moving with its rate relative to the centroid, the
// centroid at the middle of the box, the box periodic on every axis.
StokesProblem phase_problem(const GridSwimmer& setup, const StrokeShape& shape) {
  const Grid& g = setup.grid;
  StokesProblem p;
  p.grid = g;
  p.viscosity = PiecewiseField{setup.swimmer.viscosity, {}};
  for (auto& face : p.boundary) face.type = StokesBoundary::Type::periodic;
  for (int i = 0; i < setup.swimmer.spheres(); ++i) {
    Obstacle sphere;
    sphere.region.shape = Region::Shape::sphere;
    for (int a = 0; a < 3; ++a) sphere.region.center[a] = 0.5 * (g.lower[a] + g.upper[a]);
    sphere.region.center[0] += shape.x[i];
    sphere.region.radius = setup.swimmer.radii[i];
    sphere.velocity = {shape.rate[i], 0, 0};
    p.obstacles.push_back(sphere);
  }
  return p;
}

}  // namespace

double GridSwimmer::cells_per_radius() const {
  const double h = std::max({grid.spacing(0), grid.spacing(1), grid.spacing(2)});
  return *std::min_element(swimmer.radii.begin(), swimmer.radii.end()) / h;
}

std::array<double, 3> GridSwimmer::image_gap_cells() const {
  double span = swimmer.radii.front() + swimmer.radii.back();
  for (std::size_t k = 0; k < swimmer.arm_length.size(); ++k)
    span += swimmer.arm_length[k] + swimmer.amplitude[k];
  const double width = 2 * *std::max_element(swimmer.radii.begin(), swimmer.radii.end());
  return {(grid.length(0) - span) / grid.spacing(0), (grid.length(1) - width) / grid.spacing(1),
          (grid.length(2) - width) / grid.spacing(2)};
}

std::string GridSwimmer::unusable_reason() const {
  if (grid.dim != 3) return "a 3D grid: the spheres are resolved in three dimensions";
  if (!(grid.periodic[0] && grid.periodic[1] && grid.periodic[2]))
    return "a grid periodic on every axis: only there is the swimmer force-free by momentum "
           "balance (docs/science.md §8.7)";
  if (cells_per_radius() < 1)
    return fmt::format("spheres of at least one cell (the smallest has {:.3g})",
                       cells_per_radius());
  const auto gap = image_gap_cells();
  for (int a = 0; a < 3; ++a)
    if (gap[a] < 1)
      return fmt::format(
          "a box with at least a cell of fluid between the swimmer and its periodic image along "
          "{} ({:.3g} cells)",
          "xyz"[a], gap[a]);
  if (phases < 4 || phases % 2 != 0) return "an even number of phases >= 4";
  return "";
}

StrokeShape stroke_shape(const BeadSwimmer& s, double delta) {
  const int n = s.spheres();
  StrokeShape shape;
  shape.x.assign(n, 0.0);
  shape.rate.assign(n, 0.0);
  for (int k = 0; k + 1 < n; ++k) {
    // φ_k − φ_1 = jπ + r with |r| ≤ π/2: cos(δ − φ_k + φ_1) = (−1)^j cos(δ − r). A lag of 0 or
    // 180° read from degrees leaves r at round-off, set to 0 so that ±δ give the same shape.
    const double lag = s.phase[k] - s.phase[0];
    const double j = std::round(lag / kPi);
    double r = lag - j * kPi;
    if (std::abs(r) < 1e-12) r = 0;
    const double sign = std::fmod(std::abs(j), 2.0) == 0 ? 1.0 : -1.0;
    const double length = s.arm_length[k] + sign * s.amplitude[k] * std::cos(delta - r);
    const double dlength = -sign * s.amplitude[k] * s.omega() * std::sin(delta - r);
    shape.x[k + 1] = shape.x[k] + length;
    shape.rate[k + 1] = shape.rate[k] + dlength;
  }
  double centroid = 0, centroid_rate = 0;
  for (int i = 0; i < n; ++i) {
    centroid += shape.x[i] / n;
    centroid_rate += shape.rate[i] / n;
  }
  for (int i = 0; i < n; ++i) {
    shape.x[i] -= centroid;
    shape.rate[i] -= centroid_rate;
  }
  return shape;
}

std::vector<GridPhase> resolve_stroke(
    MPI_Comm comm, const GridSwimmer& setup,
    const std::function<void(const GridPhase&, const StokesSolver&)>& visit) {
  if (const auto why = setup.unusable_reason(); !why.empty())
    throw std::invalid_argument("the swimmer on the grid needs " + why);
  const BeadSwimmer& s = setup.swimmer;
  const int P = setup.phases;
  std::vector<GridPhase> phases;
  for (int m = 0; m < P; ++m) {
    GridPhase phase;
    // ±δ are exact negatives of each other (2π·(m − P) = −(2π·(P − m)) in floating point).
    phase.delta = 2 * kPi * (2 * m < P ? m : m - P) / P;
    const double turns = (s.phase[0] + phase.delta) / (2 * kPi);
    phase.t = s.period * (turns - std::floor(turns));
    const StrokeShape shape = stroke_shape(s, phase.delta);
    StokesSolver solver(comm, phase_problem(setup, shape), setup.solver);
    solver.solve();
    phase.outer_iterations = solver.outer_iterations();
    // Every solution of a periodic box has zero total force on the bodies plus fluid (momentum
    // balance; §4.6), and the uniform flow moves the whole swimmer at no force: the frame is
    // fixed by the fluid at rest on average, U = −(mean velocity of the box).
    phase.centroid_velocity = -FlowFields(solver).mean_velocity()[0];
    const auto forces = solver.op().obstacle_forces(solver.local_solution());
    for (int i = 0; i < s.spheres(); ++i) {
      phase.x.push_back(shape.x[i]);
      phase.velocity.push_back(shape.rate[i] + phase.centroid_velocity);
      phase.force.push_back(-forces[i][0]);  // on the fluid, as the bead model's
      phase.force_sum += phase.force.back();
    }
    solver.add_uniform_velocity({phase.centroid_velocity, 0, 0});
    if (visit) visit(phase, solver);
    phases.push_back(std::move(phase));
  }
  return phases;
}

double grid_displacement_per_cycle(const std::vector<GridPhase>& phases, double period) {
  const std::size_t P = phases.size();
  double sum = phases[0].centroid_velocity;
  for (std::size_t m = 1; 2 * m < P; ++m)
    sum += phases[m].centroid_velocity + phases[P - m].centroid_velocity;
  if (P % 2 == 0) sum += phases[P / 2].centroid_velocity;
  return sum * period / static_cast<double>(P);
}

}  // namespace fickle
