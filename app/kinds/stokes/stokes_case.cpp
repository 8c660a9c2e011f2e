// The `stokes` case kind: steady Stokes flow on a MAC grid (solvers/stokes). Reads the grid,
// viscosity and force, per-face conditions, obstacles and solver; writes the cell fields
// (flow.pvd), the face velocities (faces.pvd for ParaView, velocity/ for later cases) and
// summary.json: iterations, divergence, fluxes, drag per obstacle, ψ_min in 2D.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <optional>

#include "app/kinds/case_kind.hpp"
#include "app/kinds/common/stokes_flow.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
#include "meshes/vtk_particles.hpp"
#include "solvers/common/boundary.hpp"
#include "solvers/common/linear_solver.hpp"
#include "solvers/stokes/drag_law.hpp"
#include "solvers/stokes/flow_fields.hpp"
#include "solvers/stokes/velocity_file.hpp"

namespace fickle {
namespace {

using BoundaryType = StokesBoundary::Type;

StokesBoundary read_face(Section s, const StokesBoundary& fallback, const Grid& g) {
  StokesBoundary bc;
  const char* names[] = {"wall", "free-slip", "pressure"};
  const int fallback_index = static_cast<int>(fallback.type);
  const auto type =
      s.choice({"type", "the face: wall (given velocity), free-slip or pressure (open)"},
               {"wall", "free-slip", "pressure"}, names[fallback_index]);
  bc.type = type == "wall"        ? BoundaryType::wall
            : type == "free-slip" ? BoundaryType::free_slip
                                  : BoundaryType::pressure;
  if (bc.type == BoundaryType::wall) {
    // Numbers, or expressions in x, y, z: a moving lid's or an inflow's profile.
    std::array<SpaceTimeValue, 3> v0{};
    for (int a = 0; a < 3; ++a)
      v0[a] = fallback.profile[a].is_number() ? SpaceTimeValue(fallback.velocity[a])
                                              : fallback.profile[a];
    const auto v = read_space_values(
        s,
        Key("velocity",
            "the wall's velocity: numbers or expressions in x, y, z (a lid's or an "
            "inflow's profile)")
            .computed("0 on every axis"),
        g.dim, v0);
    for (int a = 0; a < 3; ++a) {
      bc.velocity[a] = v[a].is_number() ? v[a].number() : 0.0;
      bc.profile[a] = v[a].is_number() ? SpaceTimeValue() : v[a];
    }
  }
  if (bc.type == BoundaryType::pressure)
    bc.pressure = s.real({"pressure", "the pressure on an open face"}, fallback.pressure);
  return bc;
}

StokesFaces read_stokes_boundary(Section s, const Grid& g) {
  StokesBoundary periodic;
  periodic.type = BoundaryType::periodic;
  return read_faces<StokesBoundary>(
      s, g, periodic,
      [&](Section face, const StokesBoundary& fallback) { return read_face(face, fallback, g); });
}

Obstacle read_obstacle(Section s, const Grid& g) {
  Obstacle o;
  o.region = read_region(s, g, {"sphere", "cylinder", "box"});
  if (o.region.shape == Region::Shape::box)
    for (int a = 0; a < g.dim; ++a)
      s.require_entry(o.region.upper[a] > o.region.lower[a], "upper", a,
                      fmt::format("a number > lower[{}] = {}", a, o.region.lower[a]));
  const std::size_t d = g.dim;
  o.velocity = to3(s.reals(
      Key("velocity", "the obstacle's velocity (a moving body)").computed("0 on every axis"), d,
      std::vector<double>(d, 0.0)));
  const auto surface =
      s.choice({"surface", "how the flow sees the body's surface (docs/science.md §4.5)"},
               {"staircase", "interpolated"}, "staircase");
  o.surface =
      surface == "staircase" ? Obstacle::Surface::staircase : Obstacle::Surface::interpolated;
  return o;
}

// The drag law of docs/science.md §4.9 next to the measured drag, or null when none applies.
nlohmann::json periodic_array_reference(const StokesProblem& p, const std::array<double, 3>& F,
                                        const std::array<double, 3>& U_mean) {
  const auto drag = periodic_array_drag(p, F, U_mean);
  if (!drag) return nullptr;
  if (drag->sphere)
    return {{"law", "Hasimoto (1959), simple cubic array: F = 6πηaU K"},
            {"solid_fraction", drag->solid_fraction},
            {"K", drag->law},
            {"K_measured", drag->measured},
            {"relative_error", drag->relative_error()}};
  return {{"law", "Sangani & Acrivos (1982), square array of cylinders: F/(ηU) per length"},
          {"solid_fraction", drag->solid_fraction},
          {"F_over_eta_U", drag->law},
          {"F_over_eta_U_measured", drag->measured},
          {"relative_error", drag->relative_error()}};
}

class StokesCase final : public CaseKind {
 public:
  void read(Section& root) override {
    read_constants(root);
    problem_.grid = read_grid(root.section(keys::grid));
    const Grid& g = problem_.grid;
    if (g.dim < 2)
      root.section(keys::grid).fail("cells", "2 or 3 cell counts: Stokes flow is 2D or 3D");
    // Measured: 3.9 KB per cell in 2D (128², 256²), 6.6 KB in 3D (16³, 32³): the saddle-point
    // matrix, the multigrid hierarchy and FGMRES(30)'s vectors.
    footprint_ = grid_footprint(root.section(keys::grid), g, g.dim == 2 ? 4000 : 6800, g.dim + 1);
    // flow: velocity, vorticity, pressure, divergence, viscosity, obstacle (+ streamfunction);
    // faces: one point per face with its velocity.
    footprint_.snapshot_bytes_per_cell = 11 * 8 + g.dim * 56;
    Section physics = root.section(keys::physics);
    problem_.viscosity =
        read_piecewise(physics, {"viscosity", "viscosity η, a number or {value, regions}"}, 1.0, g);
    physics.require(problem_.viscosity.min() > 0, "viscosity", "a viscosity > 0 everywhere");
    problem_.force =
        to3(physics.reals(Key("force", "body force per volume").computed("0 on every axis"), g.dim,
                          std::vector<double>(g.dim, 0.0)));
    problem_.boundary = read_stokes_boundary(root.section(keys::boundary), g);
    for (Section o : root.sections({"obstacles", "bodies in the flow (no-slip)"}))
      problem_.obstacles.push_back(read_obstacle(o, g));
    solver_settings_ = read_stokes_solver(root.section({"solver", "the linear solver"}));
    Section output = root.section(keys::output);
    progress_seconds_ =
        output.real({"progress_seconds", "seconds between progress lines in the log"}, 5.0);
    output.require(progress_seconds_ > 0, "progress_seconds", "a number > 0");
    faces_ = output.boolean({"faces", "write faces.pvd (every face's normal velocity)"}, true);
    if (const auto why = problem_.ill_posed_reason(); !why.empty()) root.fail("boundary", why);
  }

  std::vector<Footprint> footprint() const override { return {footprint_}; }
  std::string plot_script() const override { return "plot_stokes.py"; }  ///< speed, streamlines

  void run(RunContext& ctx) override {
    StokesSolver solver(ctx.comm, problem_, solver_settings_);
    const Grid& g = problem_.grid;
    ctx.log->line(fmt::format("stokes: {}D grid {} cells, {} obstacle(s)", g.dim, g.cell_count(),
                              problem_.obstacles.size()));
    try {
      solve(ctx, solver);
    } catch (const StepFailure& failure) {
      ctx.summary["outer_iterations"] = solver.outer_iterations();
      ctx.summary["solver"] = solver.description();
      throw RunFailure(failure.what());
    }
    ctx.log->line(fmt::format("stokes: {} outer iterations, setup {:.3g} s, solve {:.3g} s ({})",
                              solver.outer_iterations(), solver.setup_seconds(),
                              solver.solve_seconds(), solver.description()));
    FlowFields flow(solver);
    // ψ gathers every x-face on every rank: once, for the summary and the fields.
    const std::optional<Streamfunction> psi =
        problem_.grid.dim == 2 ? std::optional(flow.streamfunction()) : std::nullopt;
    summarise(ctx.summary, solver, flow, psi);
    write_fields(ctx, solver, flow, psi);
    write_face_velocity(flow, ctx.run_dir / "velocity");
  }

 private:
  void solve(RunContext& ctx, StokesSolver& solver) const {
    auto last = std::chrono::steady_clock::now();
    solver.solve([&](int it, double residual) {
      const auto now = std::chrono::steady_clock::now();
      if (it > 0 && std::chrono::duration<double>(now - last).count() < progress_seconds_) return;
      last = now;
      ctx.log->line(fmt::format("stokes: outer iteration {:3d}  residual {:.3e}  ({:.1f} s)", it,
                                residual, ctx.elapsed()));
    });
  }

  void summarise(nlohmann::json& s, const StokesSolver& solver, const FlowFields& flow,
                 const std::optional<Streamfunction>& psi) const {
    const Grid& g = problem_.grid;
    s["cells"] = g.cell_count();
    s["unknowns"] = solver.unknowns();
    s["solver"] = solver.description();
    s["mg_levels"] = solver.mg_levels();
    s["coarse_cells"] = solver.coarse_cells();
    s["outer_iterations"] = solver.outer_iterations();
    s["setup_s"] = solver.setup_seconds();
    s["solve_s"] = solver.setup_seconds() + solver.solve_seconds();
    s["us_per_unknown"] = 1e6 * (solver.setup_seconds() + solver.solve_seconds()) /
                          static_cast<double>(solver.unknowns());
    s["divergence_max"] = flow.divergence_max();
    nlohmann::json flux = nlohmann::json::object();
    for (const auto& [name, value] : flow.boundary_fluxes()) flux[name] = value;
    s["flux"] = flux;
    const auto U = flow.mean_velocity();
    s["mean_velocity"] = std::vector<double>(U.begin(), U.begin() + g.dim);
    nlohmann::json drag = nlohmann::json::array();
    const auto forces = solver.op().obstacle_forces(solver.local_solution());
    for (std::size_t b = 0; b < forces.size(); ++b) {
      drag.push_back(
          {{"obstacle", b},
           {"force", std::vector<double>(forces[b].begin(), forces[b].begin() + g.dim)}});
      if (b == 0) {
        auto reference = periodic_array_reference(problem_, forces[0], U);
        if (!reference.is_null()) drag[0]["reference"] = reference;
      }
    }
    s["drag"] = drag;
    if (psi) {
      s["psi_min"] = psi->min;
      s["psi_min_at"] = psi->min_at;
    }
  }

  void write_fields(RunContext& ctx, const StokesSolver& solver, const FlowFields& flow,
                    const std::optional<Streamfunction>& psi) const {
    const Grid& g = problem_.grid;
    OwnedDM da = create_cell_dmda(ctx.comm, g, 1, solver.mac().ownership_ranges());
    FieldSeries series(ctx.run_dir, "flow", g, da, ctx.vtk);
    write_flow_snapshot(series, da, 0, 0.0, solver, flow, psi);
    if (faces_) write_faces(ctx, solver.mac(), flow);
  }

  // Every face's normal velocity as a point at its centre (faces.pvd, for ParaView).
  void write_faces(RunContext& ctx, const MacGrid& mac, const FlowFields& flow) const {
    PointCloud cloud;
    cloud.vectors.push_back({"velocity", {}});
    mac.for_each_owned_face([&](int a, const Index3& idx) {
      cloud.position.push_back(mac.face_centre(a, idx));
      std::array<double, 3> v{0, 0, 0};
      v[a] = flow.face_velocity(a, idx);
      cloud.vectors[0].values.push_back(v);
    });
    std::int64_t count = static_cast<std::int64_t>(cloud.position.size()), first = 0;
    MPI_Exscan(&count, &first, 1, MPI_INT64_T, MPI_SUM, ctx.comm);
    if (ctx.rank == 0) first = 0;
    for (std::int64_t i = 0; i < count; ++i) cloud.id.push_back(first + i);
    PointSeries(ctx.comm, ctx.run_dir, "faces", "faces", ctx.vtk).write(0, 0.0, cloud);
  }

  StokesProblem problem_;
  Footprint footprint_;
  StokesSolverSettings solver_settings_;
  double progress_seconds_ = 5;
  bool faces_ = true;
};

}  // namespace

std::unique_ptr<CaseKind> make_stokes_case() {
  return std::make_unique<StokesCase>();
}

}  // namespace fickle
