// The `fractional` kind's two equations, one class each (fractional_case.cpp picks one from
// physics.alpha or physics.mu): time-fractional (Caputo L1, time_fractional_case.cpp) and
// space-fractional (Riesz, space_fractional_case.cpp) diffusion. Both share the Fick kind's grid,
// faces, initial conditions and field reporting (FieldKind), and this base's reading of them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/input/case_sections.hpp"
#include "app/kinds/common/field_kind.hpp"
#include "solvers/fractional/exact_solution.hpp"
#include "solvers/fractional/stepper.hpp"
#include "solvers/fractional/time_fractional.hpp"

namespace fickle {

/// What both equations must keep on a restart: the grid, the faces, K and the source.
nlohmann::json shared_discretisation(const FickProblem& problem, double K);

class FractionalCaseBase : public FieldKind {
 public:
  void read(Section& root) final;
  void run(RunContext& ctx) final;
  nlohmann::json save_state(const std::filesystem::path& dir) final;
  std::vector<Footprint> footprint() const final { return {footprint_}; }
  void load_state(const std::filesystem::path& dir, const nlohmann::json& state) final;
  std::optional<std::vector<double>> snapshot_times() const final;

 protected:
  /// The equation's own keys (physics and time), after the shared sections; returns the names
  /// of the exact solutions it offers (besides none).
  virtual std::vector<std::string> read_equation(Section& root, Section& physics,
                                                 Section& time) = 0;
  virtual std::unique_ptr<FractionalStepper> make_solver(MPI_Comm comm) = 0;
  /// α or μ: the order the exact solution needs.
  virtual double order() const = 0;
  virtual void describe(Log& log) const = 0;
  virtual void summarise(nlohmann::json& s) const = 0;
  /// What a restart must not change, besides the shared grid, faces, K and source.
  virtual nlohmann::json discretisation() const = 0;
  virtual std::string what_may_change_on_restart() const = 0;
  /// The time after n steps (the time mesh is fixed: output times are not landed on).
  virtual double time_at(long n) const = 0;

  bool has_exact() const override {
    return exact_kind_ != FractionalExact::none || !exact_formula_.is_number();
  }
  bool fill_exact(double t, Vec out) override {
    if (exact_formula_.is_number()) return exact_->fill(t, out);
    fill_cell_values(exact_formula_, problem_.grid, t, solver_->dm(), out);
    return true;
  }

  FickProblem problem_;
  Footprint footprint_;  ///< the grid's; the equation sets its memory
  double K_ = 1;
  TimeSettings time_;
  OutputSettings output_;
  FractionalExact exact_kind_ = FractionalExact::none;
  SpaceTimeValue exact_formula_;  ///< exact: {expression: ...}
  std::unique_ptr<FractionalExactSolution> exact_;
  std::unique_ptr<FractionalStepper> solver_;
};

class TimeFractionalCase final : public FractionalCaseBase {
 public:
  double time_step() const override;

 private:
  std::vector<std::string> read_equation(Section& root, Section& physics, Section& time) override;
  std::unique_ptr<FractionalStepper> make_solver(MPI_Comm comm) override;
  double order() const override { return stepping_.alpha; }
  void describe(Log& log) const override;
  void summarise(nlohmann::json& s) const override;
  nlohmann::json discretisation() const override;
  std::string what_may_change_on_restart() const override {
    return "a fractional restart continues the same time mesh: only output may change";
  }

  double time_at(long n) const override { return stepping_.time_at(n); }

  CaputoStepping stepping_;
  std::size_t exponentials_ = 0;
  double kernel_error_ = 0;
  const TimeFractionalSolver* caputo_ = nullptr;
};

class SpaceFractionalCase final : public FractionalCaseBase {
 public:
  double time_step() const override { return time_.dt; }
  /// The stable density is a quadrature per cell: its rows are log-spaced in time.
  bool records(long step) const override;

 private:
  std::vector<std::string> read_equation(Section& root, Section& physics, Section& time) override;
  std::unique_ptr<FractionalStepper> make_solver(MPI_Comm comm) override;
  double order() const override { return mu_; }
  void describe(Log& log) const override;
  void summarise(nlohmann::json& s) const override;
  nlohmann::json discretisation() const override;
  std::string what_may_change_on_restart() const override {
    return "a restart may change output and time.end";
  }

  double time_at(long n) const override { return static_cast<double>(n) * time_.dt; }

  double mu_ = 2;
  std::vector<long> log_steps_;
};

}  // namespace fickle
