// Cell fields on a Grid as VTK XML for ParaView: one .pvtr per snapshot with one .vtr piece per
// rank (written by VTK's parallel XML writer), collected in a .pvd time series.
//
// Layout under the run directory:  <name>.pvd   fields/<name>_<index>.pvtr
// fields/<name>_<index>_<rank>.vtr, staged and published by SnapshotCollection (vtk_series.hpp).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

struct NamedField {
  std::string name;
  Vec values;  ///< global Vec on the cell DMDA
};

/// A vector field (ParaView glyphs, stream tracers): up to three global Vecs on the cell DMDA,
/// nullptr for a component that is zero (z in 2D).
struct NamedVector {
  std::string name;
  std::array<Vec, 3> components{nullptr, nullptr, nullptr};
};

class FieldSeries {
 public:
  FieldSeries(std::filesystem::path run_dir, std::string name, const Grid& grid, DM da,
              VtkMetadata meta);

  /// Writes snapshot `index` at time `t` (collective) and rewrites the .pvd (rank 0). The first
  /// field is the active scalar and the first vector the active vector (what ParaView colours by
  /// and glyphs or traces without being asked).
  void write(int index, double t, const std::vector<NamedField>& fields,
             const std::vector<NamedVector>& vectors = {});

  const std::vector<SnapshotEntry>& entries() const { return snapshots_.entries(); }
  /// Restores the list after a restart (entries written by the interrupted run).
  void set_entries(std::vector<SnapshotEntry> entries) {
    snapshots_.set_entries(std::move(entries));
  }

 private:
  SnapshotCollection snapshots_;
  Grid grid_;
  DM da_;
  VtkMetadata meta_;
};

/// VTK's MPI controller for the lifetime of the program (after PetscInitialize, before
/// PetscFinalize). Without it every rank writes the .pvtr summary file and corrupts it.
class VtkSession {
 public:
  VtkSession(int* argc, char*** argv);
  ~VtkSession();
  VtkSession(const VtkSession&) = delete;
  VtkSession& operator=(const VtkSession&) = delete;
};

}  // namespace fickle
