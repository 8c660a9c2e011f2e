// Time-fractional (Caputo) diffusion ∂^α_t u = ∇·(K∇u) + s, 0 < α < 1 (docs/science.md §3.5–3.8):
// the L1 scheme on a uniform or graded time mesh with a direct or fast (sum-of-exponentials)
// history, solvers/fractional/time_fractional.hpp.
#include <fmt/format.h>

#include <algorithm>

#include "app/kinds/fractional/fractional_case.hpp"
#include "solvers/fractional/time_fractional.hpp"

namespace fickle {

std::vector<std::string> TimeFractionalCase::read_equation(Section& /*root*/, Section& physics,
                                                           Section& time) {
  const Grid& g = problem_.grid;
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
  // Measured: 1.5 KB per cell with the fast history (≈ 70 exponentials); the direct one keeps an
  // increment vector per step.
  footprint_.bytes_per_cell = stepping_.history == CaputoHistory::fast
                                  ? 1500
                                  : 800 + 8.0 * static_cast<double>(time_.steps);
  return {"mittag-leffler-sine"};
}

std::unique_ptr<FractionalStepper> TimeFractionalCase::make_solver(MPI_Comm comm) {
  auto solver = std::make_unique<TimeFractionalSolver>(comm, problem_, stepping_);
  exponentials_ = solver->exponentials();
  kernel_error_ = solver->kernel_error();
  caputo_ = solver.get();
  return solver;
}

double TimeFractionalCase::time_step() const {
  const long n = std::max(1L, step_index());
  return stepping_.time_at(n) - stepping_.time_at(n - 1);
}

void TimeFractionalCase::describe(Log& log) const {
  const Grid& g = problem_.grid;
  const bool graded = stepping_.mesh == TimeMesh::graded;
  log.line(fmt::format(
      "fractional: time (Caputo L1) α = {:g}, {}D grid {} cells, {} mesh{}, {} history{}, {}",
      stepping_.alpha, g.dim, g.cell_count(), graded ? "graded" : "uniform",
      graded ? fmt::format(" (r = {:.4g}, first step {:.3g})", stepping_.grading_exponent(),
                           stepping_.time_at(1))
             : std::string(),
      stepping_.history == CaputoHistory::fast ? "fast" : "direct",
      exponentials_
          ? fmt::format(" ({} exponentials, kernel error {:.2g})", exponentials_, kernel_error_)
          : std::string(),
      solver_->solver_description()));
}

void TimeFractionalCase::summarise(nlohmann::json& s) const {
  s["equation"] = "time-fractional";
  s["alpha"] = stepping_.alpha;
  s["mesh"] = stepping_.mesh == TimeMesh::graded ? "graded" : "uniform";
  s["grading"] = stepping_.grading_exponent();
  s["first_step"] = stepping_.time_at(1);
  s["history"] = stepping_.history == CaputoHistory::fast ? "fast" : "direct";
  s["n_exp"] = exponentials_;
  if (exponentials_) s["kernel_error"] = kernel_error_;
  s["operator_assemblies"] = caputo_->operator_assemblies();
}

nlohmann::json TimeFractionalCase::discretisation() const {
  nlohmann::json f = shared_discretisation(problem_, K_);
  f["space"] = false;
  f["alpha"] = stepping_.alpha;
  f["end"] = stepping_.end;
  f["steps"] = stepping_.steps;
  f["mesh"] = stepping_.mesh == TimeMesh::graded ? "graded" : "uniform";
  f["grading"] = stepping_.grading_exponent();
  f["history"] = stepping_.history == CaputoHistory::fast ? "fast" : "direct";
  f["tolerance"] = stepping_.tolerance;
  f["n_exp"] = exponentials_;
  return f;
}

}  // namespace fickle
