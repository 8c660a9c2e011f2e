#include "meshes/vtk_series.hpp"

#include <fmt/format.h>

#include <vtkDataObject.h>
#include <vtkDoubleArray.h>
#include <vtkErrorCode.h>
#include <vtkFieldData.h>
#include <vtkMPIController.h>
#include <vtkSmartPointer.h>
#include <vtkStringArray.h>
#include <vtkXMLPDataObjectWriter.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {
void add_text(vtkFieldData* fd, const std::string& name, const std::string& value) {
  auto text = vtkSmartPointer<vtkStringArray>::New();
  text->SetName(name.c_str());
  text->InsertNextValue(value);
  fd->AddArray(text);
}
}  // namespace

void add_field_data(vtkDataObject* data, const VtkMetadata& meta, double t) {
  auto fd = vtkSmartPointer<vtkFieldData>::New();
  auto time = vtkSmartPointer<vtkDoubleArray>::New();
  time->SetName("TimeValue");
  time->InsertNextValue(t);
  fd->AddArray(time);
  add_text(fd, "Title", meta.title);
  for (const auto& [quantity, unit] : meta.units)
    if (!unit.empty()) add_text(fd, "unit_" + quantity, unit);
  data->SetFieldData(fd);
}

SnapshotCollection::SnapshotCollection(fs::path run_dir, std::string name, std::string folder)
    : run_dir_(std::move(run_dir)),
      name_(std::move(name)),
      folder_(std::move(folder)),
      format_(series_format()) {}

fs::path SnapshotCollection::stage(MPI_Comm comm) const {
  const fs::path partial = run_dir_ / folder_ / ".partial";
  on_root(comm, [&] { fs::create_directories(partial); });
  return partial;
}

void SnapshotCollection::publish(MPI_Comm comm, const std::string& stem,
                                 const std::string& summary_ext, const std::string& piece_ext,
                                 double t) {
  const fs::path folder = run_dir_ / folder_;
  const fs::path partial = folder / ".partial";
  // Pieces first, the summary file last: it only appears once everything it names is in place.
  on_root(comm, [&] {
    for (const auto& entry : fs::directory_iterator(folder)) {
      const auto name = entry.path().filename().string();
      if (!piece_ext.empty() && name.starts_with(stem + "_") &&
          entry.path().extension() == piece_ext)
        fs::remove(entry.path());
    }
    for (const auto& entry : fs::directory_iterator(partial))
      if (!piece_ext.empty() && entry.path().extension() == piece_ext)
        fs::rename(entry.path(), folder / entry.path().filename());
    fs::rename(partial / (stem + summary_ext), folder / (stem + summary_ext));
    fs::remove_all(partial);
    std::erase_if(entries_, [&](const SnapshotEntry& e) { return e.time >= t; });
    entries_.push_back({t, folder_ + "/" + stem + summary_ext});
    write_pvd();
  });
}

void write_pieces(vtkXMLPDataObjectWriter* writer, const fs::path& file, MPI_Comm comm) {
  vtkMPIController* controller = vtk_controller(comm);
  writer->SetController(controller);
  writer->SetFileName(file.c_str());
  writer->SetNumberOfPieces(controller->GetNumberOfProcesses());
  writer->SetStartPiece(controller->GetLocalProcessId());
  writer->SetEndPiece(controller->GetLocalProcessId());
  writer->SetDataModeToAppended();
  // LZ4: the six 64³ snapshots of fick-gaussian take 0.07 s instead of 0.45 s with zlib, in 35 MB
  // instead of 25 MB.
  writer->SetCompressorTypeToLZ4();
  // The ranks agree on the outcome, and every rank knows why (VTK's error code; errno is lost).
  int error = writer->Write() ? 0 : std::max<int>(1, static_cast<int>(writer->GetErrorCode()));
  int worst = 0;
  controller->AllReduce(&error, &worst, 1, vtkCommunicator::MAX_OP);
  if (worst == 0) return;
  const std::string reason =
      worst == vtkErrorCode::OutOfDiskSpaceError ? std::strerror(ENOSPC)
      : worst == vtkErrorCode::CannotOpenFileError
          ? "cannot open the file"
          : vtkErrorCode::GetStringFromErrorCode(static_cast<unsigned long>(worst));
  throw std::runtime_error(fmt::format("cannot write {}: {}", file.string(), reason));
}

void SnapshotCollection::write_pvd() const {
  if (format_ == SeriesFormat::vtkhdf) {
    // ParaView's file-series JSON: the files with their physical times.
    std::ostringstream json;
    json << "{\n  \"file-series-version\": \"1.0\",\n  \"files\": [\n";
    for (std::size_t i = 0; i < entries_.size(); ++i)
      json << fmt::format("    {{\"name\": \"{}\", \"time\": {:.17g}}}{}\n", entries_[i].file,
                          entries_[i].time, i + 1 < entries_.size() ? "," : "");
    json << "  ]\n}\n";
    write_file_atomically(run_dir_ / (name_ + ".hdf.series"), json.str());
    return;
  }
  std::ostringstream xml;
  xml << "<?xml version=\"1.0\"?>\n"
      << "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
      << "  <Collection>\n";
  for (const auto& e : entries_)
    xml << fmt::format("    <DataSet timestep=\"{:.17g}\" group=\"\" part=\"0\" file=\"{}\"/>\n",
                       e.time, e.file);
  xml << "  </Collection>\n</VTKFile>\n";
  write_file_atomically(run_dir_ / (name_ + ".pvd"), xml.str());
}

}  // namespace fickle
