#include "app/run/finished_run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "app/input/case_sections.hpp"
#include "app/input/strict_yaml.hpp"
#include "app/run/run_directory.hpp"
#include "meshes/vtk_reader.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

// The same keys and values (scalars compared as written; styles and key order do not count).
bool same_yaml(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.size() != b.size()) return false;
  if (a.IsSequence()) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_yaml(a[i], b[i])) return false;
    return true;
  }
  for (const auto& item : a) {
    const auto key = item.first.as<std::string>();
    if (key != "fickle" && (!b[key] || !same_yaml(item.second, b[key]))) return false;
  }
  return true;
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
  return read_grid(Section::root(doc).section({"grid", "the grid"}));
}

const std::vector<double>& FinishedRun::column(const std::string& name) const {
  static const std::vector<double> none;
  const auto it = series.find(name);
  return it == series.end() ? none : it->second;
}

std::vector<double> FinishedRun::density(std::size_t index) const {
  const fs::path file = dir / snapshots.at(index).file;
  std::vector<double> values = read_cell_array(file, field);
  if (values.size() != static_cast<std::size_t>(grid.cell_count()))
    throw CaseError(fmt::format("{}: no cell array '{}' with {} values", file.string(), field,
                                grid.cell_count()));
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
  run.grid = grid_of(load_strict_yaml(resolved), resolved);
  if (run.kind == "stokes") {  // a flow: what others use of it is its face velocities
    if (!fs::exists(dir / "velocity" / "velocity.json"))
      throw CaseError(fmt::format("{}: no velocity/velocity.json", dir.string()));
    return run;
  }
  run.field = run.kind == "particles" ? "density" : "u";
  // The XML series, or the VTKHDF one (output.format: vtkhdf).
  fs::path pvd = dir / (run.field + ".pvd");
  if (!fs::exists(pvd) && fs::exists(dir / (run.field + ".hdf.series")))
    pvd = dir / (run.field + ".hdf.series");
  if (!fs::exists(pvd)) throw CaseError(fmt::format("{}: not found", pvd.string()));
  run.snapshots = read_pvd(pvd);
  run.series = read_series(dir / "series.csv");
  return run;
}

bool ran_same_case(const YAML::Node& resolved, const fs::path& dir) {
  const fs::path file = dir / "resolved.yaml";
  if (!fs::exists(file)) return false;
  YAML::Node before;
  try {
    before = load_strict_yaml(file);
  } catch (const CaseError&) {
    return false;  // unreadable: run the sub-case again
  }
  before.remove("fickle");
  YAML::Node now = YAML::Clone(resolved);
  now.remove("fickle");
  return same_yaml(before, now);
}

}  // namespace fickle
