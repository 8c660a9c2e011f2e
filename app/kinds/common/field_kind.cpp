#include "app/kinds/common/field_kind.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/field_probes.hpp"
#include "app/input/case_sections.hpp"
#include "app/run/checkpoint_state.hpp"
#include "meshes/dmda.hpp"

namespace fickle {

void FieldKind::read_series_columns_of(Section& root, const Grid& grid) {
  series_columns_ = read_series_columns(root.section(keys::output), grid);
}

void FieldKind::start_field(RunContext& ctx, const Grid& grid, FieldStepper& stepper) {
  grid_ = &grid;
  stepper_ = &stepper;
  fields_ = std::make_unique<FieldSeries>(ctx.run_dir, "u", grid, stepper.dm(), ctx.vtk);
  if (has_exact()) {
    FICKLE_PETSC(DMCreateGlobalVector(stepper.dm(), exact_values_.out()));
    FICKLE_PETSC(DMCreateGlobalVector(stepper.dm(), error_values_.out()));
  }
  mass_initial_ = stepper.mass();
  mass_scale_ = integrate_absolute(grid, stepper.solution());
  spread_ = SpreadGrowth::at_start(grid, stepper.dm(), stepper.solution());
}

ErrorNorms FieldKind::errors() {
  if (!fill_exact(stepper_->time(), exact_values_)) return {NAN, NAN};
  FICKLE_PETSC(VecWAXPY(error_values_, -1.0, exact_values_, stepper_->solution()));
  return relative_errors(stepper_->solution(), exact_values_);
}

std::vector<std::string> FieldKind::observables() const {
  std::vector<std::string> names{"mass", "iterations", "msd"};
  if (has_exact()) names.insert(names.end(), {"l2_rel", "linf_rel"});
  for (const auto& name : series_columns_.probe_names) names.push_back("probe_" + name);
  for (const auto& name : series_columns_.region_names) names.push_back("integral_" + name);
  return names;
}

std::vector<double> FieldKind::observe() {
  std::vector<double> values{stepper_->mass(), static_cast<double>(last_iterations()),
                             spread_.msd(*grid_, stepper_->dm(), stepper_->solution())};
  if (has_exact()) {
    const auto e = errors();
    values.insert(values.end(), {e.l2_rel, e.linf_rel});
    if (std::isfinite(e.l2_rel)) max_l2_ = std::max(max_l2_, e.l2_rel);
  }
  for (double v :
       probe_values(*grid_, stepper_->dm(), stepper_->solution(), series_columns_.probes))
    values.push_back(v);
  for (double v :
       region_integrals(*grid_, stepper_->dm(), stepper_->solution(), series_columns_.regions))
    values.push_back(v);
  return values;
}

void FieldKind::write_snapshot(int index) {
  std::vector<NamedField> fields{{"u", stepper_->solution()}};
  if (has_exact() && std::isfinite(errors().l2_rel)) {
    fields.push_back({"u_exact", exact_values_});
    fields.push_back({"error", error_values_});
  }
  fields_->write(index, stepper_->time(), fields);
}

void FieldKind::summarise_field(nlohmann::json& s, bool finished) {
  s["cells"] = grid_->cell_count();
  s["solver"] = stepper_->solver_description();
  const double mass_final = stepper_->mass();
  s["mass_initial"] = mass_initial_;
  s["mass_final"] = mass_final;
  // Relative to the initial Σ|u| h^d, so that it stays meaningful when the net mass is ~0.
  s["mass_drift"] = mass_scale_ > 0 ? nlohmann::json((mass_final - mass_initial_) / mass_scale_)
                                    : nlohmann::json(nullptr);  // u0 = 0: no scale to compare with
  if (finished && has_exact()) {
    const auto e = errors();
    s["errors"] = {{"l2_rel", e.l2_rel}, {"linf_rel", e.linf_rel}, {"max_l2_rel", max_l2_}};
  }
}

nlohmann::json FieldKind::field_state() const {
  return {{"mass_initial", mass_initial_},
          {"mass_scale", mass_scale_},
          {"spread", spread_.to_json()},
          {"max_l2_rel", max_l2_},
          {"snapshots", snapshot_list(fields_->entries())}};
}

void FieldKind::load_field_state(const nlohmann::json& state) {
  mass_initial_ = state.at("mass_initial");
  mass_scale_ = state.at("mass_scale");
  spread_ = SpreadGrowth::from_json(state.at("spread"));
  max_l2_ = state.value("max_l2_rel", 0.0);
  fields_->set_entries(snapshot_entries(state.at("snapshots")));
}

}  // namespace fickle
