// Readers for the sections every case kind shares (grid, time, output, boundary, initial) and for
// piecewise fields (a number, or a value with regions). docs/cases.md describes the keys
// (docs/design.md, "Case directories").
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/input/case_reader.hpp"
#include "core/expression.hpp"
#include "meshes/face_velocity.hpp"
#include "meshes/grid.hpp"
#include "meshes/shapes.hpp"
#include "solvers/common/boundary.hpp"
#include "solvers/common/initial_condition.hpp"

namespace fickle {

/// `constants: {name: number, ...}` (when present) into the document, for its expressions.
void read_constants(Section& root);

/// An expression in `variables` and the case's constants at `key` (a string); a syntax error is a
/// CaseError at the key that quotes the expression and the character where it goes wrong.
/// `or_number`: the key also takes a number (the message says so).
Expression read_expression(Section& s, const Key& key, const std::vector<std::string>& variables,
                           bool or_number = false);

/// "at character N" of `text` (1-based), or "at the end", where ExpressionError `e` points.
std::string where_in(const std::string& text, const ExpressionError& e);

/// A number, or a string expression in x, y, z, t (t refused unless `time`).
SpaceTimeValue read_space_time(Section& s, const Key& key, double fallback, bool time = true);

/// The user's own exact solution, `exact: {expression: "..."}` (scored like the built-in ones),
/// when `exact` is a map; nothing when it is absent or names a built-in solution.
std::optional<SpaceTimeValue> read_exact_expression(Section& root);

/// A list of `size` entries at `key`, each a number or an expression in x, y, z (t refused),
/// zero-padded to three; `fallback` when the key is absent.
std::array<SpaceTimeValue, 3> read_space_values(Section& s, const Key& key, std::size_t size,
                                                const std::array<SpaceTimeValue, 3>& fallback);
/// The sections several kinds share, as every reader names them.
namespace keys {
inline const Key grid{"grid", "the grid: cells per axis, corners, periodic axes"};
inline const Key time{"time", "time stepping: end and dt or steps"};
inline const Key output{"output", "snapshots, checkpoints, progress and plots"};
inline const Key initial{"initial", "the initial state"};
inline const Key boundary{"boundary", "conditions on the faces: a default and single faces"};
inline const Key physics{"physics", "the equation and its coefficients"};
}  // namespace keys

/// The quantities a case may give units for (`units:`); docs/cases.md, "units".
inline const std::vector<std::string> kUnitQuantities{"length",  "time",     "u",
                                                      "density", "velocity", "pressure"};
/// `units: {length: m, time: s, ...}`: the units given (free text; none is converted).
std::map<std::string, std::string> read_units(Section units);

/// cells, lower, upper, periodic: every cell count 2 … 2^30, every cell size finite and > 0.
Grid read_grid(Section grid);

/// A point inside the grid, one coordinate per axis (default: the middle of the grid).
std::array<double, 3> read_point(Section& s, const Key& key, const Grid& grid);

struct TimeSettings {
  double dt = 0;
  long steps = 0;
  double end = 0;
  double start = 0;  ///< t of the initial state (time.start, for kinds that read it)
  std::string scheme = "beuler";
  double dt_min = 0;  ///< time.dt_min: an adaptive controller's smallest step (0: PETSc's)
  double dt_max = 0;  ///< time.dt_max: its largest step (0: PETSc's)
};
/// `end` with `dt` or `steps` (both allowed when they agree); `end − start` must be a whole
/// number of steps. `scheme`, `dt_min` and `dt_max` are read only for kinds that have a scheme,
/// `start` (default 0) only for kinds that can start at another time.
TimeSettings read_time(Section time, bool with_scheme = true, bool with_start = false);

struct OutputSettings {
  long every = 10;              ///< steps between snapshots; 0 = initial and final only
  double interval = 0;          ///< time between snapshots (output.interval; 0: by steps)
  std::vector<double> times;    ///< the snapshot times (output.times; empty: by steps or interval)
  double end = 0;               ///< time.end (0: the kind has none; nn counts epochs)
  long checkpoint_every = 0;    ///< steps between checkpoints; 0 = only on a signal
  double progress_seconds = 5;  ///< seconds between progress lines in the log
  /// Whether snapshots are due at times (interval or times) rather than every N steps.
  bool by_time() const { return interval > 0 || !times.empty(); }
};
/// One of `every` (steps), `interval` or `times` (at most one given: giving two is refused at the
/// second); `end` is time.end, which bounds interval and times (0: no bound).
OutputSettings read_output(Section output, double end = 0);

/// When a time-stepping run writes checkpoints (`checkpoint:`), besides the end and signals.
struct CheckpointSettings {
  long every = 0;            ///< steps between checkpoints; 0: none by step count
  double every_seconds = 0;  ///< wall seconds between checkpoints; 0: none by time
  long keep = 1;             ///< how many of the newest checkpoints stay on disk
};
/// `checkpoint: {every, every_seconds, keep}`; `output.checkpoint_every` (read by read_output)
/// is the older spelling of `every`, and giving both is refused.
CheckpointSettings read_checkpoint_settings(Section checkpoint, const Section& output);

/// Refuses entries for faces of periodic axes and for faces the grid does not have.
void check_face_keys(Section& boundary, const Grid& grid);

/// `default` plus per-face entries x-, x+, ...: read_face(section, fallback) reads one (the
/// default's values are the fallback of every face); faces of periodic axes get `periodic`.
template <class Face, class ReadFace>
std::array<Face, 6> read_faces(Section s, const Grid& grid, const Face& periodic,
                               ReadFace read_face) {
  check_face_keys(s, grid);
  std::array<Face, 6> faces{};
  const Face fallback =
      read_face(s.section({"default", "the condition of every face not listed"}), Face{});
  for (int f = 0; f < 2 * grid.dim; ++f)
    faces[f] =
        grid.periodic[f / 2] ? periodic
        : s.has(kFaceNames[f])
            ? read_face(s.section({kFaceNames[f], "one face (x- is at lower of axis x)"}), fallback)
            : fallback;
  return faces;
}

/// velocity: {from: DIR}: the face velocities of a finished stokes run (its run directory or its
/// velocity/ folder, relative to the case directory) on exactly this grid.
std::shared_ptr<const FaceVelocity> read_velocity_from(Section velocity, const Grid& grid);

/// The faces of a diffusion case (neumann or dirichlet; periodic from grid.periodic).
FaceConditions read_boundary(Section boundary, const Grid& grid);

InitialCondition read_initial(Section initial, const Grid& grid);

/// The first 3 (or fewer) numbers of v, zero-padded to three.
std::array<double, 3> to3(const std::vector<double>& v);

/// A region: {shape: one of `shapes` (box, sphere, cylinder), lower/upper (box) or center/radius
/// (sphere, cylinder; a cylinder's axis x, y or z in 3D)}.
Region read_region(Section& region, const Grid& grid, const std::vector<std::string>& shapes);

/// A number or an expression (in x, y, z, and t when `time`), or {value: v, regions: [{shape:
/// box|sphere, ..., value: w}, ...]} with v a number or an expression.
PiecewiseField read_piecewise(Section& parent, const Key& key, double fallback, const Grid& grid,
                              bool time = false);

}  // namespace fickle
