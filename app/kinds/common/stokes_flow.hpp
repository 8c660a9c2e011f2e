// What the kinds that solve Stokes flow share (stokes, and swimmer with `resolve: stokes`): the
// reader of the `solver:` section and the cell fields of a solved flow as one snapshot of
// flow.pvd (docs/output.md, "Stokes runs").
#pragma once

#include <petscdm.h>

#include <optional>

#include "app/input/case_reader.hpp"
#include "meshes/vtk_fields.hpp"
#include "solvers/stokes/flow_fields.hpp"
#include "solvers/stokes/stokes_solver.hpp"

namespace fickle {

/// `solver: {type, rtol, max_iterations, mg_levels, coarse_cells}`.
StokesSolverSettings read_stokes_solver(Section s);

/// Velocity, vorticity, pressure, divergence, viscosity, obstacle (and in 2D the streamfunction
/// `psi`) on the cells, as snapshot `index` at time `t` of `series`, whose DMDA `da` has the
/// ownership of the solver's MAC grid (create_cell_dmda with mac.ownership_ranges()).
void write_flow_snapshot(FieldSeries& series, DM da, int index, double t,
                         const StokesSolver& solver, const FlowFields& flow,
                         const std::optional<Streamfunction>& psi = std::nullopt);

}  // namespace fickle
