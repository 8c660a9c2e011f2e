#include "meshes/vtk_reader.hpp"

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkRectilinearGrid.h>
#include <vtkSmartPointer.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLPRectilinearGridReader.h>
#include <vtkXMLRectilinearGridReader.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

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

// The cells along each axis from its point coordinates (one point: an unused axis), refusing
// unequal spacings; fills grid.dim, cells, lower and upper.
Grid uniform_grid(const std::array<std::vector<double>, 3>& points, const std::string& file) {
  Grid grid;
  grid.dim = 0;
  for (int a = 0; a < 3; ++a) {
    const auto& p = points[a];
    if (p.size() < 2) continue;
    if (grid.dim != a)
      throw std::invalid_argument(fmt::format("{}: axis {} has cells but axis {} has none", file,
                                              "xyz"[a], "xyz"[grid.dim]));
    const auto n = static_cast<std::int32_t>(p.size() - 1);
    const double h = (p.back() - p.front()) / n;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (std::abs(p[i] - (p.front() + static_cast<double>(i) * h)) > 1e-9 * std::abs(h) * n)
        throw std::invalid_argument(
            fmt::format("{}: the cells along {} are not uniformly spaced", file, "xyz"[a]));
    grid.cells[a] = n;
    grid.lower[a] = p.front();
    grid.upper[a] = p.back();
    ++grid.dim;
  }
  if (grid.dim == 0) throw std::invalid_argument(fmt::format("{}: no cells", file));
  return grid;
}

std::vector<double> coordinates(vtkDataArray* array) {
  std::vector<double> v;
  if (!array) return v;
  for (vtkIdType i = 0; i < array->GetNumberOfTuples(); ++i) v.push_back(array->GetComponent(i, 0));
  return v;
}

}  // namespace

CellField read_cell_field(const std::filesystem::path& file, const std::string& name) {
  const std::string ext = file.extension().string();
  if (ext != ".vtr" && ext != ".pvtr" && ext != ".vti")
    throw std::invalid_argument(
        fmt::format("{}: a .vtr, .pvtr or .vti file (VTK XML), not '{}'", file.string(), ext));
  if (!std::filesystem::is_regular_file(file))
    throw std::invalid_argument(fmt::format("{}: no such file", file.string()));
  vtkDataSet* data = nullptr;
  std::array<std::vector<double>, 3> points;
  vtkSmartPointer<vtkAlgorithm> keep;
  if (ext == ".vti") {
    auto reader = vtkSmartPointer<vtkXMLImageDataReader>::New();
    reader->SetFileName(file.c_str());
    reader->Update();
    keep = reader;
    vtkImageData* image = reader->GetOutput();
    if (image) {
      int dims[3];
      double origin[3], spacing[3];
      image->GetDimensions(dims);
      image->GetOrigin(origin);
      image->GetSpacing(spacing);
      for (int a = 0; a < 3; ++a)
        for (int i = 0; i < dims[a]; ++i) points[a].push_back(origin[a] + i * spacing[a]);
      data = image;
    }
  } else {
    vtkRectilinearGrid* rect = nullptr;
    if (ext == ".vtr") {
      auto reader = vtkSmartPointer<vtkXMLRectilinearGridReader>::New();
      reader->SetFileName(file.c_str());
      reader->Update();
      keep = reader;
      rect = reader->GetOutput();
    } else {
      auto reader = vtkSmartPointer<vtkXMLPRectilinearGridReader>::New();
      reader->SetFileName(file.c_str());
      reader->Update();
      keep = reader;
      rect = reader->GetOutput();
    }
    if (rect) {
      points = {coordinates(rect->GetXCoordinates()), coordinates(rect->GetYCoordinates()),
                coordinates(rect->GetZCoordinates())};
      data = rect;
    }
  }
  if (!data || data->GetNumberOfCells() == 0)
    throw std::invalid_argument(fmt::format("{}: not a readable VTK file", file.string()));
  CellField field;
  field.grid = uniform_grid(points, file.string());
  vtkDataArray* array = data->GetCellData()->GetArray(name.c_str());
  if (!array || array->GetNumberOfComponents() != 1) {
    std::string arrays;
    for (int i = 0; i < data->GetCellData()->GetNumberOfArrays(); ++i) {
      vtkDataArray* a = data->GetCellData()->GetArray(i);
      if (a && a->GetNumberOfComponents() == 1 && a->GetName())
        arrays += (arrays.empty() ? "" : ", ") + std::string(a->GetName());
    }
    throw std::invalid_argument(fmt::format("{}: no scalar cell array '{}' (it has: {})",
                                            file.string(), name, arrays.empty() ? "none" : arrays));
  }
  field.values.resize(static_cast<std::size_t>(array->GetNumberOfTuples()));
  for (vtkIdType i = 0; i < array->GetNumberOfTuples(); ++i)
    field.values[static_cast<std::size_t>(i)] = array->GetComponent(i, 0);
  if (field.values.size() != static_cast<std::size_t>(field.grid.cell_count()))
    throw std::invalid_argument(fmt::format("{}: '{}' has {} values for {} cells", file.string(),
                                            name, field.values.size(), field.grid.cell_count()));
  return field;
}

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
