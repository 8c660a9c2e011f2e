// The `particles` case kind: an Ensemble (particles/) through the shared time loop. Series rows on
// a log-spaced step grid plus every output.every; the histogram as density.pvd and a sample of
// particles as particles.pvd; MSD fits and the exact law (when there is one) in summary.json;
// with output.tracks, tracks.csv and the single-trajectory statistics (track_report.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "analysis/msd_fit.hpp"
#include "app/input/case_sections.hpp"
#include "app/input/series_columns.hpp"
#include "app/kinds/case_kind.hpp"
#include "app/kinds/particles/particles_input.hpp"
#include "app/kinds/particles/track_report.hpp"
#include "app/run/checkpoint_state.hpp"
#include "app/run/output_schedule.hpp"
#include "app/run/time_loop.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
#include "meshes/vtk_particles.hpp"
#include "particles/census.hpp"
#include "particles/ensemble.hpp"
#include "particles/msd_law.hpp"

namespace fickle {
namespace fs = std::filesystem;
using namespace particles;

namespace {

// Points are drawn inside the grid's box grown by its own size on every side (docs/output.md,
// "particles.pvd"): ParaView frames the first view on all points, and one Lévy flight or escaped
// particle far away would shrink the rest to a dot. The true places are the array `position`.
std::array<std::array<double, 3>, 2> view_box(const Grid& g) {
  std::array<std::array<double, 3>, 2> box{};
  for (int a = 0; a < g.dim; ++a) {
    box[0][a] = g.lower[a] - g.length(a);
    box[1][a] = g.upper[a] + g.length(a);
  }
  return box;
}

class ParticlesCase final : public CaseKind, public Evolution {
 public:
  void read(Section& root) override {
    model_.box = read_grid(root.section(keys::grid));
    time_ = read_time(root.section(keys::time), false);
    model_.dt = time_.dt;
    Section output = root.section(keys::output);
    output_ = read_output(output, time_.end);
    sample_ = output.integer({"sample", "particles written to particles.pvd (0: none)"}, 1000);
    output.require(sample_ >= 0, "sample", "a number of particles >= 0 (0: none written)");
    per_decade_ = output.integer(
        {"log_points_per_decade", "series rows per decade of steps (log-spaced)"}, 10);
    output.require(per_decade_ >= 0, "log_points_per_decade", "a whole number >= 0");
    // Named regions (count_NAME) and rows every series_every steps besides the log-spaced ones.
    series_columns_ = read_series_columns(output, model_.box, false, 0);
    tracks_settings_ = read_tracks(
        output.section({"tracks", "tracks.csv: positions of a few particles at every frame"}));
    read_particle_model(root, model_);
    model_.steps = time_.steps;
    // Measured: 0.1 KB per particle (Langevin, 3D: positions, starts, velocities, clocks); the
    // histogram's grid a little per cell.
    footprint_ = grid_footprint(root.section(keys::grid), model_.box, 100);
    footprint_.items = static_cast<double>(model_.count);
    // fbm keeps every particle's path: 8 bytes per step and axis.
    footprint_.bytes_per_item =
        110 +
        (model_.model == Model::fbm ? 8.0 * model_.dim() * static_cast<double>(time_.steps) : 0);
    // The density, and the sample: id, position, displacement (and velocity).
    footprint_.snapshot_bytes_per_cell = 8;
    footprint_.snapshot_bytes = static_cast<double>(sample_) * 80;
    footprint_.items_where = root.location("count");
  }

  std::vector<Footprint> footprint() const override { return {footprint_}; }
  std::string plot_script() const override { return "plot_particles.py"; }  ///< MSD, density
  // Uniform steps (the random numbers are keyed on the step; CTRW clocks and fBm paths live on
  // the grid of dt): a requested time's snapshot is at the first step at or past it.
  std::optional<std::vector<double>> snapshot_times() const override {
    return planned_snapshot_times(
        output_, time_.steps, [&](long n) { return static_cast<double>(n) * time_.dt; }, false);
  }

  void run(RunContext& ctx) override {
    comm_ = ctx.comm;
    log_steps_ = log_spaced_steps(time_.steps, per_decade_);
    ensemble_ = std::make_unique<Ensemble>(ctx.comm, model_);
    tabulate_exact_msd();
    if (tracks_settings_.count > 0)
      tracks_ = std::make_unique<TrackReport>(ctx.comm, *ensemble_, tracks_settings_, time_.steps);
    da_ = create_cell_dmda(ctx.comm, model_.box, 0);
    FICKLE_PETSC(DMCreateGlobalVector(da_, density_.out()));
    density_series_ =
        std::make_unique<FieldSeries>(ctx.run_dir, "density", model_.box, da_, ctx.vtk);
    if (sample_ > 0) {
      points_ =
          std::make_unique<PointSeries>(ctx.comm, ctx.run_dir, "particles", "particles", ctx.vtk);
      write_outline(ctx.comm, ctx.run_dir / "outline.vtp", model_.box, ctx.vtk);
    }
    ctx.log->line(describe_model(model_));
    if (model_.model == Model::langevin && model_.dt > 0.5 * model_.momentum_relaxation_time())
      ctx.log->line("particles: warning: dt > τ_p/2 does not resolve the ballistic regime");
    run_and_summarise(ctx, *this, time_.steps, output_,
                      [&](const std::optional<LoopTotals>& totals) {
                        summarise(ctx.summary, totals);
                        if (tracks_) {
                          tracks_->summarise(ctx.summary);
                          tracks_->write(ctx.run_dir);
                        }
                      });
  }

  // Evolution
  long step_index() const override { return ensemble_->step(); }
  double time() const override { return ensemble_->time(); }
  double time_step() const override { return time_.dt; }
  int last_iterations() const override { return -1; }
  void advance() override {
    ensemble_->advance();
    if (tracks_) tracks_->record(*ensemble_);
    // A NaN check costs a pass over the particles: only where a run can blow up.
    if (model_.spring > 0 && !ensemble_->finite())
      throw RunFailure(fmt::format(
          "non-finite particle positions at step {} (the spring is too stiff for "
          "dt: need {})",
          ensemble_->step(), model_.model == Model::langevin ? "√(k/m) dt < 2" : "k dt/γ < 2"));
  }
  bool records(long step) const override {
    return std::binary_search(log_steps_.begin(), log_steps_.end(), step) ||
           series_columns_.records(step);
  }

  std::vector<std::string> observables() const override {
    std::vector<std::string> names{"alive", "msd"};
    for (int a = 0; a < model_.dim(); ++a) names.push_back(std::string("msd_") + "xyz"[a]);
    names.push_back("msd_standard_error");
    if (has_exact()) names.push_back("msd_exact");
    if (model_.has_velocity()) names.insert(names.end(), {"v2", "vacf"});
    if (has_exact_vacf()) names.push_back("vacf_exact");
    if (chemotactic(model_))
      for (int a = 0; a < model_.dim(); ++a) names.push_back(std::string("mean_v") + "xyz"[a]);
    if (model_.model == Model::ctrw) names.push_back("jumps_per_particle");
    if (model_.model == Model::levy)
      names.insert(names.end(), {"fractional_moment", "fractional_moment_exact"});
    if (tracks_)
      for (const auto& name : tracks_->columns()) names.push_back(name);
    for (const auto& name : series_columns_.region_names) names.push_back("count_" + name);
    for (int f = 0; f < 2 * model_.dim(); ++f)
      names.push_back(std::string("crossed_") + kFaceNames[f]);
    return names;
  }

  std::vector<double> observe() override {
    const Moments m = ensemble_->moments(fractional_order());
    const double t = ensemble_->time();
    std::vector<double> values{m.alive / static_cast<double>(model_.count), m.msd};
    for (int a = 0; a < model_.dim(); ++a) values.push_back(m.msd_axis[a]);
    values.push_back(m.msd_standard_error);
    if (has_exact()) values.push_back(exact_msd_now());
    if (model_.has_velocity()) values.insert(values.end(), {m.v2, m.vacf});
    if (has_exact_vacf()) values.push_back(exact_velocity_autocorrelation(model_, t).value_or(NAN));
    if (chemotactic(model_))
      for (int a = 0; a < model_.dim(); ++a) values.push_back(m.mean_velocity[a]);
    if (model_.model == Model::ctrw)
      values.push_back(ensemble_->total_jumps() / static_cast<double>(model_.count));
    if (model_.model == Model::levy)
      values.insert(values.end(),
                    {m.fractional_moment,
                     exact_fractional_moment(model_, t, fractional_order()).value_or(NAN)});
    if (tracks_)
      for (double v : tracks_->values()) values.push_back(v);
    // Counts: any order of the particles will do.
    for (double v : region_counts(comm_, model_, ensemble_->stored(), series_columns_.regions))
      values.push_back(v);
    const auto crossed = face_crossings(comm_, model_, ensemble_->stored());
    for (int f = 0; f < 2 * model_.dim(); ++f) values.push_back(crossed[f]);
    history_t_.push_back(t);
    history_msd_.push_back(m.msd);
    history_fractional_.push_back(m.fractional_moment);
    return values;
  }

  void write_snapshot(int index) override {
    ensemble_->density(da_, density_);
    density_series_->write(index, ensemble_->time(), {{"density", density_}});
    if (!points_) return;
    const auto stride =
        std::max<std::uint64_t>(1, model_.count / static_cast<std::uint64_t>(sample_));
    const ParticleSample s = ensemble_->sample(stride);
    PointCloud cloud{s.id,
                     s.position,
                     {{"state", s.state}},
                     {{"displacement", s.displacement}},
                     view_box(model_.box)};
    if (model_.model == Model::ctrw) cloud.integers.push_back({"jumps", s.jumps});
    if (!s.velocity.empty() || model_.model == Model::langevin)
      cloud.vectors.push_back({"velocity", s.velocity});
    points_->write(index, ensemble_->time(), cloud);
  }

  nlohmann::json save_state(const fs::path& dir) override {
    const std::string name = fmt::format("state_{:08d}.bin", ensemble_->step());
    on_root(comm_, [&] { fs::create_directories(dir); });
    // Atomic, so the state meta.json names is never half written.
    write_atomically(comm_, dir / name, [&](const fs::path& partial) { ensemble_->save(partial); });
    return {{"file", name},
            {"step", ensemble_->step()},
            {"model", fingerprint()},
            {"tracks", tracks_ ? tracks_->save(dir, ensemble_->step()) : nlohmann::json()},
            {"history_t", history_t_},
            {"history_msd", history_msd_},
            {"history_fractional", history_fractional_},
            {"density_snapshots", snapshot_list(density_series_->entries())},
            {"particle_snapshots", points_ ? snapshot_list(points_->entries()) : nlohmann::json()}};
  }

  void load_state(const fs::path& dir, const nlohmann::json& state) override {
    const nlohmann::json now = fingerprint();
    require_same_discretisation(state["model"], now,
                                "only time.end and output may change on a restart");
    ensemble_->load(dir / state["file"].get<std::string>(), state["step"].get<long>());
    history_t_ = state["history_t"].get<std::vector<double>>();
    history_msd_ = state["history_msd"].get<std::vector<double>>();
    history_fractional_ = state["history_fractional"].get<std::vector<double>>();
    density_series_->set_entries(snapshot_entries(state["density_snapshots"]));
    if (points_ && state["particle_snapshots"].is_array())
      points_->set_entries(snapshot_entries(state["particle_snapshots"]));
    if (tracks_) tracks_->load(dir, state["tracks"]);
  }

 private:
  bool has_exact() const { return has_exact_; }
  bool has_exact_vacf() const {
    return model_.model == Model::levy_walk ||
           (model_.is_active() && exact_velocity_autocorrelation(model_, 0).has_value());
  }
  // Lévy flights have no finite MSD for μ < 2; ⟨|Δx|^q⟩ with q = μ/4 is finite, has a finite
  // variance (2q < μ, so it has a standard error) and scales as (Kt)^{q/μ}.
  double fractional_order() const { return model_.model == Model::levy ? model_.levy_mu / 4 : 0; }

  // What a restart must not change: everything that decides the particles' paths (and which
  // of them are tracked, and how often).
  nlohmann::json fingerprint() const {
    nlohmann::json f = model_fingerprint(model_);
    if (tracks_) f["tracks"] = {tracks_settings_.count, tracks_settings_.every};
    return f;
  }

  // The exact MSD at every step that may get a series row, computed at once (the Lévy walk's and
  // ATTM's laws solve a renewal equation).
  void tabulate_exact_msd() {
    has_exact_ = exact_msd(model_, model_.dt).has_value();
    if (!has_exact_) return;
    std::vector<long> steps(log_steps_);
    for (long n = 0; n <= time_.steps; n += std::max(1L, output_.every)) steps.push_back(n);
    steps.push_back(time_.steps);
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    std::vector<double> times;
    for (long n : steps) times.push_back(static_cast<double>(n) * model_.dt);
    const auto values = exact_msd_at(model_, times);
    for (std::size_t i = 0; i < steps.size(); ++i) exact_table_[steps[i]] = (*values)[i];
  }

  double exact_msd_now() const {
    const auto at = exact_table_.find(ensemble_->step());
    return at != exact_table_.end() ? at->second : *exact_msd(model_, ensemble_->time());
  }

  void summarise(nlohmann::json& s, const std::optional<LoopTotals>& totals) {
    const Moments m = ensemble_->moments(fractional_order());
    const double t = ensemble_->time();
    const double count = static_cast<double>(model_.count);
    s["model"] = model_name(model_.model);
    s["count"] = model_.count;
    s["carried_by_flow"] = model_.flow != nullptr;
    s["dt"] = time_.dt;
    s["alive_final"] = m.alive / count;
    s["msd_final"] = m.msd;
    s["msd_axis_final"] =
        std::vector<double>(m.msd_axis.begin(), m.msd_axis.begin() + model_.dim());
    s["msd_standard_error"] = m.msd_standard_error;
    if (has_exact() && t > 0) {
      const double exact = exact_msd_now();
      s["msd_exact_final"] = exact;
      s["msd_relative_error"] = (m.msd - exact) / exact;
      // How many standard errors of the estimate the exact value is away: |z| ≲ 3 is noise.
      s["msd_error_in_standard_errors"] =
          m.msd_standard_error > 0 ? (m.msd - exact) / m.msd_standard_error : 0.0;
    }
    const MsdFit fit = fit_last_decade(history_t_, history_msd_, model_.dim());
    s["msd_exponent"] = fit.points >= 2 ? nlohmann::json(fit.exponent) : nlohmann::json(nullptr);
    s["diffusivity_fit"] =
        fit.points >= 2 ? nlohmann::json(fit.diffusivity) : nlohmann::json(nullptr);
    s["fit_points"] = fit.points;
    if (model_.model == Model::brownian || model_.model == Model::langevin ||
        model_.model == Model::random_walk) {
      s["diffusivity"] = model_.diffusivity;
      s["friction"] = model_.friction;
    }
    if (model_.model == Model::levy) {
      const double q = fractional_order();
      s["fractional_moment_order"] = q;
      s["fractional_moment_final"] = m.fractional_moment;
      s["fractional_moment_standard_error"] = m.fractional_moment_standard_error;
      if (const auto exact = exact_fractional_moment(model_, t, q); exact && t > 0) {
        s["fractional_moment_exact_final"] = *exact;
        s["fractional_moment_error_in_standard_errors"] =
            (m.fractional_moment - *exact) / m.fractional_moment_standard_error;
      }
      // ⟨|Δx|^q⟩ ∝ t^{q/μ}: the spread grows as t^{1/μ}.
      const MsdFit spread = fit_last_decade(history_t_, history_fractional_, model_.dim());
      s["spread_exponent"] =
          spread.points >= 2 ? nlohmann::json(spread.exponent / q) : nlohmann::json(nullptr);
    }
    if (model_.model == Model::langevin) {
      s["v2_final"] = m.v2;
      s["v2_exact"] = model_.kT / model_.mass;
      s["vacf_final"] = m.vacf;
      s["momentum_relaxation_time"] = model_.momentum_relaxation_time();
    }
    if (model_.model == Model::levy_walk) {
      s["v2_final"] = m.v2;
      const auto law = [&](double when) {  // none with walls
        const auto v = exact_velocity_autocorrelation(model_, when);
        return v ? nlohmann::json(*v) : nlohmann::json();
      };
      s["v2_exact"] = law(0);  // v²/d
      s["vacf_final"] = m.vacf;
      s["vacf_exact_final"] = law(t);
    }
    if (model_.is_active()) summarise_active(s, m, t);
    if (model_.model == Model::crowded) {
      s["obstacle_fraction"] = model_.crowded.fraction;
      s["lattice_spacing"] = model_.crowded.spacing;
    }
    double jumps = 0;
    if (model_.model == Model::ctrw) {
      jumps = ensemble_->total_jumps();
      s["jumps"] = jumps;
    }
    if (!totals) return;
    if (totals->solve_s > 0) {
      // A CTRW's steps are only its observation grid: its work is the jumps.
      if (model_.model == Model::ctrw)
        s["jumps_per_s"] = jumps / totals->solve_s;
      else
        s["particle_steps_per_s"] =
            count * static_cast<double>(ensemble_->step()) / totals->solve_s;
    }
  }

  // §8: the persistence time and D_eff, the velocity autocorrelation against its law, and with
  // chemotaxis the drift up the gradient against its exact and linear-response values.
  void summarise_active(nlohmann::json& s, const Moments& m, double t) const {
    s["persistence_time"] = model_.persistence_time();
    s["effective_diffusivity"] = effective_diffusivity(model_);
    s["v2_final"] = m.v2;
    s["vacf_final"] = m.vacf;
    if (const auto law = exact_velocity_autocorrelation(model_, t)) {
      s["vacf_exact_final"] = *law;
      s["v2_exact"] = *exact_velocity_autocorrelation(model_, 0);
    }
    if (model_.model == Model::run_and_tumble)
      s["tumble_mean_cos"] = model_.run_and_tumble.mean_cos();
    if (!chemotactic(model_)) return;
    const int d = model_.dim();
    s["drift_velocity"] = std::vector<double>(m.mean_velocity.begin(), m.mean_velocity.begin() + d);
    s["drift_velocity_standard_error"] = std::vector<double>(
        m.mean_velocity_standard_error.begin(), m.mean_velocity_standard_error.begin() + d);
    if (model_.run_and_tumble.field) return;  // no law in a general attractant
    const auto exact = chemotactic_drift(model_, false);
    const auto linear = chemotactic_drift(model_, true);
    s["drift_velocity_exact"] = std::vector<double>(exact.begin(), exact.begin() + d);
    s["drift_velocity_linear_response"] = std::vector<double>(linear.begin(), linear.begin() + d);
    std::vector<double> z;
    for (int a = 0; a < d; ++a)
      z.push_back(m.mean_velocity_standard_error[a] > 0
                      ? (m.mean_velocity[a] - exact[a]) / m.mean_velocity_standard_error[a]
                      : 0.0);
    s["drift_error_in_standard_errors"] = z;
  }

  ParticleModel model_;
  Footprint footprint_;
  TimeSettings time_;
  SeriesColumns series_columns_;
  OutputSettings output_;
  long sample_ = 1000;
  long per_decade_ = 10;
  MPI_Comm comm_ = MPI_COMM_WORLD;
  std::vector<long> log_steps_;
  std::unique_ptr<Ensemble> ensemble_;
  OwnedDM da_;
  OwnedVec density_;
  std::unique_ptr<FieldSeries> density_series_;
  std::unique_ptr<PointSeries> points_;
  std::vector<double> history_t_, history_msd_, history_fractional_;  ///< series rows, for fits
  bool has_exact_ = false;
  std::map<long, double> exact_table_;  ///< the exact MSD at the steps with series rows
  TrackSettings tracks_settings_;
  std::unique_ptr<TrackReport> tracks_;
};

}  // namespace

std::unique_ptr<CaseKind> make_particles_case() {
  return std::make_unique<ParticlesCase>();
}

}  // namespace fickle
