// The `fick` case kind: reads physics/initial/boundary/exact, runs FickSolver through the shared
// time loop, writes u (and u_exact, error) as VTK and the results to summary.json.
#include <fmt/format.h>

#include <optional>

#include "app/checkpoint_state.hpp"
#include "app/compare_statistics.hpp"
#include "app/kinds.hpp"
#include "app/time_loop.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
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

class FickCase final : public CaseKind, public Evolution {
 public:
  void read(Section& root) override {
    problem_.grid = read_grid(root.section("grid"));
    const Grid& g = problem_.grid;
    Section time = root.section("time");
    time_ = read_time(time);
    validate_scheme(time, time_.scheme);
    output_ = read_output(root.section("output"));

    Section physics = root.section("physics");
    problem_.diffusivity = read_piecewise(physics, "D", 1.0, g);
    physics.require(problem_.diffusivity.min() > 0, "D", "a diffusivity > 0 everywhere");
    if (physics.is_map("velocity")) {
      problem_.velocity_field = read_velocity_from(physics.section("velocity"), g);
    } else {
      const auto v = physics.reals("velocity", g.dim, std::vector<double>(g.dim, 0.0));
      std::copy(v.begin(), v.end(), problem_.velocity.begin());
    }
    const auto advection =
        physics.choice("advection", {"auto", "central", "upwind", "limited"}, "auto");
    // Central differences are second order but oscillate once the cell Péclet number exceeds 2;
    // the flux-limited scheme stays monotone there and is far less diffusive than upwind.
    problem_.advection =
        advection == "upwind" ? AdvectionScheme::upwind
        : advection == "limited" || (advection == "auto" && problem_.cell_peclet() > 2)
            ? AdvectionScheme::limited
            : AdvectionScheme::central;
    problem_.source = read_piecewise(physics, "source", 0.0, g);

    problem_.initial = read_initial(root.section("initial"), g);
    problem_.boundary = read_boundary(root.section("boundary"), g);

    const auto exact = root.choice("exact", {"none", "gaussian-images", "sine"}, "none");
    exact_ = exact == "gaussian-images" ? ExactSolution::gaussian_images
             : exact == "sine"          ? ExactSolution::sine
                                        : ExactSolution::none;
    if (const auto why = exact_solution_incompatibility(exact_, problem_); !why.empty())
      root.fail("exact", fmt::format("an exact solution that fits this case ({}: {})", exact, why));
  }

  void run(RunContext& ctx) override {
    solver_ = std::make_unique<FickSolver>(ctx.comm, problem_,
                                           TimeStepping{time_.dt, time_.steps, time_.scheme});
    fields_ = std::make_unique<FieldSeries>(ctx.run_dir, "u", problem_.grid, solver_->dm());
    if (exact_ != ExactSolution::none) {
      FICKLE_PETSC(DMCreateGlobalVector(solver_->dm(), exact_values_.out()));
      FICKLE_PETSC(DMCreateGlobalVector(solver_->dm(), error_values_.out()));
    }
    mass_initial_ = solver_->mass();
    mass_scale_ = integrate_absolute(problem_.grid, solver_->solution());
    spread_ = SpreadGrowth::at_start(problem_.grid, solver_->dm(), solver_->solution());
    const Grid& g = problem_.grid;
    ctx.log->line(fmt::format("fick: {}D grid {} cells, D·dt/h² = {:.3g}, {}", g.dim,
                              g.cell_count(), problem_.diffusion_number(time_.dt),
                              solver_->solver_description()));
    const double explicit_number = problem_.diffusion_number(time_.dt) * g.dim;
    if (is_explicit(time_.scheme) && explicit_number > 0.5)
      ctx.log->line(
          fmt::format("fick: warning: {} is explicit and unstable here (D dt d/h² = {:.3g} > 1/2)",
                      time_.scheme, explicit_number));
    if (problem_.has_drift())
      ctx.log->line(fmt::format("fick: drift with cell Péclet number {:.3g}, {} advection",
                                problem_.cell_peclet(), advection_name(problem_.advection)));
    if (const double courant = problem_.courant_number(time_.dt);
        problem_.advection == AdvectionScheme::limited &&
        courant > limited_courant_bound(time_.scheme))
      ctx.log->line(fmt::format(
          "fick: warning: Courant number {:.3g} > {:.3g}: limited advection with {} may over- "
          "and undershoot; a smaller dt keeps it bounded",
          courant, limited_courant_bound(time_.scheme), time_.scheme));

    run_and_summarise(
        ctx, *this, time_.steps, output_,
        [&](const std::optional<LoopTotals>& totals) { summarise(ctx.summary, totals); });
  }

  void summarise(nlohmann::json& s, const std::optional<LoopTotals>& totals) {
    s["steps"] = solver_->step_index();
    s["t_end"] = solver_->time();
    s["dt"] = time_.dt;
    s["scheme"] = time_.scheme;
    s["solver"] = solver_->solver_description();
    s["cells"] = problem_.grid.cell_count();
    const double mass_final = solver_->mass();
    s["mass_initial"] = mass_initial_;
    s["mass_final"] = mass_final;
    // Relative to the initial Σ|u| h^d, so that it stays meaningful when the net mass is ~0.
    s["mass_drift"] = mass_scale_ > 0
                          ? nlohmann::json((mass_final - mass_initial_) / mass_scale_)
                          : nlohmann::json(nullptr);  // u0 = 0: no scale to compare with
    if (problem_.has_drift()) {
      s["advection"] = advection_name(problem_.advection);
      s["cell_peclet"] = problem_.cell_peclet();
    }
    if (!totals) return;
    s["linear_iterations"] = totals->linear_iterations;
    s["solve_s"] = totals->solve_s;
    s["wall_s_before_restart"] = totals->wall_before_s;
    if (exact_ != ExactSolution::none) {
      const auto e = errors();
      s["errors"] = {{"l2_rel", e.l2_rel}, {"linf_rel", e.linf_rel}};
    }
  }

  // Evolution
  long step_index() const override { return solver_->step_index(); }
  double time() const override { return solver_->time(); }
  double time_step() const override { return time_.dt; }
  int last_iterations() const override { return solver_->last_linear_iterations(); }
  void advance() override { solver_->step(); }

  std::vector<std::string> observables() const override {
    std::vector<std::string> names{"mass", "iterations", "msd"};
    if (exact_ != ExactSolution::none) names.insert(names.end(), {"l2_rel", "linf_rel"});
    return names;
  }

  std::vector<double> observe() override {
    std::vector<double> values{solver_->mass(), static_cast<double>(last_iterations()),
                               spread_.msd(problem_.grid, solver_->dm(), solver_->solution())};
    if (exact_ != ExactSolution::none) {
      const auto e = errors();
      values.insert(values.end(), {e.l2_rel, e.linf_rel});
    }
    return values;
  }

  void write_snapshot(int index) override {
    std::vector<NamedField> fields{{"u", solver_->solution()}};
    if (exact_ != ExactSolution::none) {
      errors();  // refreshes exact_values_ and error_values_
      fields.push_back({"u_exact", exact_values_});
      fields.push_back({"error", error_values_});
    }
    fields_->write(index, solver_->time(), fields);
  }

  nlohmann::json save_state(const std::filesystem::path& dir) override {
    const auto stamp = solver_->stamp();
    return {{"file", solver_->save_state(dir)},
            {"step", stamp.step},
            {"time", stamp.time},
            {"previous_time", stamp.previous_time},
            {"mass_initial", mass_initial_},
            {"mass_scale", mass_scale_},
            {"spread", spread_.to_json()},
            {"cells", problem_.grid.cells},
            {"dt", time_.dt},
            {"scheme", time_.scheme},
            {"snapshots", snapshot_list(fields_->entries())}};
  }

  void load_state(const std::filesystem::path& dir, const nlohmann::json& state) override {
    // A restart continues the same discretisation; only time.end (and output) may change.
    const nlohmann::json now = {
        {"cells", problem_.grid.cells}, {"dt", time_.dt}, {"scheme", time_.scheme}};
    require_same_discretisation(state, now, "only time.end and output may change on a restart");
    solver_->load_state(dir / state["file"].get<std::string>(),
                        {state["step"].get<long>(), state["time"].get<double>(),
                         state["previous_time"].get<double>()});
    mass_initial_ = state["mass_initial"];
    mass_scale_ = state["mass_scale"];
    spread_ = SpreadGrowth::from_json(state["spread"]);
    fields_->set_entries(snapshot_entries(state["snapshots"]));
  }

 private:
  ErrorNorms errors() {
    fill_exact_solution(exact_, problem_, solver_->time(), solver_->dm(), exact_values_);
    FICKLE_PETSC(VecWAXPY(error_values_, -1.0, exact_values_, solver_->solution()));
    return relative_errors(solver_->solution(), exact_values_);
  }

  FickProblem problem_;
  TimeSettings time_;
  OutputSettings output_;
  ExactSolution exact_ = ExactSolution::none;
  std::unique_ptr<FickSolver> solver_;
  std::unique_ptr<FieldSeries> fields_;
  OwnedVec exact_values_, error_values_;
  double mass_initial_ = 0;
  double mass_scale_ = 0;  ///< Σ|u0| h^d
  SpreadGrowth spread_;    ///< the series' msd column
};

}  // namespace

std::unique_ptr<CaseKind> make_fick_case() {
  return std::make_unique<FickCase>();
}

}  // namespace fickle
