// Points (a sample of particles) as VTK XML poly data for ParaView: one .pvtp per snapshot with one
// .vtp piece per rank, one vertex cell per point, collected in <name>.pvd.
//
// Layout under the run directory:  <name>.pvd   particles/<name>_<index>.pvtp
// particles/<name>_<index>_<rank>.vtp
#pragma once

#include <mpi.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "meshes/vtk_series.hpp"

namespace fickle {

struct PointCloud {
  std::vector<std::int64_t> id;
  std::vector<std::array<double, 3>> position;
  struct Vectors {
    std::string name;
    std::vector<std::array<double, 3>> values;  ///< one per point
  };
  std::vector<Vectors> vectors;
};

class PointSeries {
 public:
  /// Snapshots go to run_dir/<folder>/ (particles/ for particle runs).
  PointSeries(MPI_Comm comm, std::filesystem::path run_dir, std::string name,
              std::string folder = "particles");
  /// Writes this rank's points as snapshot `index` at time `t` (collective).
  void write(int index, double t, const PointCloud& points);

  const std::vector<SnapshotEntry>& entries() const { return snapshots_.entries(); }
  void set_entries(std::vector<SnapshotEntry> entries) {
    snapshots_.set_entries(std::move(entries));
  }

 private:
  MPI_Comm comm_;
  SnapshotCollection snapshots_;
};

}  // namespace fickle
