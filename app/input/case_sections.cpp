#include "app/input/case_sections.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <memory>

#include "app/input/initial_field.hpp"
#include "solvers/stokes/velocity_file.hpp"

namespace fickle {

std::array<double, 3> to3(const std::vector<double>& v) {
  std::array<double, 3> a{0, 0, 0};
  std::copy(v.begin(), v.end(), a.begin());
  return a;
}

namespace {

// Axis a of the box: upper > lower, and a cell size h = (upper − lower)/cells whose square is a
// normal number (upper − lower overflows for ±1e308; a tiny h makes D/h² infinite). Reported at
// the corner the case gives (upper when it gives both).
void check_extent(const Section& s, std::size_t a, double lower, double upper, long cells) {
  const bool at_upper = s.has("upper") || !s.has("lower");
  const char* key = at_upper ? "upper" : "lower";
  s.require_entry(upper > lower, key, a,
                  at_upper ? fmt::format("a number > lower[{}] = {}", a, lower)
                           : fmt::format("a number < upper[{}] = {}", a, upper));
  const double h = (upper - lower) / static_cast<double>(cells);
  s.require_entry(std::isfinite(upper - lower) && std::isnormal(h * h), key, a,
                  "a finite cell size (upper - lower)/cells whose square is a normal number "
                  "(about 1e-154 < h < 1e154)");
}

}  // namespace

void read_constants(Section& root) {
  if (!root.has("constants")) return;
  Section s = root.section({"constants", "named numbers the case's expressions may use"});
  auto& constants = s.document()->constants;
  for (const auto& name : s.keys()) {
    const bool identifier =
        !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
        std::all_of(name.begin(), name.end(),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    if (!identifier || name == "x" || name == "y" || name == "z" || name == "t" || name == "u" ||
        name == "pi")
      s.fail_found(name, "a constant's name (letters, digits, _; not x, y, z, t, u or pi)",
                   "'" + name + "'");
    constants[name] = s.real({name, "a constant for the expressions"});
  }
}

std::string where_in(const std::string& text, const ExpressionError& e) {
  return e.position > static_cast<int>(text.size()) ? std::string("at the end")
                                                    : fmt::format("at character {}", e.position);
}

Expression read_expression(Section& s, const Key& key, const std::vector<std::string>& variables,
                           bool or_number) {
  const std::string text = s.text(key);
  try {
    return Expression(text, variables, s.document()->constants);
  } catch (const ExpressionError& e) {
    s.fail_found(key.name,
                 fmt::format("{}an expression in {}", or_number ? "a number or " : "",
                             fmt::join(variables, ", ")),
                 fmt::format("'{}' ({} {})", text, e.what(), where_in(text, e)));
  }
}

SpaceTimeValue read_space_time(Section& s, const Key& key, double fallback, bool time) {
  // Absent, a number, or no value at all (which real() refuses as "expected a number").
  if (!s.has(key.name) || s.is_number(key.name) || s.raw(key).IsNull())
    return s.real(key, fallback);
  const Expression formula = read_expression(s, key, {"x", "y", "z", "t"}, true);
  if (!time && formula.uses("t"))
    s.fail(key.name, "a number or an expression in x, y, z (this value may not depend on t)");
  return SpaceTimeValue::parse(formula.text(), s.document()->constants);
}

std::optional<SpaceTimeValue> read_exact_expression(Section& root) {
  if (!root.is_map("exact")) return std::nullopt;
  Section exact = root.section({"exact", "an exact solution to compare with"});
  if (!exact.has("expression"))
    exact.fail("expression", "an expression in x, y, z, t (this key is required)");
  return read_space_time(exact, {"expression", "the exact u(x, y, z, t), an expression"}, 0.0);
}

std::array<SpaceTimeValue, 3> read_space_values(Section& s, const Key& key, std::size_t size,
                                                const std::array<SpaceTimeValue, 3>& fallback) {
  std::array<SpaceTimeValue, 3> out{};
  bool numbers = true;
  if (s.has(key.name) && s.raw(key).IsSequence())
    for (const auto& entry : s.raw(key)) {
      double v = 0;
      numbers = numbers && entry.IsScalar() && YAML::convert<double>::decode(entry, v);
    }
  if (!s.has(key.name) || numbers) {
    std::vector<double> fallback_numbers(size);
    for (std::size_t a = 0; a < size; ++a) fallback_numbers[a] = fallback[a].number();
    const bool formulas = std::any_of(fallback.begin(), fallback.begin() + size,
                                      [](const SpaceTimeValue& v) { return !v.is_number(); });
    if (!s.has(key.name) && formulas) return fallback;
    const auto v = s.reals(key, size, fallback_numbers);
    std::copy(v.begin(), v.end(), out.begin());
    return out;
  }
  const YAML::Node list = s.raw(key);
  const std::string expected =
      fmt::format("a list of {} numbers or expressions in x, y, z (not t)", size);
  if (list.size() != size) s.fail(key.name, expected);
  for (std::size_t a = 0; a < size; ++a) {
    double v = 0;
    if (list[a].IsScalar() && YAML::convert<double>::decode(list[a], v)) {
      out[a] = v;
      continue;
    }
    const auto text = list[a].IsScalar() ? list[a].Scalar() : std::string();
    try {
      out[a] = SpaceTimeValue::parse(text, s.document()->constants);
    } catch (const ExpressionError& e) {
      s.fail_entry(
          key.name, a,
          fmt::format("a number or an expression in x, y, z ({} {})", e.what(), where_in(text, e)));
    }
    if (out[a].depends_on_time())
      s.fail_entry(key.name, a, "a number or an expression in x, y, z (not t)");
  }
  return out;
}

std::map<std::string, std::string> read_units(Section s) {
  std::map<std::string, std::string> units;
  for (const auto& quantity : kUnitQuantities)
    if (auto unit = s.text(
            {quantity, "unit of " + quantity + " (free text, written into every VTK file)"}, "");
        !unit.empty())
      units[quantity] = unit;
  return units;
}

Grid read_grid(Section s) {
  Grid g;
  const auto cells = s.integers(
      Key("cells", "cells per axis; the number of entries is the dimension").example("[32, 32]"),
      0);
  s.require(cells.size() >= 1 && cells.size() <= 3, "cells", "a list of 1, 2 or 3 cell counts");
  g.dim = static_cast<int>(cells.size());
  for (int a = 0; a < g.dim; ++a) {
    s.require_entry(cells[a] >= 2, "cells", a, "a whole number >= 2");
    s.require_entry(cells[a] <= (1L << 30), "cells", a, "a whole number <= 2^30");
    g.cells[a] = static_cast<std::int32_t>(cells[a]);
  }
  const std::size_t d = cells.size();
  const auto lower = s.reals(Key("lower", "lower corner").computed("0 on every axis"), d,
                             std::vector<double>(d, 0.0));
  const auto upper = s.reals(Key("upper", "upper corner").computed("1 on every axis"), d,
                             std::vector<double>(d, 1.0));
  const auto periodic = s.booleans(Key("periodic", "periodic axes (they have no boundary faces)")
                                       .computed("false on every axis"),
                                   d, std::vector<bool>(d, false));
  for (int a = 0; a < g.dim; ++a) {
    check_extent(s, a, lower[a], upper[a], cells[a]);
    g.lower[a] = lower[a];
    g.upper[a] = upper[a];
    g.periodic[a] = periodic[a];
  }
  return g;
}

std::array<double, 3> read_point(Section& s, const Key& key, const Grid& grid) {
  const std::size_t d = grid.dim;
  std::vector<double> middle(d);
  for (int a = 0; a < grid.dim; ++a) middle[a] = 0.5 * (grid.lower[a] + grid.upper[a]);
  const auto point = s.reals(key.computed("the middle of the grid"), d, middle);
  for (int a = 0; a < grid.dim; ++a)
    s.require_entry(
        point[a] >= grid.lower[a] && point[a] <= grid.upper[a], key.name, a,
        fmt::format("a coordinate inside the grid, in [{}, {}]", grid.lower[a], grid.upper[a]));
  return to3(point);
}

namespace {
const Key kSteps = Key("steps", "number of steps").computed("end/dt").example("100");
const Key kDt = Key("dt", "time step").computed("end/steps");
}  // namespace

TimeSettings read_time(Section s, bool with_scheme, bool with_start) {
  TimeSettings t;
  t.end = s.real(Key("end", "final time").example("1"));
  if (with_start) {
    t.start = s.real({"start", "time of the initial state (e.g. a snapshot's time)"}, 0.0);
    s.require(std::isfinite(t.start) && t.start >= 0, "start", "a number >= 0");
  }
  s.require(t.end > t.start, "end", t.start == 0 ? "a number > 0" : "a number > time.start");
  s.require(s.has("dt") || s.has("steps"), "dt", "dt or steps (one of them is required)");
  if (s.has("steps")) {
    t.steps = s.integer(kSteps);
    s.require(t.steps >= 1, "steps", "a whole number >= 1");
  }
  if (s.has("dt")) {
    t.dt = s.real(kDt);
    s.require(t.dt > 0, "dt", "a number > 0");
    const double n = (t.end - t.start) / t.dt;
    const long rounded = std::lround(n);
    if (std::abs(n - rounded) > 1e-9 * n || rounded < 1) {
      const long below = std::max(1L, static_cast<long>(std::floor(n)));
      s.fail("end", fmt::format("a whole number of steps of dt = {:g} ({:.4g} steps; use end: {:g} "
                                "or {:g}, or give steps instead of dt)",
                                t.dt, n, t.start + below * t.dt, t.start + (below + 1) * t.dt));
    }
    if (t.steps) s.require(t.steps == rounded, "steps", fmt::format("end/dt = {}", rounded));
    t.steps = rounded;
  } else {
    t.dt = (t.end - t.start) / static_cast<double>(t.steps);
    s.real(kDt, t.dt);  // record the derived value in resolved.yaml
  }
  if (!s.has("steps")) s.integer(kSteps, t.steps);
  if (with_scheme) {
    t.scheme =
        s.text({"scheme", "time integrator: beuler, cn, bdf2 or any PETSc TS type"}, "beuler");
    // Bounds of an adaptive step-size controller (-ts_adapt_type basic); read only when given.
    if (s.has("dt_min")) {
      t.dt_min = s.real({"dt_min", "smallest step an adaptive controller may choose"});
      s.require(t.dt_min > 0 && t.dt_min <= t.dt, "dt_min",
                fmt::format("a step > 0 and <= dt = {:g}", t.dt));
    }
    if (s.has("dt_max")) {
      t.dt_max = s.real({"dt_max", "largest step an adaptive controller may choose"});
      s.require(t.dt_max >= t.dt, "dt_max", fmt::format("a step >= dt = {:g}", t.dt));
    }
  }
  return t;
}

OutputSettings read_output(Section s, double end) {
  OutputSettings o;
  o.end = end;
  // Three ways to say when snapshots are due; only the one given is read (and recorded in
  // resolved.yaml, which stays a valid case).
  const bool interval = s.has("interval"), times = s.has("times");
  const char* const one_of =
      "one of output.every, output.interval and output.times (each sets the snapshot times), "
      "not two";
  if (interval && times) s.fail("times", one_of);
  if ((interval || times) && s.has("every")) s.fail("every", one_of);
  const std::string bound = end > 0 ? fmt::format(" and <= time.end = {:g}", end) : std::string();
  if (interval || times) o.every = 0;
  if (interval) {
    o.interval =
        s.real(Key("interval", "a snapshot at every multiple of this time (and at the end)")
                   .example("0.1"));
    s.require(o.interval > 0 && (end <= 0 || o.interval <= end), "interval", "a time > 0" + bound);
  } else if (times) {
    o.times = s.reals(Key("times", "the snapshot times (and the end)").example("[0.1, 0.5]"), 0);
    s.require(!o.times.empty(), "times", "a list of one or more times");
    for (std::size_t i = 0; i < o.times.size(); ++i)
      s.require_entry(o.times[i] > (i ? o.times[i - 1] : 0.0) && (end <= 0 || o.times[i] <= end),
                      "times", i, "increasing times > 0" + bound);
  } else {
    o.every = s.integer(
        {"every", "a snapshot (VTK) every this many steps; 0: the first and last only"}, 10);
    s.require(o.every >= 0, "every", "a whole number >= 0 (0: initial and final snapshot only)");
  }
  // The older spelling of checkpoint.every: read only when given, so that resolved.yaml
  // (itself a valid case) does not carry both spellings.
  if (s.has("checkpoint_every")) {
    o.checkpoint_every = s.integer({"checkpoint_every", "older spelling of checkpoint.every"}, 0);
    s.require(o.checkpoint_every >= 0, "checkpoint_every",
              "a whole number >= 0 (0: only on a signal and at the end)");
  }
  o.progress_seconds =
      s.real({"progress_seconds", "seconds between progress lines in the log"}, 5.0);
  s.require(o.progress_seconds > 0, "progress_seconds", "a number > 0");
  return o;
}

CheckpointSettings read_checkpoint_settings(Section s, const Section& output) {
  CheckpointSettings c;
  if (output.has("checkpoint_every")) {
    // The older spelling stands in for checkpoint.every (the time loop reads it); the default
    // of checkpoint.every is not recorded, so resolved.yaml stays a valid case.
    if (s.has("every"))
      s.fail("every", "checkpoint.every or output.checkpoint_every (the older spelling), not both");
  } else {
    c.every = s.integer({"every", "a checkpoint every this many steps (0: not by step count)"}, 0);
    s.require(c.every >= 0, "every", "a whole number of steps >= 0 (0: not by step count)");
  }
  c.every_seconds =
      s.real({"every_seconds", "a checkpoint every this many wall seconds (0: not by time)"}, 0.0);
  s.require(c.every_seconds >= 0, "every_seconds", "a number of seconds >= 0 (0: not by time)");
  c.keep = s.integer({"keep", "how many of the newest checkpoints stay on disk"}, 1);
  s.require(c.keep >= 1 && c.keep <= 1000, "keep", "a number of checkpoints from 1 to 1000");
  return c;
}

namespace {
// A face section; keys it leaves out come from `fallback` (the boundary's default).
BoundaryCondition read_face(Section s, const BoundaryCondition& fallback) {
  BoundaryCondition bc;
  const bool dirichlet = fallback.type == BoundaryCondition::Type::dirichlet;
  const auto type =
      s.choice({"type", "the condition: neumann (total outward flux) or dirichlet (u)"},
               {"neumann", "dirichlet"}, dirichlet ? "dirichlet" : "neumann");
  bc.type =
      type == "dirichlet" ? BoundaryCondition::Type::dirichlet : BoundaryCondition::Type::neumann;
  const Key value{"value",
                  "the flux (neumann) or the value of u (dirichlet): a number or an "
                  "expression in x, y, z, t"};
  if (s.has("value") && !s.is_number("value")) {
    bc.formula = read_space_time(s, value, 0.0);
  } else {
    bc.value = s.real(value, fallback.value);
    if (!s.has("value")) bc.formula = fallback.formula;
  }
  return bc;
}
}  // namespace

void check_face_keys(Section& s, const Grid& grid) {
  for (int f = 0; f < 2 * grid.dim; ++f)
    if (grid.periodic[f / 2] && s.has(kFaceNames[f]))
      s.fail(kFaceNames[f],
             fmt::format("no condition: grid.periodic makes axis {} periodic", "xyz"[f / 2]));
  for (int f = 2 * grid.dim; f < 6; ++f)
    if (s.has(kFaceNames[f]))
      s.fail(kFaceNames[f], fmt::format("faces of a {}D grid only", grid.dim));
}

FaceConditions read_boundary(Section s, const Grid& grid) {
  BoundaryCondition periodic;
  periodic.type = BoundaryCondition::Type::periodic;
  return read_faces<BoundaryCondition>(s, grid, periodic, read_face);
}

InitialCondition read_initial(Section s, const Grid& grid) {
  using Type = InitialCondition::Type;
  if (is_initial_field_from_data(s)) return read_initial_field(s, grid);
  InitialCondition ic;
  const auto type =
      s.choice({"type", "the initial field"},
               {"gaussian", "delta", "uniform", "sine", "cosine", "expression"}, "gaussian");
  const std::size_t d = grid.dim;
  if (type == "gaussian" || type == "delta")
    ic.center = read_point(s, {"center", "centre of the pulse (a point inside the grid)"}, grid);
  if (type == "gaussian") {
    ic.type = Type::gaussian;
    ic.sigma = s.real({"sigma", "width of the Gaussian"}, 0.1);
    s.require(ic.sigma > 0, "sigma", "a number > 0");
    ic.amplitude = s.real({"amplitude", "peak value A"}, 1.0);
  } else if (type == "delta") {
    ic.type = Type::delta;
    ic.mass = s.real({"mass", "total amount put in one cell"}, 1.0);
  } else if (type == "expression") {
    ic.type = Type::expression;
    if (!s.has("value")) s.fail("value", "an expression in x, y, z (this key is required)");
    ic.formula = read_space_time(s, {"value", "u at t = 0, an expression in x, y, z"}, 0.0);
  } else if (type == "uniform") {
    ic.type = Type::uniform;
    ic.amplitude = s.real({"value", "the constant value"}, 1.0);
  } else {
    ic.type = type == "sine" ? Type::sine : Type::cosine;
    ic.amplitude = s.real({"amplitude", "amplitude A"}, 1.0);
    const auto modes = s.integers(Key("modes", "mode number per axis").computed("1 on every axis"),
                                  d, std::vector<long>(d, 1));
    for (int a = 0; a < grid.dim; ++a) {
      s.require_entry(modes[a] >= (ic.type == Type::sine ? 1 : 0), "modes", a,
                      ic.type == Type::sine ? "a mode number >= 1" : "a mode number >= 0");
      s.require_entry(modes[a] <= (1L << 30), "modes", a, "a mode number <= 2^30");
      ic.modes[a] = static_cast<int>(modes[a]);
    }
  }
  return ic;
}

Region read_region(Section& s, const Grid& grid, const std::vector<std::string>& shapes) {
  const std::size_t d = grid.dim;
  Region region;
  const auto shape = s.choice({"shape", "the region's shape"}, shapes);
  if (shape == "box") {
    region.shape = Region::Shape::box;
    region.lower = to3(s.reals({"lower", "lower corner of the box (inclusive)"}, d));
    region.upper = to3(s.reals({"upper", "upper corner of the box (inclusive)"}, d));
    return region;
  }
  region.shape = shape == "sphere" ? Region::Shape::sphere : Region::Shape::cylinder;
  region.center = to3(s.reals({"center", "centre of the sphere or cylinder"}, d));
  region.radius = s.real({"radius", "radius (inclusive)"});
  s.require(region.radius > 0, "radius", "a number > 0");
  if (shape == "cylinder")  // along x, y or z in 3D; a disc in 2D
    region.axis =
        grid.dim == 3
            ? s.choice({"axis", "the cylinder's axis (3D)"}, {"x", "y", "z"}, "z")[0] - 'x'
            : 2;
  return region;
}

namespace {
// A piecewise field's background, a number or an expression; an expression's range over the cell
// centres (at t = 0) stands in for its value in min() and max().
void read_background(Section& s, const Key& key, double fallback, const Grid& grid, bool time,
                     PiecewiseField& field) {
  const SpaceTimeValue v = read_space_time(s, key, fallback, time);
  if (v.is_number()) {
    field.value = v.number();
    return;
  }
  field.formula = v;
  double lo = INFINITY, hi = -INFINITY;
  std::array<std::int32_t, 3> cell{0, 0, 0};
  const std::array<std::int32_t, 3> n{grid.cells[0], grid.dim > 1 ? grid.cells[1] : 1,
                                      grid.dim > 2 ? grid.cells[2] : 1};
  for (cell[2] = 0; cell[2] < n[2]; ++cell[2])
    for (cell[1] = 0; cell[1] < n[1]; ++cell[1])
      for (cell[0] = 0; cell[0] < n[0]; ++cell[0]) {
        std::array<double, 3> x{0, 0, 0};
        for (int a = 0; a < grid.dim; ++a) x[a] = grid.centre(a, cell[a]);
        const double value = v.at(x, 0.0);
        if (!std::isfinite(value))
          s.fail(key.name,
                 fmt::format("an expression finite on every cell centre (it is {} at ({:g}, "
                             "{:g}, {:g}))",
                             value, x[0], x[1], x[2]));
        lo = std::min(lo, value);
        hi = std::max(hi, value);
      }
  field.formula_range = {lo, hi};
}
}  // namespace

PiecewiseField read_piecewise(Section& parent, const Key& key, double fallback, const Grid& grid,
                              bool time) {
  PiecewiseField field;
  if (!parent.is_map(key.name)) {
    read_background(parent, key, fallback, grid, time, field);
    return field;
  }
  Section s = parent.section(key);
  read_background(s, {"value", "the value outside every region (a number or an expression)"},
                  fallback, grid, time, field);
  for (Section r : s.sections(
           {"regions", "regions with their own value; the last one containing a cell wins"})) {
    PiecewiseField::Piece piece{};
    piece.region = read_region(r, grid, {"box", "sphere"});
    piece.value = r.real({"value", "the value in the region"});
    field.pieces.push_back(piece);
  }
  return field;
}

namespace {

// `from` names a stokes run (`source`) whose grid `f` must be the case's grid `g`.
void require_same_grid(const Section& s, const Grid& f, const Grid& g, const std::string& source) {
  bool same = same_cells(f, g);
  for (int a = 0; same && a < g.dim; ++a) same = f.periodic[a] == g.periodic[a];
  if (!same)
    s.fail("from",
           fmt::format("a stokes run on this grid ({}D, cells {}, the same box and periodic "
                       "axes); {} has {}D, cells {}",
                       g.dim, fmt::join(g.cells.begin(), g.cells.begin() + g.dim, "x"), source,
                       f.dim, fmt::join(f.cells.begin(), f.cells.begin() + f.dim, "x")));
}

// Fluid at rest on the faces of `g`: what a planned flow stands for while a case is checked.
FaceVelocity resting_flow(const Grid& g) {
  FaceVelocity v;
  v.grid = g;
  for (int a = 0; a < g.dim; ++a) {
    std::int64_t n = 1;
    v.faces[a] = {1, 1, 1};
    for (int b = 0; b < g.dim; ++b) {
      v.faces[a][b] = g.cells[b] + (a == b && !g.periodic[b] ? 1 : 0);
      n *= v.faces[a][b];
    }
    v.values[a].assign(static_cast<std::size_t>(n), 0.0);
  }
  return v;
}

}  // namespace

std::shared_ptr<const FaceVelocity> read_velocity_from(Section s, const Grid& g) {
  namespace fs = std::filesystem;
  const std::string from = s.text(
      {"from",
       "a finished stokes run (its run directory or velocity/ folder) or a compare case's flow"});
  fs::path dir = from;
  const auto& planned = s.document()->planned_runs;
  const auto run = planned.find(from);
  if (run != planned.end()) {
    // The compare case's own flow: until it has run, only its grid can be checked.
    if (run->second.dir.empty()) {
      require_same_grid(s, run->second.grid, g, from);
      return std::make_shared<const FaceVelocity>(resting_flow(g));
    }
    dir = fs::absolute(run->second.dir);
  }
  if (dir.is_relative()) dir = s.case_directory() / dir;
  if (run == planned.end()) s.document()->inputs.push_back(dir);
  if (!fs::exists(dir / "velocity.json") && fs::exists(dir / "velocity" / "velocity.json"))
    dir /= "velocity";
  FaceVelocity field;
  try {
    field = read_face_velocity(dir);
  } catch (const std::exception& e) {
    s.fail("from", fmt::format("the output of a finished stokes run ({})", e.what()));
  }
  require_same_grid(s, field.grid, g, dir.string());
  return std::make_shared<const FaceVelocity>(std::move(field));
}

}  // namespace fickle
