#include "app/kinds/particles/particles_input.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "app/input/case_sections.hpp"
#include "solvers/common/boundary.hpp"

namespace fickle {
using namespace particles;

namespace {

// physics: {D} or {kT, viscosity, radius} (Stokes–Einstein), kT defaulting to 1 (reduced units),
// plus mass (langevin), velocity (a uniform flow), force and spring.
void read_physics(Section s, ParticleModel& m) {
  const std::size_t d = m.dim();
  m.kT = s.real({"kT", "thermal energy (with D it only sets the friction kT/D)"}, 1.0);
  s.require(m.kT > 0, "kT", "a number > 0");
  if (!s.has("viscosity") && !s.has("radius")) {
    m.diffusivity =
        s.real(Key("D", "diffusivity [length²/time]; or viscosity and radius").example("1"));
    s.require(m.diffusivity > 0, "D", "a number > 0");
    m.friction = m.kT / m.diffusivity;  // Einstein: D = kT/γ
  } else {
    if (s.has("D")) s.fail("D", "D or viscosity and radius (Stokes–Einstein), not both");
    s.require(s.has("viscosity") && s.has("radius"), s.has("radius") ? "viscosity" : "radius",
              "viscosity and radius for Stokes–Einstein D = kT/(6πηa), or D");
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
    m.flow =
        read_velocity_from(s.section({"velocity", "the flow of a stokes run: {from: DIR}"}), m.box);
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
void read_walls(Section s, ParticleModel& m) {
  const std::vector<std::string> types{"reflecting", "absorbing", "open"};
  auto wall = [](const std::string& t) {
    return t == "absorbing" ? Wall::absorbing : t == "open" ? Wall::open : Wall::reflecting;
  };
  const Wall fallback = wall(s.section({"default", "the wall of every face not listed"})
                                 .choice(kWallType, types, "reflecting"));
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

const char* model_name(Model model) {
  switch (model) {
    case Model::brownian:
      return "brownian";
    case Model::langevin:
      return "langevin";
    case Model::random_walk:
      return "random-walk";
    case Model::ctrw:
      return "ctrw";
    case Model::levy:
      return "levy";
  }
  return "?";
}

void read_particle_model(Section& root, ParticleModel& m) {
  const auto model = root.choice(Key("model", "the equation of motion").example("brownian"),
                                 {"brownian", "langevin", "random-walk", "ctrw", "levy"});
  m.model = model == "langevin"      ? Model::langevin
            : model == "random-walk" ? Model::random_walk
            : model == "ctrw"        ? Model::ctrw
            : model == "levy"        ? Model::levy
                                     : Model::brownian;
  const long count = root.integer(Key("count", "number of particles").example("1000"));
  // Ids are the 32-bit Philox key word; a rank's share is an MPI count (int).
  root.require(count >= 1 && count <= 0xFFFFFFFFL, "count", "a number of particles in [1, 2^32)");
  m.count = static_cast<std::uint64_t>(count);
  const long seed = root.integer({"seed", "key of every random number"}, 1);
  root.require(seed >= 0 && seed <= 0xFFFFFFFFL, "seed", "a seed in [0, 2^32)");
  m.seed = static_cast<std::uint32_t>(seed);

  if ((m.model == Model::ctrw || m.model == Model::levy) && root.has("physics"))
    root.fail("physics", fmt::format("no physics section for model {}: it reads {}:", model,
                                     m.model == Model::ctrw ? "ctrw (waiting, alpha, tau, jump, "
                                                              "sigma)"
                                                            : "levy (mu, K)"));
  if (m.model == Model::ctrw) {
    read_ctrw(root.section({"ctrw", "continuous-time random walk (model ctrw)"}), m);
  } else if (m.model == Model::levy) {
    Section levy = root.section({"levy", "Lévy flight (model levy)"});
    m.levy_mu = levy.real(Key("mu", "stable index μ").example("1.5"));
    levy.require(m.levy_mu > 0 && m.levy_mu <= 2, "mu", "a stable index 0 < mu <= 2");
    m.levy_K = levy.real({"K", "generalised diffusivity K_μ [length^μ/time]"}, 1.0);
    levy.require(m.levy_K > 0, "K", "a generalised diffusivity > 0");
  } else {
    read_physics(root.section(keys::physics), m);
  }
  read_walls(root.section(keys::boundary), m);
  read_placement(root.section(keys::initial), m);
}

}  // namespace fickle
