#include "solvers/fractional/exact_solution.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include "meshes/dmda.hpp"
#include "solvers/fick/exact_solution.hpp"
#include "solvers/fractional/mittag_leffler.hpp"
#include "solvers/fractional/stable_density.hpp"

namespace fickle {

std::string fractional_exact_incompatibility(FractionalExact exact, const FickProblem& problem) {
  const Grid& g = problem.grid;
  const bool sourceless = problem.source.is_constant() && problem.source.value == 0;
  if (exact == FractionalExact::mittag_leffler_sine || exact == FractionalExact::fourier_mode) {
    const std::string name =
        exact == FractionalExact::fourier_mode ? "fourier-mode" : "mittag-leffler-sine";
    if (const auto why = exact_solution_incompatibility(ExactSolution::sine, problem); !why.empty())
      return "an exact solution that fits this case (" + name + ": " + why + ")";
    if (!sourceless || !problem.diffusivity.is_constant())
      return name + " needs a constant K and no source";
  }
  // A Fourier mode decays exactly only without faces: u = 0 outside the domain starts at the
  // exterior cell centres, half a cell past the face, which a sine mode does not satisfy.
  if (exact == FractionalExact::fourier_mode)
    for (int a = 0; a < g.dim; ++a)
      if (!g.periodic[a]) return "fourier-mode: every axis periodic (grid.periodic)";
  if (exact == FractionalExact::stable_density) {
    if (problem.initial.type != InitialCondition::Type::delta)
      return "stable-density: a point source (initial.type delta)";
    if (!sourceless) return "stable-density: no source (the free-space density has none)";
    for (int a = 0; a < g.dim; ++a)
      if (g.periodic[a]) return "stable-density: no periodic axis (it is the free-space density)";
  }
  return {};
}

FractionalExactSolution::FractionalExactSolution(FractionalExact kind, const FickProblem& problem,
                                                 double order, double K, DM da)
    : kind_(kind), problem_(problem), order_(order), K_(K), da_(da) {
  if (kind_ == FractionalExact::mittag_leffler_sine || kind_ == FractionalExact::fourier_mode) {
    FICKLE_PETSC(DMCreateGlobalVector(da_, mode_.out()));
    fill_exact_solution(ExactSolution::sine, problem_, 0.0, da_, mode_);
  }
}

bool FractionalExactSolution::fill(double t, Vec out) const {
  const Grid& g = problem_.grid;
  switch (kind_) {
    case FractionalExact::none:
      return false;
    case FractionalExact::stable_density: {
      if (t == 0) return false;
      // A product of 1D densities: one per owned cell index and axis, then multiplied per cell.
      const OwnedBox box = owned_box(da_);
      std::array<std::vector<double>, 3> factor;
      for (int a = 0; a < 3; ++a) {
        factor[a].assign(static_cast<std::size_t>(box.count[a]), 1.0);
        if (a >= g.dim) continue;
        for (PetscInt i = 0; i < box.count[a]; ++i)
          factor[a][i] = stable_density(g.centre(a, box.start[a] + i) - problem_.initial.center[a],
                                        order_, K_ * t);
      }
      PetscScalar* values = nullptr;
      FICKLE_PETSC(VecGetArray(out, &values));
      for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
        values[n] = problem_.initial.mass * factor[0][i - box.start[0]] *
                    factor[1][j - box.start[1]] * factor[2][k - box.start[2]];
      });
      FICKLE_PETSC(VecRestoreArray(out, &values));
      return true;
    }
    case FractionalExact::mittag_leffler_sine:
    case FractionalExact::fourier_mode: {
      // u0 times E_α(−K|k|² t^α) or exp(−K Σ_a |k_a|^μ t).
      double decay = 0;
      if (kind_ == FractionalExact::mittag_leffler_sine) {
        double k2 = 0;
        for (int a = 0; a < g.dim; ++a)
          k2 += std::pow(problem_.initial.modes[a] * std::numbers::pi / g.length(a), 2);
        decay = mittag_leffler(order_, K_ * k2 * std::pow(t, order_));
      } else {
        double symbol = 0;
        for (int a = 0; a < g.dim; ++a)
          symbol += std::pow(problem_.initial.modes[a] * std::numbers::pi / g.length(a), order_);
        decay = std::exp(-K_ * symbol * t);
      }
      FICKLE_PETSC(VecCopy(mode_, out));
      FICKLE_PETSC(VecScale(out, decay));
      return true;
    }
  }
  return false;
}

}  // namespace fickle
