// Loading a case into its kind, and running it into a run directory: what `fickle run` does, and
// what a compare case does for each of its sub-runs.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/input/case_reader.hpp"
#include "app/input/case_sections.hpp"
#include "app/kinds/registry.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

/// A case read and checked: its kind object, ready to run.
struct LoadedCase {
  std::shared_ptr<CaseDocument> doc;
  std::unique_ptr<CaseKind> kind;
  std::string kind_name;
  std::string title;
  std::vector<std::pair<std::string, std::string>> petsc_options;
  CheckpointSettings checkpoint;                   ///< `checkpoint:` (time-stepping kinds)
  SeriesFormat series_format = SeriesFormat::xml;  ///< output.format: vtk or vtkhdf
  VtkMetadata vtk;                                 ///< the title and `units:`, for every VTK file
  bool plots = false;          ///< `output.plots`: the kind's plot script at the end
  YAML::Node resolved;         ///< the case with its defaults filled in (resolved.yaml)
  std::filesystem::path file;  ///< the case.yaml it came from
};

/// The case file of a case directory (or the file itself).
std::filesystem::path case_file(const std::filesystem::path& case_path);

/// Reads `root` (a whole document, or an inline sub-case of a compare case) into its kind; `kinds`
/// are the kinds allowed here. Unknown keys are left to the caller (reject_unknown_keys).
LoadedCase load_case(Section root, const std::vector<std::string>& kinds);

/// Loads CASE/case.yaml with `--set` overrides applied and every key checked.
LoadedCase load_case_file(const std::filesystem::path& case_path,
                          const std::vector<std::string>& sets);

struct RunRequest {
  std::filesystem::path run_dir;
  enum class Restart { no, yes, automatic };
  /// yes: continue from run_dir/checkpoint; automatic: continue from the newest usable checkpoint
  /// if there is one, start afresh otherwise (a requeued batch job).
  Restart restart = Restart::no;
  std::string label;      ///< how the log names the case (its path)
  double stop_after = 0;  ///< seconds: checkpoint and stop (exit 4) before this; 0 = never
};

/// Runs a loaded case into req.run_dir: resolved.yaml, log.txt, the kind's output, summary.json
/// with `status`. The case's petsc: keys are PETSc options for this run only (the command line
/// wins). Returns 0 (done), 3 (diverged: RunFailure) or 4 (interrupted, checkpoint written).
int run_loaded_case(MPI_Comm comm, LoadedCase& c, const RunRequest& req);

}  // namespace fickle
