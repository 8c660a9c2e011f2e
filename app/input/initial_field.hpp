// `initial: {from: RUN, time: T}` and `initial: {file: F, array: NAME}`: an initial field read
// from a snapshot of a finished fick or fractional run, or from a VTK file, and moved onto the
// case's grid by multilinear interpolation when the grids differ (docs/cases.md, "initial").
#pragma once

#include "app/input/case_reader.hpp"
#include "meshes/grid.hpp"
#include "solvers/common/initial_condition.hpp"

namespace fickle {

/// Whether `initial` reads its field from a run or a file (a `from` or `file` key).
bool is_initial_field_from_data(const Section& initial);

/// The field per cell of `grid` (InitialCondition::Type::cells), with `origin` saying where it
/// came from and whether it was interpolated. Errors name the key: a missing or unfinished run, a
/// run of another kind, a time that is not a snapshot time (the message lists them), a missing
/// file or array, another dimension.
InitialCondition read_initial_field(Section& initial, const Grid& grid);

/// "32^3", "64x32" or "100": the cells of a grid as the log shows them.
std::string cells_text(const Grid& grid);

}  // namespace fickle
