#include "solvers/stokes/flow_fields.hpp"

#include <algorithm>
#include <cmath>

#include "solvers/common/boundary.hpp"

namespace fickle {
namespace {

double face_area(const Grid& g, int a) {
  double area = 1;
  for (int b = 0; b < g.dim; ++b)
    if (b != a) area *= g.spacing(b);
  return area;
}

}  // namespace

FlowFields::FlowFields(const StokesSolver& solver) : solver_(solver), mac_(solver.mac()) {
  FICKLE_PETSC(DMCreateLocalVector(mac_.box_dm(), local_.out()));
  FICKLE_PETSC(DMGlobalToLocal(mac_.box_dm(), solver.solution(), INSERT_VALUES, local_));
  FICKLE_PETSC(VecGetArrayRead(local_, &x_));
}

FlowFields::~FlowFields() {
  VecRestoreArrayRead(local_, &x_);
}

double FlowFields::face_velocity(int a, Index3 idx) const {
  if (mac_.face_exists(a, idx)) return PetscRealPart(x_[mac_.local_index({a, idx})]);
  const Grid& g = mac_.grid();
  for (int b = 0; b < mac_.dim(); ++b) {
    if (b == a || (idx[b] >= 0 && idx[b] < g.cells[b])) continue;
    const int side = idx[b] < 0 ? 0 : 1;
    idx[b] = side == 0 ? 0 : g.cells[b] - 1;
    const double inner = face_velocity(a, idx);
    const auto& bc = solver_.problem().boundary[2 * b + side];
    if (bc.type != StokesBoundary::Type::wall) return inner;  // free slip and open faces mirror
    idx[b] += side == 0 ? 1 : -1;  // the operator's quadratic ghost (stokes_operator.cpp)
    return (8 * bc.velocity[a] - 6 * inner + face_velocity(a, idx)) / 3;
  }
  throw std::logic_error("face_velocity: a face beyond the box along its own axis");
}

double FlowFields::pressure(const Index3& cell) const {
  return solver_.op().pressure_scale() * PetscRealPart(x_[mac_.local_index({MacDof::kCell, cell})]);
}

std::array<double, 3> FlowFields::cell_velocity(const Index3& cell) const {
  std::array<double, 3> u{0, 0, 0};
  for (int a = 0; a < mac_.dim(); ++a)
    u[a] = 0.5 * (face_velocity(a, cell) + face_velocity(a, shifted(cell, a, 1)));
  return u;
}

std::array<double, 3> FlowFields::vorticity(const Index3& cell) const {
  const Grid& g = mac_.grid();
  // ω_c = ∂u_b/∂x_a − ∂u_a/∂x_b on the edges along c, (a, b, c) cyclic.
  auto edge = [&](int a, int b, const Index3& e) {
    return (face_velocity(b, e) - face_velocity(b, shifted(e, a, -1))) / g.spacing(a) -
           (face_velocity(a, e) - face_velocity(a, shifted(e, b, -1))) / g.spacing(b);
  };
  auto component = [&](int a, int b) {
    return 0.25 *
           (edge(a, b, cell) + edge(a, b, shifted(cell, a, 1)) + edge(a, b, shifted(cell, b, 1)) +
            edge(a, b, shifted(shifted(cell, a, 1), b, 1)));
  };
  if (mac_.dim() == 2) return {0, 0, component(0, 1)};
  return {component(1, 2), component(2, 0), component(0, 1)};
}

double FlowFields::divergence(const Index3& cell) const {
  double div = 0;
  for (int a = 0; a < mac_.dim(); ++a)
    div +=
        (face_velocity(a, shifted(cell, a, 1)) - face_velocity(a, cell)) / mac_.grid().spacing(a);
  return div;
}

double FlowFields::divergence_max() const {
  double local = 0, global = 0;
  mac_.for_each_owned_cell([&](const Index3& idx) {
    if (!solver_.op().is_pinned(idx)) local = std::max(local, std::abs(divergence(idx)));
  });
  FICKLE_PETSC(MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, mac_.comm()));
  return global;
}

std::vector<std::pair<std::string, double>> FlowFields::boundary_fluxes() const {
  const Grid& g = mac_.grid();
  const auto& boundary = solver_.problem().boundary;
  std::vector<std::pair<std::string, double>> fluxes;
  std::array<double, 6> local{0, 0, 0, 0, 0, 0}, global{};
  mac_.for_each_owned_face([&](int a, const Index3& idx) {
    if (g.periodic[a]) {
      if (idx[a] == 0) local[2 * a] += face_velocity(a, idx) * face_area(g, a);
    } else if (idx[a] == 0) {
      local[2 * a] -= face_velocity(a, idx) * face_area(g, a);
    } else if (idx[a] == g.cells[a]) {
      local[2 * a + 1] += face_velocity(a, idx) * face_area(g, a);
    }
  });
  FICKLE_PETSC(MPI_Allreduce(local.data(), global.data(), 6, MPI_DOUBLE, MPI_SUM, mac_.comm()));
  for (int f = 0; f < 2 * g.dim; ++f) {
    const int a = f / 2;
    if (g.periodic[a]) {
      if (f % 2 == 0) fluxes.emplace_back(std::string(1, "xyz"[a]), global[f]);
      continue;
    }
    const auto& bc = boundary[f];
    if (bc.type == StokesBoundary::Type::pressure ||
        (bc.type == StokesBoundary::Type::wall && bc.velocity[a] != 0))
      fluxes.emplace_back(kFaceNames[f], global[f]);
  }
  return fluxes;
}

std::array<double, 3> FlowFields::mean_velocity() const {
  const Grid& g = mac_.grid();
  std::array<double, 3> local{0, 0, 0}, global{0, 0, 0};
  mac_.for_each_owned_face([&](int a, const Index3& idx) {
    const double weight = mac_.on_boundary(a, idx) ? 0.5 : 1.0;  // trapezoid rule along a
    local[a] += weight * face_velocity(a, idx);
  });
  FICKLE_PETSC(MPI_Allreduce(local.data(), global.data(), 3, MPI_DOUBLE, MPI_SUM, mac_.comm()));
  for (int a = 0; a < g.dim; ++a) global[a] /= static_cast<double>(g.cell_count());
  return global;
}

Streamfunction FlowFields::streamfunction() const {
  const Grid& g = mac_.grid();
  if (g.dim != 2) throw std::logic_error("the streamfunction is defined in 2D only");
  const PetscInt nx = g.cells[0], ny = g.cells[1];
  // The x-face velocities of every column and the y-face velocities along the bottom row.
  std::vector<double> u(static_cast<std::size_t>((nx + 1) * ny + nx), 0.0);
  mac_.for_each_owned_face([&](int a, const Index3& idx) {
    if (a == 0) u[idx[1] * (nx + 1) + idx[0]] = face_velocity(0, idx);
    if (a == 1 && idx[1] == 0) u[(nx + 1) * ny + idx[0]] = face_velocity(1, idx);
  });
  FICKLE_PETSC(MPI_Allreduce(MPI_IN_PLACE, u.data(), static_cast<int>(u.size()), MPI_DOUBLE,
                             MPI_SUM, mac_.comm()));
  if (g.periodic[0])
    for (PetscInt j = 0; j < ny; ++j) u[j * (nx + 1) + nx] = u[j * (nx + 1)];

  Streamfunction psi;
  psi.vertices = {nx + 1, ny + 1};
  psi.values.assign(static_cast<std::size_t>((nx + 1) * (ny + 1)), 0.0);
  const double hx = g.spacing(0), hy = g.spacing(1);
  auto at = [&](PetscInt i, PetscInt j) -> double& { return psi.values[j * (nx + 1) + i]; };
  for (PetscInt i = 0; i < nx; ++i) at(i + 1, 0) = at(i, 0) - u[(nx + 1) * ny + i] * hx;
  for (PetscInt i = 0; i <= nx; ++i)
    for (PetscInt j = 0; j < ny; ++j) at(i, j + 1) = at(i, j) + u[j * (nx + 1) + i] * hy;

  const auto smallest = std::min_element(psi.values.begin(), psi.values.end());
  const auto n = static_cast<PetscInt>(smallest - psi.values.begin());
  const PetscInt i = n % (nx + 1), j = n / (nx + 1);
  psi.min = *smallest;
  psi.min_at = {g.lower[0] + i * hx, g.lower[1] + j * hy};
  if (i > 0 && i < nx && j > 0 && j < ny) {
    // Newton step on the local quadratic: δ = −H⁻¹∇ψ, ψ_min = ψ + ½ ∇ψ·δ.
    const double c = at(i, j);
    const double gx = (at(i + 1, j) - at(i - 1, j)) / (2 * hx);
    const double gy = (at(i, j + 1) - at(i, j - 1)) / (2 * hy);
    const double hxx = (at(i + 1, j) - 2 * c + at(i - 1, j)) / (hx * hx);
    const double hyy = (at(i, j + 1) - 2 * c + at(i, j - 1)) / (hy * hy);
    const double hxy =
        (at(i + 1, j + 1) - at(i - 1, j + 1) - at(i + 1, j - 1) + at(i - 1, j - 1)) / (4 * hx * hy);
    const double det = hxx * hyy - hxy * hxy;
    if (hxx > 0 && det > 0) {
      const double dx = -(hyy * gx - hxy * gy) / det, dy = -(hxx * gy - hxy * gx) / det;
      if (std::abs(dx) <= hx && std::abs(dy) <= hy) {
        psi.min = c + 0.5 * (gx * dx + gy * dy);
        psi.min_at = {psi.min_at[0] + dx, psi.min_at[1] + dy};
      }
    }
  }
  return psi;
}

}  // namespace fickle
