// `swimmer.resolve: stokes`: the bead swimmer's spheres resolved by the Stokes solver on a grid
// (solvers/swimmer/stokes_swimmer, docs/science.md §8.7), next to the bead model of the same
// geometry: the reader of its keys (grid:, solver:, swimmer.phases, output.flow) and its run
// (series.csv per phase, flow.pvd and spheres.pvd per phase, summary.json).
#pragma once

#include "app/kinds/case_kind.hpp"
#include "solvers/swimmer/stokes_swimmer.hpp"

namespace fickle {

struct ResolvedSwimmer {
  GridSwimmer setup;     ///< the swimmer (with the bead model's hydrodynamics) on its grid
  long bead_points = 0;  ///< the bead model's quadrature points per cycle
  bool flow = true;      ///< write flow.pvd (the 3D flow at every phase)
  Footprint footprint;
};

/// Reads the keys of `resolve: stokes` for the swimmer `s` already read from `swimmer`.
ResolvedSwimmer read_resolved_swimmer(Section& root, Section& swimmer, const BeadSwimmer& s,
                                      long bead_points);

/// Solves the phases and writes the run; the summary keys the two modes share are the caller's.
void run_resolved_swimmer(RunContext& ctx, const ResolvedSwimmer& r);

}  // namespace fickle
