// The `fractional` case kind: physics.alpha picks time-fractional (Caputo) diffusion, physics.mu
// space-fractional (Riesz) diffusion (fractional_case.hpp). Here: the choice, and what both
// equations read, run, report and checkpoint alike.
#include "app/kinds/fractional/fractional_case.hpp"

#include <fmt/format.h>

#include "app/run/checkpoint_state.hpp"
#include "app/run/output_schedule.hpp"

namespace fickle {

void FractionalCaseBase::read(Section& root) {
  read_constants(root);
  problem_.grid = read_grid(root.section(keys::grid));
  footprint_ = grid_footprint(root.section(keys::grid), problem_.grid, 0);
  const Grid& g = problem_.grid;
  Section physics = root.section(keys::physics);
  Section time = root.section(keys::time);
  time_ = read_time(time, false);
  output_ = read_output(root.section(keys::output), time_.end);
  read_series_columns_of(root, g);
  problem_.initial = read_initial(root.section(keys::initial), g);
  problem_.boundary = read_boundary(root.section(keys::boundary), g);
  problem_.source = read_piecewise(
      physics,
      {"source", "source s per cell: a number, an expression in x, y, z, t, or {value, regions}"},
      0.0, g, true);
  std::vector<std::string> exacts{"none"};
  for (const auto& name : read_equation(root, physics, time)) exacts.push_back(name);
  if (auto formula = read_exact_expression(root)) {
    exact_formula_ = *formula;
    footprint_.snapshot_bytes_per_cell = 24;
    return;
  }
  const auto exact = root.choice(
      {"exact", "an exact solution to compare with: a name or {expression}"}, exacts, "none");
  exact_kind_ = exact == "mittag-leffler-sine" ? FractionalExact::mittag_leffler_sine
                : exact == "fourier-mode"      ? FractionalExact::fourier_mode
                : exact == "stable-density"    ? FractionalExact::stable_density
                                               : FractionalExact::none;
  footprint_.snapshot_bytes_per_cell = exact_kind_ == FractionalExact::none ? 8 : 24;
  if (const auto why = fractional_exact_incompatibility(exact_kind_, problem_); !why.empty())
    root.fail("exact", why);
}

void FractionalCaseBase::run(RunContext& ctx) {
  solver_ = make_solver(ctx.comm);
  exact_ =
      std::make_unique<FractionalExactSolution>(exact_kind_, problem_, order(), K_, solver_->dm());
  start_field(ctx, problem_.grid, *solver_);
  describe(*ctx.log);
  if (!problem_.initial.origin.empty())
    ctx.log->line(fmt::format("fractional: initial field: {}", problem_.initial.origin));
  run_and_summarise(ctx, *this, time_.steps, output_, [&](const std::optional<LoopTotals>& totals) {
    summarise_field(ctx.summary, totals.has_value());
    ctx.summary["K"] = K_;
    summarise(ctx.summary);
  });
}

std::optional<std::vector<double>> FractionalCaseBase::snapshot_times() const {
  // A fixed time mesh: the snapshot of a requested time is at the first step at or past it.
  return planned_snapshot_times(
      output_, time_.steps, [&](long n) { return time_at(n); }, false);
}

nlohmann::json FractionalCaseBase::save_state(const std::filesystem::path& dir) {
  nlohmann::json state = field_state();
  state.update({{"file", solver_->save_state(dir)},
                {"step", solver_->step_index()},
                {"discretisation", discretisation()}});
  return state;
}

void FractionalCaseBase::load_state(const std::filesystem::path& dir, const nlohmann::json& state) {
  require_same_discretisation(state["discretisation"], discretisation(),
                              what_may_change_on_restart());
  solver_->load_state(dir / state["file"].get<std::string>(), state["step"].get<long>());
  load_field_state(state);
}

nlohmann::json shared_discretisation(const FickProblem& p, double K) {
  const Grid& g = p.grid;
  nlohmann::json faces = nlohmann::json::array();
  for (const auto& bc : p.boundary)
    faces.push_back({static_cast<int>(bc.type), bc.value,
                     bc.formula.is_number() ? std::string() : bc.formula.formula()->text()});
  return {{"cells", g.cells},
          {"lower", g.lower},
          {"upper", g.upper},
          {"periodic", g.periodic},
          {"boundary", faces},
          {"K", K},
          {"K_regions", p.diffusivity.pieces.size()},
          {"source", p.source.value},
          {"source_expression",
           p.source.formula.is_number() ? std::string() : p.source.formula.formula()->text()},
          {"source_regions", p.source.pieces.size()}};
}

namespace {

// physics.alpha or physics.mu decides the equation; the class reads the rest.
class FractionalCase final : public CaseKind {
 public:
  void read(Section& root) override {
    Section physics = root.section(keys::physics);
    const bool space = physics.has("mu");
    if (space && physics.has("alpha"))
      physics.fail("alpha", "alpha (time-fractional) or mu (space-fractional), not both");
    if (!space && !physics.has("alpha"))
      physics.fail("alpha",
                   "alpha (time-fractional, 0 < alpha < 1) or mu (space-fractional, "
                   "1 <= mu <= 2)");
    if (space)
      equation_ = std::make_unique<SpaceFractionalCase>();
    else
      equation_ = std::make_unique<TimeFractionalCase>();
    equation_->read(root);
  }
  void run(RunContext& ctx) override { equation_->run(ctx); }
  std::optional<std::vector<double>> snapshot_times() const override {
    return equation_->snapshot_times();
  }
  std::string plot_script() const override { return equation_->plot_script(); }

 private:
  std::unique_ptr<FractionalCaseBase> equation_;
};

}  // namespace

std::unique_ptr<CaseKind> make_fractional_case() {
  return std::make_unique<FractionalCase>();
}

}  // namespace fickle
