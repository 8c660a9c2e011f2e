#include "meshes/vtk_fields.hpp"

#include <fmt/format.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkLogger.h>
#include <vtkMPI.h>
#include <vtkMPICommunicator.h>
#include <vtkMPIController.h>
#include <vtkNew.h>
#include <vtkObject.h>
#include <vtkRectilinearGrid.h>
#include <vtkSmartPointer.h>
#include <vtkTrivialProducer.h>
#include <vtkXMLPRectilinearGridWriter.h>

#include <utility>
#include <vector>

#include "meshes/dmda.hpp"
#include "meshes/vtkhdf.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

vtkMPIController* g_controller = nullptr;
std::vector<std::pair<MPI_Comm, vtkMPIController*>> g_sub_controllers;

// Point (face) coordinates of the owned cells [start, start + count] along one axis.
vtkSmartPointer<vtkDoubleArray> face_coordinates(const Grid& grid, int axis, PetscInt start,
                                                 PetscInt count) {
  auto coords = vtkSmartPointer<vtkDoubleArray>::New();
  coords->SetName(
      std::array{"x", "y", "z"}[axis]);  // named, so identical runs write identical files
  if (axis >= grid.dim) {
    coords->InsertNextValue(0.0);
    return coords;
  }
  for (PetscInt i = start; i <= start + count; ++i)
    coords->InsertNextValue(grid.lower[axis] + static_cast<double>(i) * grid.spacing(axis));
  return coords;
}

}  // namespace

VtkSession::VtkSession(int* argc, char*** argv) {
  // fickle reports a failed write itself, once, with its reason: VTK's own error output (a page
  // per failed piece on every rank) stays off.
  vtkObject::GlobalWarningDisplayOff();
  vtkLogger::SetStderrVerbosity(vtkLogger::VERBOSITY_OFF);
  g_controller = vtkMPIController::New();
  g_controller->Initialize(argc, argv, 1);  // 1: MPI is already initialised by PETSc
  vtkMultiProcessController::SetGlobalController(g_controller);
}

VtkSession::~VtkSession() {
  for (auto& [comm, controller] : g_sub_controllers) controller->Delete();
  g_sub_controllers.clear();
  g_controller->Finalize(1);
  vtkMultiProcessController::SetGlobalController(nullptr);
  g_controller->Delete();
  g_controller = nullptr;
}

void release_vtk_controller(MPI_Comm comm) {
  std::erase_if(g_sub_controllers, [&](auto& entry) {
    if (entry.first != comm) return false;
    entry.second->Delete();
    return true;
  });
}

vtkMPIController* vtk_controller(MPI_Comm comm) {
  if (!g_controller) throw std::logic_error("VTK output needs a VtkSession");
  int same = MPI_UNEQUAL;
  MPI_Comm_compare(comm, MPI_COMM_WORLD, &same);
  if (same == MPI_IDENT || same == MPI_CONGRUENT) return g_controller;
  // A sub-communicator (the members of a sweep side by side): a controller of its own, made
  // once, over the same MPI communicator (VTK does not own it).
  for (auto& [known, controller] : g_sub_controllers) {
    MPI_Comm_compare(comm, known, &same);
    if (same == MPI_IDENT) return controller;
  }
  MPI_Comm own = comm;
  vtkMPICommunicatorOpaqueComm opaque(&own);
  vtkNew<vtkMPICommunicator> communicator;
  communicator->InitializeExternal(&opaque);
  vtkMPIController* controller = vtkMPIController::New();
  controller->SetCommunicator(communicator);
  g_sub_controllers.emplace_back(comm, controller);
  return controller;
}

FieldSeries::FieldSeries(fs::path run_dir, std::string name, const Grid& grid, DM da,
                         VtkMetadata meta)
    : snapshots_(std::move(run_dir), std::move(name), "fields"),
      grid_(grid),
      da_(da),
      meta_(std::move(meta)) {}

void FieldSeries::write(int index, double t, const std::vector<NamedField>& fields,
                        const std::vector<NamedVector>& vectors) {
  const MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(da_));
  const fs::path partial = snapshots_.stage(comm);
  if (snapshots_.format() == SeriesFormat::vtkhdf) {
    const std::string stem = fmt::format("{}_{:04d}", snapshots_.name(), index);
    write_vtkhdf_image(comm, partial / (stem + ".hdf"), grid_, da_, fields, vectors, meta_, t);
    snapshots_.publish(comm, stem, ".hdf", "", t);
    return;
  }

  const OwnedBox box = owned_box(da_);
  auto piece = vtkSmartPointer<vtkRectilinearGrid>::New();
  std::array<int, 6> extent{0, 0, 0, 0, 0, 0};
  for (int a = 0; a < grid_.dim; ++a) {
    extent[2 * a] = static_cast<int>(box.start[a]);
    extent[2 * a + 1] = static_cast<int>(box.start[a] + box.count[a]);
  }
  piece->SetExtent(extent.data());
  piece->SetXCoordinates(face_coordinates(grid_, 0, box.start[0], box.count[0]));
  piece->SetYCoordinates(face_coordinates(grid_, 1, box.start[1], box.count[1]));
  piece->SetZCoordinates(face_coordinates(grid_, 2, box.start[2], box.count[2]));

  // A global Vec's owned values are in the same i-fastest order as VTK's cells of the piece.
  for (const auto& field : fields) {
    auto array = vtkSmartPointer<vtkDoubleArray>::New();
    array->SetName(field.name.c_str());
    array->SetNumberOfValues(box.size());
    const PetscScalar* values = nullptr;
    FICKLE_PETSC(VecGetArrayRead(field.values, &values));
    for (PetscInt n = 0; n < box.size(); ++n) array->SetValue(n, PetscRealPart(values[n]));
    FICKLE_PETSC(VecRestoreArrayRead(field.values, &values));
    piece->GetCellData()->AddArray(array);
  }
  for (const auto& field : vectors) {
    auto array = vtkSmartPointer<vtkDoubleArray>::New();
    array->SetName(field.name.c_str());
    array->SetNumberOfComponents(3);
    array->SetNumberOfTuples(box.size());
    for (int c = 0; c < 3; ++c) {
      const PetscScalar* values = nullptr;
      if (field.components[c]) FICKLE_PETSC(VecGetArrayRead(field.components[c], &values));
      for (PetscInt n = 0; n < box.size(); ++n)
        array->SetComponent(n, c, values ? PetscRealPart(values[n]) : 0.0);
      if (values) FICKLE_PETSC(VecRestoreArrayRead(field.components[c], &values));
    }
    piece->GetCellData()->AddArray(array);
  }
  if (!fields.empty()) piece->GetCellData()->SetActiveScalars(fields.front().name.c_str());
  if (!vectors.empty()) piece->GetCellData()->SetActiveVectors(vectors.front().name.c_str());
  add_field_data(piece, meta_, t);

  // Without the whole extent the .pvtr records rank 0's extent and readers return part of the grid.
  auto producer = vtkSmartPointer<vtkTrivialProducer>::New();
  producer->SetOutput(piece);
  std::array<int, 6> whole{0, 0, 0, 0, 0, 0};
  for (int a = 0; a < grid_.dim; ++a) whole[2 * a + 1] = grid_.cells[a];
  producer->SetWholeExtent(whole.data());

  const std::string stem = fmt::format("{}_{:04d}", snapshots_.name(), index);
  auto writer = vtkSmartPointer<vtkXMLPRectilinearGridWriter>::New();
  writer->SetInputConnection(producer->GetOutputPort());
  write_pieces(writer, partial / (stem + ".pvtr"), comm);
  snapshots_.publish(comm, stem, ".pvtr", ".vtr", t);
}

}  // namespace fickle
