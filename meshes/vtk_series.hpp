// A time series of parallel VTK XML snapshots (.pvtr/.pvtp + one piece per rank) and its .pvd,
// shared by FieldSeries (vtk_fields.hpp) and ParticleSeries (vtk_particles.hpp).
//
// A snapshot is written into <folder>/.partial/ and published (renamed into <folder>/) once every
// piece is complete, so a killed run never leaves a summary file that names missing pieces.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "meshes/vtkhdf.hpp"

class vtkDataObject;
class vtkMPIController;
class vtkXMLPDataObjectWriter;

namespace fickle {

struct SnapshotEntry {
  double time;
  std::string file;  ///< relative to the run directory
};

/// What every VTK file fickle writes says about itself as field data (docs/output.md, "VTK
/// metadata"): the case title and the units the case gives (`units:`), besides its time.
struct VtkMetadata {
  std::string title;
  std::map<std::string, std::string> units;  ///< quantity (length, time, u, ...) → unit text
};

/// Adds field data `TimeValue` (t; ParaView's time when a file series is opened without its
/// .pvd), `Title` and one `unit_<quantity>` string per unit to `data`.
void add_field_data(vtkDataObject* data, const VtkMetadata& meta, double t);

class SnapshotCollection {
 public:
  SnapshotCollection(std::filesystem::path run_dir, std::string name, std::string folder);

  /// Creates the staging directory (collective) and returns it.
  std::filesystem::path stage(MPI_Comm comm) const;
  /// Moves `stem` + summary_ext and the pieces `stem`_*piece_ext (none when empty: a VTKHDF
  /// snapshot is one file) into place, replacing pieces of an earlier snapshot with this stem (a
  /// restart on more ranks); records `t` and rewrites <name>.pvd, or <name>.hdf.series
  /// (collective; rank 0 does the file system work).
  void publish(MPI_Comm comm, const std::string& stem, const std::string& summary_ext,
               const std::string& piece_ext, double t);

  const std::string& name() const { return name_; }
  /// XML or VTKHDF: series_format() when the collection was made (the run's output.format).
  SeriesFormat format() const { return format_; }
  const std::vector<SnapshotEntry>& entries() const { return entries_; }
  /// Restores the list after a restart (entries written by the interrupted run).
  void set_entries(std::vector<SnapshotEntry> entries) { entries_ = std::move(entries); }

 private:
  void write_pvd() const;

  std::filesystem::path run_dir_;
  std::string name_;
  std::string folder_;
  std::vector<SnapshotEntry> entries_;
  SeriesFormat format_;
};

/// The VTK controller of `comm`: VtkSession's for the world, one made once for a sub-communicator
/// (throws when there is no VtkSession).
vtkMPIController* vtk_controller(MPI_Comm comm);
/// Forgets the controller of a sub-communicator (call before freeing it).
void release_vtk_controller(MPI_Comm comm);

/// Writes this rank's piece and (rank 0) the summary file `file` with a parallel XML writer whose
/// input is set: appended LZ4 data, one piece per rank. Collective; throws on any rank's failure.
void write_pieces(vtkXMLPDataObjectWriter* writer, const std::filesystem::path& file,
                  MPI_Comm comm);

}  // namespace fickle
