#include "analysis/field_moments.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include "meshes/dmda.hpp"

namespace fickle {

namespace {

// Σ u h^d, Σ x_a u h^d (3), Σ |x − c|² u h^d, Σ_a |x_a − c_a|^q u h^d: additive over cells and
// ranks.
using MomentSums = std::array<double, 6>;

// The cell volume and the cell centres per axis, as Grid computes them (the same bits), once per
// pass rather than with a division or three per cell.
struct CellGeometry {
  explicit CellGeometry(const Grid& grid) : volume(grid.cell_volume()) {
    for (int a = 0; a < grid.dim; ++a)
      for (std::int64_t i = 0; i < grid.cells[a]; ++i) centres[a].push_back(grid.centre(a, i));
  }
  double volume;
  std::array<std::vector<double>, 3> centres;
};

void add_cell(MomentSums& s, const Grid& grid, const CellGeometry& geometry,
              const std::array<std::int64_t, 3>& idx, double u, const std::array<double, 3>& center,
              double q) {
  const double w = u * geometry.volume;
  s[0] += w;
  for (int a = 0; a < grid.dim; ++a) {
    const double x = geometry.centres[a][static_cast<std::size_t>(idx[a])];
    s[1 + a] += w * x;
    s[4] += w * (x - center[a]) * (x - center[a]);
    if (q > 0) s[5] += w * std::pow(std::abs(x - center[a]), q);
  }
}

FieldMoments moments_of(const MomentSums& s, const Grid& grid) {
  FieldMoments m;
  m.mass = s[0];
  if (m.mass == 0) return m;
  for (int a = 0; a < grid.dim; ++a) m.mean[a] = s[1 + a] / m.mass;
  m.second_moment = s[4] / m.mass;
  m.fractional_moment = s[5] / (grid.dim * m.mass);
  return m;
}

}  // namespace

FieldMoments field_moments(const Grid& grid, const std::vector<double>& values,
                           const std::array<double, 3>& center, double q) {
  MomentSums sums{};
  const CellGeometry geometry(grid);
  const std::int64_t nx = grid.cells[0], ny = grid.cells[1];
  for (std::size_t n = 0; n < values.size(); ++n) {
    const auto i = static_cast<std::int64_t>(n);
    add_cell(sums, grid, geometry, {i % nx, i / nx % ny, i / (nx * ny)}, values[n], center, q);
  }
  return moments_of(sums, grid);
}

FieldMoments field_moments(const Grid& grid, DM da, Vec values, const std::array<double, 3>& center,
                           double q) {
  MomentSums local{}, sums{};
  const CellGeometry geometry(grid);
  const PetscScalar* u = nullptr;
  FICKLE_PETSC(VecGetArrayRead(values, &u));
  for_each_owned_cell(owned_box(da), [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    add_cell(local, grid, geometry, {i, j, k}, PetscRealPart(u[n]), center, q);
  });
  FICKLE_PETSC(VecRestoreArrayRead(values, &u));
  MPI_Allreduce(local.data(), sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                PetscObjectComm(reinterpret_cast<PetscObject>(da)));
  return moments_of(sums, grid);
}

SpreadGrowth SpreadGrowth::at_start(const Grid& grid, DM da, Vec u0) {
  SpreadGrowth s;
  s.center = field_moments(grid, da, u0, {0, 0, 0}).mean;
  s.initial_second_moment = field_moments(grid, da, u0, s.center).second_moment;
  return s;
}

double SpreadGrowth::msd(const Grid& grid, DM da, Vec u) const {
  return field_moments(grid, da, u, center).second_moment - initial_second_moment;
}

nlohmann::json SpreadGrowth::to_json() const {
  return {{"center", center}, {"initial_second_moment", initial_second_moment}};
}

SpreadGrowth SpreadGrowth::from_json(const nlohmann::json& j) {
  return {j.at("center").get<std::array<double, 3>>(), j.at("initial_second_moment").get<double>()};
}

}  // namespace fickle
