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

namespace fickle {
namespace fs = std::filesystem;

PointSeries::PointSeries(MPI_Comm comm, std::filesystem::path run_dir, std::string name,
                         std::string folder)
    : comm_(comm), snapshots_(std::move(run_dir), std::move(name), std::move(folder)) {}

void PointSeries::write(int index, double t, const PointCloud& cloud) {
  const fs::path partial = snapshots_.stage(comm_);
  if (snapshots_.format() == SeriesFormat::vtkhdf) {
    const std::string stem = fmt::format("{}_{:04d}", snapshots_.name(), index);
    write_vtkhdf_points(comm_, partial / (stem + ".hdf"), cloud);
    snapshots_.publish(comm_, stem, ".hdf", "", t);
    return;
  }
  const auto n = static_cast<vtkIdType>(cloud.id.size());

  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(n);
  auto vertices = vtkSmartPointer<vtkCellArray>::New();
  auto ids = vtkSmartPointer<vtkTypeInt64Array>::New();
  ids->SetName("id");
  ids->SetNumberOfValues(n);
  for (vtkIdType i = 0; i < n; ++i) {
    points->SetPoint(i, cloud.position[i].data());
    vertices->InsertNextCell(1, &i);
    ids->SetValue(i, cloud.id[i]);
  }
  auto poly = vtkSmartPointer<vtkPolyData>::New();
  poly->SetPoints(points);
  poly->SetVerts(vertices);
  poly->GetPointData()->AddArray(ids);
  for (const auto& field : cloud.vectors) {
    auto array = vtkSmartPointer<vtkDoubleArray>::New();
    array->SetName(field.name.c_str());
    array->SetNumberOfComponents(3);
    array->SetNumberOfTuples(n);
    for (vtkIdType i = 0; i < n; ++i) array->SetTypedTuple(i, field.values[i].data());
    poly->GetPointData()->AddArray(array);
  }

  const std::string stem = fmt::format("{}_{:04d}", snapshots_.name(), index);
  auto writer = vtkSmartPointer<vtkXMLPPolyDataWriter>::New();
  writer->SetInputData(poly);
  write_pieces(writer, partial / (stem + ".pvtp"), comm_);
  snapshots_.publish(comm_, stem, ".pvtp", ".vtp", t);
}

}  // namespace fickle
