// VTK's HDF5 format (VTKHDF 1.0, read by VTK 9.1's vtkHDFReader and ParaView 5.11), written
// collectively with parallel HDF5: one file per snapshot whatever the number of ranks (the XML
// format writes 1 + N files on N ranks). Cell fields are ImageData whose points are the cell
// centres, the values point data (VTK 9.1's reader cannot read ImageData cell data: it reads
// them with the points' counts); points are an UnstructuredGrid of vertices. The snapshots of a
// series are listed with their times in <name>.hdf.series (ParaView's file-series JSON).
// docs/output.md, "output.format".
#pragma once

#include <mpi.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/petsc.hpp"
#include "meshes/grid.hpp"

namespace fickle {

struct NamedField;
struct NamedVector;
struct PointCloud;
struct VtkMetadata;

/// How snapshot series are written: VTK XML (.pvtr/.pvtp with a piece per rank, .pvd) or VTKHDF
/// (one .vtkhdf per snapshot, .hdf.series).
enum class SeriesFormat { xml, vtkhdf };

/// The format of the series a run writes (the runner sets it from output.format).
SeriesFormat series_format();
void set_series_format(SeriesFormat format);

/// Cell fields of the cell DMDA `da` on `grid` into `file` (collective; throws on every rank when
/// any rank fails). Field data as in the XML files: TimeValue `t`, Title and unit_* of `meta`
/// (docs/output.md, "VTK metadata").
void write_vtkhdf_image(MPI_Comm comm, const std::filesystem::path& file, const Grid& grid, DM da,
                        const std::vector<NamedField>& fields,
                        const std::vector<NamedVector>& vectors, const VtkMetadata& meta, double t);

/// Every rank's points (in rank order) into `file` (collective), with the same field data.
void write_vtkhdf_points(MPI_Comm comm, const std::filesystem::path& file, const PointCloud& cloud,
                         const VtkMetadata& meta, double t);

/// TimeValue, Title and unit_* of a VTKHDF ImageData file (attributes of /VTKHDF: VTK 9.1's reader
/// fails on field data of ImageData), as text; empty when the file is missing. Calling rank only.
std::map<std::string, std::string> read_vtkhdf_metadata(const std::filesystem::path& file);

/// A field of a VTKHDF ImageData file written by write_vtkhdf_image, in natural cell order (x
/// fastest), vector components interleaved; empty when the file or the array is missing. Reads on
/// the calling rank only.
std::vector<double> read_vtkhdf_cell_array(const std::filesystem::path& file,
                                           const std::string& name);

}  // namespace fickle
