// Points (a sample of particles) as VTK XML poly data for ParaView: one .pvtp per snapshot with one
// .vtp piece per rank, one vertex cell per point, collected in <name>.pvd.
//
// Layout under the run directory:  <name>.pvd   particles/<name>_<index>.pvtp
// particles/<name>_<index>_<rank>.vtp
#pragma once

#include <mpi.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meshes/grid.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

struct PointCloud {
  std::vector<std::int64_t> id;
  std::vector<std::array<double, 3>> position;
  /// Whole-number arrays (a particle's state, its jump count); the first is the active scalar.
  struct Integers {
    std::string name;
    std::vector<std::int64_t> values;  ///< one per point
  };
  std::vector<Integers> integers;
  struct Vectors {
    std::string name;
    std::vector<std::array<double, 3>> values;  ///< one per point
  };
  std::vector<Vectors> vectors;  ///< the first is the active vector
  /// When set, points are drawn inside this box ([0] lower, [1] upper corner): one far outside
  /// (a Lévy flight's) would make ParaView's first view a dot. The true places are then the point
  /// array `position`.
  std::optional<std::array<std::array<double, 3>, 2>> view_box;
};

class PointSeries {
 public:
  /// Snapshots go to run_dir/<folder>/ (particles/ for particle runs).
  PointSeries(MPI_Comm comm, std::filesystem::path run_dir, std::string name, std::string folder,
              VtkMetadata meta);
  /// Writes this rank's points as snapshot `index` at time `t` (collective).
  void write(int index, double t, const PointCloud& points);

  const std::vector<SnapshotEntry>& entries() const { return snapshots_.entries(); }
  void set_entries(std::vector<SnapshotEntry> entries) {
    snapshots_.set_entries(std::move(entries));
  }

 private:
  MPI_Comm comm_;
  SnapshotCollection snapshots_;
  VtkMetadata meta_;
};

/// The edges of the grid's box as poly data (outline.vtp beside particles.pvd), written by rank 0
/// atomically: ParaView shows where the grid is among particles that left it.
void write_outline(MPI_Comm comm, const std::filesystem::path& file, const Grid& grid,
                   const VtkMetadata& meta);

}  // namespace fickle
