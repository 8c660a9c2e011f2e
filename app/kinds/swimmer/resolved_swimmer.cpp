#include "app/kinds/swimmer/resolved_swimmer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "app/kinds/common/stokes_flow.hpp"
#include "core/on_root.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
#include "meshes/vtk_particles.hpp"
#include "solvers/common/linear_solver.hpp"

namespace fickle {
namespace {

// The bead model at the grid's phases: its quadrature on these phases alone, against its converged
// value, is the error the phase count makes (the bead integrand is smooth, the grid's is not).
double bead_on_phases(const BeadSwimmer& s, const std::vector<GridPhase>& phases) {
  double sum = 0;
  for (const GridPhase& p : phases) sum += bead_state(s, s.phase[0] + p.delta).centroid_velocity;
  return sum * s.period / static_cast<double>(phases.size());
}

}  // namespace

ResolvedSwimmer read_resolved_swimmer(Section& root, Section& swimmer, const BeadSwimmer& s,
                                      long bead_points) {
  ResolvedSwimmer r;
  r.setup.swimmer = s;
  r.bead_points = bead_points;
  r.setup.phases = static_cast<int>(swimmer.integer(
      {"phases", "stroke phases solved on the grid per cycle (resolve: stokes)"}, 16));
  swimmer.require(r.setup.phases >= 4 && r.setup.phases <= 1000 && r.setup.phases % 2 == 0,
                  "phases", "an even number of phases from 4 to 1000");
  Section grid = root.section(keys::grid);
  r.setup.grid = read_grid(grid);
  const Grid& g = r.setup.grid;
  grid.require(g.dim == 3, "cells", "3 cell counts: the spheres are resolved in 3D");
  grid.require(g.periodic[0] && g.periodic[1] && g.periodic[2], "periodic",
               "[true, true, true]: the swimmer is force-free by momentum balance in a periodic "
               "box (docs/science.md §8.7)");
  grid.require(r.setup.cells_per_radius() >= 1, "cells",
               fmt::format("cells no larger than the smallest radius (it is {:.3g} cells)",
                           r.setup.cells_per_radius()));
  const auto gap = r.setup.image_gap_cells();
  for (int a = 0; a < 3; ++a)
    grid.require_entry(
        gap[a] >= 1, "upper", static_cast<std::size_t>(a),
        fmt::format("a box with a cell of fluid at least between the swimmer at its {} and its "
                    "periodic image ({:.3g} cells)",
                    a == 0 ? "longest" : "widest", gap[a]));
  // Measured like the stokes kind (3D: 6.6 KB per cell), one solver alive at a time.
  r.footprint = grid_footprint(grid, g, 6800, 4);
  r.footprint.snapshot_bytes_per_cell = 11 * 8 + 3 * 56;
  r.setup.solver = read_stokes_solver(root.section({"solver", "the linear solver"}));
  r.flow =
      root.section(keys::output)
          .boolean({"flow", "write flow.pvd: the 3D flow at every phase (resolve: stokes)"}, true);
  return r;
}

void run_resolved_swimmer(RunContext& ctx, const ResolvedSwimmer& r) {
  const BeadSwimmer& s = r.setup.swimmer;
  const Grid& g = r.setup.grid;
  const int n = s.spheres();
  std::vector<std::string> columns{"t", "theta", "velocity", "bead_velocity"};
  for (int i = 0; i < n; ++i) columns.push_back(fmt::format("force_{}", i + 1));
  for (int i = 0; i < n; ++i) columns.push_back(fmt::format("bead_force_{}", i + 1));
  columns.push_back("outer_iterations");
  std::vector<std::vector<double>> rows;

  std::optional<FieldSeries> flow;
  OwnedDM da;
  std::optional<PointSeries> spheres;  // made once the first phase is solved (the run started)
  double solve_s = 0;
  const auto started = ctx.elapsed();
  const auto visit = [&](const GridPhase& p, const StokesSolver& solver) {
    ctx.mark_started();
    const BeadState bead = bead_state(s, s.phase[0] + p.delta);
    ctx.log->line(fmt::format(
        "swimmer: phase t = {:.4g}: U = {:.6g} (beads {:.6g}), {} outer iterations ({:.1f} s)", p.t,
        p.centroid_velocity, bead.centroid_velocity, p.outer_iterations, ctx.elapsed()));
    solve_s += solver.setup_seconds() + solver.solve_seconds();
    std::vector<double> row{p.t, s.phase[0] + p.delta, p.centroid_velocity, bead.centroid_velocity};
    for (double f : p.force) row.push_back(f);
    for (double f : bead.force) row.push_back(f);
    row.push_back(p.outer_iterations);
    rows.push_back(row);
    const int index = static_cast<int>(rows.size()) - 1;
    if (r.flow) {
      if (!flow) {
        da = create_cell_dmda(ctx.comm, g, 1, solver.mac().ownership_ranges());
        flow.emplace(ctx.run_dir, "flow", g, da, ctx.vtk);
      }
      write_flow_snapshot(*flow, da, index, p.t, solver, FlowFields(solver));
    }
    // The spheres where the flow has them (the centroid at the middle of the box).
    PointCloud beads;
    beads.vectors.push_back({"force", {}});
    beads.vectors.push_back({"velocity", {}});
    if (ctx.rank == 0)
      for (int i = 0; i < n; ++i) {
        beads.id.push_back(i);
        beads.position.push_back({0.5 * (g.lower[0] + g.upper[0]) + p.x[i],
                                  0.5 * (g.lower[1] + g.upper[1]),
                                  0.5 * (g.lower[2] + g.upper[2])});
        beads.vectors[0].values.push_back({p.force[i], 0, 0});
        beads.vectors[1].values.push_back({p.velocity[i], 0, 0});
      }
    if (!spheres) spheres.emplace(ctx.comm, ctx.run_dir, "spheres", "swimmer", ctx.vtk);
    spheres->write(index, p.t, beads);
  };
  std::vector<GridPhase> phases;
  try {
    phases = resolve_stroke(ctx.comm, r.setup, visit);
  } catch (const StepFailure& failure) {
    throw RunFailure(failure.what());
  }
  on_root(ctx.comm, [&] {
    Series series(ctx.run_dir / "series.csv", columns);
    for (const auto& row : rows) series.add(row);
    series.flush();
  });

  const double grid = grid_displacement_per_cycle(phases, s.period);
  const double bead = displacement_per_cycle(s, static_cast<int>(r.bead_points));
  ctx.log->line(fmt::format(
      "swimmer: displacement per cycle {:.6g} on the grid, {:.6g} by the bead model ({:.1f} s)",
      grid, bead, ctx.elapsed() - started));
  double force_scale = 0, force_sum = 0;
  int iterations = 0;
  for (const GridPhase& p : phases) {
    for (double f : p.force) force_scale = std::max(force_scale, std::abs(f));
    force_sum = std::max(force_sum, std::abs(p.force_sum));
    iterations += p.outer_iterations;
  }
  nlohmann::json& out = ctx.summary;
  out["resolve"] = "stokes";
  out["phases"] = r.setup.phases;
  out["cells"] = g.cell_count();
  out["cells_per_radius"] = r.setup.cells_per_radius();
  out["box"] = {g.length(0), g.length(1), g.length(2)};
  out["displacement_per_cycle"] = grid;
  out["mean_velocity"] = grid / s.period;
  out["bead_displacement_per_cycle"] = bead;
  out["bead_points_per_cycle"] = r.bead_points;
  out["phase_quadrature_error"] = std::abs(bead_on_phases(s, phases) - bead);
  if (bead != 0) out["relative_to_bead"] = (grid - bead) / std::abs(bead);
  out["force_free_residual"] = force_scale > 0 ? force_sum / force_scale : 0.0;
  out["outer_iterations"] = iterations;
  out["solve_s"] = solve_s;
}

}  // namespace fickle
