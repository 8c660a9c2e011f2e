// Cell fields on a Grid as VTK XML for ParaView: one .pvtr per snapshot with one .vtr piece per
// rank (written by VTK's parallel XML writer), collected in a .pvd time series.
//
// Layout under the run directory:  <name>.pvd   fields/<name>_<index>.pvtr
// fields/<name>_<index>_<rank>.vtr A snapshot is written into fields/.partial/ and renamed into
// place once every piece is complete, so a killed run never leaves a .pvtr that points at missing
// or truncated pieces.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "meshes/grid.hpp"
#include "meshes/petsc.hpp"

namespace fickle {

struct NamedField {
  std::string name;
  Vec values;  ///< global Vec on the cell DMDA
};

struct SnapshotEntry {
  double time;
  std::string file;  ///< relative to the run directory
};

class FieldSeries {
 public:
  FieldSeries(std::filesystem::path run_dir, std::string name, const Grid& grid, DM da);

  /// Writes snapshot `index` at time `t` (collective) and rewrites the .pvd (rank 0).
  void write(int index, double t, const std::vector<NamedField>& fields);

  const std::vector<SnapshotEntry>& entries() const { return entries_; }
  /// Restores the list after a restart (entries written by the interrupted run).
  void set_entries(std::vector<SnapshotEntry> entries) { entries_ = std::move(entries); }

 private:
  void write_pvd() const;

  std::filesystem::path run_dir_;
  std::string name_;
  Grid grid_;
  DM da_;
  std::vector<SnapshotEntry> entries_;
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
