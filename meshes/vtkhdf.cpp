#include "meshes/vtkhdf.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>

#include "core/on_root.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
#include "meshes/vtk_particles.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

SeriesFormat g_format = SeriesFormat::xml;

// An HDF5 identifier closed by its own function when it goes.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator hid_t() const { return id_; }  // NOLINT: used as the id in HDF5 calls
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// Every HDF5 call of a write goes through here: the first failure is kept (HDF5's own error
// stack is silenced) and the ranks agree on it once the file is closed.
struct Calls {
  std::string failure;
  const fs::path& file;
  hid_t operator()(hid_t result, const char* what) {
    if (result < 0 && failure.empty())
      failure = fmt::format("cannot write {}: {}", file.string(), what);
    return result;
  }
};

hid_t create_file(MPI_Comm comm, const fs::path& file) {
  H5Eset_auto(H5E_DEFAULT, nullptr, nullptr);
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_mpio(access, comm, MPI_INFO_NULL);
  return H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access);
}

template <class T>
void attribute(Calls& call, hid_t group, const char* name, hid_t type, const std::vector<T>& v) {
  const hsize_t n = v.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  Handle attr(call(H5Acreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT), name), H5Aclose);
  if (attr.ok()) call(H5Awrite(attr, type, v.data()), name);
}

void string_attribute(Calls& call, hid_t group, const char* name, const std::string& text) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type, text.size());
  H5Tset_strpad(type, H5T_STR_NULLPAD);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(call(H5Acreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT), name), H5Aclose);
  if (attr.ok()) call(H5Awrite(attr, type, text.data()), name);
}

// A dataset of `dims` (global) of which this rank writes the block at `start` of size `count`
// from `data` (contiguous, C order), collectively. `count` all zero: this rank writes nothing.
void write_block(Calls& call, hid_t group, const std::string& name, hid_t type,
                 const std::vector<hsize_t>& dims, const std::vector<hsize_t>& start,
                 const std::vector<hsize_t>& count, const void* data) {
  const int rank = static_cast<int>(dims.size());
  Handle file_space(H5Screate_simple(rank, dims.data(), nullptr), H5Sclose);
  Handle set(
      call(H5Dcreate2(group, name.c_str(), type, file_space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           name.c_str()),
      H5Dclose);
  if (!set.ok()) return;
  hsize_t elements = 1;
  for (hsize_t c : count) elements *= c;
  Handle memory(H5Screate_simple(1, &elements, nullptr), H5Sclose);
  if (elements == 0) {
    H5Sselect_none(file_space);
    H5Sselect_none(memory);
  } else {
    H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  }
  Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(transfer, H5FD_MPIO_COLLECTIVE);
  call(H5Dwrite(set, type, memory, file_space, transfer, data), name.c_str());
}

// A text written by rank 0 as an array of its characters: VTK 9.1's vtkHDFReader reads no HDF5
// string datasets (it fails on them), but reads a char array into the field data. An empty text
// is not written.
void write_text(Calls& call, hid_t group, const std::string& name, const std::string& text,
                bool root) {
  if (text.empty()) return;
  write_block(call, group, name, H5T_NATIVE_CHAR, {text.size()}, {0}, {root ? text.size() : 0u},
              text.data());
}

// /VTKHDF/FieldData: TimeValue (ParaView's time of a file opened on its own), Title and one
// unit_<quantity> per unit given, as vtk_series.cpp writes them into the XML files.
void write_field_data(Calls& call, hid_t vtkhdf, MPI_Comm comm, const VtkMetadata& meta, double t) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const bool root = rank == 0;
  Handle fd(call(H5Gcreate2(vtkhdf, "FieldData", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 "FieldData group"),
            H5Gclose);
  if (!fd.ok()) return;
  write_block(call, fd, "TimeValue", H5T_NATIVE_DOUBLE, {1}, {0}, {root ? 1u : 0u}, &t);
  write_text(call, fd, "Title", meta.title, root);
  for (const auto& [quantity, unit] : meta.units)
    if (!unit.empty()) write_text(call, fd, "unit_" + quantity, unit, root);
}

// TimeValue, Title and unit_<quantity> as attributes of the /VTKHDF group (every rank writes the
// same attribute collectively, as parallel HDF5 wants).
void write_metadata_attributes(Calls& call, hid_t vtkhdf, const VtkMetadata& meta, double t) {
  attribute<double>(call, vtkhdf, "TimeValue", H5T_NATIVE_DOUBLE, {t});
  if (!meta.title.empty()) string_attribute(call, vtkhdf, "Title", meta.title);
  for (const auto& [quantity, unit] : meta.units)
    if (!unit.empty()) string_attribute(call, vtkhdf, ("unit_" + quantity).c_str(), unit);
}

// Creates `file`, lets `body` write into its /VTKHDF group, closes it, and makes every rank agree
// on the outcome.
void write_file(MPI_Comm comm, const fs::path& file,
                const std::function<void(Calls&, hid_t)>& body) {
  Calls call{{}, file};
  {
    Handle h5(call(create_file(comm, file), "cannot create the file"), H5Fclose);
    if (h5.ok()) {
      Handle group(
          call(H5Gcreate2(h5, "VTKHDF", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "VTKHDF group"),
          H5Gclose);
      if (group.ok()) body(call, group);
    }
  }  // closing flushes: a full disk shows here too
  on_all(comm, [&] {
    if (!call.failure.empty()) throw std::runtime_error(call.failure);
  });
}

}  // namespace

SeriesFormat series_format() {
  return g_format;
}

void set_series_format(SeriesFormat format) {
  g_format = format;
}

void write_vtkhdf_image(MPI_Comm comm, const fs::path& file, const Grid& g, DM da,
                        const std::vector<NamedField>& fields,
                        const std::vector<NamedVector>& vectors, const VtkMetadata& meta,
                        double t) {
  const OwnedBox box = owned_box(da);
  // C order, z slowest: VTK's x-fastest cells. Axes the grid lacks have one cell.
  const std::vector<hsize_t> dims{static_cast<hsize_t>(g.dim > 2 ? g.cells[2] : 1),
                                  static_cast<hsize_t>(g.dim > 1 ? g.cells[1] : 1),
                                  static_cast<hsize_t>(g.cells[0])};
  const std::vector<hsize_t> start{static_cast<hsize_t>(box.start[2]),
                                   static_cast<hsize_t>(box.start[1]),
                                   static_cast<hsize_t>(box.start[0])};
  const std::vector<hsize_t> count{static_cast<hsize_t>(box.count[2]),
                                   static_cast<hsize_t>(box.count[1]),
                                   static_cast<hsize_t>(box.count[0])};
  write_file(comm, file, [&](Calls& call, hid_t group) {
    attribute<int>(call, group, "Version", H5T_NATIVE_INT, {1, 0});
    string_attribute(call, group, "Type", "ImageData");
    // The points are the cell centres: n cells along an axis are n points from lower + h/2.
    attribute<int>(
        call, group, "WholeExtent", H5T_NATIVE_INT,
        {0, g.cells[0] - 1, 0, g.dim > 1 ? g.cells[1] - 1 : 0, 0, g.dim > 2 ? g.cells[2] - 1 : 0});
    attribute<double>(
        call, group, "Origin", H5T_NATIVE_DOUBLE,
        {g.centre(0, 0), g.dim > 1 ? g.centre(1, 0) : 0.0, g.dim > 2 ? g.centre(2, 0) : 0.0});
    attribute<double>(
        call, group, "Spacing", H5T_NATIVE_DOUBLE,
        {g.spacing(0), g.dim > 1 ? g.spacing(1) : 1.0, g.dim > 2 ? g.spacing(2) : 1.0});
    attribute<double>(call, group, "Direction", H5T_NATIVE_DOUBLE, {1, 0, 0, 0, 1, 0, 0, 0, 1});
    // VTK 9.1's reader fails on field data of ImageData: the same texts as attributes of
    // /VTKHDF (the time is also in NAME.hdf.series, which ParaView reads).
    write_metadata_attributes(call, group, meta, t);
    Handle cells(call(H5Gcreate2(group, "PointData", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      "PointData group"),
                 H5Gclose);
    if (!cells.ok()) return;
    // A global Vec's owned values are the box in the same x-fastest order.
    for (const auto& f : fields) {
      const PetscScalar* v = nullptr;
      FICKLE_PETSC(VecGetArrayRead(f.values, &v));
      write_block(call, cells, f.name, H5T_NATIVE_DOUBLE, dims, start, count, v);
      FICKLE_PETSC(VecRestoreArrayRead(f.values, &v));
    }
    for (const auto& vec : vectors) {
      std::vector<double> xyz(3 *
                              static_cast<std::size_t>(box.count[0] * box.count[1] * box.count[2]));
      for (int c = 0; c < 3; ++c) {
        if (!vec.components[c]) continue;
        const PetscScalar* v = nullptr;
        FICKLE_PETSC(VecGetArrayRead(vec.components[c], &v));
        for (std::size_t n = 0; n < xyz.size() / 3; ++n) xyz[3 * n + c] = PetscRealPart(v[n]);
        FICKLE_PETSC(VecRestoreArrayRead(vec.components[c], &v));
      }
      auto dims3 = dims, start3 = start, count3 = count;
      dims3.push_back(3), start3.push_back(0), count3.push_back(3);
      write_block(call, cells, vec.name, H5T_NATIVE_DOUBLE, dims3, start3, count3, xyz.data());
    }
  });
}

void write_vtkhdf_points(MPI_Comm comm, const fs::path& file, const PointCloud& cloud,
                         const VtkMetadata& meta, double t) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::int64_t n = static_cast<std::int64_t>(cloud.position.size()), first = 0, total = 0;
  MPI_Exscan(&n, &first, 1, MPI_INT64_T, MPI_SUM, comm);
  if (rank == 0) first = 0;
  MPI_Allreduce(&n, &total, 1, MPI_INT64_T, MPI_SUM, comm);
  int size = 1;
  MPI_Comm_size(comm, &size);
  const bool last = rank == size - 1;
  const auto N = static_cast<hsize_t>(total), at = static_cast<hsize_t>(first),
             local = static_cast<hsize_t>(n);
  // One vertex cell per point: connectivity i, offsets 0..N, type VTK_VERTEX (1).
  std::vector<std::int64_t> ids(local), offsets(local + (last ? 1 : 0));
  for (hsize_t i = 0; i < local; ++i) ids[i] = first + static_cast<std::int64_t>(i);
  for (hsize_t i = 0; i < offsets.size(); ++i) offsets[i] = first + static_cast<std::int64_t>(i);
  const std::vector<unsigned char> types(local, 1);
  const std::vector<std::int64_t> counts{total};
  write_file(comm, file, [&](Calls& call, hid_t group) {
    attribute<int>(call, group, "Version", H5T_NATIVE_INT, {1, 0});
    string_attribute(call, group, "Type", "UnstructuredGrid");
    for (const char* name : {"NumberOfPoints", "NumberOfCells", "NumberOfConnectivityIds"})
      write_block(call, group, name, H5T_NATIVE_INT64, {1}, {0}, {rank == 0 ? 1u : 0u},
                  counts.data());
    write_block(call, group, "Points", H5T_NATIVE_DOUBLE, {N, 3}, {at, 0}, {local, 3},
                cloud.position.data());
    write_block(call, group, "Connectivity", H5T_NATIVE_INT64, {N}, {at}, {local}, ids.data());
    write_block(call, group, "Offsets", H5T_NATIVE_INT64, {N + 1}, {at}, {offsets.size()},
                offsets.data());
    write_block(call, group, "Types", H5T_NATIVE_UCHAR, {N}, {at}, {local}, types.data());
    write_field_data(call, group, comm, meta, t);
    Handle points(call(H5Gcreate2(group, "PointData", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "PointData group"),
                  H5Gclose);
    if (!points.ok()) return;
    write_block(call, points, "id", H5T_NATIVE_INT64, {N}, {at}, {local}, cloud.id.data());
    for (const auto& v : cloud.integers)
      write_block(call, points, v.name, H5T_NATIVE_INT64, {N}, {at}, {local}, v.values.data());
    for (const auto& v : cloud.vectors)
      write_block(call, points, v.name, H5T_NATIVE_DOUBLE, {N, 3}, {at, 0}, {local, 3},
                  v.values.data());
  });
}

std::map<std::string, std::string> read_vtkhdf_metadata(const fs::path& file) {
  H5Eset_auto(H5E_DEFAULT, nullptr, nullptr);
  std::map<std::string, std::string> out;
  Handle h5(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!h5.ok()) return out;
  Handle group(H5Gopen2(h5, "VTKHDF", H5P_DEFAULT), H5Gclose);
  if (!group.ok()) return out;
  const int count = H5Aget_num_attrs(group);
  for (int i = 0; i < count; ++i) {
    Handle attr(H5Aopen_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, static_cast<hsize_t>(i),
                               H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
    if (!attr.ok()) continue;
    char name[256] = {};
    H5Aget_name(attr, sizeof name, name);
    Handle type(H5Aget_type(attr), H5Tclose);
    if (H5Tget_class(type) == H5T_STRING) {
      std::string text(H5Tget_size(type), '\0');
      H5Aread(attr, type, text.data());
      out[name] = text.substr(0, text.find('\0'));
    } else if (std::string(name) == "TimeValue") {
      double t = 0;
      H5Aread(attr, H5T_NATIVE_DOUBLE, &t);
      out[name] = fmt::format("{}", t);
    }
  }
  return out;
}

std::vector<double> read_vtkhdf_cell_array(const fs::path& file, const std::string& name) {
  H5Eset_auto(H5E_DEFAULT, nullptr, nullptr);
  std::vector<double> values;
  Handle h5(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!h5.ok()) return values;
  Handle set(H5Dopen2(h5, ("/VTKHDF/PointData/" + name).c_str(), H5P_DEFAULT), H5Dclose);
  if (!set.ok()) return values;
  Handle space(H5Dget_space(set), H5Sclose);
  values.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    values.clear();
  return values;
}

}  // namespace fickle
