// The output keys that add columns to series.csv: probes (points where a field is sampled),
// named regions (a field's integral over each, or the particles in each) and series_every (a
// row every this many steps). docs/cases.md, "output"; the columns in docs/output.md.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "app/input/case_reader.hpp"
#include "meshes/grid.hpp"
#include "meshes/shapes.hpp"

namespace fickle {

struct SeriesColumns {
  /// A series row every this many steps (snapshot steps and the last always); 0 (particles'
  /// default): only the kind's own rows.
  long every = 1;
  std::vector<std::string> probe_names;
  std::vector<std::array<double, 3>> probes;
  std::vector<std::string> region_names;
  std::vector<Region> regions;

  /// Whether step `step` gets a row.
  bool records(long step) const { return every > 0 && step % every == 0; }
};

/// output.series_every, output.regions: {NAME: {shape, ...}} and (when `with_probes`)
/// output.probes: {NAME: [x, y, z]}; a name is letters, digits and _, a probe a point in the box.
/// `every` is series_every's default (0 allowed only when it is the default).
SeriesColumns read_series_columns(Section output, const Grid& grid, bool with_probes = true,
                                  long every = 1);

}  // namespace fickle
