// The `fick` case kind: reads physics/initial/boundary/exact and runs FickSolver through the
// shared time loop; FieldKind writes u (and u_exact, error) and the field's summary keys.
#include <fmt/format.h>

#include <optional>

#include "app/input/case_sections.hpp"
#include "app/kinds/common/field_kind.hpp"
#include "app/run/checkpoint_state.hpp"
#include "app/run/output_schedule.hpp"
#include "solvers/fick/exact_solution.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {
namespace {

void validate_scheme(Section& time, const std::string& scheme) {
  if (scheme == "bdf2") return;
  // Ask PETSc whether it knows the type, on a throwaway TS (errors return, they are not printed).
  OwnedTS probe;
  FICKLE_PETSC(TSCreate(PETSC_COMM_SELF, probe.out()));
  if (TSSetType(probe, scheme.c_str()) != 0)
    time.fail("scheme", "beuler, cn, bdf2 or another PETSc TS type (e.g. theta, bdf, arkimex)");
}

class FickCase final : public FieldKind {
 public:
  void read(Section& root) override {
    read_constants(root);
    problem_.grid = read_grid(root.section(keys::grid));
    // Measured: 0.52 KB per cell (32³ and 64³, beuler with CG + ICC); more with drift (GMRES).
    footprint_ = grid_footprint(root.section(keys::grid), problem_.grid, 600);
    const Grid& g = problem_.grid;
    Section time = root.section(keys::time);
    time_ = read_time(time, true, true);
    validate_scheme(time, time_.scheme);
    output_ = read_output(root.section(keys::output), time_.end);
    read_series_columns_of(root, g);

    Section physics = root.section(keys::physics);
    problem_.diffusivity = read_piecewise(
        physics, {"D", "diffusivity [length²/time], a number or {value, regions}"}, 1.0, g);
    physics.require(problem_.diffusivity.min() > 0, "D", "a diffusivity > 0 everywhere");
    if (physics.is_map("velocity")) {
      problem_.velocity_field = read_velocity_from(
          physics.section({"velocity", "the flow of a stokes run: {from: DIR}"}), g);
    } else {
      // Numbers, or expressions in x, y, z evaluated at the face centres (the drift through each
      // face, so ∇·(v u) stays conservative for any v).
      const auto v = read_space_values(
          physics,
          Key("velocity",
              "drift v [length/time] per axis: numbers or expressions in x, y, z, or "
              "{from: DIR}")
              .computed("0 on every axis"),
          g.dim, {});
      for (int a = 0; a < 3; ++a) {
        problem_.velocity[a] = v[a].is_number() ? v[a].number() : 0.0;
        if (!v[a].is_number()) problem_.velocity_formula[a] = v[a];
      }
    }
    const auto advection = physics.choice(
        {"advection",
         "face value of the drift term (auto: limited when the cell Péclet number > 2)"},
        {"auto", "central", "upwind", "limited"}, "auto");
    // Central differences are second order but oscillate once the cell Péclet number exceeds 2;
    // the flux-limited scheme stays monotone there and is far less diffusive than upwind.
    problem_.advection =
        advection == "upwind" ? AdvectionScheme::upwind
        : advection == "limited" || (advection == "auto" && problem_.cell_peclet() > 2)
            ? AdvectionScheme::limited
            : AdvectionScheme::central;
    problem_.source =
        read_piecewise(physics,
                       {"source",
                        "source s [u/time] per cell: a number, an expression in x, y, z, t, or "
                        "{value, regions}"},
                       0.0, g, true);
    if (physics.has("reaction"))
      problem_.reaction = std::make_shared<const Expression>(read_expression(
          physics, {"reaction", "reaction term r(u, x, y, z, t) added to the right-hand side"},
          {"u", "x", "y", "z", "t"}));

    problem_.initial = read_initial(root.section(keys::initial), g);
    problem_.boundary = read_boundary(root.section(keys::boundary), g);
    if (physics.has("D_time")) read_time_dependence(physics);
    time.require(time_.start == 0 || problem_.diffusivity_time_exponent == 1, "start",
                 "0 with a time-dependent D (physics.D_time)");

    if (auto formula = read_exact_expression(root)) {
      exact_formula_ = *formula;
      footprint_.snapshot_bytes_per_cell = 24;
      return;
    }
    const auto exact =
        root.choice({"exact",
                     "an exact solution to compare with (errors in series.csv and summary.json): a "
                     "name or {expression}"},
                    {"none", "gaussian-images", "sine"}, "none");
    exact_ = exact == "gaussian-images" ? ExactSolution::gaussian_images
             : exact == "sine"          ? ExactSolution::sine
                                        : ExactSolution::none;
    // u, and u_exact and error beside it when there is an exact solution.
    footprint_.snapshot_bytes_per_cell = exact_ == ExactSolution::none ? 8 : 24;
    if (const auto why = exact_solution_incompatibility(exact_, problem_); !why.empty())
      root.fail("exact", fmt::format("an exact solution that fits this case ({}: {})", exact, why));
  }

  void run(RunContext& ctx) override {
    solver_ = std::make_unique<FickSolver>(
        ctx.comm, problem_,
        TimeStepping{time_.dt, time_.steps, time_.scheme, time_.start, time_.dt_min, time_.dt_max});
    start_field(ctx, problem_.grid, *solver_);
    describe(*ctx.log);
    run_and_summarise(ctx, *this, time_.steps, output_,
                      [&](const std::optional<LoopTotals>& totals) {
                        summarise_field(ctx.summary, totals.has_value());
                        summarise(ctx.summary);
                        if (totals) summarise_boundary_flux(ctx.summary);
                      });
  }

  double time_step() const override { return time_.dt; }

  /// FieldKind's columns, then flux_F: what leaves through each non-periodic face F (the summary's
  /// boundary_flux, at every series row).
  std::vector<std::string> observables() const override {
    auto names = FieldKind::observables();
    for (int f : flux_faces()) names.push_back(std::string("flux_") + kFaceNames[f]);
    return names;
  }
  std::vector<double> observe() override {
    auto values = FieldKind::observe();
    const auto flux =
        boundary_fluxes(problem_, solver_->dm(), solver_->solution(), solver_->time());
    for (int f : flux_faces()) values.push_back(flux[f]);
    return values;
  }

  // The steps land on the output times and on time.end (FickSolver::step), so the run ends at
  // time.end whatever the number of steps (adaptive, or shortened to reach an output time).
  bool complete(long /*total_steps*/) const override { return reached(time(), time_.end); }
  std::optional<std::vector<double>> snapshot_times() const override {
    return planned_snapshot_times(
        output_, time_.steps,
        [&](long n) { return time_.start + static_cast<double>(n) * time_.dt; }, true);
  }
  std::vector<Footprint> footprint() const override { return {footprint_}; }

  nlohmann::json save_state(const std::filesystem::path& dir) override {
    const auto stamp = solver_->stamp();
    nlohmann::json state = field_state();
    state.update({{"file", solver_->save_state(dir)},
                  {"step", stamp.step},
                  {"time", stamp.time},
                  {"previous_time", stamp.previous_time},
                  {"earlier_time", stamp.earlier_time},
                  {"cells", problem_.grid.cells},
                  {"dt", time_.dt},
                  {"scheme", time_.scheme},
                  {"D_time", problem_.diffusivity_time_exponent}});
    return state;
  }

  void load_state(const std::filesystem::path& dir, const nlohmann::json& state) override {
    // A restart continues the same discretisation; only time.end (and output) may change.
    nlohmann::json now = {
        {"cells", problem_.grid.cells}, {"dt", time_.dt}, {"scheme", time_.scheme}};
    if (problem_.diffusivity_time_exponent != 1) now["D_time"] = problem_.diffusivity_time_exponent;
    require_same_discretisation(state, now, "only time.end and output may change on a restart");
    solver_->load_state(dir / state["file"].get<std::string>(),
                        {state["step"].get<long>(), state["time"].get<double>(),
                         state["previous_time"].get<double>(), state.value("earlier_time", 0.0)});
    load_field_state(state);
  }

 private:
  bool has_exact() const override {
    return exact_ != ExactSolution::none || !exact_formula_.is_number();
  }
  bool fill_exact(double t, Vec out) override {
    if (!exact_formula_.is_number()) {
      fill_cell_values(exact_formula_, problem_.grid, t, solver_->dm(), out);
      return true;
    }
    // With D(t) the constant-D solution at the operational time τ(t) (docs/science.md §7.2).
    fill_exact_solution(exact_, problem_, problem_.operational_time(t), solver_->dm(), out);
    return true;
  }

  // physics.D_time: {alpha}: D(x, t) = D(x) α t^{α−1}, scaled Brownian motion's diffusivity.
  void read_time_dependence(Section& physics) {
    Section d_time = physics.section(
        {"D_time",
         "a time-dependent diffusivity D(t) = D alpha t^(alpha-1) (scaled Brownian motion)"});
    const double alpha = d_time.real(
        Key("alpha", "the exponent alpha of D(t) = D alpha t^(alpha-1)").example("0.5"));
    d_time.require(alpha > 0 && alpha <= 2, "alpha",
                   "an exponent 0 < alpha <= 2 of D(t) = D alpha t^(alpha-1)");
    physics.require(!problem_.has_drift() && problem_.source.is_constant() &&
                        problem_.source.value == 0 && !problem_.reaction &&
                        !problem_.has_time_dependent_forcing(),
                    "D_time",
                    "no velocity, source, reaction or face values depending on t with a "
                    "time-dependent D (the change to the operational time t^alpha would scale "
                    "them too)");
    problem_.diffusivity_time_exponent = alpha;
  }

  void describe(Log& log) const {
    const Grid& g = problem_.grid;
    log.line(fmt::format("fick: {}D grid {} cells, D·dt/h² = {:.3g}, {}", g.dim, g.cell_count(),
                         problem_.diffusion_number(time_.dt), solver_->solver_description()));
    const double explicit_number = problem_.diffusion_number(time_.dt) * g.dim;
    if (is_explicit(time_.scheme) && explicit_number > 0.5)
      log.line(
          fmt::format("fick: warning: {} is explicit and unstable here (D dt d/h² = {:.3g} > 1/2)",
                      time_.scheme, explicit_number));
    if (!problem_.initial.origin.empty())
      log.line(fmt::format("fick: initial field: {}", problem_.initial.origin));
    if (time_.start != 0) log.line(fmt::format("fick: starts at t = {:g}", time_.start));
    if (problem_.diffusivity_time_exponent != 1)
      log.line(fmt::format("fick: D(t) = D α t^(α−1), α = {:g}: steps of operational time t^α",
                           problem_.diffusivity_time_exponent));
    if (problem_.has_drift())
      log.line(fmt::format("fick: drift with cell Péclet number {:.3g}, {} advection",
                           problem_.cell_peclet(), advection_name(problem_.advection)));
    if (const double courant = problem_.courant_number(time_.dt);
        problem_.advection == AdvectionScheme::limited &&
        courant > limited_courant_bound(time_.scheme))
      log.line(fmt::format(
          "fick: warning: Courant number {:.3g} > {:.3g}: limited advection with {} may over- "
          "and undershoot; a smaller dt keeps it bounded",
          courant, limited_courant_bound(time_.scheme), time_.scheme));
  }

  void summarise(nlohmann::json& s) const {
    s["dt"] = time_.dt;
    if (problem_.reaction) s["newton_iterations"] = solver_->newton_iterations();
    s["scheme"] = time_.scheme;
    if (problem_.diffusivity_time_exponent != 1)
      s["diffusivity_time_exponent"] = problem_.diffusivity_time_exponent;
    if (problem_.has_drift()) {
      s["advection"] = advection_name(problem_.advection);
      s["cell_peclet"] = problem_.cell_peclet();
    }
  }

  /// Finished runs: what leaves through each non-periodic face, e.g. an absorbing (u = 0) face's
  /// uptake (docs/science.md §8.4).
  void summarise_boundary_flux(nlohmann::json& s) const {
    const auto flux =
        boundary_fluxes(problem_, solver_->dm(), solver_->solution(), solver_->time());
    nlohmann::json faces = nlohmann::json::object();
    for (int f : flux_faces()) faces[kFaceNames[f]] = flux[f];
    s["boundary_flux"] = faces;
  }

  /// The faces of the non-periodic axes, x- x+ y- ...
  std::vector<int> flux_faces() const {
    std::vector<int> faces;
    for (int a = 0; a < problem_.grid.dim; ++a)
      if (!problem_.grid.periodic[a]) faces.insert(faces.end(), {2 * a, 2 * a + 1});
    return faces;
  }

  FickProblem problem_;
  Footprint footprint_;
  TimeSettings time_;
  OutputSettings output_;
  ExactSolution exact_ = ExactSolution::none;
  SpaceTimeValue exact_formula_;  ///< exact: {expression: ...}
  std::unique_ptr<FickSolver> solver_;
};

}  // namespace

std::unique_ptr<CaseKind> make_fick_case() {
  return std::make_unique<FickCase>();
}

}  // namespace fickle
