#include "solvers/fick/exact_solution.hpp"

#include <cmath>
#include <vector>

#include "meshes/dmda.hpp"

namespace fickle {

namespace {

// Σ over images of exp(−(x − c')²/(2 s²)) along one axis; images farther than ~40 s contribute
// below 1e−300, so a few periods suffice for any s that fits the box.
double gaussian_images_1d(const Grid& grid, int a, double x, double c, double s2) {
  const double L = grid.length(a);
  const int periods = 4 + static_cast<int>(std::ceil(12 * std::sqrt(s2) / L));
  double sum = 0;
  for (int n = -periods; n <= periods; ++n) {
    if (grid.periodic[a]) {
      const double d = x - (c + n * L);
      sum += std::exp(-d * d / (2 * s2));
    } else {
      // Mirror images at zero-flux walls: c' = lower + 2nL ± (c − lower).
      const double d1 = x - (grid.lower[a] + 2 * n * L + (c - grid.lower[a]));
      const double d2 = x - (grid.lower[a] + 2 * n * L - (c - grid.lower[a]));
      sum += std::exp(-d1 * d1 / (2 * s2)) + std::exp(-d2 * d2 / (2 * s2));
    }
  }
  return sum;
}

}  // namespace

std::string exact_solution_incompatibility(ExactSolution exact, const FickProblem& p) {
  if (exact == ExactSolution::none) return {};
  if (!p.diffusivity.is_constant()) return "it needs a constant D";
  if (!p.source.is_constant() || p.source.value != 0) return "it needs no source";
  if (p.reaction) return "it needs no reaction";
  for (int a = 0; a < p.grid.dim; ++a)
    if (!p.velocity_formula[a].is_number()) return "it needs a constant drift";
  using BC = BoundaryCondition::Type;
  using IC = InitialCondition::Type;
  for (int a = 0; a < p.grid.dim; ++a) {
    if (p.grid.periodic[a]) continue;
    if (p.velocity[a] != 0) return "drift is only allowed along periodic axes";
    for (int side = 0; side < 2; ++side) {
      const auto& bc = p.boundary[2 * a + side];
      const char* face = kFaceNames[2 * a + side];
      if (exact == ExactSolution::gaussian_images && !(bc.type == BC::neumann && bc.is(0)))
        return std::string("it needs zero-flux or periodic faces; face ") + face + " is not";
      if (exact == ExactSolution::sine) {
        const bool ok = p.initial.type == IC::sine ? bc.type == BC::dirichlet && bc.is(0)
                                                   : bc.type == BC::neumann && bc.is(0);
        if (!ok)
          return std::string(
                     "a sine mode needs u = 0 faces, a cosine mode zero-flux faces; face ") +
                 face + " has neither";
      }
    }
  }
  if (exact == ExactSolution::gaussian_images && p.initial.type != IC::gaussian)
    return "it needs initial.type gaussian";
  if (exact == ExactSolution::sine && p.initial.type != IC::sine && p.initial.type != IC::cosine)
    return "it needs initial.type sine or cosine";
  if (exact == ExactSolution::sine)
    for (int a = 0; a < p.grid.dim; ++a)
      if (p.grid.periodic[a] && p.initial.modes[a] % 2 != 0)
        return "a mode on a periodic axis needs an even mode number";
  return {};
}

void fill_exact_solution(ExactSolution exact, const FickProblem& p, double t, DM da, Vec u) {
  const Grid& grid = p.grid;
  const double D = p.diffusivity.value;
  const OwnedBox box = owned_box(da);
  // Both solutions are products of one factor per axis: tabulate the factors for the owned cells
  // (O(n) exponentials per axis instead of O(n³) for the whole box).
  std::array<std::vector<double>, 3> factor;
  for (int a = 0; a < 3; ++a) {
    factor[a].assign(box.count[a], 1.0);
    if (a >= grid.dim) continue;
    for (PetscInt i = 0; i < box.count[a]; ++i) {
      const double x = grid.centre(a, box.start[a] + i);
      if (exact == ExactSolution::gaussian_images) {
        // The drifting centre, wrapped back into the box (the image sum covers a few periods only).
        double centre = p.initial.center[a] + p.velocity[a] * t;
        if (grid.periodic[a])
          centre = grid.lower[a] +
                   std::fmod(std::fmod(centre - grid.lower[a], grid.length(a)) + grid.length(a),
                             grid.length(a));
        const double s0 = p.initial.sigma * p.initial.sigma, s2 = s0 + 2 * D * t;
        factor[a][i] = std::sqrt(s0 / s2) * gaussian_images_1d(grid, a, x, centre, s2);
      } else {
        const double k = p.initial.wavenumber(grid, a);
        const double phase = k * (x - p.velocity[a] * t - grid.lower[a]);
        factor[a][i] =
            std::exp(-D * k * k * t) *
            (p.initial.type == InitialCondition::Type::sine ? std::sin(phase) : std::cos(phase));
      }
    }
  }
  PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArray(u, &values));
  for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    values[n] = p.initial.amplitude * factor[0][i - box.start[0]] * factor[1][j - box.start[1]] *
                factor[2][k - box.start[2]];
  });
  FICKLE_PETSC(VecRestoreArray(u, &values));
}

ErrorNorms relative_errors(Vec u, Vec exact) {
  OwnedVec diff;
  FICKLE_PETSC(VecDuplicate(u, diff.out()));
  FICKLE_PETSC(VecWAXPY(diff, -1.0, exact, u));
  PetscReal e2 = 0, einf = 0, n2 = 0, ninf = 0;
  FICKLE_PETSC(VecNorm(diff, NORM_2, &e2));
  FICKLE_PETSC(VecNorm(diff, NORM_INFINITY, &einf));
  FICKLE_PETSC(VecNorm(exact, NORM_2, &n2));
  FICKLE_PETSC(VecNorm(exact, NORM_INFINITY, &ninf));
  return {e2 / n2, einf / ninf};
}

}  // namespace fickle
