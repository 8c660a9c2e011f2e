// Checks made before a run writes anything (and by `fickle check`): that its grids fit PETSc's
// index range and split over the ranks, that no rank holds more particles than an int counts, and
// that the memory it needs fits the nodes it runs on. A case beyond them is bad input (exit 2,
// naming the key that sizes it); the memory check can be overridden with --force.
#pragma once

#include <mpi.h>

#include <string>

#include "app/kinds/case_kind.hpp"

namespace fickle {

struct ResourceReport {
  double bytes_per_rank = 0;  ///< the estimate for the most loaded rank
  double bytes_per_node = 0;  ///< on the node with the most ranks
  double available_per_node = 0;
  int ranks = 1, ranks_per_node = 1;
  double snapshot_bytes = 0;  ///< what the largest run writes per snapshot
};

/// Collective. Throws CaseError for a case beyond the limits above (the memory one unless
/// `force`); returns the estimate.
ResourceReport check_resources(MPI_Comm comm, const CaseKind& kind, bool force);

/// Lines for the log and `fickle check`: memory per rank and node against what the node has, and
/// the bytes and files of one snapshot in the run's output format.
std::string describe(const ResourceReport& r, bool vtkhdf);

}  // namespace fickle
