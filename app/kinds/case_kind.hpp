// What every case kind is: a class that reads its keys from case.yaml and runs into a run
// directory. Kinds are registered by name in registry.def (`fickle list` prints them);
// docs/adding-a-kind.md walks through adding one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/input/case_reader.hpp"
#include "app/run/run_context.hpp"
#include "meshes/grid.hpp"

namespace fickle {

/// What a run of a case needs, checked on the rank count before anything is written
/// (app/run/resources.hpp): PETSc's index range, a split over the ranks, the memory.
struct Footprint {
  std::string where;  ///< file:line:column: key of the setting that sizes it
  Grid grid;          ///< the grid PETSc splits over the ranks (cells 0: none)
  double unknowns_per_cell = 1;
  double bytes_per_cell = 0;  ///< memory of the distributed data, per cell
  double bytes_per_rank = 0;  ///< memory every rank holds whatever the split (replicated data)
  double items = 0;           ///< particles, split over the ranks
  std::string items_where;    ///< the key that sets them
  double bytes_per_item = 0;
  double snapshot_bytes_per_cell = 0;  ///< what one snapshot writes per cell (fields)
  double snapshot_bytes = 0;           ///< and in all besides (a particle sample)
  bool has_grid = false;
};

/// The footprint of a grid of `grid_section` (its key `cells` is what an error names).
inline Footprint grid_footprint(Section grid_section, const Grid& grid, double bytes_per_cell,
                                double unknowns_per_cell = 1) {
  Footprint f;
  f.where = grid_section.location("cells");
  f.grid = grid;
  f.has_grid = true;
  f.bytes_per_cell = bytes_per_cell;
  f.unknowns_per_cell = unknowns_per_cell;
  return f;
}

class CaseKind {
 public:
  virtual ~CaseKind() = default;
  /// Reads and validates the whole case (everything but kind/title/seed/petsc); throws CaseError.
  /// Runs on every rank before anything is written.
  virtual void read(Section& root) = 0;
  /// Runs the case, writing into ctx.run_dir and adding results to ctx.summary.
  virtual void run(RunContext& ctx) = 0;
  /// What its runs need (after read); one entry per run a case makes, none when nothing sizes it.
  virtual std::vector<Footprint> footprint() const { return {}; }
  /// The script of tools/ that draws a finished run (plot_fick.py, ...), run with the run
  /// directory when `output.plots` is true; empty: none.
  virtual std::string plot_script() const { return {}; }
  /// The times its snapshots will have (after read, before it runs): what a compare case checks
  /// its pairing with; nullopt when they cannot be known in advance (docs/output.md).
  virtual std::optional<std::vector<double>> snapshot_times() const { return std::nullopt; }
};

}  // namespace fickle
