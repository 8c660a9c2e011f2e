// Space-fractional (Riesz) diffusion u_t = K Σ_a ∂^μ u/∂|x_a|^μ + s, 1 ≤ μ ≤ 2, in 1D and 2D
// (docs/science.md §3.9–3.11): the fractional centred difference, solvers/fractional/
// space_fractional.hpp. u = 0 outside the domain, or periodic axes.
#include <fmt/format.h>

#include <algorithm>

#include "app/kinds/fractional/fractional_case.hpp"
#include "solvers/fractional/space_fractional.hpp"

namespace fickle {

std::vector<std::string> SpaceFractionalCase::read_equation(Section& root, Section& physics,
                                                            Section& /*time*/) {
  const Grid& g = problem_.grid;
  mu_ =
      physics.real(Key("mu", "order μ of the Riesz derivative (space-fractional)").example("1.5"));
  physics.require(mu_ >= 1 && mu_ <= 2, "mu", "1 <= mu <= 2");
  physics.require(g.dim <= 2, "mu", "a 1D or 2D grid for space-fractional diffusion");
  K_ = physics.real({"K", "generalised diffusivity K_μ [length^μ/time]"}, 1.0);
  physics.require(K_ > 0, "K", "a number > 0");
  problem_.diffusivity.value = K_;
  physics.require(!problem_.source.depends_on_time(), "source",
                  "a source that does not depend on t (space-fractional diffusion)");
  for (int f = 0; f < 2 * g.dim; ++f) {
    const auto& bc = problem_.boundary[f];
    if (bc.type != BoundaryCondition::Type::periodic &&
        !(bc.type == BoundaryCondition::Type::dirichlet && bc.is(0)))
      root.section(keys::boundary)
          .fail(kFaceNames[f],
                "periodic (grid.periodic) or {type: dirichlet, value: 0}: the Riesz "
                "operator takes u = 0 outside the domain");
  }
  log_steps_ = log_spaced_steps(time_.steps, 10);
  // Measured: 0.2 KB per cell, and every rank holds the whole field for the FFT products.
  footprint_.bytes_per_cell = 200;
  footprint_.bytes_per_rank = 16.0 * static_cast<double>(g.cell_count());
  return {"fourier-mode", "stable-density"};
}

std::unique_ptr<FractionalStepper> SpaceFractionalCase::make_solver(MPI_Comm comm) {
  RieszProblem riesz{problem_.grid, mu_, K_, problem_.initial, problem_.source};
  return std::make_unique<SpaceFractionalSolver>(comm, riesz, time_.dt);
}

bool SpaceFractionalCase::records(long step) const {
  if (exact_kind_ != FractionalExact::stable_density) return FieldKind::records(step);
  return std::binary_search(log_steps_.begin(), log_steps_.end(), step);
}

void SpaceFractionalCase::describe(Log& log) const {
  const Grid& g = problem_.grid;
  log.line(fmt::format("fractional: space (Riesz) μ = {:g}, K = {:g}, {}D grid {} cells, {}", mu_,
                       K_, g.dim, g.cell_count(), solver_->solver_description()));
}

void SpaceFractionalCase::summarise(nlohmann::json& s) const {
  s["equation"] = "space-fractional";
  s["mu"] = mu_;
  s["dt"] = time_.dt;
}

nlohmann::json SpaceFractionalCase::discretisation() const {
  nlohmann::json f = shared_discretisation(problem_, K_);
  f["space"] = true;
  f["mu"] = mu_;
  f["dt"] = time_.dt;
  return f;
}

}  // namespace fickle
