// The `compare` kind: a particle model and the PDE it converges to, run one after the other on the
// same ranks into OUTPUT/runs/{particles,pde} (after an optional stokes `flow` both may ride), then
// compared at their shared snapshot times (app/compare_runs.hpp). Each of flow, particles and pde
// is an inline case (a map with `kind:`), a case directory (a path, or {case: PATH, set: {key:
// value}}), or a finished run ({run: DIR}). docs/compare.md describes the keys.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>

#include "app/input/case_sections.hpp"
#include "app/input/strict_yaml.hpp"
#include "app/kinds/case_kind.hpp"
#include "app/kinds/compare/compare_runs.hpp"
#include "app/run/case_runner.hpp"
#include "app/run/finished_run.hpp"
#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

// One of the runs a compare case makes or uses.
struct SubRun {
  std::string role;  ///< flow, particles or pde: the case key and the folder under runs/
  std::vector<std::string> kinds;
  std::optional<Section> source;  ///< an inline case, or the root of a case file
  bool from_file = false;
  std::string label;  ///< for the log: the case key or path
  fs::path finished;  ///< {run: DIR}: an existing run, not run again
  LoadedCase loaded;
  Grid grid;
  /// The times its snapshots have ({run: DIR}) or will have (its kind's plan); nullopt: unknown.
  std::optional<std::vector<double>> snapshot_times;
};

// `set: {physics: {D: 1}}` as physics.D=1: each leaf its own override, so that a nested map
// changes only the keys it names.
// A key with '=' would end the override's path early and inject the rest as its value; it is
// reported at `top`, the key of `set` it is under.
void flatten(const Section& set, const std::string& top, const std::string& key,
             const YAML::Node& value, std::vector<std::string>& sets) {
  if (key.find('=') != std::string::npos)
    set.fail_found(top, "key names without '='", "'" + key + "'");
  if (!value.IsMap()) {
    sets.push_back(key + "=" + YAML::Dump(value));
    return;
  }
  for (const auto& item : value)
    flatten(set, top, key + "." + item.first.as<std::string>(), item.second, sets);
}

std::string joined(const std::vector<std::string>& kinds) {
  return fmt::format("{}", fmt::join(kinds, " or "));
}

class CompareCase final : public CaseKind {
 public:
  void read(Section& root) override {
    if (root.has("flow")) {
      flow_ = read_sub(root, "flow", {"stokes"});
      root.document()->planned_runs["flow"] = {flow_->grid, flow_->finished};
    }
    particles_ = *read_sub(root, "particles", {"particles"});
    pde_ = *read_sub(root, "pde", {"fick", "fractional"});
    if (!same_cells(particles_.grid, pde_.grid))
      root.fail("pde",
                "a case on the particles' grid (grid.cells, lower and upper as in "
                "particles), so that the histogram and the PDE share their cells");
    if (!root.recording()) check_snapshot_times();  // describe's recorder tries sample values
    Section compare = root.section({"compare", "how the densities are compared"});
    settings_.z_limit = compare.real(
        {"z_limit", "agreement: within this many standard deviations of the noise"}, 3.0);
    compare.require(settings_.z_limit > 0, "z_limit", "a number of standard deviations > 0");
    settings_.plots =
        compare.boolean({"plots", "draw msd, profiles and difference (with output.plots)"}, true);
  }

  // msd.png, profiles.png, difference.png of the comparison (the sub-runs draw their own).
  std::string plot_script() const override { return settings_.plots ? "plot_compare.py" : ""; }

  // The sub-runs run one after the other: each is checked on its own.
  std::vector<Footprint> footprint() const override {
    std::vector<Footprint> all;
    for (const SubRun* sub : {flow_ ? &*flow_ : nullptr, &particles_, &pde_})
      if (sub && sub->loaded.kind)
        for (const auto& f : sub->loaded.kind->footprint()) all.push_back(f);
    return all;
  }

  void run(RunContext& ctx) override {
    // The sub-runs keep their own checkpoints; this one only marks the run as restartable.
    on_root(ctx.comm, [&] {
      write_json(ctx.run_dir / "checkpoint" / "meta.json",
                 {{"kind", "compare"}, {"note", "the runs in runs/ hold their own checkpoints"}});
    });
    const fs::path flow_dir = flow_ ? execute(ctx, *flow_) : fs::path();
    // Absolute: the sub-cases resolve a relative `from` against their own directory.
    if (flow_)
      for (SubRun* sub : {&particles_, &pde_})
        if (sub->source) sub->source->document()->planned_runs["flow"].dir = fs::absolute(flow_dir);
    const fs::path particles_dir = execute(ctx, particles_);
    const fs::path pde_dir = execute(ctx, pde_);
    const auto [p, q] = read_run_pair(particles_dir, pde_dir);
    settings_.vtk = ctx.vtk;
    const nlohmann::json result = compare_runs(ctx.comm, p, q, ctx.run_dir, *ctx.log, settings_);
    for (const auto& [key, value] : result.items()) ctx.summary[key] = value;
    nlohmann::json runs = {{"particles", particles_dir.string()}, {"pde", pde_dir.string()}};
    if (flow_) runs["flow"] = flow_dir.string();
    ctx.summary["runs"] = runs;
  }

 private:
  // Inline cases on one grid for `describe --template`.
  static std::string example_of(const std::string& role) {
    const std::string shared = "grid: {cells: [32, 32]}, time: {end: 0.1, steps: 10}";
    return role == "particles"
               ? "{kind: particles, model: brownian, count: 1000, physics: {D: 1}, " + shared + "}"
           : role == "pde" ? "{kind: fick, " + shared + "}"
                           : "";
  }

  static std::optional<SubRun> read_sub(Section& root, const std::string& role,
                                        const std::vector<std::string>& kinds) {
    SubRun sub;
    sub.role = role;
    sub.kinds = kinds;
    const std::string expected = fmt::format(
        "a {} case: inline (a map with kind: {}), a case directory (a path, or {{case: PATH, "
        "set: {{key: value}}}}) or a finished run ({{run: DIR}})",
        joined(kinds), joined(kinds));
    if (!root.has(role)) root.fail(role, expected + " (this key is required)");
    fs::path case_path;
    std::vector<std::string> sets;
    std::string origin;  ///< where the set: overrides are, for their error messages
    if (!root.is_map(role)) {
      case_path = root.text({role, "a case directory or case.yaml"});
    } else {
      Section s = root.section(
          Key(role, "the " + role + " case: a case map, {run: DIR} or {case: DIR, set: {...}}")
              .example(example_of(role)));
      if (s.has("kind")) {
        sub.source = s;
        sub.label = s.path();
      } else if (s.has("run")) {
        sub.finished = s.text({"run", "a finished run directory to compare as it is"});
        // Absolute: sub-cases in other directories name it as their flow.
        sub.finished = fs::absolute(root.case_directory() / sub.finished);
        root.document()->inputs.push_back(sub.finished);
        try {
          const FinishedRun run = read_finished_run(sub.finished, kinds);
          sub.grid = run.grid;
          sub.snapshot_times.emplace();
          for (const auto& snapshot : run.snapshots) sub.snapshot_times->push_back(snapshot.time);
        } catch (const CaseError& e) {
          s.fail("run", fmt::format("a finished {} run ({})", joined(kinds), e.what()));
        }
        return sub;
      } else if (s.has("case")) {
        case_path = s.text({"case", "a case directory or case.yaml to run"});
        Section overrides = s.section({"set", "--set overrides for that case: {key.path: value}"});
        for (const auto& key : overrides.keys())
          flatten(overrides, key, key, overrides.raw({key, "an override"}), sets);
        origin = s.location("set");
      } else {
        root.fail(role, expected);
      }
    }
    if (!sub.source) {
      if (case_path.is_relative()) case_path = root.case_directory() / case_path;
      std::shared_ptr<CaseDocument> doc;
      try {
        doc = CaseDocument::load(case_file(case_path));
      } catch (const CaseError& e) {
        root.fail(role, fmt::format("{} ({})", expected, e.what()));
      }
      // The flow these sub-cases may name (velocity: {from: flow}) is planned in this document.
      doc->planned_runs = root.document()->planned_runs;
      doc->override_origin = origin;
      for (const auto& s : sets) doc->apply_override(s);
      sub.source = Section::root(doc);
      sub.from_file = true;
      sub.label = case_path.string();
    }
    sub.loaded = load_case(*sub.source, kinds);
    if (sub.from_file) {
      sub.loaded.doc->reject_unknown_keys();
      // What a sub-case reads, this case reads.
      for (const auto& input : sub.loaded.doc->inputs) root.document()->inputs.push_back(input);
    }
    sub.grid = grid_of(sub.loaded.resolved, sub.loaded.file);
    sub.snapshot_times = sub.loaded.kind->snapshot_times();
    return sub;
  }

  // The runs are compared at the snapshot times they share (compare_runs.cpp): refuse a pairing
  // where one has a snapshot the other has not, at the schedule key of the run to be made (the
  // pde, unless it is a finished run).
  void check_snapshot_times() const {
    // Two finished runs are compared at the times they share, whatever made them.
    if (!particles_.snapshot_times || !pde_.snapshot_times ||
        (!particles_.finished.empty() && !pde_.finished.empty()))
      return;
    const auto& p = *particles_.snapshot_times;
    const auto& q = *pde_.snapshot_times;
    double scale = 1e-300;
    for (double t : p) scale = std::max(scale, std::abs(t));
    const auto in = [&](double t, const std::vector<double>& list) {
      return std::any_of(list.begin(), list.end(),
                         [&](double u) { return std::abs(t - u) <= 1e-9 * scale; });
    };
    std::vector<std::string> unmatched;
    for (const auto* list : {&p, &q})
      for (double t : *list)
        if (!in(t, list == &p ? q : p))
          unmatched.push_back(fmt::format("{:g} ({})", t, list == &p ? "particles" : "pde"));
    if (unmatched.empty()) return;
    const SubRun& blamed = pde_.finished.empty() ? pde_ : particles_;
    Section output = Section(*blamed.source).section(keys::output);
    const std::string key = output.has("interval") ? "interval"
                            : output.has("times")  ? "times"
                                                   : "every";
    if (unmatched.size() > 8) {
      unmatched.resize(8);
      unmatched.push_back("...");
    }
    output.fail(key,
                fmt::format("snapshot times that the particles and the pde share (particles at {}; "
                            "pde at {}; without a partner: {}): give both the same output.interval "
                            "or output.times, or the same output.every·time.dt",
                            listed(p), listed(q), fmt::join(unmatched, ", ")));
  }

  static std::string listed(const std::vector<double>& times) {
    std::string s;
    for (std::size_t i = 0; i < times.size() && i < 6; ++i)
      s += fmt::format("{}{:g}", i ? ", " : "", times[i]);
    return s + (times.size() > 6 ? fmt::format(", ... {:g}", times.back()) : "");
  }

  // Runs `sub` into runs/<role> (or reuses it on --restart when it finished) and returns where
  // its output is.
  fs::path execute(RunContext& ctx, SubRun& sub) {
    if (!sub.finished.empty()) {
      ctx.log->line(
          fmt::format("compare: {} from the finished run {}", sub.role, sub.finished.string()));
      return sub.finished;
    }
    const fs::path dir = ctx.run_dir / "runs" / sub.role;
    // Read again: a case that rides the flow can only load its velocity now that it exists.
    if (sub.role != "flow") sub.loaded = load_case(sub.source->reread(), sub.kinds);
    // On --restart a sub-run is reused or continued only if its case has not changed since.
    const bool same_case = ctx.restart && ran_same_case(sub.loaded.resolved, dir);
    if (ctx.restart && !same_case && fs::exists(dir / "resolved.yaml"))
      ctx.log->line(fmt::format("compare: the {} case changed since {} ran: running it again",
                                sub.role, dir.string()));
    if (same_case && fs::exists(dir / "summary.json") &&
        read_json(dir / "summary.json").value("status", "") == "done") {
      ctx.log->line(
          fmt::format("compare: {} finished before the restart: {}", sub.role, dir.string()));
      return dir;
    }
    ctx.log->line(fmt::format("compare: running the {} case ({})", sub.role, sub.label));
    const bool resume = same_case && fs::exists(dir / "checkpoint" / "meta.json");
    RunRequest request{dir, resume ? RunRequest::Restart::yes : RunRequest::Restart::no, sub.label};
    // The sub-runs share the compare run's time limit.
    if (ctx.stop_after > 0) request.stop_after = std::max(1.0, ctx.stop_after - ctx.elapsed());
    const int code = run_loaded_case(ctx.comm, sub.loaded, request);
    if (code == 3)
      throw RunFailure(
          fmt::format("the {} run failed: see {}", sub.role, (dir / "log.txt").string()));
    if (code == 4)
      throw Interrupted(
          fmt::format("compare: stopped during the {} run; continue with "
                      "--restart",
                      sub.role));
    return dir;
  }

  std::optional<SubRun> flow_;
  SubRun particles_, pde_;
  CompareSettings settings_;
};

}  // namespace

std::unique_ptr<CaseKind> make_compare_case() {
  return std::make_unique<CompareCase>();
}

}  // namespace fickle
