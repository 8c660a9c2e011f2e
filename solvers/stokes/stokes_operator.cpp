#include "solvers/stokes/stokes_operator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace fickle {

StokesOperator::StokesOperator(const MacGrid& mac, const StokesProblem& problem)
    : mac_(mac), problem_(problem) {
  // The pressure unknown is p / s with s = η_min / h̄ (h̄ the mean spacing; PETSc ex4's K_cont),
  // so that momentum and continuity residuals have the same size and the outer tolerance
  // controls ∇·u as much as the momentum balance.
  double h = 0;
  for (int a = 0; a < mac.dim(); ++a) h += mac.grid().spacing(a) / mac.dim();
  pressure_scale_ = problem.viscosity.min() / h;
  classify_faces();
}

void StokesOperator::classify_faces() {
  const auto n = static_cast<std::size_t>(mac_.local_size());
  if (problem_.obstacles.size() >= kNoBody)
    throw std::invalid_argument(fmt::format("at most {} obstacles (the case has {})", kNoBody - 1,
                                            problem_.obstacles.size()));
  flags_.assign(n, 0);
  body_.assign(n, kNoBody);
  const int dim = mac_.dim();
  const Index3& gs = mac_.ghost_start();
  const Index3& gc = mac_.ghost_count();
  for (PetscInt k = gs[2]; k < gs[2] + gc[2]; ++k)
    for (PetscInt j = gs[1]; j < gs[1] + gc[1]; ++j)
      for (PetscInt i = gs[0]; i < gs[0] + gc[0]; ++i) {
        const Index3 idx{i, j, k};
        for (int a = 0; a < dim; ++a) {
          if (!mac_.face_exists(a, idx)) continue;
          const PetscInt local = mac_.local_index({a, idx});
          if (mac_.on_boundary(a, idx)) {
            // Box faces follow their boundary condition, also where a body touches them.
            const auto& bc = box_face(a, idx);
            if (bc.type == StokesBoundary::Type::wall || bc.type == StokesBoundary::Type::free_slip)
              flags_[local] |= kFixed;
            continue;
          }
          const int body = problem_.obstacle_at(mac_.face_centre(a, mac_.wrap(idx)));
          if (body >= 0) {
            body_[local] = static_cast<std::uint16_t>(body);
            flags_[local] |= kFixed;
          }
        }
      }
  classify_forced_faces();
  // A cell whose faces are all known or forced has no continuity equation left (its pressure
  // appears in no momentum row): its pressure is pinned.
  PetscInt fluid = 0;
  for (PetscInt k = gs[2]; k < gs[2] + gc[2]; ++k)
    for (PetscInt j = gs[1]; j < gs[1] + gc[1]; ++j)
      for (PetscInt i = gs[0]; i < gs[0] + gc[0]; ++i) {
        const Index3 idx{i, j, k};
        if (!mac_.cell_exists(idx)) continue;
        bool all_known = true;
        for (int a = 0; a < dim && all_known; ++a)
          for (const Index3& f : {idx, shifted(idx, a, 1)})
            all_known = all_known && in_ghost_box(f) &&
                        (is_fixed({a, f}) || forced_.count(mac_.local_index({a, f})) > 0);
        if (all_known) flags_[mac_.local_index({MacDof::kCell, idx})] |= kPinned;
      }
  mac_.for_each_owned_cell([&](const Index3& idx) { fluid += is_pinned(idx) ? 0 : 1; });
  FICKLE_PETSC(MPI_Allreduce(&fluid, &fluid_cells_, 1, MPIU_INT, MPI_SUM, mac_.comm()));
  find_balance_cell();
}

PetscInt StokesOperator::natural_index(const Index3& cell) const {
  const auto& n = problem_.grid.cells;
  return cell[0] + n[0] * (cell[1] + n[1] * cell[2]);
}

void StokesOperator::find_balance_cell() {
  // The continuity rows of the fluid cells sum to minus the net flux out of the pinned cells.
  // With body faces only (u = u_B) that flux is identically zero and one continuity row is
  // redundant, matching the constant-pressure null space. A forced face between a pinned cell and
  // a fluid cell carries an interpolated, non-zero flux: then the rows are independent, the system
  // has one more equation than the pressure can satisfy, and an iterative solver stalls at the
  // least-squares residual (docs/science.md §4.5). Often that flux vanishes to rounding and the
  // rows stay compatible (the centred sphere at 16³, 32³, 64³); where it does not (20³, 24³) one
  // equation must go (StokesSolver::solve retries without it): the continuity of a
  // fluid cell next to such a face, so that the mass defect stays at the body's surface, where it
  // is made. The lowest natural index among them is taken: the same cell on any rank count.
  const int dim = mac_.dim();
  PetscInt best = std::numeric_limits<PetscInt>::max();
  mac_.for_each_owned_cell([&](const Index3& idx) {
    if (is_pinned(idx)) return;
    for (int a = 0; a < dim; ++a)
      for (const int side : {0, 1}) {
        const Index3 face = shifted(idx, a, side);
        const Index3 other = shifted(idx, a, 2 * side - 1);
        if (forced_.count(mac_.local_index({a, face})) == 0 || !mac_.cell_exists(other) ||
            !in_ghost_box(other) || !is_pinned(other))
          continue;
        best = std::min(best, natural_index(idx));
      }
  });
  FICKLE_PETSC(MPI_Allreduce(&best, &balance_cell_, 1, MPIU_INT, MPI_MIN, mac_.comm()));
  if (balance_cell_ == std::numeric_limits<PetscInt>::max()) balance_cell_ = -1;
}

void StokesOperator::classify_forced_faces() {
  // Interpolated direct forcing (Fadlun et al. 2000, Tseng & Ferziger 2003; docs/science.md
  // §4.5): a fluid face with a neighbour inside an interpolated body along a grid line. Along the
  // line where the surface is nearest (θ h away, the line closest to the normal) the velocity is
  // the quadratic through the body's u_B at the surface and the next two fluid faces u', u'' on
  // the other side, h and 2h away:
  //   u = 2 u_B/((1 + θ)(2 + θ)) + 2θ u'/(1 + θ) − θ u''/(2 + θ),
  // or the linear (u_B + θ u')/(1 + θ) when u'' is not fluid.
  bool any = false;
  for (const auto& o : problem_.obstacles)
    any = any || o.surface == Obstacle::Surface::interpolated;
  if (!any) return;
  const int dim = mac_.dim();
  const Index3& gs = mac_.ghost_start();
  const Index3& gc = mac_.ghost_count();
  // Faces beyond the ghost layer are classified from the geometry (the same test as classify).
  auto body_of = [&](int a, const Index3& idx) {
    if (in_ghost_box(idx)) return body_at(mac_.local_index({a, idx}));
    if (mac_.on_boundary(a, idx)) return -1;
    return problem_.obstacle_at(mac_.face_centre(a, mac_.wrap(idx)));
  };
  std::vector<std::pair<PetscInt, int>> forced_body;  // body_ changes only after the search
  for (PetscInt k = gs[2]; k < gs[2] + gc[2]; ++k)
    for (PetscInt j = gs[1]; j < gs[1] + gc[1]; ++j)
      for (PetscInt i = gs[0]; i < gs[0] + gc[0]; ++i)
        for (int a = 0; a < dim; ++a) {
          const Index3 idx{i, j, k};
          if (!mac_.face_exists(a, idx) || mac_.on_boundary(a, idx)) continue;
          const PetscInt self = mac_.local_index({a, idx});
          if (fixed(self)) continue;
          const auto x = mac_.face_centre(a, idx);
          double best = 2;
          for (int d = 0; d < dim; ++d)
            for (const int side : {-1, 1}) {
              const Index3 nb = shifted(idx, d, side), opposite = shifted(idx, d, -side);
              if (!mac_.face_exists(a, nb) || !mac_.face_exists(a, opposite)) continue;
              const int body = body_of(a, nb);
              if (body < 0 || problem_.obstacles[body].surface != Obstacle::Surface::interpolated)
                continue;
              if (body_of(a, opposite) >= 0) continue;  // a gap one face wide
              const double theta = problem_.surface_fraction(body, x, mac_.face_centre(a, nb));
              if (theta >= best) continue;
              best = theta;
              const Index3 after = shifted(opposite, d, -side);
              const double u_b = problem_.obstacles[body].velocity[a];
              if (mac_.face_exists(a, after) && body_of(a, after) < 0)
                // Lagrange through u_B at −θh, u' at h, u'' at 2h, evaluated at 0.
                forced_[self] = {
                    {a, opposite}, {a, after}, 2 * theta / (1 + theta), -theta / (2 + theta), u_b};
              else
                forced_[self] = {{a, opposite}, {a, opposite}, theta / (1 + theta), 0.0, u_b};
              if (forced_body.empty() || forced_body.back().first != self)
                forced_body.emplace_back(self, body);
              forced_body.back().second = body;
            }
        }
  // The forced faces count towards their body's drag (the force that holds them, §4.6).
  for (const auto& [local, body] : forced_body) body_[local] = static_cast<std::uint16_t>(body);
}

StencilRow StokesOperator::forced_row(int a, const Index3& idx, const Forcing& f) const {
  const double s = identity_scale(mac_.cell_exists(idx) ? idx : shifted(idx, a, -1));
  StencilRow row;
  row.add({a, idx}, s);
  row.add(f.next, -s * f.weight);
  if (f.weight_after != 0) row.add(f.after, -s * f.weight_after);
  row.rhs = s * (1 - f.weight - f.weight_after) * f.body_velocity;
  return row;
}

double StokesOperator::fixed_velocity(const MacDof& face) const {
  const int a = face.axis;
  const Index3& idx = face.idx;
  if (mac_.on_boundary(a, idx)) {
    const auto& bc = box_face(a, idx);
    return bc.type == StokesBoundary::Type::wall ? bc.velocity_at(a, mac_.face_centre(a, idx))
                                                 : 0.0;
  }
  return problem_.obstacles[body_at(mac_.local_index(face))].velocity[a];
}

bool StokesOperator::in_ghost_box(const Index3& idx) const {
  const Index3& gs = mac_.ghost_start();
  const Index3& gc = mac_.ghost_count();
  for (int a = 0; a < 3; ++a)
    if (idx[a] < gs[a] || idx[a] >= gs[a] + gc[a]) return false;
  return true;
}

double StokesOperator::viscosity(const Index3& cell) const {
  Index3 idx = mac_.wrap(cell);
  for (int a = 0; a < mac_.dim(); ++a)
    idx[a] = std::clamp<PetscInt>(idx[a], 0, mac_.grid().cells[a] - 1);
  return problem_.viscosity.at(mac_.cell_centre(idx), mac_.dim());
}

double StokesOperator::schur_diagonal(const Index3& cell) const {
  return -cell_volume() * pressure_scale_ * pressure_scale_ / viscosity(cell);
}

double StokesOperator::identity_scale(const Index3& cell) const {
  double s = 0;
  for (int a = 0; a < mac_.dim(); ++a) s += 2.0 / (mac_.grid().spacing(a) * mac_.grid().spacing(a));
  return cell_volume() * viscosity(cell) * s;
}

StencilRow StokesOperator::momentum_row(int a, const Index3& idx) const {
  const Grid& g = mac_.grid();
  const double dv = cell_volume();
  StencilRow row;
  double diag = 0;
  row.rhs = dv * (problem_.force_field ? problem_.force_field(mac_.face_centre(a, idx))[a]
                                       : problem_.force[a]);

  // Normal direction: η at the cell centres on either side, ∂²u_a/∂x_a².
  const double ha = g.spacing(a);
  const Index3 right = idx, left = shifted(idx, a, -1);
  const bool has_right = mac_.cell_exists(right), has_left = mac_.cell_exists(left);
  const double k_right = has_right ? dv * viscosity(right) / (ha * ha) : 0.0;
  const double k_left = has_left ? dv * viscosity(left) / (ha * ha) : 0.0;
  if (has_right && has_left) {
    diag += k_right + k_left;
    row.add({a, shifted(idx, a, 1)}, -k_right);
    row.add({a, left}, -k_left);
    row.add({MacDof::kCell, right}, pressure_scale_ * dv / ha);
    row.add({MacDof::kCell, left}, -pressure_scale_ * dv / ha);
  } else {
    // An open face: the ghost face mirrors the inner one (∂u/∂n = 0), the ghost cell's pressure
    // is 2 p_b − p so that the face carries p_b.
    const bool lower = has_right;
    const double k = lower ? k_right : k_left;
    const double p_b = problem_.boundary[2 * a + (lower ? 0 : 1)].pressure;
    diag += 2 * k;
    row.add({a, shifted(idx, a, lower ? 1 : -1)}, -2 * k);
    row.add({MacDof::kCell, lower ? right : left}, (lower ? 2 : -2) * pressure_scale_ * dv / ha);
    row.rhs += (lower ? 2 : -2) * dv * p_b / ha;
  }

  // Transverse directions: the flux between this face and the next along b crosses from one
  // layer of cells to the next, so η at the edge is the harmonic mean of the two layers, each
  // the arithmetic mean of its cells (exact for layered shear flow).
  auto layer = [&](const Index3& a_cell, const Index3& b_cell) {
    double sum = 0;
    int n = 0;
    for (const Index3& c : {a_cell, b_cell})
      if (mac_.cell_exists(c)) {
        sum += viscosity(c);
        ++n;
      }
    return n ? sum / n : 0.0;
  };
  const double own_layer = layer(right, left);
  for (int b = 0; b < mac_.dim(); ++b) {
    if (b == a) continue;
    const double hb = g.spacing(b);
    for (const int side : {-1, 1}) {
      const double next_layer = layer(shifted(right, b, side), shifted(left, b, side));
      const double eta = next_layer > 0 ? 2 * own_layer * next_layer / (own_layer + next_layer)
                                        : own_layer;  // a wall: the inner layer alone
      const double k = dv * eta / (hb * hb);
      const Index3 next = shifted(idx, b, side);
      if (mac_.face_exists(a, next)) {
        diag += k;
        row.add({a, next}, -k);
        continue;
      }
      const auto& bc = problem_.boundary[2 * b + (side < 0 ? 0 : 1)];
      if (bc.type == StokesBoundary::Type::wall) {
        // The quadratic through u_wall, u and the next face inward: ghost (8 u_w − 6 u + u')/3.
        // It makes plane Poiseuille flow exact; the linear ghost 2 u_w − u is off by O(h²).
        diag += 3 * k;
        row.add({a, shifted(idx, b, -side)}, -k / 3);
        // u_w where the face's line meets the wall (a profile's value there).
        auto on_wall = mac_.face_centre(a, idx);
        on_wall[b] = side < 0 ? g.lower[b] : g.upper[b];
        row.rhs += 8.0 / 3.0 * k * bc.velocity_at(a, on_wall);
      }  // free slip and open faces mirror u: no flux
    }
  }
  row.add({a, idx}, diag);

  if (!(has_right && has_left)) {  // the open face's control volume is half a cell
    for (int t = 0; t < row.size; ++t) row.terms[t].coef *= 0.5;
    row.rhs *= 0.5;
  }
  return row;
}

StencilRow StokesOperator::continuity_row(const Index3& idx) const {
  const double dv = cell_volume() * pressure_scale_;
  StencilRow row;
  for (int a = 0; a < mac_.dim(); ++a) {
    const double ha = mac_.grid().spacing(a);
    row.add({a, shifted(idx, a, 1)}, -dv / ha);
    row.add({a, idx}, dv / ha);
  }
  return row;
}

// Calls emit(row, n, cols, vals, rhs) for every owned row with the known face values moved to the
// right-hand side and the pinned pressures (0) dropped; cols are local indices.
template <class Emit>
void StokesOperator::for_each_row(bool pin_reference, bool drop_balance_row, Emit&& emit) const {
  std::array<PetscInt, 16> cols{};
  std::array<PetscScalar, 16> vals{};
  auto reduced = [&](PetscInt row_index, const StencilRow& row) {
    int n = 0;
    double rhs = row.rhs;
    for (int t = 0; t < row.size; ++t) {
      const auto& term = row.terms[t];
      const PetscInt local = mac_.local_index(term.dof);
      if (term.dof.axis != MacDof::kCell && fixed(local)) {
        rhs -= term.coef * fixed_velocity(term.dof);
        continue;
      }
      if (term.dof.axis == MacDof::kCell && pinned(local)) continue;
      // A dof may appear twice (a wall's quadratic ghost reaches the opposite neighbour).
      const auto* same = std::find(cols.data(), cols.data() + n, local);
      if (same != cols.data() + n) {
        vals[same - cols.data()] += term.coef;
        continue;
      }
      cols[n] = local;
      vals[n] = term.coef;
      ++n;
    }
    emit(row_index, n, cols.data(), vals.data(), rhs);
  };
  auto diagonal = [&](PetscInt local, double scale, double value) {
    PetscScalar s = scale;
    emit(local, 1, &local, &s, scale * value);
  };

  mac_.for_each_owned_face([&](int a, const Index3& idx) {
    const PetscInt local = mac_.local_index({a, idx});
    if (fixed(local)) {
      const Index3 cell = mac_.cell_exists(idx) ? idx : shifted(idx, a, -1);
      diagonal(local, identity_scale(cell), fixed_velocity({a, idx}));
    } else if (const auto f = forced_.find(local); f != forced_.end()) {
      reduced(local, forced_row(a, idx, f->second));
    } else {
      reduced(local, momentum_row(a, idx));
    }
  });

  // The reference cell: the balance cell if there is one (find_balance_cell), else the first fluid
  // cell of the lowest rank that has one.
  auto is_reference = [&](const Index3& idx) {
    return balance_cell_ < 0 || natural_index(idx) == balance_cell_;
  };
  int rank = 0, ranks = 1;
  MPI_Comm_rank(mac_.comm(), &rank);
  MPI_Comm_size(mac_.comm(), &ranks);
  bool has_fluid = false;
  mac_.for_each_owned_cell(
      [&](const Index3& idx) { has_fluid = has_fluid || (!is_pinned(idx) && is_reference(idx)); });
  int candidate = has_fluid ? rank : ranks, reference_rank = ranks;
  FICKLE_PETSC(MPI_Allreduce(&candidate, &reference_rank, 1, MPI_INT, MPI_MIN, mac_.comm()));
  bool reference_open = pin_reference && rank == reference_rank;

  mac_.for_each_owned_cell([&](const Index3& idx) {
    const PetscInt local = mac_.local_index({MacDof::kCell, idx});
    const bool reference = reference_open && !pinned(local) && is_reference(idx);
    if (pinned(local) || reference) {
      diagonal(local, schur_diagonal(idx), 0.0);
      reference_open = reference_open && !reference;
    } else if (drop_balance_row && balance_cell_ >= 0 && is_reference(idx)) {
      diagonal(local, 0.0, 0.0);  // no equation: the pressure stays free (null space)
    } else {
      reduced(local, continuity_row(idx));
    }
  });
}

void StokesOperator::assemble(Mat* A, Vec b, bool pin_reference, bool drop_balance_row) const {
  // Exact preallocation from a first pass over the rows: DMCreateMatrix reserves every dof of
  // every stencil neighbour (0.6 s and ~3x the memory at 32³).
  ISLocalToGlobalMapping l2g = nullptr;
  FICKLE_PETSC(DMGetLocalToGlobalMapping(mac_.dm(), &l2g));
  PetscInt begin = 0, end = 0, owned = 0;
  FICKLE_PETSC(VecGetOwnershipRange(b, &begin, &end));
  owned = end - begin;
  std::vector<PetscInt> diagonal_nnz(owned, 0), off_diagonal_nnz(owned, 0);
  std::array<PetscInt, 16> global{};
  for_each_row(pin_reference, drop_balance_row,
               [&](PetscInt row, int n, const PetscInt* cols, const PetscScalar*, double) {
                 PetscInt g_row = 0;
                 FICKLE_PETSC(ISLocalToGlobalMappingApply(l2g, 1, &row, &g_row));
                 FICKLE_PETSC(ISLocalToGlobalMappingApply(l2g, n, cols, global.data()));
                 for (int k = 0; k < n; ++k)
                   ++(global[k] >= begin && global[k] < end ? diagonal_nnz
                                                            : off_diagonal_nnz)[g_row - begin];
               });
  FICKLE_PETSC(MatCreate(mac_.comm(), A));
  FICKLE_PETSC(MatSetSizes(*A, owned, owned, PETSC_DETERMINE, PETSC_DETERMINE));
  FICKLE_PETSC(MatSetType(*A, MATAIJ));
  FICKLE_PETSC(MatSetOptionsPrefix(*A, "stokes_"));
  FICKLE_PETSC(MatSetFromOptions(*A));
  FICKLE_PETSC(MatXAIJSetPreallocation(*A, 1, diagonal_nnz.data(), off_diagonal_nnz.data(), nullptr,
                                       nullptr));
  FICKLE_PETSC(MatSetLocalToGlobalMapping(*A, l2g, l2g));
  FICKLE_PETSC(MatSetOption(*A, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));

  for_each_row(pin_reference, drop_balance_row,
               [&](PetscInt row, int n, const PetscInt* cols, const PetscScalar* vals, double rhs) {
                 FICKLE_PETSC(MatSetValuesLocal(*A, 1, &row, n, cols, vals, INSERT_VALUES));
                 FICKLE_PETSC(VecSetValuesLocal(b, 1, &row, &rhs, INSERT_VALUES));
               });
  FICKLE_PETSC(MatAssemblyBegin(*A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(VecAssemblyBegin(b));
  FICKLE_PETSC(MatAssemblyEnd(*A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(VecAssemblyEnd(b));
}

double StokesOperator::schur_body_weight(const Index3& cell) const {
  // The mass-matrix approximation of S = B A⁻¹ Bᵀ assumes every face of a cell carries flux. Where
  // a body holds some of them, B A⁻¹ Bᵀ has fewer terms: its diagonal shrinks (a face held by the
  // body contributes nothing; a forced face, which follows its fluid neighbours, about half).
  // Weighting the diagonal by the open share q of the 2d faces corrects those cut cells; the full
  // weight q over-corrects (the two-cylinder channel 48 → 56 outer iterations), √q is what was
  // measured best (docs/science.md §4.7). Box faces count as open: the cavity needs no correction.
  if (is_pinned(cell)) return 1.0;
  double open = 0;
  for (int a = 0; a < mac_.dim(); ++a)
    for (const Index3& f : {cell, shifted(cell, a, 1)}) {
      const PetscInt local = mac_.local_index({a, f});
      if (fixed(local))
        open += body_at(local) < 0 ? 1.0 : 0.0;
      else
        open += forced_.count(local) > 0 ? 0.5 : 1.0;
    }
  return std::sqrt(open / (2.0 * mac_.dim()));
}

void StokesOperator::assemble_schur_preconditioner(Mat S) const {
  PetscInt row = 0;
  FICKLE_PETSC(MatGetOwnershipRange(S, &row, nullptr));
  mac_.for_each_owned_cell([&](const Index3& idx) {
    const PetscScalar v = schur_diagonal(idx) * schur_body_weight(idx);
    FICKLE_PETSC(MatSetValue(S, row, row, v, INSERT_VALUES));
    ++row;
  });
  FICKLE_PETSC(MatAssemblyBegin(S, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(S, MAT_FINAL_ASSEMBLY));
}

void StokesOperator::fill_null_vector(Vec v) const {
  FICKLE_PETSC(VecSet(v, 0.0));
  const PetscScalar one = 1.0 / std::sqrt(static_cast<double>(fluid_cells_));
  mac_.for_each_owned_cell([&](const Index3& idx) {
    if (is_pinned(idx)) return;
    const PetscInt local = mac_.local_index({MacDof::kCell, idx});
    FICKLE_PETSC(VecSetValuesLocal(v, 1, &local, &one, INSERT_VALUES));
  });
  FICKLE_PETSC(VecAssemblyBegin(v));
  FICKLE_PETSC(VecAssemblyEnd(v));
}

std::vector<std::array<double, 3>> StokesOperator::obstacle_forces(Vec local) const {
  const std::size_t bodies = problem_.obstacles.size();
  std::vector<double> sum(3 * bodies, 0.0), total(3 * bodies, 0.0);
  const PetscScalar* x = nullptr;
  FICKLE_PETSC(VecGetArrayRead(local, &x));
  mac_.for_each_owned_face([&](int a, const Index3& idx) {
    const PetscInt self = mac_.local_index({a, idx});
    const int body = body_at(self);
    if (body < 0) return;
    const StencilRow row = momentum_row(a, idx);
    double residual = -row.rhs;
    for (int t = 0; t < row.size; ++t)
      residual += row.terms[t].coef * PetscRealPart(x[mac_.local_index(row.terms[t].dof)]);
    sum[3 * body + a] -= residual;
  });
  FICKLE_PETSC(VecRestoreArrayRead(local, &x));
  FICKLE_PETSC(MPI_Allreduce(sum.data(), total.data(), static_cast<int>(sum.size()), MPI_DOUBLE,
                             MPI_SUM, mac_.comm()));
  std::vector<std::array<double, 3>> forces(bodies);
  for (std::size_t b = 0; b < bodies; ++b)
    for (int a = 0; a < 3; ++a) forces[b][a] = total[3 * b + a];
  return forces;
}

}  // namespace fickle
