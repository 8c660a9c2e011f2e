// The one reader of fickle's own VTK output: a .pvd's snapshot list and a cell array of a .pvtr
// snapshot, read on the calling rank with VTK's XML reader. Used by finished runs (compare) and
// by the tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "meshes/grid.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

/// The <DataSet timestep=".." file=".."/> entries of a .pvd written by SnapshotCollection (or
/// the entries of a .hdf.series), in time order (files relative to its directory); empty when
/// the file is unreadable.
std::vector<SnapshotEntry> read_pvd(const std::filesystem::path& pvd);

/// The cell array `name` of a .pvtr (or .vtkhdf) snapshot: a scalar array's values, or a vector
/// array's
/// components interleaved (x0 y0 z0 x1 ...), in natural cell order (x fastest). Empty when the
/// file or the array is missing.
std::vector<double> read_cell_array(const std::filesystem::path& pvtr, const std::string& name);

/// A scalar cell array and the uniform grid it lives on (periodic axes unknown: none).
struct CellField {
  Grid grid;
  std::vector<double> values;  ///< natural cell order (x fastest)
};

/// The scalar cell array `name` of a .vtr, .pvtr (rectilinear, uniformly spaced) or .vti file.
/// Throws std::invalid_argument saying why when the file is unreadable, of another type, not
/// uniformly spaced, or has no scalar cell array `name` (the message lists the arrays it has).
CellField read_cell_field(const std::filesystem::path& file, const std::string& name);

}  // namespace fickle
