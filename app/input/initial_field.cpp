#include "app/input/initial_field.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "app/run/finished_run.hpp"
#include "meshes/cell_sampling.hpp"
#include "meshes/vtk_reader.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

const Key kFrom = Key("from", "run directory of a finished fick or fractional run (its u.pvd)")
                      .example("../fick-gaussian/output");
const Key kTime = Key("time", "the snapshot time of the run to start from").computed("its last");
const Key kFile =
    Key("file", "a VTK file with the initial field: .vtr, .pvtr or .vti").example("initial.vtr");
const Key kArray{"array", "the cell array of the file to read"};

fs::path resolve(const Section& s, const fs::path& p) {
  return p.is_relative() ? s.case_directory() / p : p;
}

// The snapshot of `run` at `time` (the last one without a time): exactly a snapshot time, to
// 1e-9 of the run's span; anything else is refused with the list of times it has.
std::size_t snapshot_at(Section& s, const FinishedRun& run, std::optional<double> time) {
  if (!time) {
    s.real(kTime, run.snapshots.back().time);  // resolved.yaml records the time used
    return run.snapshots.size() - 1;
  }
  const double t = *time;
  const double tolerance = 1e-9 * std::max(1e-300, std::abs(run.snapshots.back().time));
  for (std::size_t i = 0; i < run.snapshots.size(); ++i)
    if (std::abs(run.snapshots[i].time - t) <= tolerance) return i;
  std::vector<std::string> times;
  for (const auto& e : run.snapshots) times.push_back(fmt::format("{:g}", e.time));
  s.fail("time",
         fmt::format("a snapshot time of {}: one of {}", run.dir.string(), fmt::join(times, ", ")));
}

}  // namespace

bool is_initial_field_from_data(const Section& initial) {
  return initial.has("from") || initial.has("file");
}

std::string cells_text(const Grid& g) {
  if (g.dim > 1 && std::all_of(g.cells.begin(), g.cells.begin() + g.dim,
                               [&](auto n) { return n == g.cells[0]; }))
    return fmt::format("{}^{}", g.cells[0], g.dim);
  std::vector<int> n(g.cells.begin(), g.cells.begin() + g.dim);
  return fmt::format("{}", fmt::join(n, "x"));
}

InitialCondition read_initial_field(Section& s, const Grid& grid) {
  if (s.has("from") && s.has("file")) s.fail("file", "from: RUN or file: F, not both");
  Grid source;
  std::vector<double> values;
  std::string origin;
  const std::string key = s.has("from") ? "from" : "file";
  if (key == "from") {
    const fs::path dir = resolve(s, s.text(kFrom));
    std::optional<double> time;
    if (s.has("time")) time = s.real(kTime);
    s.document()->inputs.push_back(dir);
    FinishedRun run;
    try {
      run = read_finished_run(dir, {"fick", "fractional"});
    } catch (const CaseError& e) {
      s.fail("from", fmt::format("a finished fick or fractional run ({})", e.what()));
    }
    if (run.snapshots.empty())
      s.fail("from", fmt::format("a run with snapshots ({} has none)", dir.string()));
    const std::size_t index = snapshot_at(s, run, time);
    try {
      values = run.density(index);
    } catch (const CaseError& e) {
      s.fail("from", fmt::format("a readable snapshot ({})", e.what()));
    }
    source = run.grid;
    origin = fmt::format("u of {} at t = {:g}", dir.string(), run.snapshots[index].time);
  } else {
    const fs::path file = resolve(s, s.text(kFile));
    const std::string array = s.text(kArray, "u");
    try {
      auto field = read_cell_field(file, array);
      source = field.grid;
      values = std::move(field.values);
    } catch (const std::invalid_argument& e) {
      // The file is there but the array is not: the message is about `array`.
      const bool no_array = fs::is_regular_file(file) &&
                            std::string(e.what()).find("no scalar cell array") != std::string::npos;
      s.fail(no_array ? "array" : "file", fmt::format("a VTK file with this field ({})", e.what()));
    }
    origin = fmt::format("{} of {}", array, file.string());
  }
  if (source.dim != grid.dim)
    s.fail(key, fmt::format("a {}D field like the grid (it is {}D)", grid.dim, source.dim));
  InitialCondition ic;
  ic.type = InitialCondition::Type::cells;
  if (same_cells(source, grid)) {
    ic.origin = origin;
  } else {
    source.periodic = grid.periodic;  // a periodic case's field wraps the same way
    values = resample_cells(source, values, grid);
    ic.origin = fmt::format("{}, interpolated (multilinear) from {} to {} cells", origin,
                            cells_text(source), cells_text(grid));
  }
  ic.cells = std::make_shared<const std::vector<double>>(std::move(values));
  return ic;
}

}  // namespace fickle
