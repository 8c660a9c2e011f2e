#include "app/run/resources.hpp"

#include <fmt/format.h>
#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>

namespace fickle {

namespace {

// What fickle itself takes on every rank before any data (MPI, PETSc, VTK): measured ~60 MB.
constexpr double kBaseBytesPerRank = 64e6;

// MemAvailable of this node, in bytes (infinite when it cannot be read).
double available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kilobytes = 0;
  std::string unit;
  while (in >> key >> kilobytes >> unit)
    if (key == "MemAvailable:") return kilobytes * 1024;
  return std::numeric_limits<double>::infinity();
}

// Whether `ranks` can be written as a product of one factor per axis, each at most the axis's
// cells (every rank needs at least one cell along every axis of a DMDA or DMStag).
bool splits(long ranks, const Grid& g, int axis = 0) {
  if (axis == g.dim) return ranks == 1;
  for (long f = 1; f <= std::min<long>(ranks, g.cells[axis]); ++f)
    if (ranks % f == 0 && splits(ranks / f, g, axis + 1)) return true;
  return false;
}

std::string gigabytes(double bytes) {
  return bytes >= 1e9 ? fmt::format("{:.1f} GB", bytes / 1e9)
                      : fmt::format("{:.0f} MB", bytes / 1e6);
}

void check_grid(const Footprint& f, int ranks) {
  const Grid& g = f.grid;
  const double unknowns = f.unknowns_per_cell * static_cast<double>(g.cell_count());
  const double limit = static_cast<double>(std::numeric_limits<PetscInt>::max());
  if (unknowns > limit)
    throw CaseError(fmt::format(
        "{}: the grid has {:.3g} unknowns, beyond this PETSc's {}-bit index range ({:.0f}); use "
        "fewer cells",
        f.where, unknowns, 8 * sizeof(PetscInt), limit));
  if (!splits(ranks, g)) {
    long most = 1;
    for (long r = ranks; r >= 1; --r)
      if (splits(r, g)) {
        most = r;
        break;
      }
    throw CaseError(fmt::format(
        "{}: {} ranks cannot share this grid (each needs at least one cell along every axis); "
        "run on at most {} ranks here, or use more cells",
        f.where, ranks, most));
  }
}

}  // namespace

ResourceReport check_resources(MPI_Comm comm, const CaseKind& kind, bool force) {
  ResourceReport r;
  MPI_Comm_size(comm, &r.ranks);
  MPI_Comm node;
  MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &r.ranks_per_node);
  MPI_Comm_free(&node);
  MPI_Allreduce(MPI_IN_PLACE, &r.ranks_per_node, 1, MPI_INT, MPI_MAX, comm);
  double available = available_memory();
  MPI_Allreduce(&available, &r.available_per_node, 1, MPI_DOUBLE, MPI_MIN, comm);

  std::string heaviest;
  for (const Footprint& f : kind.footprint()) {
    if (f.has_grid) check_grid(f, r.ranks);
    const double per_rank_items = std::ceil(f.items / r.ranks);
    if (per_rank_items > std::numeric_limits<int>::max())
      throw CaseError(fmt::format(
          "{}: {:.0f} particles on each of {} ranks, more than one rank can count ({}); use more "
          "ranks or fewer particles",
          f.items_where, per_rank_items, r.ranks, std::numeric_limits<int>::max()));
    const double bytes =
        kBaseBytesPerRank + f.bytes_per_rank +
        (f.bytes_per_cell * static_cast<double>(f.grid.cell_count()) + f.bytes_per_item * f.items) /
            r.ranks;
    r.snapshot_bytes = std::max(
        r.snapshot_bytes,
        f.snapshot_bytes_per_cell * static_cast<double>(f.grid.cell_count()) + f.snapshot_bytes);
    if (bytes > r.bytes_per_rank)
      r.bytes_per_rank = bytes, heaviest = f.items > 0 ? f.items_where : f.where;
  }
  if (r.bytes_per_rank == 0) r.bytes_per_rank = kBaseBytesPerRank;
  r.bytes_per_node = r.bytes_per_rank * r.ranks_per_node;
  if (!force && r.bytes_per_node > r.available_per_node)
    throw CaseError(fmt::format(
        "{}: the run needs about {} on each node ({} per rank × {} ranks), which has {} "
        "available; use more nodes or fewer cells (or --force to try anyway)",
        heaviest, gigabytes(r.bytes_per_node), gigabytes(r.bytes_per_rank), r.ranks_per_node,
        gigabytes(r.available_per_node)));
  return r;
}

std::string describe(const ResourceReport& r, bool vtkhdf) {
  std::string text =
      fmt::format("memory: about {} per rank, {} on the busiest node ({} available there)",
                  gigabytes(r.bytes_per_rank), gigabytes(r.bytes_per_node),
                  std::isfinite(r.available_per_node) ? gigabytes(r.available_per_node)
                                                      : std::string("unknown"));
  if (r.snapshot_bytes > 0)
    text += fmt::format("\nsnapshots: about {} each, in {} file(s) ({})",
                        gigabytes(r.snapshot_bytes), vtkhdf ? 1 : r.ranks + 1,
                        vtkhdf ? "output.format vtkhdf: one file whatever the ranks"
                               : "output.format vtk: a .pvtr and a piece per rank");
  return text;
}

}  // namespace fickle
