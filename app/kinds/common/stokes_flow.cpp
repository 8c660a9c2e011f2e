#include "app/kinds/common/stokes_flow.hpp"

#include <string>
#include <utility>
#include <vector>

#include "core/petsc.hpp"

namespace fickle {
namespace {

// The cell fields of flow.pvd, one global Vec each on the cell DMDA.
struct CellFields {
  std::array<OwnedVec, 3> velocity, vorticity;
  OwnedVec pressure, divergence, streamfunction, viscosity, obstacle;

  explicit CellFields(DM da) {
    for (auto* group : {&velocity, &vorticity})
      for (auto& v : *group) FICKLE_PETSC(DMCreateGlobalVector(da, v.out()));
    for (OwnedVec* v : {&pressure, &divergence, &streamfunction, &viscosity, &obstacle})
      FICKLE_PETSC(DMCreateGlobalVector(da, v->out()));
  }
};

// Borrowed write access to the arrays of a few Vecs, restored when it goes.
class WritableArrays {
 public:
  explicit WritableArrays(std::vector<Vec> vecs) : vecs_(std::move(vecs)), arrays_(vecs_.size()) {
    for (std::size_t n = 0; n < vecs_.size(); ++n) FICKLE_PETSC(VecGetArray(vecs_[n], &arrays_[n]));
  }
  ~WritableArrays() {
    for (std::size_t n = 0; n < vecs_.size(); ++n) VecRestoreArray(vecs_[n], &arrays_[n]);
  }
  WritableArrays(const WritableArrays&) = delete;
  WritableArrays& operator=(const WritableArrays&) = delete;
  PetscScalar* operator[](std::size_t n) const { return arrays_[n]; }

 private:
  std::vector<Vec> vecs_;
  std::vector<PetscScalar*> arrays_;
};

}  // namespace

StokesSolverSettings read_stokes_solver(Section s) {
  StokesSolverSettings settings;
  const auto type = s.choice({"type", "linear solver: fieldsplit (iterative) or direct (LU)"},
                             {"fieldsplit", "direct"}, "fieldsplit");
  settings.type = type == "direct" ? StokesSolverSettings::Type::direct
                                   : StokesSolverSettings::Type::fieldsplit;
  settings.rtol = s.real({"rtol", "relative tolerance of the iterative solver"}, 1e-9);
  s.require(settings.rtol > 0 && settings.rtol < 1, "rtol", "a number in (0, 1)");
  settings.max_iterations = static_cast<int>(
      s.integer({"max_iterations", "iteration limit of the iterative solver"}, 200));
  s.require(settings.max_iterations >= 1, "max_iterations", "a whole number >= 1");
  settings.mg_levels = static_cast<int>(
      s.integer({"mg_levels", "multigrid levels of the velocity block (0: automatic)"}, 0));
  s.require(settings.mg_levels >= 0 && settings.mg_levels <= 12, "mg_levels",
            "0 (automatic) or a number of levels from 1 to 12");
  settings.coarse_cells = static_cast<int>(s.integer(
      {"coarse_cells",
       "cells of the Schur preconditioner's coarse Stokes grid at most (0: none, -1: automatic)"},
      -1));
  s.require(settings.coarse_cells >= -1, "coarse_cells",
            "-1 (automatic: 1024 for a 2D box at least 2:1, else none), 0 (none) or a number of "
            "cells");
  return settings;
}

void write_flow_snapshot(FieldSeries& series, DM da, int index, double t,
                         const StokesSolver& solver, const FlowFields& flow,
                         const std::optional<Streamfunction>& psi) {
  const StokesProblem& problem = solver.problem();
  const MacGrid& mac = solver.mac();
  CellFields out(da);
  {
    enum { u0, u1, u2, w0, w1, w2, pressure, divergence, psi_cell, viscosity, obstacle };
    const WritableArrays a({out.velocity[0], out.velocity[1], out.velocity[2], out.vorticity[0],
                            out.vorticity[1], out.vorticity[2], out.pressure, out.divergence,
                            out.streamfunction, out.viscosity, out.obstacle});
    PetscInt n = 0;
    mac.for_each_owned_cell([&](const Index3& c) {
      const auto u = flow.cell_velocity(c);
      const auto w = flow.vorticity(c);
      for (int k = 0; k < 3; ++k) a[u0 + k][n] = u[k], a[w0 + k][n] = w[k];
      a[pressure][n] = flow.pressure(c);
      a[divergence][n] = solver.op().is_pinned(c) ? 0.0 : flow.divergence(c);
      // ψ lives on cell corners: the cell value is the mean of its four.
      a[psi_cell][n] = psi ? 0.25 * (psi->at(c[0], c[1]) + psi->at(c[0] + 1, c[1]) +
                                     psi->at(c[0], c[1] + 1) + psi->at(c[0] + 1, c[1] + 1))
                           : 0.0;
      a[viscosity][n] = solver.op().viscosity(c);
      a[obstacle][n] = problem.obstacle_at(mac.cell_centre(c)) + 1;  // 0: fluid
      ++n;
    });
  }
  const bool two_d = problem.grid.dim == 2;
  // pressure first: the active scalar; velocity the active vector (ParaView's stream tracer).
  std::vector<NamedField> fields{{"pressure", out.pressure},
                                 {"divergence", out.divergence},
                                 {"viscosity", out.viscosity},
                                 {"obstacle", out.obstacle}};
  std::vector<NamedVector> vectors{
      {"velocity", {out.velocity[0], out.velocity[1], two_d ? nullptr : out.velocity[2].get()}}};
  if (two_d) {
    fields.push_back({"vorticity", out.vorticity[2]});
    fields.push_back({"streamfunction", out.streamfunction});
  } else {
    vectors.push_back({"vorticity", {out.vorticity[0], out.vorticity[1], out.vorticity[2]}});
  }
  series.write(index, t, fields, vectors);
}

}  // namespace fickle
