// The `fractional` case kind: time-fractional (physics.alpha, Caputo L1) or space-fractional
// (physics.mu, Riesz) diffusion through the shared time loop, with the Fick kind's grid, faces,
// initial conditions and output, errors against an exact solution, mass, and the solver's numbers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "app/checkpoint_state.hpp"
#include "app/compare_statistics.hpp"
#include "app/kinds.hpp"
#include "app/time_loop.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
#include "solvers/fick/exact_solution.hpp"
#include "solvers/fractional/mittag_leffler.hpp"
#include "solvers/fractional/space_fractional.hpp"
#include "solvers/fractional/stable_density.hpp"
#include "solvers/fractional/time_fractional.hpp"

namespace fickle {
namespace {

enum class FractionalExact { none, mittag_leffler_sine, fourier_mode, stable_density };

class FractionalCase final : public CaseKind, public Evolution {
 public:
  void read(Section& root) override {
    problem_.grid = read_grid(root.section("grid"));
    const Grid& g = problem_.grid;
    Section physics = root.section("physics");
    space_ = physics.has("mu");
    if (space_ && physics.has("alpha"))
      physics.fail("alpha", "alpha (time-fractional) or mu (space-fractional), not both");
    if (!space_ && !physics.has("alpha"))
      physics.fail("alpha",
                   "alpha (time-fractional, 0 < alpha < 1) or mu (space-fractional, "
                   "1 <= mu <= 2)");
    Section time = root.section("time");
    time_ = read_time(time, false);
    output_ = read_output(root.section("output"));
    problem_.initial = read_initial(root.section("initial"), g);
    problem_.boundary = read_boundary(root.section("boundary"), g);
    problem_.source = read_piecewise(physics, "source", 0.0, g);
    std::vector<std::string> exacts{"none"};
    if (space_) {
      mu_ = physics.real("mu");
      physics.require(mu_ >= 1 && mu_ <= 2, "mu", "1 <= mu <= 2");
      physics.require(g.dim <= 2, "mu", "a 1D or 2D grid for space-fractional diffusion");
      K_ = physics.real("K", 1.0);
      physics.require(K_ > 0, "K", "a number > 0");
      problem_.diffusivity.value = K_;
      for (int f = 0; f < 2 * g.dim; ++f) {
        const auto& bc = problem_.boundary[f];
        if (bc.type != BoundaryCondition::Type::periodic &&
            !(bc.type == BoundaryCondition::Type::dirichlet && bc.value == 0))
          root.section("boundary")
              .fail(kFaceNames[f],
                    "periodic (grid.periodic) or {type: dirichlet, value: 0}: the Riesz "
                    "operator takes u = 0 outside the domain");
      }
      exacts = {"none", "fourier-mode", "stable-density"};
    } else {
      stepping_.alpha = physics.real("alpha");
      physics.require(stepping_.alpha > 0 && stepping_.alpha < 1, "alpha",
                      "0 < alpha < 1 (alpha = 1 is the fick kind)");
      problem_.diffusivity = read_piecewise(physics, "K", 1.0, g);
      physics.require(problem_.diffusivity.min() > 0, "K", "K > 0 everywhere");
      K_ = problem_.diffusivity.value;
      stepping_.end = time_.end;
      stepping_.steps = time_.steps;
      stepping_.mesh = time.choice("mesh", {"graded", "uniform"}, "graded") == "uniform"
                           ? TimeMesh::uniform
                           : TimeMesh::graded;
      if (stepping_.mesh == TimeMesh::graded) {
        stepping_.grading = time.real("grading", (2 - stepping_.alpha) / stepping_.alpha);
        time.require(stepping_.grading >= 1, "grading", "a grading exponent r >= 1");
      }
      stepping_.history = time.choice("history", {"fast", "direct"}, "fast") == "direct"
                              ? CaputoHistory::direct
                              : CaputoHistory::fast;
      stepping_.tolerance = time.real("tolerance", 1e-9);
      time.require(stepping_.tolerance > 0 && stepping_.tolerance < 1e-2, "tolerance",
                   "a relative tolerance in (0, 0.01) for the sum of exponentials");
      exacts = {"none", "mittag-leffler-sine"};
    }
    const auto exact = root.choice("exact", exacts, "none");
    exact_ = exact == "mittag-leffler-sine" ? FractionalExact::mittag_leffler_sine
             : exact == "fourier-mode"      ? FractionalExact::fourier_mode
             : exact == "stable-density"    ? FractionalExact::stable_density
                                            : FractionalExact::none;
    if (exact_ == FractionalExact::mittag_leffler_sine || exact_ == FractionalExact::fourier_mode) {
      if (const auto why = exact_solution_incompatibility(ExactSolution::sine, problem_);
          !why.empty())
        root.fail("exact",
                  fmt::format("an exact solution that fits this case ({}: {})", exact, why));
      if (!problem_.source.is_constant() || problem_.source.value != 0 ||
          !problem_.diffusivity.is_constant())
        root.fail("exact", fmt::format("{} needs a constant K and no source", exact));
    }
    // A Fourier mode decays exactly only without faces: u = 0 outside the domain starts at the
    // exterior cell centres, half a cell past the face, which a sine mode does not satisfy.
    if (exact_ == FractionalExact::fourier_mode)
      for (int a = 0; a < g.dim; ++a)
        if (!g.periodic[a]) root.fail("exact", "fourier-mode: every axis periodic (grid.periodic)");
    if (exact_ == FractionalExact::stable_density) {
      if (problem_.initial.type != InitialCondition::Type::delta)
        root.fail("exact", "stable-density: a point source (initial.type delta)");
      if (!problem_.source.is_constant() || problem_.source.value != 0)
        root.fail("exact", "stable-density: no source (the free-space density has none)");
      for (int a = 0; a < g.dim; ++a)
        if (g.periodic[a])
          root.fail("exact", "stable-density: no periodic axis (it is the free-space density)");
    }
  }

  void run(RunContext& ctx) override {
    if (space_) {
      RieszProblem riesz{problem_.grid, mu_, K_, problem_.initial, problem_.source};
      solver_ = std::make_unique<SpaceFractionalSolver>(ctx.comm, riesz, time_.dt);
    } else {
      auto solver = std::make_unique<TimeFractionalSolver>(ctx.comm, problem_, stepping_);
      exponentials_ = solver->exponentials();
      kernel_error_ = solver->kernel_error();
      solver_ = std::move(solver);
    }
    fields_ = std::make_unique<FieldSeries>(ctx.run_dir, "u", problem_.grid, solver_->dm());
    if (exact_ != FractionalExact::none) {
      FICKLE_PETSC(DMCreateGlobalVector(solver_->dm(), exact_values_.out()));
      FICKLE_PETSC(DMCreateGlobalVector(solver_->dm(), error_values_.out()));
      if (exact_ != FractionalExact::stable_density) {
        FICKLE_PETSC(DMCreateGlobalVector(solver_->dm(), mode_.out()));
        fill_exact_solution(ExactSolution::sine, problem_, 0.0, solver_->dm(), mode_);
      }
    }
    mass_initial_ = solver_->mass();
    mass_scale_ = integrate_absolute(problem_.grid, solver_->solution());
    spread_ = SpreadGrowth::at_start(problem_.grid, solver_->dm(), solver_->solution());
    log_steps_ = log_spaced_steps(time_.steps, 10);
    describe(*ctx.log);
    run_and_summarise(
        ctx, *this, time_.steps, output_,
        [&](const std::optional<LoopTotals>& totals) { summarise(ctx.summary, totals); });
  }

  // Evolution
  long step_index() const override { return solver_->step_index(); }
  double time() const override { return solver_->time(); }
  double time_step() const override {
    const long n = std::max(1L, solver_->step_index());
    return space_ ? time_.dt : stepping_.time_at(n) - stepping_.time_at(n - 1);
  }
  int last_iterations() const override { return solver_->last_linear_iterations(); }
  // The stable density is a quadrature per cell: its rows are log-spaced in time.
  bool records(long step) const override {
    return exact_ != FractionalExact::stable_density ||
           std::binary_search(log_steps_.begin(), log_steps_.end(), step);
  }
  void advance() override { solver_->step(); }
  std::vector<std::string> observables() const override {
    std::vector<std::string> names{"mass", "iterations", "msd"};
    if (exact_ != FractionalExact::none) names.insert(names.end(), {"l2_rel", "linf_rel"});
    return names;
  }
  std::vector<double> observe() override {
    std::vector<double> values{solver_->mass(), static_cast<double>(last_iterations()),
                               spread_.msd(problem_.grid, solver_->dm(), solver_->solution())};
    if (exact_ != FractionalExact::none) {
      const auto e = errors();
      values.insert(values.end(), {e.l2_rel, e.linf_rel});
      if (std::isfinite(e.l2_rel)) max_l2_ = std::max(max_l2_, e.l2_rel);
    }
    return values;
  }
  void write_snapshot(int index) override {
    std::vector<NamedField> fields{{"u", solver_->solution()}};
    if (exact_ != FractionalExact::none && std::isfinite(errors().l2_rel)) {
      fields.push_back({"u_exact", exact_values_});
      fields.push_back({"error", error_values_});
    }
    fields_->write(index, solver_->time(), fields);
  }
  nlohmann::json save_state(const std::filesystem::path& dir) override {
    return {{"file", solver_->save_state(dir)}, {"step", solver_->step_index()},
            {"mass_initial", mass_initial_},    {"mass_scale", mass_scale_},
            {"spread", spread_.to_json()},      {"max_l2_rel", max_l2_},
            {"discretisation", fingerprint()},  {"snapshots", snapshot_list(fields_->entries())}};
  }
  void load_state(const std::filesystem::path& dir, const nlohmann::json& state) override {
    const auto now = fingerprint();
    require_same_discretisation(state["discretisation"], now,
                                space_ ? "a restart may change output and time.end"
                                       : "a fractional restart continues the same time mesh: "
                                         "only output may change");
    solver_->load_state(dir / state["file"].get<std::string>(), state["step"].get<long>());
    mass_initial_ = state["mass_initial"];
    mass_scale_ = state["mass_scale"];
    max_l2_ = state["max_l2_rel"];
    spread_ = SpreadGrowth::from_json(state["spread"]);
    fields_->set_entries(snapshot_entries(state["snapshots"]));
  }

 private:
  nlohmann::json fingerprint() const {
    const Grid& g = problem_.grid;
    nlohmann::json faces = nlohmann::json::array();
    for (const auto& bc : problem_.boundary) faces.push_back({static_cast<int>(bc.type), bc.value});
    nlohmann::json f = {{"cells", g.cells},
                        {"lower", g.lower},
                        {"upper", g.upper},
                        {"periodic", g.periodic},
                        {"boundary", faces},
                        {"K", K_},
                        {"K_regions", problem_.diffusivity.pieces.size()},
                        {"source", problem_.source.value},
                        {"source_regions", problem_.source.pieces.size()},
                        {"space", space_}};
    if (space_) {
      f["mu"] = mu_;
      f["dt"] = time_.dt;
    } else {
      f["alpha"] = stepping_.alpha;
      f["end"] = stepping_.end;
      f["steps"] = stepping_.steps;
      f["mesh"] = stepping_.mesh == TimeMesh::graded ? "graded" : "uniform";
      f["grading"] = stepping_.grading_exponent();
      f["history"] = stepping_.history == CaputoHistory::fast ? "fast" : "direct";
      f["tolerance"] = stepping_.tolerance;
      f["n_exp"] = exponentials_;
    }
    return f;
  }

  void describe(Log& log) const {
    const Grid& g = problem_.grid;
    if (space_) {
      log.line(fmt::format("fractional: space (Riesz) μ = {:g}, K = {:g}, {}D grid {} cells, {}",
                           mu_, K_, g.dim, g.cell_count(), solver_->solver_description()));
      return;
    }
    log.line(fmt::format(
        "fractional: time (Caputo L1) α = {:g}, {}D grid {} cells, {} mesh{}, {} history{}, {}",
        stepping_.alpha, g.dim, g.cell_count(),
        stepping_.mesh == TimeMesh::graded ? "graded" : "uniform",
        stepping_.mesh == TimeMesh::graded
            ? fmt::format(" (r = {:.4g}, first step {:.3g})", stepping_.grading_exponent(),
                          stepping_.time_at(1))
            : std::string(),
        stepping_.history == CaputoHistory::fast ? "fast" : "direct",
        exponentials_
            ? fmt::format(" ({} exponentials, kernel error {:.2g})", exponentials_, kernel_error_)
            : std::string(),
        solver_->solver_description()));
  }

  // The exact solution at the current time into exact_values_; NaN norms where there is none yet
  // (a point source at t = 0).
  ErrorNorms errors() {
    const double t = solver_->time();
    const Grid& g = problem_.grid;
    if (exact_ == FractionalExact::stable_density) {
      if (t == 0) return {NAN, NAN};
      const OwnedBox box = owned_box(solver_->dm());
      std::array<std::vector<double>, 3> factor;
      for (int a = 0; a < 3; ++a) {
        factor[a].assign(static_cast<std::size_t>(box.count[a]), 1.0);
        if (a >= g.dim) continue;
        for (PetscInt i = 0; i < box.count[a]; ++i)
          factor[a][i] = stable_density(g.centre(a, box.start[a] + i) - problem_.initial.center[a],
                                        mu_, K_ * t);
      }
      PetscScalar* values = nullptr;
      FICKLE_PETSC(VecGetArray(exact_values_, &values));
      for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
        values[n] = problem_.initial.mass * factor[0][i - box.start[0]] *
                    factor[1][j - box.start[1]] * factor[2][k - box.start[2]];
      });
      FICKLE_PETSC(VecRestoreArray(exact_values_, &values));
    } else {
      // A sine/cosine mode: u0 times E_α(−K|k|² t^α) or exp(−K Σ_a |k_a|^μ t).
      double decay = 0;
      if (exact_ == FractionalExact::mittag_leffler_sine) {
        double k2 = 0;
        for (int a = 0; a < g.dim; ++a)
          k2 += std::pow(problem_.initial.modes[a] * std::numbers::pi / g.length(a), 2);
        decay = mittag_leffler(stepping_.alpha, K_ * k2 * std::pow(t, stepping_.alpha));
      } else {
        double symbol = 0;
        for (int a = 0; a < g.dim; ++a)
          symbol += std::pow(problem_.initial.modes[a] * std::numbers::pi / g.length(a), mu_);
        decay = std::exp(-K_ * symbol * t);
      }
      FICKLE_PETSC(VecCopy(mode_, exact_values_));
      FICKLE_PETSC(VecScale(exact_values_, decay));
    }
    FICKLE_PETSC(VecWAXPY(error_values_, -1.0, exact_values_, solver_->solution()));
    return relative_errors(solver_->solution(), exact_values_);
  }

  void summarise(nlohmann::json& s, const std::optional<LoopTotals>& totals) {
    s["steps"] = solver_->step_index();
    s["t_end"] = solver_->time();
    s["cells"] = problem_.grid.cell_count();
    s["solver"] = solver_->solver_description();
    s["K"] = K_;
    const double mass_final = solver_->mass();
    s["mass_initial"] = mass_initial_;
    s["mass_final"] = mass_final;
    // Relative to the initial Σ|u| h^d, so that it stays meaningful when the net mass is ~0.
    s["mass_drift"] = mass_scale_ > 0 ? nlohmann::json((mass_final - mass_initial_) / mass_scale_)
                                      : nlohmann::json(nullptr);
    if (space_) {
      s["equation"] = "space-fractional";
      s["mu"] = mu_;
      s["dt"] = time_.dt;
    } else {
      s["equation"] = "time-fractional";
      s["alpha"] = stepping_.alpha;
      s["mesh"] = stepping_.mesh == TimeMesh::graded ? "graded" : "uniform";
      s["grading"] = stepping_.grading_exponent();
      s["first_step"] = stepping_.time_at(1);
      s["history"] = stepping_.history == CaputoHistory::fast ? "fast" : "direct";
      s["n_exp"] = exponentials_;
      if (exponentials_) s["kernel_error"] = kernel_error_;
      s["operator_assemblies"] =
          static_cast<const TimeFractionalSolver&>(*solver_).operator_assemblies();
    }
    if (!totals) return;
    s["linear_iterations"] = totals->linear_iterations;
    s["solve_s"] = totals->solve_s;
    s["wall_s_before_restart"] = totals->wall_before_s;
    if (exact_ != FractionalExact::none) {
      const auto e = errors();
      s["errors"] = {{"l2_rel", e.l2_rel}, {"linf_rel", e.linf_rel}, {"max_l2_rel", max_l2_}};
    }
  }

  FickProblem problem_;
  bool space_ = false;
  double mu_ = 2, K_ = 1;
  TimeSettings time_;
  CaputoStepping stepping_;
  OutputSettings output_;
  FractionalExact exact_ = FractionalExact::none;
  std::unique_ptr<FractionalStepper> solver_;
  std::unique_ptr<FieldSeries> fields_;
  OwnedVec exact_values_, error_values_, mode_;
  std::size_t exponentials_ = 0;
  double kernel_error_ = 0;
  double mass_initial_ = 0;
  double mass_scale_ = 0;  ///< Σ|u0| h^d
  SpreadGrowth spread_;    ///< the series' msd column
  double max_l2_ = 0;      ///< largest l2_rel over the series rows
  std::vector<long> log_steps_;
};

}  // namespace

std::unique_ptr<CaseKind> make_fractional_case() {
  return std::make_unique<FractionalCase>();
}

}  // namespace fickle
