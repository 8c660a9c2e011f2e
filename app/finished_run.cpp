#include "app/finished_run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkRectilinearGrid.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPRectilinearGridReader.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "app/case_sections.hpp"
#include "app/run_directory.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

// The <DataSet timestep=".." file=".."/> entries fickle's .pvd files hold (vtk_series.cpp).
std::vector<SnapshotEntry> read_pvd(const fs::path& pvd) {
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

std::map<std::string, std::vector<double>> read_series(const fs::path& csv) {
  std::map<std::string, std::vector<double>> columns;
  std::ifstream in(csv);
  std::string line;
  if (!std::getline(in, line)) return columns;
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) names.push_back(name);
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::size_t c = 0;
    for (std::string cell; std::getline(row, cell, ',') && c < names.size(); ++c)
      columns[names[c]].push_back(cell == "nan" || cell.empty() ? NAN : std::stod(cell));
  }
  return columns;
}

}  // namespace

Grid grid_of(const YAML::Node& resolved, const fs::path& file) {
  auto doc = std::make_shared<CaseDocument>();
  doc->file = file;
  doc->root = resolved;
  return read_grid(Section::root(doc).section("grid"));
}

const std::vector<double>& FinishedRun::column(const std::string& name) const {
  static const std::vector<double> none;
  const auto it = series.find(name);
  return it == series.end() ? none : it->second;
}

std::vector<double> FinishedRun::density(std::size_t index) const {
  const fs::path file = dir / snapshots.at(index).file;
  auto reader = vtkSmartPointer<vtkXMLPRectilinearGridReader>::New();
  reader->SetFileName(file.c_str());
  reader->Update();
  vtkRectilinearGrid* data = reader->GetOutput();
  vtkDataArray* array = data ? data->GetCellData()->GetArray(field.c_str()) : nullptr;
  if (!array || array->GetNumberOfTuples() != grid.cell_count())
    throw CaseError(fmt::format("{}: no cell array '{}' with {} values", file.string(), field,
                                grid.cell_count()));
  std::vector<double> values(static_cast<std::size_t>(array->GetNumberOfTuples()));
  for (vtkIdType i = 0; i < array->GetNumberOfTuples(); ++i) values[i] = array->GetTuple1(i);
  return values;
}

FinishedRun read_finished_run(const fs::path& dir, const std::vector<std::string>& kinds) {
  FinishedRun run;
  run.dir = dir;
  const fs::path summary = dir / "summary.json";
  if (!fs::exists(summary))
    throw CaseError(fmt::format("{}: not a fickle run (no summary.json)", dir.string()));
  run.summary = read_json(summary);
  run.kind = run.summary.value("kind", "");
  if (std::find(kinds.begin(), kinds.end(), run.kind) == kinds.end())
    throw CaseError(fmt::format("{}: a {} run; expected one of: {}", dir.string(), run.kind,
                                fmt::join(kinds, ", ")));
  if (run.summary.value("status", "") != "done")
    throw CaseError(
        fmt::format("{}: the run did not finish (status {}); continue it with "
                    "`fickle run ... --restart`",
                    dir.string(), run.summary.value("status", "unknown")));
  const fs::path resolved = dir / "resolved.yaml";
  try {
    run.grid = grid_of(YAML::LoadFile(resolved.string()), resolved);
  } catch (const YAML::Exception& e) {
    throw CaseError(fmt::format("{}: unreadable ({})", resolved.string(), e.what()));
  }
  if (run.kind == "stokes") {  // a flow: what others use of it is its face velocities
    if (!fs::exists(dir / "velocity" / "velocity.json"))
      throw CaseError(fmt::format("{}: no velocity/velocity.json", dir.string()));
    return run;
  }
  run.field = run.kind == "particles" ? "density" : "u";
  const fs::path pvd = dir / (run.field + ".pvd");
  if (!fs::exists(pvd)) throw CaseError(fmt::format("{}: not found", pvd.string()));
  run.snapshots = read_pvd(pvd);
  run.series = read_series(dir / "series.csv");
  return run;
}

}  // namespace fickle
