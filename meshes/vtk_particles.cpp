#include "meshes/vtk_particles.hpp"

#include "meshes/vtkhdf.hpp"

#include <fmt/format.h>
#include <vtkCellArray.h>
#include <vtkDoubleArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkTypeInt64Array.h>
#include <vtkXMLPPolyDataWriter.h>
#include <vtkXMLPolyDataWriter.h>

#include <algorithm>

#include "core/atomic_file.hpp"
#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

vtkSmartPointer<vtkDoubleArray> vector_array(const std::string& name,
                                             const std::vector<std::array<double, 3>>& values) {
  auto array = vtkSmartPointer<vtkDoubleArray>::New();
  array->SetName(name.c_str());
  array->SetNumberOfComponents(3);
  array->SetNumberOfTuples(static_cast<vtkIdType>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    array->SetTypedTuple(static_cast<vtkIdType>(i), values[i].data());
  return array;
}

vtkSmartPointer<vtkTypeInt64Array> integer_array(const std::string& name,
                                                 const std::vector<std::int64_t>& values) {
  auto array = vtkSmartPointer<vtkTypeInt64Array>::New();
  array->SetName(name.c_str());
  array->SetNumberOfValues(static_cast<vtkIdType>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    array->SetValue(static_cast<vtkIdType>(i), values[i]);
  return array;
}

}  // namespace

PointSeries::PointSeries(MPI_Comm comm, std::filesystem::path run_dir, std::string name,
                         std::string folder, VtkMetadata meta)
    : comm_(comm),
      snapshots_(std::move(run_dir), std::move(name), std::move(folder)),
      meta_(std::move(meta)) {}

void PointSeries::write(int index, double t, const PointCloud& cloud) {
  const fs::path partial = snapshots_.stage(comm_);
  if (snapshots_.format() == SeriesFormat::vtkhdf) {
    const std::string stem = fmt::format("{}_{:04d}", snapshots_.name(), index);
    write_vtkhdf_points(comm_, partial / (stem + ".hdf"), cloud, meta_, t);
    snapshots_.publish(comm_, stem, ".hdf", "", t);
    return;
  }
  const auto n = static_cast<vtkIdType>(cloud.id.size());

  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(n);
  auto vertices = vtkSmartPointer<vtkCellArray>::New();
  for (vtkIdType i = 0; i < n; ++i) {
    std::array<double, 3> x = cloud.position[i];
    if (cloud.view_box)
      for (int a = 0; a < 3; ++a)
        x[a] = std::clamp(x[a], (*cloud.view_box)[0][a], (*cloud.view_box)[1][a]);
    points->SetPoint(i, x.data());
    vertices->InsertNextCell(1, &i);
  }
  auto poly = vtkSmartPointer<vtkPolyData>::New();
  poly->SetPoints(points);
  poly->SetVerts(vertices);
  vtkPointData* data = poly->GetPointData();
  data->AddArray(integer_array("id", cloud.id));
  for (const auto& field : cloud.integers) data->AddArray(integer_array(field.name, field.values));
  for (const auto& field : cloud.vectors) data->AddArray(vector_array(field.name, field.values));
  if (cloud.view_box) data->AddArray(vector_array("position", cloud.position));
  if (!cloud.integers.empty()) data->SetActiveScalars(cloud.integers.front().name.c_str());
  if (!cloud.vectors.empty()) data->SetActiveVectors(cloud.vectors.front().name.c_str());
  add_field_data(poly, meta_, t);

  const std::string stem = fmt::format("{}_{:04d}", snapshots_.name(), index);
  auto writer = vtkSmartPointer<vtkXMLPPolyDataWriter>::New();
  writer->SetInputData(poly);
  write_pieces(writer, partial / (stem + ".pvtp"), comm_);
  snapshots_.publish(comm_, stem, ".pvtp", ".vtp", t);
}

void write_outline(MPI_Comm comm, const fs::path& file, const Grid& grid, const VtkMetadata& meta) {
  on_root(comm, [&] {
    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetDataTypeToDouble();
    // The 2^dim corners, then an edge between every two that differ along one axis.
    const int corners = 1 << grid.dim;
    for (int c = 0; c < corners; ++c) {
      std::array<double, 3> x{0, 0, 0};
      for (int a = 0; a < grid.dim; ++a) x[a] = (c >> a) & 1 ? grid.upper[a] : grid.lower[a];
      points->InsertNextPoint(x.data());
    }
    auto lines = vtkSmartPointer<vtkCellArray>::New();
    for (int c = 0; c < corners; ++c)
      for (int a = 0; a < grid.dim; ++a)
        if (!((c >> a) & 1)) {
          const vtkIdType edge[2] = {c, c | (1 << a)};
          lines->InsertNextCell(2, edge);
        }
    auto poly = vtkSmartPointer<vtkPolyData>::New();
    poly->SetPoints(points);
    poly->SetLines(lines);
    add_field_data(poly, meta, 0.0);
    write_atomically(file, [&](const fs::path& partial) {
      auto writer = vtkSmartPointer<vtkXMLPolyDataWriter>::New();
      writer->SetInputData(poly);
      writer->SetFileName(partial.c_str());
      if (!writer->Write()) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
    });
  });
}

}  // namespace fickle
