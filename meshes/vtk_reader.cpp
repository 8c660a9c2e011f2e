#include "meshes/vtk_reader.hpp"

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkRectilinearGrid.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPRectilinearGridReader.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "meshes/vtkhdf.hpp"

namespace fickle {

namespace {

// The {"name": ..., "time": ...} entries of a .hdf.series file written by SnapshotCollection.
std::vector<SnapshotEntry> read_series_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string json = text.str();
  static const std::regex entry(R"re("name": "([^"]+)", "time": ([^}\s]+))re");
  std::vector<SnapshotEntry> out;
  for (auto it = std::sregex_iterator(json.begin(), json.end(), entry);
       it != std::sregex_iterator(); ++it)
    out.push_back({std::stod((*it)[2].str()), (*it)[1].str()});
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.time < b.time; });
  return out;
}

}  // namespace

std::vector<SnapshotEntry> read_pvd(const std::filesystem::path& pvd) {
  if (pvd.extension() == ".series") return read_series_json(pvd);
  std::ifstream in(pvd);
  std::stringstream text;
  text << in.rdbuf();
  const std::string xml = text.str();
  static const std::regex entry(R"re(timestep="([^"]+)"[^>]*file="([^"]+)")re");
  std::vector<SnapshotEntry> out;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), entry); it != std::sregex_iterator();
       ++it)
    out.push_back({std::stod((*it)[1].str()), (*it)[2].str()});
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.time < b.time; });
  return out;
}

std::vector<double> read_cell_array(const std::filesystem::path& pvtr, const std::string& name) {
  if (pvtr.extension() == ".hdf") return read_vtkhdf_cell_array(pvtr, name);
  auto reader = vtkSmartPointer<vtkXMLPRectilinearGridReader>::New();
  reader->SetFileName(pvtr.c_str());
  reader->Update();
  vtkRectilinearGrid* grid = reader->GetOutput();
  vtkDataArray* array = grid ? grid->GetCellData()->GetArray(name.c_str()) : nullptr;
  std::vector<double> values;
  if (!array) return values;
  values.resize(static_cast<std::size_t>(array->GetNumberOfValues()));
  const int components = array->GetNumberOfComponents();
  for (vtkIdType i = 0; i < array->GetNumberOfTuples(); ++i)
    for (int c = 0; c < components; ++c)
      values[static_cast<std::size_t>(i * components + c)] = array->GetComponent(i, c);
  return values;
}

}  // namespace fickle
