#include "app/input/series_columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "app/input/case_sections.hpp"

namespace fickle {

namespace {

// Names become column names (probe_NAME, integral_NAME, count_NAME): no commas, quotes or spaces.
void check_name(const Section& s, const std::string& name) {
  const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_';
  });
  s.require(ok, name, "a name of letters, digits and _ (it becomes a series.csv column)");
}

}  // namespace

SeriesColumns read_series_columns(Section output, const Grid& grid, bool with_probes, long every) {
  SeriesColumns c;
  c.every = output.integer(
      {"series_every", "a series.csv row every this many steps (and at every snapshot)"}, every);
  output.require(c.every >= std::min(every, 1L), "series_every",
                 every == 0 ? "a whole number >= 0" : "a whole number >= 1");
  const std::size_t d = static_cast<std::size_t>(grid.dim);
  if (with_probes) {
    Section probes = output.section(
        {"probes", "points where u is sampled into series.csv: {NAME: [x, y, z], ...}"});
    for (const auto& name : probes.keys()) {
      check_name(probes, name);
      const auto x = probes.reals({name, "a probe point, one coordinate per axis"}, d);
      for (std::size_t a = 0; a < d; ++a)
        probes.require_entry(x[a] >= grid.lower[a] && x[a] <= grid.upper[a], name, a,
                             fmt::format("a coordinate in [{:g}, {:g}] (inside the grid)",
                                         grid.lower[a], grid.upper[a]));
      c.probe_names.push_back(name);
      c.probes.push_back(to3(x));
    }
  }
  Section regions = output.section(
      {"regions", "named regions for series.csv: {NAME: {shape: box|sphere|cylinder, ...}, ...}"});
  for (const auto& name : regions.keys()) {
    check_name(regions, name);
    Section region = regions.section({name, "a named region (the keys of a piecewise region)"});
    c.region_names.push_back(name);
    c.regions.push_back(read_region(region, grid, {"box", "sphere", "cylinder"}));
  }
  return c;
}

}  // namespace fickle
