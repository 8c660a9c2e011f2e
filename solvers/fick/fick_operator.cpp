// Assembly of du/dt = A u + b for the cell-centred finite-volume Fick operator (see fick.hpp).
//
// For cell P and each face f with outward normal n_f (axis a, side ±1), the cell balance is
//   du_P/dt = −(1/h_a) Σ_f F_f + s_P,     F_f = outward flux through f per unit face area,
// with, for an interior (or periodic) face to the neighbour N,
//   F_f = −D_f (u_N − u_P)/h_a + (v·n_f) u_f,  D_f = 2 D_P D_N/(D_P + D_N),
//   u_f = (u_P + u_N)/2 (central) or the upwind cell value,
// at a Dirichlet face with value g
//   F_f = −D_P (g − u_P)/(h_a/2) + (v·n_f) u_f,  u_f = g (central; upwind inflow) or u_P (upwind
//   outflow),
// and at a Neumann face F_f = q, the prescribed total outward flux. The limited scheme assembles
// the upwind A; its correction c(u) is limited_correction below.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "meshes/dmda.hpp"
#include "solvers/fick/fick.hpp"

namespace fickle {

namespace {

struct Coefficient {
  MatStencil column;
  PetscScalar value;
  /// The entry's place in the order z−, y−, x−, P, x+, y+, z+ (that of the global columns, unless
  /// the neighbour is across a rank or a periodic wrap).
  int place = 0;
};

std::array<double, 3> centre_of(const Grid& grid, const std::array<PetscInt, 3>& cell) {
  std::array<double, 3> x{0, 0, 0};
  for (int a = 0; a < grid.dim; ++a) x[a] = grid.centre(a, cell[a]);
  return x;
}

/// The van Leer limited correction to the upwind face value, u_f^lim − u_U = ½ ψ(r) (u_D − u_U),
/// from the upwind-upwind (UU), upwind (U) and downwind (D) cell values (see limited_correction).
/// With Δ⁻ = u_U − u_UU, Δ⁺ = u_D − u_U and r = Δ⁻/Δ⁺, ψ(r) = (r + |r|)/(1 + |r|) gives
///   ½ ψ(r) Δ⁺ = Δ⁻ Δ⁺ / (Δ⁻ + Δ⁺)  if Δ⁻ Δ⁺ > 0,  0 otherwise
/// (half the harmonic mean of the two slopes; no division by zero).
double van_leer_increment(double u_uu, double u_u, double u_d) {
  const double lower = u_u - u_uu, upper = u_d - u_u;
  return lower * upper > 0 ? lower * upper / (lower + upper) : 0.0;
}

}  // namespace

const char* advection_name(AdvectionScheme scheme) {
  switch (scheme) {
    case AdvectionScheme::upwind:
      return "upwind";
    case AdvectionScheme::limited:
      return "limited";
    default:
      return "central";
  }
}

double FickProblem::operational_time(double t) const {
  return diffusivity_time_exponent == 1 ? t : std::pow(t, diffusivity_time_exponent);
}

bool FickProblem::has_drift() const {
  if (velocity_field) return true;
  for (int a = 0; a < grid.dim; ++a)
    if (velocity[a] != 0.0 || !velocity_formula[a].is_number()) return true;
  return false;
}

bool FickProblem::has_time_dependent_forcing() const {
  if (source.depends_on_time()) return true;
  for (int f = 0; f < 2 * grid.dim; ++f)
    if (boundary[f].formula.depends_on_time()) return true;
  return false;
}

namespace {
// The centre of the face of `cell` on side ±1 of axis a.
std::array<double, 3> face_centre(const Grid& grid, const std::array<PetscInt, 3>& cell, int a,
                                  int side) {
  auto x = centre_of(grid, cell);
  x[a] += 0.5 * side * grid.spacing(a);
  return x;
}
}  // namespace

double FickProblem::max_speed(int a) const {
  double v = std::abs(velocity[a]);
  if (velocity_field)
    for (double u : velocity_field->values[a]) v = std::max(v, std::abs(u));
  if (!velocity_formula[a].is_number()) {
    // Every face normal to a: the lower face of each cell and the upper face of the last.
    std::array<PetscInt, 3> cell{0, 0, 0};
    const std::array<PetscInt, 3> n{grid.cells[0], grid.dim > 1 ? grid.cells[1] : 1,
                                    grid.dim > 2 ? grid.cells[2] : 1};
    for (cell[2] = 0; cell[2] < n[2]; ++cell[2])
      for (cell[1] = 0; cell[1] < n[1]; ++cell[1])
        for (cell[0] = 0; cell[0] < n[0]; ++cell[0]) {
          v = std::max(v, std::abs(face_velocity(a, cell, -1)));
          if (cell[a] == n[a] - 1) v = std::max(v, std::abs(face_velocity(a, cell, +1)));
        }
  }
  return v;
}

double FickProblem::face_velocity(int a, const std::array<PetscInt, 3>& cell, int side) const {
  if (!velocity_formula[a].is_number())
    return velocity_formula[a].at(face_centre(grid, cell, a, side), 0.0);
  if (!velocity_field) return velocity[a];
  std::array<std::int64_t, 3> face{cell[0], cell[1], cell[2]};
  if (side > 0) ++face[a];
  if (grid.periodic[a]) face[a] %= grid.cells[a];  // the face past the last cell is face 0
  return velocity_field->at(a, face[0], face[1], face[2]);
}

double FickProblem::cell_peclet() const {
  double pe = 0;
  for (int a = 0; a < grid.dim; ++a)
    pe = std::max(pe, max_speed(a) * grid.spacing(a) / diffusivity.min());
  return pe;
}

double FickProblem::diffusion_number(double dt) const {
  return diffusivity.max() * dt / (grid.min_spacing() * grid.min_spacing());
}

double FickProblem::courant_number(double dt) const {
  double courant = 0;
  for (int a = 0; a < grid.dim; ++a) courant += max_speed(a) * dt / grid.spacing(a);
  return courant;
}

namespace {
// The coefficient w of the face value g in the cell balance, b_P += w g, at the boundary face of
// `cell` on side ±1 of axis a (fick.hpp): Neumann −1/h (g = q, the outward flux); Dirichlet
// 2 D_P/h² − (v·n)/h, without the drift term at an upwind outflow face (u_f = u_P there).
double boundary_weight(const FickProblem& problem, const std::array<PetscInt, 3>& cell, int a,
                       int side, double d_p) {
  const double h = problem.grid.spacing(a);
  const BoundaryCondition& bc = problem.boundary[2 * a + (side > 0 ? 1 : 0)];
  if (bc.type == BoundaryCondition::Type::neumann) return -1 / h;
  const double v_out = problem.face_velocity(a, cell, side) * side;
  const bool upwind = problem.advection != AdvectionScheme::central;
  return 2 * d_p / (h * h) - (upwind && v_out > 0 ? 0.0 : v_out / h);
}
}  // namespace

namespace {

// Whether the face of `cell` on side ±1 of axis a leads to another cell (or a periodic image)
// rather than out of the domain.
bool has_neighbour(const Grid& grid, const std::array<PetscInt, 3>& cell, int a, int side) {
  const PetscInt neighbour = cell[a] + side;
  return grid.periodic[a] || (neighbour >= 0 && neighbour < grid.cells[a]);
}

/// The coefficients of one row of A: the neighbours in the order of the axes and sides, the
/// diagonal last (at most 2d + 1; no heap allocation per row).
struct RowCoefficients {
  std::array<Coefficient, 7> entries;
  int count = 0;
  void add(const Coefficient& c) { entries[count++] = c; }
  const Coefficient* begin() const { return entries.data(); }
  const Coefficient* end() const { return entries.data() + count; }
};

// Visits the rows of A and b: for each owned cell, row(n, cell, coefficients, constant) with the
// owned index n, the coefficients of A's row as (column cell, value) — the neighbours in the order
// of the axes and sides, the diagonal last; a periodic neighbour's cell index lies outside
// [0, cells) as the DMDA's stencil wraps it — and b's entry.
template <class Row>
void for_each_operator_row(const FickProblem& problem, const OwnedBox& box, Row&& row) {
  const Grid& grid = problem.grid;
  // Per axis, h and the cell centres from index −1 to cells (the periodic images' too), computed
  // once as Grid computes them (the same bits): a division each, ~40 per row otherwise.
  std::array<double, 3> spacing{0, 0, 0};
  std::array<std::vector<double>, 3> centres;
  for (int a = 0; a < grid.dim; ++a) {
    spacing[a] = grid.spacing(a);
    for (PetscInt i = -1; i <= grid.cells[a]; ++i) centres[a].push_back(grid.centre(a, i));
  }
  auto centre = [&](const std::array<PetscInt, 3>& cell) {
    std::array<double, 3> x{0, 0, 0};
    for (int a = 0; a < grid.dim; ++a) x[a] = centres[a][cell[a] + 1];
    return x;
  };
  // Terms with t in their expression: time_dependent_forcing.
  const bool source_in_time = problem.source.depends_on_time();
  // A uniform D needs no neighbour centre (PiecewiseField::at returns `value` without it).
  const bool uniform_d = problem.diffusivity.is_constant();
  const bool upwind = problem.advection != AdvectionScheme::central;  // limited: upwind A
  // The two coefficients of an interior face depend on D_P, D_N and v·n alone: the latest ones per
  // face direction are reused when those repeat bit for bit (everywhere D and v are uniform).
  struct FaceTerms {
    std::array<std::uint64_t, 3> inputs{~0ULL, ~0ULL, ~0ULL};
    double c_p = 0, c_n = 0;
  };
  std::array<FaceTerms, 6> latest{};
  RowCoefficients coefficients;
  for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    const auto x = centre(cell);
    const double d_p = problem.diffusivity.at(x, grid.dim);
    double diagonal = 0;
    double constant = source_in_time ? 0.0 : problem.source.at(x, grid.dim);
    coefficients.count = 0;

    for (int a = 0; a < grid.dim; ++a) {
      const double h = spacing[a];
      for (int side : {-1, +1}) {
        const double v_out = problem.face_velocity(a, cell, side) * side;  // v·n_f
        std::array<PetscInt, 3> neighbour = cell;
        neighbour[a] += side;
        if (has_neighbour(grid, cell, a, side)) {
          double d_n = problem.diffusivity.value;
          if (!uniform_d) {
            // Periodic images: the DMDA wraps the stencil index, the geometry wraps the centre.
            auto xn = centre(neighbour);
            if (grid.periodic[a]) {
              if (neighbour[a] < 0) xn[a] += grid.length(a);
              if (neighbour[a] >= grid.cells[a]) xn[a] -= grid.length(a);
            }
            d_n = problem.diffusivity.at(xn, grid.dim);
          }
          FaceTerms& terms = latest[2 * a + (side > 0 ? 1 : 0)];
          const std::array<std::uint64_t, 3> inputs{std::bit_cast<std::uint64_t>(d_p),
                                                    std::bit_cast<std::uint64_t>(d_n),
                                                    std::bit_cast<std::uint64_t>(v_out)};
          // Element by element: std::array's != calls memcmp.
          if (inputs[0] != terms.inputs[0] || inputs[1] != terms.inputs[1] ||
              inputs[2] != terms.inputs[2]) {
            const double d_f = 2 * d_p * d_n / (d_p + d_n);
            // −F_f/h = D_f (u_N − u_P)/h² − (v·n) u_f/h
            double c_p = -d_f / (h * h), c_n = d_f / (h * h);
            if (upwind) {
              (v_out > 0 ? c_p : c_n) -= v_out / h;
            } else {
              c_p -= 0.5 * v_out / h;
              c_n -= 0.5 * v_out / h;
            }
            terms = {inputs, c_p, c_n};
          }
          diagonal += terms.c_p;
          MatStencil col{};
          col.i = neighbour[0];
          col.j = neighbour[1];
          col.k = neighbour[2];
          coefficients.add({col, terms.c_n, side < 0 ? grid.dim - 1 - a : grid.dim + 1 + a});
          continue;
        }
        const BoundaryCondition& bc = problem.boundary[2 * a + (side > 0 ? 1 : 0)];
        if (!bc.formula.depends_on_time())
          constant += boundary_weight(problem, cell, a, side, d_p) *
                      bc.at(face_centre(grid, cell, a, side), 0.0);
        if (bc.type == BoundaryCondition::Type::neumann) continue;
        // Dirichlet: −F_f/h = 2 D_P (g − u_P)/h² − (v·n) u_f/h
        diagonal -= 2 * d_p / (h * h);
        if (upwind && v_out > 0) diagonal -= v_out / h;
      }
    }
    MatStencil self{};
    self.i = i;
    self.j = j;
    self.k = k;
    coefficients.add({self, diagonal, grid.dim});
    row(n, self, coefficients, constant);
  });
}

}  // namespace

void assemble_fick_operator(const FickProblem& problem, DM da, Mat A, Vec b) {
  FICKLE_PETSC(MatZeroEntries(A));
  PetscScalar* rhs = nullptr;
  FICKLE_PETSC(VecGetArray(b, &rhs));
  for_each_operator_row(
      problem, owned_box(da),
      [&](PetscInt n, const MatStencil& self, const RowCoefficients& entries, double constant) {
        for (const auto& c : entries)
          FICKLE_PETSC(MatSetValuesStencil(A, 1, &self, 1, &c.column, &c.value, ADD_VALUES));
        rhs[n] = constant;
      });
  FICKLE_PETSC(VecRestoreArray(b, &rhs));
  FICKLE_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
}

OwnedMat create_fick_operator(const FickProblem& problem, DM da, Vec b) {
  // The matrix DMCreateMatrix makes (its type, the DM's -dm_mat_type, then -mat_type), set up
  // here rather than there when it is AIJ: DMCreateMatrix fills the 2d+1-point pattern with zeros
  // through the local numbering and MatSetValuesStencil then adds every coefficient on its own
  // (0.25 s of a 64³ run's start-up); instead the columns of each row are counted first (exact
  // preallocation), then each row's coefficients are summed in the same order, starting from the
  // same 0, and inserted with one MatSetValues (global columns, sorted). The same pattern, and the
  // same bits in every entry (tests/unit/fick_operator_test.cpp).
  MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(da));
  const OwnedBox box = owned_box(da);
  const PetscInt rows = box.count[0] * box.count[1] * box.count[2];
  PetscInt cells = 0;
  FICKLE_PETSC(VecGetSize(b, &cells));
  OwnedMat A;
  MatType dm_type = nullptr;
  FICKLE_PETSC(DMGetMatType(da, &dm_type));
  FICKLE_PETSC(MatCreate(comm, A.out()));
  FICKLE_PETSC(MatSetSizes(A, rows, rows, cells, cells));
  FICKLE_PETSC(MatSetType(A, dm_type));
  FICKLE_PETSC(MatSetFromOptions(A));
  MatType type = nullptr;
  FICKLE_PETSC(MatGetType(A, &type));
  if (std::string_view(type) != MATSEQAIJ && std::string_view(type) != MATMPIAIJ) {
    // Another format (BAIJ, SELL, a GPU type...): DMCreateMatrix's own set-up.
    A.reset();
    FICKLE_PETSC(DMCreateMatrix(da, A.out()));
    assemble_fick_operator(problem, da, A, b);
    return A;
  }

  // Global index of a stencil cell, as MatSetValuesStencil finds it: its position in the ghosted
  // box (periodic images included), then the DMDA's local-to-global map.
  std::array<PetscInt, 3> first{0, 0, 0}, extent{1, 1, 1};
  FICKLE_PETSC(
      DMDAGetGhostCorners(da, &first[0], &first[1], &first[2], &extent[0], &extent[1], &extent[2]));
  const int dim = problem.grid.dim;
  ISLocalToGlobalMapping ltog = nullptr;
  FICKLE_PETSC(DMGetLocalToGlobalMapping(da, &ltog));
  const PetscInt* global = nullptr;
  FICKLE_PETSC(ISLocalToGlobalMappingGetIndices(ltog, &global));
  auto global_index = [&](const MatStencil& s) {
    PetscInt local = s.i - first[0];
    if (dim > 1) local += (s.j - first[1]) * extent[0];
    if (dim > 2) local += (s.k - first[2]) * extent[0] * extent[1];
    return global[local];
  };
  PetscInt row_start = 0;
  FICKLE_PETSC(VecGetOwnershipRange(b, &row_start, nullptr));
  const PetscInt row_end = row_start + rows;

  // A row: one entry per column in increasing order, a column met twice (a periodic axis of 1 or 2
  // cells) summed in order from 0 as ADD_VALUES sums it. No larger buffers: fresh memory costs a
  // page fault per 4 KiB, a third of the time this takes.
  constexpr int kMost = 7;
  std::array<PetscInt, kMost> columns{};
  std::array<PetscScalar, kMost> values{};
  int count = 0;
  // Only across a periodic axis of 1 or 2 cells do two entries of a row share a column (both
  // neighbours are one cell, or the cell itself); elsewhere a column needs no search.
  bool shared_columns = false;
  for (int a = 0; a < dim; ++a)
    shared_columns |= problem.grid.periodic[a] && problem.grid.cells[a] <= 2;
  // The slot of `column` in the row, a new one (value 0) the first time.
  auto slot = [&](PetscInt column) {
    int e = 0;
    if (shared_columns)
      while (e < count && columns[e] != column) ++e;
    else
      e = count;
    if (e == count) {
      columns[count] = column;
      values[count++] = 0.0;
    }
    return e;
  };
  auto sort_row = [&] {
    for (int e = 1; e < count; ++e)
      for (int f = e; f > 0 && columns[f - 1] > columns[f]; --f) {
        std::swap(columns[f - 1], columns[f]);
        std::swap(values[f - 1], values[f]);
      }
  };

  // Exact preallocation: the columns of each row, on and off this rank's diagonal block.
  std::vector<PetscInt> diagonal_counts(rows), off_diagonal_counts(rows);
  for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    count = 0;
    for (int a = 0; a < dim; ++a)
      for (int side : {-1, +1}) {
        if (!has_neighbour(problem.grid, cell, a, side)) continue;
        MatStencil s{k, j, i, 0};
        (a == 0 ? s.i : a == 1 ? s.j : s.k) += side;
        slot(global_index(s));
      }
    slot(global_index(MatStencil{k, j, i, 0}));
    for (int e = 0; e < count; ++e)
      diagonal_counts[n] += columns[e] >= row_start && columns[e] < row_end;
    off_diagonal_counts[n] = count - diagonal_counts[n];
  });
  FICKLE_PETSC(MatXAIJSetPreallocation(A, 1, diagonal_counts.data(), off_diagonal_counts.data(),
                                       nullptr, nullptr));
  FICKLE_PETSC(MatSetLocalToGlobalMapping(A, ltog, ltog));
  // Whole rows in increasing column order, as DMCreateMatrix inserts its zeros.
  FICKLE_PETSC(MatSetOption(A, MAT_SORTED_FULL, PETSC_TRUE));

  PetscScalar* rhs = nullptr;
  FICKLE_PETSC(VecGetArray(b, &rhs));
  for_each_operator_row(
      problem, box,
      [&](PetscInt n, const MatStencil&, const RowCoefficients& entries, double constant) {
        // Slots in the likely order of the columns (the sort then moves nothing), values summed in
        // the entries' own order.
        std::array<PetscInt, kMost> column_at{};
        std::array<bool, kMost> present{};
        for (const auto& c : entries) {
          column_at[c.place] = global_index(c.column);
          present[c.place] = true;
        }
        count = 0;
        std::array<int, kMost> slot_at{};
        for (int place = 0; place < 2 * dim + 1; ++place)
          if (present[place]) slot_at[place] = slot(column_at[place]);
        for (const auto& c : entries) values[slot_at[c.place]] += c.value;
        sort_row();
        const PetscInt row = row_start + n;
        FICKLE_PETSC(MatSetValues(A, 1, &row, count, columns.data(), values.data(), INSERT_VALUES));
        rhs[n] = constant;
      });
  FICKLE_PETSC(VecRestoreArray(b, &rhs));
  FICKLE_PETSC(ISLocalToGlobalMappingRestoreIndices(ltog, &global));
  FICKLE_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  FICKLE_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  // What DMCreateMatrix attaches as well: the local numbering (above), the pattern is final, the
  // stencil and the DM (MatSetValuesStencil and MatGetDM keep working on A and its duplicates).
  FICKLE_PETSC(MatSetOption(A, MAT_NEW_NONZERO_LOCATION_ERR, PETSC_TRUE));
  FICKLE_PETSC(MatSetStencil(A, dim, extent.data(), first.data(), 1));
  FICKLE_PETSC(MatSetDM(A, da));
  return A;
}

void time_dependent_forcing(const FickProblem& problem, DM da, double t, Vec out) {
  const Grid& grid = problem.grid;
  FICKLE_PETSC(VecZeroEntries(out));
  std::array<bool, 6> face_in_time{};
  bool any_face = false;
  for (int f = 0; f < 2 * grid.dim; ++f)
    any_face |= face_in_time[f] = problem.boundary[f].formula.depends_on_time();
  const bool source = problem.source.depends_on_time();
  if (!source && !any_face) return;
  PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArray(out, &values));
  for_each_owned_cell(owned_box(da), [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const std::array<PetscInt, 3> cell{i, j, k};
    const auto x = centre_of(grid, cell);
    if (source) values[n] += problem.source.at(x, grid.dim, t);
    if (!any_face) return;
    for (int a = 0; a < grid.dim; ++a)
      for (int side : {-1, +1}) {
        const int f = 2 * a + (side > 0 ? 1 : 0);
        if (!face_in_time[f] || cell[a] != (side > 0 ? grid.cells[a] - 1 : 0)) continue;
        values[n] += boundary_weight(problem, cell, a, side, problem.diffusivity.at(x, grid.dim)) *
                     problem.boundary[f].at(face_centre(grid, cell, a, side), t);
      }
  });
  FICKLE_PETSC(VecRestoreArray(out, &values));
}

void evaluate_reaction(const FickProblem& problem, DM da, double t, Vec u, Vec r, Vec dr) {
  const Grid& grid = problem.grid;
  const Expression& f = *problem.reaction;
  const PetscScalar* in = nullptr;
  PetscScalar *out = nullptr, *slope = nullptr;
  FICKLE_PETSC(VecGetArrayRead(u, &in));
  FICKLE_PETSC(VecGetArray(r, &out));
  if (dr) FICKLE_PETSC(VecGetArray(dr, &slope));
  for_each_owned_cell(owned_box(da), [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    const auto x = centre_of(grid, {i, j, k});
    out[n] = f.evaluate({in[n], x[0], x[1], x[2], t});
    if (slope) slope[n] = f.derivative(0, {in[n], x[0], x[1], x[2], t});
  });
  if (dr) FICKLE_PETSC(VecRestoreArray(dr, &slope));
  FICKLE_PETSC(VecRestoreArray(r, &out));
  FICKLE_PETSC(VecRestoreArrayRead(u, &in));
}

// Limited advection: the correction c(u) to the upwind drift term.
//
// On the face f between cells L and R = L + e_a (face velocity v_f = v·e_a, positive from L to R)
// the upwind (U), downwind (D) and upwind-upwind (UU) cells are (L, R, L − e_a) when v_f ≥ 0 and
// (R, L, R + e_a) otherwise. The TVD face value (Sweby 1984, SIAM J. Numer. Anal. 21:995,
// doi:10.1137/0721062) with van Leer's limiter (van Leer 1974, J. Comput. Phys. 14:361,
// doi:10.1016/0021-9991(74)90019-9) is
//   u_f^lim = u_U + ½ ψ(r) (u_D − u_U),  r = (u_U − u_UU)/(u_D − u_U),  ψ(r) = (r + |r|)/(1 + |r|),
// so ψ = 0 at extrema (upwind) and ψ(1) = 1 on smooth data (second order). The correction flux
//   ΔF_f = v_f (u_f^lim − u_U)                                                    (1)
// is one number per face, shared by L and R, and the cell balance gets
//   c_P = −Σ_a (ΔF_{P+½e_a} − ΔF_{P−½e_a}) / h_a,                                 (2)
// which telescopes to zero over the grid: mass is conserved. Where u_UU would lie beyond a
// non-periodic face, and on the boundary faces themselves, ΔF_f = 0 (plain upwind).
void limited_correction(const FickProblem& problem, DM da, Vec u_local, Vec c) {
  const Grid& grid = problem.grid;
  const OwnedBox box = owned_box(da);
  std::array<PetscInt, 3> first{0, 0, 0}, extent{1, 1, 1};  // ghosted box of u_local
  FICKLE_PETSC(
      DMDAGetGhostCorners(da, &first[0], &first[1], &first[2], &extent[0], &extent[1], &extent[2]));
  const std::array<PetscInt, 3> stride{1, extent[0], extent[0] * extent[1]};
  auto ghosted = [&](const std::array<PetscInt, 3>& cell) {
    return (cell[0] - first[0]) + (cell[1] - first[1]) * stride[1] +
           (cell[2] - first[2]) * stride[2];
  };
  auto owned = [&](const std::array<PetscInt, 3>& cell) {
    return (cell[0] - box.start[0]) +
           ((cell[1] - box.start[1]) + (cell[2] - box.start[2]) * box.count[1]) * box.count[0];
  };
  FICKLE_PETSC(VecZeroEntries(c));
  const PetscScalar* u = nullptr;
  PetscScalar* out = nullptr;
  FICKLE_PETSC(VecGetArrayRead(u_local, &u));
  FICKLE_PETSC(VecGetArray(c, &out));
  for (int a = 0; a < grid.dim; ++a) {
    const PetscInt n = grid.cells[a], s = stride[a];
    const bool periodic = grid.periodic[a];
    const double inverse_h = 1.0 / grid.spacing(a);
    // Every face once: the face between cell − e_a (L) and cell (R), for the owned cells and the
    // first cell past the owned box along a.
    std::array<PetscInt, 3> end{box.start[0] + box.count[0], box.start[1] + box.count[1],
                                box.start[2] + box.count[2]};
    ++end[a];
    std::array<PetscInt, 3> cell{};
    for (cell[2] = box.start[2]; cell[2] < end[2]; ++cell[2])
      for (cell[1] = box.start[1]; cell[1] < end[1]; ++cell[1])
        for (cell[0] = box.start[0]; cell[0] < end[0]; ++cell[0]) {
          const PetscInt right = cell[a];
          if (!periodic && (right == 0 || right == n)) continue;  // a boundary face: upwind
          const double v = problem.face_velocity(a, cell, -1);
          if (!periodic && (v >= 0 ? right < 2 : right > n - 2)) continue;  // no u_UU: upwind
          const PetscScalar* at = u + ghosted(cell);  // at[0] = u_R, at[−s] = u_L
          const double flux = v >= 0 ? v * van_leer_increment(at[-2 * s], at[-s], at[0])
                                     : v * van_leer_increment(at[s], at[0], at[-s]);  // (1)
          // (2): outward for L, inward for R.
          if (right > box.start[a]) {
            std::array<PetscInt, 3> left = cell;
            --left[a];
            out[owned(left)] -= flux * inverse_h;
          }
          if (right < box.start[a] + box.count[a]) out[owned(cell)] += flux * inverse_h;
        }
  }
  FICKLE_PETSC(VecRestoreArray(c, &out));
  FICKLE_PETSC(VecRestoreArrayRead(u_local, &u));
}

}  // namespace fickle
