// `fickle sweep CASE --set key=v1,v2,... [--set ...] [-o OUT] [--ranks-per-member N]`: the
// cartesian product of the values, one run per member in OUT/<member>/, and OUT/sweep.csv with a
// row per member (its values and the headline keys of its summary.json). Every member is read and
// checked before anything runs; finished members (same case, status done) are skipped when the
// sweep runs again, interrupted ones continue from their checkpoints. With more ranks than a
// member needs, groups of N ranks run members side by side.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fickle {

struct SweepRequest {
  std::filesystem::path case_path;
  std::vector<std::string> sets;  ///< key=v1,v2,... (a value alone: every member)
  std::filesystem::path out;      ///< OUT (default: CASE/sweep)
  int ranks_per_member = 0;       ///< 0: all ranks, one member after the other
  bool force = false;             ///< the memory check, as for run
};

/// Runs the sweep; returns 0 when every member is done, 3 when one diverged or failed, 4 when
/// one was interrupted (the sweep stops there; run it again to continue).
int run_sweep(MPI_Comm comm, const SweepRequest& request);

/// `key=v1,v2,...` as key and values: commas split values, except inside brackets or quotes
/// (`grid.cells=[32,32],[64,64]` is two values). Throws CaseError for a malformed one.
std::pair<std::string, std::vector<std::string>> split_sweep_values(const std::string& set);

}  // namespace fickle
