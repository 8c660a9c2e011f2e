// A finished run directory read back: its summary, the grid from resolved.yaml, series.csv by
// column, and the density snapshots of its .pvd (the particles' `density`, a PDE's `u`).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "meshes/grid.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

struct FinishedRun {
  std::filesystem::path dir;
  nlohmann::json summary;
  std::string kind;
  Grid grid;
  std::string field;                                  ///< the density array: "density" or "u"
  std::vector<SnapshotEntry> snapshots;               ///< of <field>.pvd, in time order
  std::map<std::string, std::vector<double>> series;  ///< series.csv by column name

  /// A series column, or an empty vector when the run has none.
  const std::vector<double>& column(const std::string& name) const;
  /// The density array of snapshot `index` in natural cell order (x fastest); read with VTK's
  /// reader on the calling rank only.
  std::vector<double> density(std::size_t index) const;
};

/// Reads `dir`, which must hold a finished (status done) run of one of `kinds`; throws CaseError
/// naming the directory and what is missing otherwise. A stokes run has no density series: it
/// must have its face velocities (velocity/).
FinishedRun read_finished_run(const std::filesystem::path& dir,
                              const std::vector<std::string>& kinds);

/// Whether `resolved` (a case's keys, defaults filled in) is what the run in `dir` ran (its
/// resolved.yaml; the fickle: section, styles and key order do not count).
bool ran_same_case(const YAML::Node& resolved, const std::filesystem::path& dir);

/// The grid of a case's resolved keys (its resolved.yaml, or a sub-case's resolved node).
Grid grid_of(const YAML::Node& resolved, const std::filesystem::path& file);

}  // namespace fickle
