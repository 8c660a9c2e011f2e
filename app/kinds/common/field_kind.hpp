// What every kind with one scalar field u on a cell DMDA reports alike (fick, and time- and
// space-fractional diffusion): the snapshots u.pvd (with u_exact and error where an exact solution
// exists at that time), the series columns mass, iterations, msd (+ l2_rel, linf_rel), the
// summary's mass_initial, mass_final, mass_drift and errors, and the checkpoint state behind them.
// A subclass reads its case, builds its FieldStepper and calls start_field(); it adds its own
// summary keys and discretisation checks.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/field_moments.hpp"
#include "app/input/series_columns.hpp"
#include "app/kinds/case_kind.hpp"
#include "app/run/time_loop.hpp"
#include "meshes/grid.hpp"
#include "meshes/vtk_fields.hpp"
#include "solvers/common/field_stepper.hpp"
#include "solvers/fick/exact_solution.hpp"

namespace fickle {

class FieldKind : public CaseKind, public Evolution {
 public:
  // Evolution: the stepper's.
  long step_index() const override { return stepper_->step_index(); }
  double time() const override { return stepper_->time(); }
  int last_iterations() const override { return stepper_->last_linear_iterations(); }
  void advance() override { stepper_->step(); }
  void limit_next_step(double stop) override { stepper_->limit_next_step(stop); }
  std::vector<std::string> observables() const override;
  std::vector<double> observe() override;
  bool records(long step) const override { return series_columns_.records(step); }
  void write_snapshot(int index) override;
  /// u on a line (1D) or slices (2D, 3D), mass and the error when there is an exact solution.
  std::string plot_script() const override { return "plot_fick.py"; }

 protected:
  /// Whether the case has an exact solution, and the solution at time t into `out` (false when
  /// there is none at t, e.g. a point source at t = 0).
  virtual bool has_exact() const = 0;
  virtual bool fill_exact(double t, Vec out) = 0;

  /// output.probes, output.regions and output.series_every: the probe_NAME and integral_NAME
  /// columns and which steps get a row.
  void read_series_columns_of(Section& root, const Grid& grid);
  /// Once the solver exists: the u series in ctx.run_dir, the exact/error vectors, the initial
  /// mass and spread.
  void start_field(RunContext& ctx, const Grid& grid, FieldStepper& stepper);
  /// The summary keys above (errors only when the loop finished).
  void summarise_field(nlohmann::json& s, bool finished);
  /// This class's part of a checkpoint's state, and loading it back.
  nlohmann::json field_state() const;
  void load_field_state(const nlohmann::json& state);

 private:
  /// Refreshes exact_values_ and error_values_ at the current time; NaN norms when there is no
  /// exact solution now.
  ErrorNorms errors();

  const Grid* grid_ = nullptr;
  FieldStepper* stepper_ = nullptr;
  std::unique_ptr<FieldSeries> fields_;
  OwnedVec exact_values_, error_values_;
  double mass_initial_ = 0;
  double mass_scale_ = 0;  ///< Σ|u0| h^d
  SpreadGrowth spread_;    ///< the series' msd column
  double max_l2_ = 0;      ///< largest l2_rel over the series rows
  SeriesColumns series_columns_;
};

}  // namespace fickle
