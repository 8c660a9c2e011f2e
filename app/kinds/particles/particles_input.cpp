#include "app/kinds/particles/particles_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <optional>

#include "app/input/case_sections.hpp"
#include "meshes/vtk_reader.hpp"
#include "solvers/common/boundary.hpp"

namespace fickle {
using namespace particles;

namespace {

// Keys read in more than one place.
const Key kFlowFrom{"velocity", "the flow of a stokes run: {from: DIR}"};
const Key kAttractantFrom{"attractant", "the attractant field: {from: RUN} of a fick run"};

// physics: {D} or {kT, viscosity, radius} (Stokes–Einstein), kT defaulting to 1 (reduced units),
// plus mass (langevin), velocity (a uniform flow), force and spring.
void read_physics(Section s, ParticleModel& m) {
  const std::size_t d = m.dim();
  m.kT = s.real({"kT", "thermal energy (with D it only sets the friction kT/D)"}, 1.0);
  s.require(m.kT > 0, "kT", "a number > 0");
  if (s.has("D")) {
    for (const char* key : {"viscosity", "radius"})
      if (s.has(key)) s.fail(key, "D or viscosity and radius (Stokes–Einstein), not both");
    m.diffusivity =
        s.real(Key("D", "diffusivity [length²/time]; or viscosity and radius").example("1"));
    s.require(m.diffusivity > 0, "D", "a number > 0");
    m.friction = m.kT / m.diffusivity;  // Einstein: D = kT/γ
  } else {
    s.require(s.has("viscosity") && s.has("radius"), "D",
              "D, or viscosity and radius for Stokes–Einstein D = kT/(6πηa)");
    const double eta = s.real({"viscosity", "fluid viscosity η (Stokes–Einstein, with radius)"});
    const double radius = s.real({"radius", "particle radius a (Stokes–Einstein)"});
    s.require(eta > 0, "viscosity", "a number > 0");
    s.require(radius > 0, "radius", "a number > 0");
    m.friction = 6 * std::numbers::pi * eta * radius;  // Stokes drag γ = 6πηa
    m.diffusivity = m.kT / m.friction;
  }
  if (m.model == Model::langevin) {
    m.mass = s.real(Key("mass", "particle mass m (langevin)").example("1"));
    s.require(m.mass > 0, "mass", "a number > 0");
  }
  if (s.is_map("velocity")) {
    s.require(m.model == Model::brownian, "velocity",
              "a constant drift [vx, ...]: only brownian particles ride a stokes flow "
              "(velocity: {from: ...})");
    Section flow = s.section(kFlowFrom);
    // Reordering the tracers by cell keeps the field's corners in cache (ensemble.hpp); the
    // default from bench/particles_vs_lammps.sh (bench/README.md, tracers).
    m.sort_every = flow.integer(
        {"sort_every", "steps between reorderings of the tracers by cell (speed only; 0: never)"},
        20);
    flow.require(m.sort_every >= 0, "sort_every", "a number of steps >= 0 (0: never)");
    m.flow = read_velocity_from(flow, m.box);
  } else {
    m.drift = to3(s.reals(Key("velocity", "a uniform flow u [length/time], or {from: DIR}")
                              .computed("0 on every axis"),
                          d, std::vector<double>(d, 0.0)));
  }
  if (m.model == Model::random_walk) return;  // a lattice walk has no forces
  m.force = to3(s.reals(Key("force", "a constant external force F").computed("0 on every axis"), d,
                        std::vector<double>(d, 0.0)));
  if (s.has("spring")) {
    Section spring = s.section({"spring", "a harmonic force −k (x − center)"});
    m.spring = spring.real(Key("k", "spring constant [force/length]").example("1"));
    spring.require(m.spring >= 0, "k", "a spring constant >= 0");
    std::vector<double> middle(d);
    for (std::size_t a = 0; a < d; ++a) middle[a] = 0.5 * (m.box.lower[a] + m.box.upper[a]);
    m.spring_center = to3(spring.reals(
        Key("center", "centre c of the spring").computed("the middle of the grid"), d, middle));
  }
}

const Key kAlpha = Key("alpha", "waiting-time exponent α").example("0.5");
const Key kWallType{"type", "reflecting, absorbing or open"};

void read_ctrw(Section s, ParticleModel& m) {
  Ctrw& c = m.ctrw;
  const auto waiting = s.choice({"waiting", "law of the waiting times"},
                                {"mittag-leffler", "exponential", "pareto"}, "mittag-leffler");
  c.waiting = waiting == "exponential" ? Waiting::exponential
              : waiting == "pareto"    ? Waiting::pareto
                                       : Waiting::mittag_leffler;
  if (c.waiting == Waiting::mittag_leffler) {
    c.alpha = s.real(kAlpha);
    s.require(c.alpha > 0 && c.alpha <= 1, "alpha", "0 < alpha <= 1");
  } else if (c.waiting == Waiting::pareto) {
    c.alpha = s.real(kAlpha);
    s.require(c.alpha > 0, "alpha", "a tail exponent > 0");
  } else {
    c.alpha = 1;
  }
  c.tau = s.real(Key("tau", "waiting-time scale τ [time]").example("1"));
  s.require(c.tau > 0, "tau", "a waiting-time scale > 0");
  const auto jump =
      s.choice({"jump", "law of the jumps"}, {"gaussian", "lattice", "levy"}, "gaussian");
  c.jump = jump == "lattice" ? JumpLaw::lattice
           : jump == "levy"  ? JumpLaw::levy
                             : JumpLaw::gaussian;
  c.sigma = s.real(Key("sigma", "jump scale σ per axis [length]").example("0.1"));
  s.require(c.sigma > 0, "sigma", "a jump length > 0");
  if (c.jump == JumpLaw::levy) {
    c.mu = s.real(Key("mu", "stable index of levy jumps").example("1.5"));
    s.require(c.mu > 0 && c.mu <= 2, "mu", "a stable index 0 < mu <= 2");
  }
}

// boundary: {default: {type: reflecting}, x-: {type: absorbing}, ...}; periodic axes come from
// grid.periodic, as for the PDE kinds.
void read_walls(Section s, ParticleModel& m, const std::string& default_wall) {
  const std::vector<std::string> types{"reflecting", "absorbing", "open"};
  auto wall = [](const std::string& t) {
    return t == "absorbing" ? Wall::absorbing : t == "open" ? Wall::open : Wall::reflecting;
  };
  const Wall fallback = wall(s.section({"default", "the wall of every face not listed"})
                                 .choice(kWallType, types, default_wall));
  const Grid& g = m.box;
  for (int f = 0; f < 6; ++f) {
    const int axis = f / 2;
    const std::string name = kFaceNames[f];
    if (axis >= g.dim) {
      if (s.has(name)) s.fail(name, fmt::format("faces of a {}D grid only", g.dim));
      continue;
    }
    if (g.periodic[axis]) {
      if (s.has(name))
        s.fail(name,
               fmt::format("no condition: grid.periodic makes axis {} periodic", "xyz"[axis]));
      m.walls[axis][f % 2] = Wall::periodic;
      continue;
    }
    m.walls[axis][f % 2] =
        s.has(name)
            ? wall(
                  s.section({name, "one face (x- is at lower of axis x)"}).choice(kWallType, types))
            : fallback;
  }
}

void read_placement(Section s, ParticleModel& m) {
  const Grid& g = m.box;
  const auto type =
      s.choice({"type", "where the particles start"}, {"point", "uniform", "gaussian"}, "point");
  m.placement = type == "uniform"    ? Placement::uniform
                : type == "gaussian" ? Placement::gaussian
                                     : Placement::point;
  if (m.placement == Placement::uniform) return;
  m.center = read_point(s, {"center", "the start point or the Gaussian's centre"}, g);
  if (m.placement == Placement::gaussian) {
    m.sigma = s.real({"sigma", "width of the Gaussian placement"}, 0.1);
    s.require(m.sigma > 0, "sigma", "a number > 0");
  }
}

}  // namespace

namespace {

// Model names in Model's order, and the section each model reads its physics from.
constexpr const char* kModelNames[] = {
    "brownian", "langevin",  "random-walk", "ctrw",    "levy",           "fbm",
    "sbm",      "levy-walk", "attm",        "crowded", "run-and-tumble", "active-brownian"};
constexpr const char* kPhysicsSection[] = {
    "physics", "physics",   "physics", "ctrw",    "levy",           "fbm",
    "sbm",     "levy_walk", "attm",    "crowded", "run-and-tumble", "active-brownian"};
static_assert(std::size(kModelNames) == static_cast<std::size_t>(Model::active_brownian) + 1);

// A number > 0 (required when there is no fallback).
double positive(Section& s, const Key& key, std::optional<double> fallback,
                const std::string& what) {
  const double v = s.real(key, fallback);
  s.require(v > 0, key.name, what + " > 0");
  return v;
}

void read_levy(Section s, ParticleModel& m) {
  m.levy_mu = s.real(Key("mu", "stable index μ").example("1.5"));
  s.require(m.levy_mu > 0 && m.levy_mu <= 2, "mu", "a stable index 0 < mu <= 2");
  m.levy_K = positive(s, {"K", "generalised diffusivity K_μ [length^μ/time]"}, 1.0,
                      "a generalised diffusivity");
}

// attractant: {from: RUN}: the last snapshot of a finished fick run (u.pvd) on the particles' grid.
std::shared_ptr<const AttractantField> read_attractant(Section s, const Grid& grid) {
  namespace fs = std::filesystem;
  fs::path dir = s.text(Key("from", "run directory of a finished fick run on the same grid")
                            .example("../fick-run/output"));
  if (dir.is_relative()) dir = s.case_directory() / dir;
  s.document()->inputs.push_back(dir);
  const auto snapshots = read_pvd(dir / "u.pvd");
  if (snapshots.empty())
    s.fail("from", fmt::format("a finished fick run with u.pvd ({} has none)", dir.string()));
  AttractantField field;
  field.grid = grid;
  field.c = read_cell_array(dir / snapshots.back().file, "u");
  if (field.c.size() != static_cast<std::size_t>(grid.cell_count()))
    s.fail("from", fmt::format("a fick run on the particles' grid ({} cells); {} has {} values",
                               grid.cell_count(), dir.string(), field.c.size()));
  return std::make_shared<const AttractantField>(std::move(field));
}

// run-and-tumble (§8.1), with chemotaxis (§8.3) and a carrying flow (§8.2).
void read_run_and_tumble(Section& s, ParticleModel& m, std::optional<Section>& physics) {
  RunAndTumble& r = m.run_and_tumble;
  r.speed = positive(s, Key("speed", "swimming speed v [length/time]").example("1"), std::nullopt,
                     "a swimming speed");
  r.tumble_rate = positive(s, Key("tumble_rate", "tumbles per time λ").example("1"), std::nullopt,
                           "a tumble rate");
  r.angle = s.choice({"tumble_angle", "law of the new direction"}, {"uniform", "ecoli"},
                     "uniform") == "ecoli"
                ? TumbleAngle::ecoli
                : TumbleAngle::uniform;
  r.tumble_duration = s.real({"tumble_duration", "mean tumble duration (0: instantaneous)"}, 0.0);
  s.require(r.tumble_duration >= 0, "tumble_duration",
            "a mean tumble duration >= 0 (0: instantaneous tumbles)");
  // A stokes run's flow carries the particles and turns them (Jeffery, §8.2).
  if (s.has("velocity")) {
    for (const char* key : {"tumble_duration", "chemotaxis"})
      if (s.has(key)) s.fail(key, "no tumble_duration or chemotaxis with a flow (not modelled)");
    m.flow = read_velocity_from(s.section(kFlowFrom), m.box);
  }
  if (physics && !s.has("chemotaxis"))
    physics->fail("attractant",
                  "run-and-tumble.chemotaxis: {sensitivity: chi} to respond to the attractant");
  if (s.has("chemotaxis")) {
    if (r.tumble_duration > 0)
      s.fail("chemotaxis", "no chemotaxis with tumble_duration > 0 (not modelled)");
    Section c = s.section({"chemotaxis", "runs biased up an attractant gradient"});
    r.sensitivity = c.real(Key("sensitivity", "chemotactic sensitivity χ").example("1"));
    c.require(r.sensitivity >= 0, "sensitivity", "a chemotactic sensitivity chi >= 0");
    if (physics) {
      // The spelling physics.attractant: {from: RUN}, the same field (§8.3).
      for (const char* key : {"attractant", "gradient"})
        if (c.has(key))
          c.fail(key,
                 "physics.attractant or run-and-tumble.chemotaxis.attractant or "
                 "run-and-tumble.chemotaxis.gradient, only one of them");
      r.field = read_attractant(physics->section(kAttractantFrom), m.box);
    } else if (c.has("attractant")) {
      if (c.has("gradient"))
        c.fail("gradient", "a gradient or an attractant: {from: RUN}, not both");
      r.field = read_attractant(c.section(kAttractantFrom), m.box);
    } else {
      r.gradient = to3(c.reals(Key("gradient", "a uniform attractant gradient, one per axis"),
                               static_cast<std::size_t>(m.dim())));
    }
  }
}

// The models of docs/science.md §7 and §8, one section each; `physics` is the physics section of a
// run-and-tumble case (physics.attractant), or null.
void read_anomalous(Section s, ParticleModel& m, std::optional<Section> physics) {
  switch (m.model) {
    case Model::fbm:
      m.fbm.hurst = s.real(Key("H", "Hurst exponent H (MSD ∝ t^(2H))").example("0.3"));
      s.require(m.fbm.hurst > 0 && m.fbm.hurst < 1, "H", "a Hurst exponent 0 < H < 1");
      m.fbm.K = positive(s, {"K", "generalised diffusivity K: MSD = 2dK t^(2H)"}, 1.0,
                         "a generalised diffusivity");
      break;
    case Model::sbm:
      m.sbm.alpha = s.real(Key("alpha", "anomalous exponent α (MSD ∝ t^α)").example("0.5"));
      s.require(m.sbm.alpha > 0 && m.sbm.alpha <= 2, "alpha",
                "an anomalous exponent 0 < alpha <= 2");
      m.sbm.K = positive(s, {"K", "generalised diffusivity K: D(t) = αK t^(α−1)"}, 1.0,
                         "a generalised diffusivity");
      break;
    case Model::levy_walk:
      m.levy_walk.gamma =
          positive(s, Key("gamma", "tail exponent γ of the flight times").example("1.5"),
                   std::nullopt, "a flight-time tail exponent");
      m.levy_walk.speed =
          positive(s, {"speed", "speed of every flight [length/time]"}, 1.0, "a speed");
      m.levy_walk.tau =
          positive(s, {"tau", "shortest flight time τ0 [time]"}, 1.0, "a shortest flight time");
      break;
    case Model::attm:
      m.attm.sigma = positive(s, Key("sigma", "exponent σ of P(D) ∝ D^(σ−1)").example("0.5"),
                              std::nullopt, "the exponent of P(D) ∝ D^(sigma-1),");
      m.attm.gamma =
          positive(s, Key("gamma", "exponent γ of the durations τ (D/D_max)^−γ").example("1"),
                   std::nullopt, "the exponent of tau (D/D_max)^-gamma,");
      m.attm.D_max = positive(s, {"D", "largest diffusivity D_max [length²/time]"}, 1.0,
                              "a largest diffusivity");
      m.attm.tau = positive(s, {"tau", "duration τ at D_max [time]"}, 1.0, "a duration");
      break;
    case Model::crowded:
      m.crowded.fraction =
          s.real(Key("fraction", "obstacle fraction φ of the lattice sites").example("0.3"));
      s.require(m.crowded.fraction >= 0 && m.crowded.fraction < 1, "fraction",
                "an obstacle fraction 0 <= fraction < 1");
      m.crowded.spacing =
          positive(s, {"spacing", "lattice constant a [length]"}, 1.0, "a lattice constant");
      m.crowded.spanning = s.integer(
          {"spanning", "start on clusters reaching this many sites (0: any free site)"}, 0);
      s.require(m.crowded.spanning >= 0 && m.crowded.spanning <= 200, "spanning",
                "a radius in lattice sites from 0 (any free site) to 200");
      break;
    case Model::run_and_tumble:
      read_run_and_tumble(s, m, physics);
      break;
    case Model::active_brownian: {
      ActiveBrownian& b = m.active_brownian;
      if (m.dim() < 2)
        s.fail("speed", "a 2D or 3D grid for active Brownian particles (a direction to diffuse)");
      b.speed = positive(s, Key("speed", "swimming speed v [length/time]").example("1"),
                         std::nullopt, "a swimming speed");
      b.rotational_D =
          positive(s, Key("rotational_D", "rotational diffusivity D_r [1/time]").example("1"),
                   std::nullopt, "a rotational diffusivity");
      b.D = s.real({"D", "translational diffusivity [length²/time]"}, 0.0);
      s.require(b.D >= 0, "D", "a translational diffusivity >= 0");
      // A stokes run's flow carries the particles and turns them (Jeffery, §8.2).
      if (s.has("velocity")) m.flow = read_velocity_from(s.section(kFlowFrom), m.box);
      break;
    }
    default:
      break;
  }
}

// Walkers among obstacles live on an unbounded lattice: the grid is only their histogram and the
// region they start in.
void check_crowded(Section& root, const ParticleModel& m) {
  for (int a = 0; a < m.dim(); ++a)
    for (Wall w : m.walls[a])
      if (w == Wall::reflecting || w == Wall::absorbing)
        root.fail("boundary",
                  "open or periodic faces for crowded walkers (boundary: {default: {type: open}}): "
                  "their lattice has no walls");
  if (root.has("initial"))
    root.fail("initial",
              "no initial section for crowded walkers: they start on free lattice sites spread "
              "uniformly over the grid");
}

}  // namespace

const char* model_name(Model model) {
  return kModelNames[static_cast<std::size_t>(model)];
}

void read_particle_model(Section& root, ParticleModel& m) {
  const std::vector<std::string> names(std::begin(kModelNames), std::end(kModelNames));
  const auto model = root.choice(Key("model", "the equation of motion").example("brownian"), names);
  m.model = static_cast<Model>(std::find(names.begin(), names.end(), model) - names.begin());
  const long count = root.integer(Key("count", "number of particles").example("1000"));
  // Ids are the 32-bit Philox key word; a rank's share is an MPI count (int).
  root.require(count >= 1 && count <= 0xFFFFFFFFL, "count", "a number of particles in [1, 2^32)");
  m.count = static_cast<std::uint64_t>(count);
  const long seed = root.integer({"seed", "key of every random number"}, 1);
  root.require(seed >= 0 && seed <= 0xFFFFFFFFL, "seed", "a seed in [0, 2^32)");
  m.seed = static_cast<std::uint32_t>(seed);

  const std::string section = kPhysicsSection[static_cast<std::size_t>(m.model)];
  // Run-and-tumble's physics section holds only attractant: {from: RUN} (unknown keys refused).
  std::optional<Section> attractant_physics;
  if (m.model == Model::run_and_tumble && root.has("physics")) {
    attractant_physics = root.section(keys::physics);
    if (!attractant_physics->has("attractant"))
      root.fail("physics",
                "physics: {attractant: {from: RUN}} or no physics section for model "
                "run-and-tumble: it reads run-and-tumble:");
  } else if (section != "physics" && root.has("physics")) {
    root.fail("physics",
              fmt::format("no physics section for model {}: it reads {}:", model, section));
  }
  if (m.model == Model::ctrw)
    read_ctrw(root.section({"ctrw", "continuous-time random walk (model ctrw)"}), m);
  else if (m.model == Model::levy)
    read_levy(root.section({"levy", "Lévy flight (model levy)"}), m);
  else if (section == "physics")
    read_physics(root.section(keys::physics), m);
  else
    read_anomalous(root.section({section, fmt::format("the {} model's parameters", model)}), m,
                   attractant_physics);
  read_walls(root.section(keys::boundary), m, m.model == Model::crowded ? "open" : "reflecting");
  if (m.model == Model::crowded)
    check_crowded(root, m);
  else
    read_placement(root.section(keys::initial), m);
}

TrackSettings read_tracks(Section s) {
  TrackSettings t;
  t.count = s.integer({"count", "particles whose tracks are recorded (0: none)"}, 0);
  s.require(t.count >= 0, "count", "a number of tracked particles >= 0 (0: no tracks)");
  t.every = s.integer({"every", "steps between the frames of a track"}, 1);
  s.require(t.every >= 1, "every", "a number of steps between frames >= 1");
  t.noise = s.real({"noise", "localisation error σ added to tracked positions [length]"}, 0.0);
  s.require(t.noise >= 0, "noise", "a localisation error sigma >= 0 [length]");
  return t;
}

namespace {

const char* waiting_name(Waiting w) {
  return w == Waiting::exponential ? "exponential"
         : w == Waiting::pareto    ? "pareto"
                                   : "mittag-leffler";
}

const char* jump_name(JumpLaw j) {
  return j == JumpLaw::lattice ? "lattice" : j == JumpLaw::levy ? "levy" : "gaussian";
}

std::string physics_text(const ParticleModel& m) {
  switch (m.model) {
    case Model::brownian:
      return fmt::format("D = {:.6g} (γ = {:.6g}, kT = {:g})", m.diffusivity, m.friction, m.kT);
    case Model::random_walk:
      return fmt::format("lattice step Δx = √(2 D dt) = {:.6g} (D = {:.6g})",
                         std::sqrt(2 * m.diffusivity * m.dt), m.diffusivity);
    case Model::langevin:
      return fmt::format("D = kT/γ = {:.6g}, τ_p = m/γ = {:.6g}, dt/τ_p = {:.3g}", m.diffusivity,
                         m.momentum_relaxation_time(), m.dt / m.momentum_relaxation_time());
    case Model::ctrw:
      return fmt::format(
          "{} waiting (α = {:g}, τ = {:g}), {} jumps (σ = {:g}{})", waiting_name(m.ctrw.waiting),
          m.ctrw.alpha, m.ctrw.tau, jump_name(m.ctrw.jump), m.ctrw.sigma,
          m.ctrw.jump == JumpLaw::levy ? fmt::format(", μ = {:g}", m.ctrw.mu) : std::string());
    case Model::levy:
      return fmt::format("μ = {:g}, K = {:g}", m.levy_mu, m.levy_K);
    case Model::fbm:
      return fmt::format("H = {:g} (α = {:g}), K = {:g}, paths of {} steps (Davies–Harte)",
                         m.fbm.hurst, 2 * m.fbm.hurst, m.fbm.K, m.steps);
    case Model::sbm:
      return fmt::format("α = {:g}, K = {:g}: D(t) = αK t^(α−1)", m.sbm.alpha, m.sbm.K);
    case Model::levy_walk:
      return fmt::format("γ = {:g}, speed {:g}, flights ≥ τ0 = {:g}", m.levy_walk.gamma,
                         m.levy_walk.speed, m.levy_walk.tau);
    case Model::attm:
      return fmt::format("σ = {:g}, γ = {:g} (σ/γ = {:.3g}), D_max = {:g}, τ_min = {:g}",
                         m.attm.sigma, m.attm.gamma, m.attm.sigma / m.attm.gamma, m.attm.D_max,
                         m.attm.tau);
    case Model::run_and_tumble: {
      const RunAndTumble& r = m.run_and_tumble;
      return fmt::format(
          "speed {:g}, tumble rate {:g}, {} tumbles (⟨cos θ⟩ = {:.4g}{}), τ = {:.4g}{}", r.speed,
          r.tumble_rate, r.angle == TumbleAngle::ecoli ? "E. coli" : "uniform", r.mean_cos(),
          r.tumble_duration > 0 ? fmt::format(", lasting {:g}", r.tumble_duration) : std::string(),
          m.persistence_time(),
          r.sensitivity > 0 ? fmt::format(", chemotaxis χ = {:g}{}", r.sensitivity,
                                          r.field ? " in an attractant field" : "")
                            : std::string());
    }
    case Model::active_brownian:
      return fmt::format("speed {:g}, D_r = {:g}, D = {:g}, τ = {:.4g}", m.active_brownian.speed,
                         m.active_brownian.rotational_D, m.active_brownian.D, m.persistence_time());
    case Model::crowded:
      return fmt::format(
          "obstacle fraction φ = {:g}, lattice a = {:g}{}", m.crowded.fraction, m.crowded.spacing,
          m.crowded.spanning > 0
              ? fmt::format(", starts on clusters reaching {} sites", m.crowded.spanning)
              : std::string());
  }
  return {};
}

}  // namespace

std::string describe_model(const ParticleModel& m) {
  return fmt::format("particles: {} {}D, {} particles, seed {}, {}", model_name(m.model), m.dim(),
                     m.count, m.seed, physics_text(m));
}

nlohmann::json model_fingerprint(const ParticleModel& m) {
  const Grid& g = m.box;
  nlohmann::json walls = nlohmann::json::array();
  for (int a = 0; a < m.dim(); ++a)
    for (Wall w : m.walls[a]) walls.push_back(static_cast<int>(w));
  nlohmann::json f = {{"model", model_name(m.model)},
                      {"count", m.count},
                      {"seed", m.seed},
                      {"dt", m.dt},
                      {"cells", g.cells},
                      {"lower", g.lower},
                      {"upper", g.upper},
                      {"D", m.diffusivity},
                      {"friction", m.friction},
                      {"mass", m.mass},
                      {"velocity", m.drift},
                      {"force", m.force},
                      {"spring", m.spring},
                      {"spring_center", m.spring_center},
                      {"kT", m.kT},
                      {"periodic", g.periodic},
                      {"walls", walls},
                      {"ctrw",
                       {m.ctrw.alpha, m.ctrw.tau, m.ctrw.sigma, m.ctrw.mu,
                        static_cast<int>(m.ctrw.waiting), static_cast<int>(m.ctrw.jump)}},
                      {"levy", {m.levy_mu, m.levy_K}}};
  // The models of §7 only where they run, so that older checkpoints of the others still match.
  switch (m.model) {
    case Model::fbm:  // the Davies–Harte draw covers the whole run: time.end is fixed too
      f["fbm"] = {m.fbm.hurst, m.fbm.K, m.steps};
      break;
    case Model::sbm:
      f["sbm"] = {m.sbm.alpha, m.sbm.K};
      break;
    case Model::levy_walk:
      f["levy_walk"] = {m.levy_walk.gamma, m.levy_walk.speed, m.levy_walk.tau};
      break;
    case Model::attm:
      f["attm"] = {m.attm.sigma, m.attm.gamma, m.attm.D_max, m.attm.tau};
      break;
    case Model::crowded:
      f["crowded"] = {m.crowded.fraction, m.crowded.spacing, m.crowded.spanning};
      break;
    case Model::run_and_tumble: {
      const RunAndTumble& r = m.run_and_tumble;
      double field_sum = 0;  // the attractant field, by its sum
      if (r.field)
        for (double c : r.field->c) field_sum += c;
      f["run_and_tumble"] = {r.speed,       r.tumble_rate, static_cast<int>(r.angle),
                             r.sensitivity, r.gradient,    field_sum};
      break;
    }
    case Model::active_brownian:
      f["active_brownian"] = {m.active_brownian.speed, m.active_brownian.rotational_D,
                              m.active_brownian.D};
      break;
    default:
      break;
  }
  return f;
}

}  // namespace fickle
