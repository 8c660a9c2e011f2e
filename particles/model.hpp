// What a particle run simulates, as plain numbers: the model, its physics, walls and start.
// app/kinds/particles/particles_input.cpp fills it from case.yaml; docs/science.md §2–3 and §7 have
// the physics.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "meshes/face_velocity.hpp"
#include "meshes/grid.hpp"

namespace fickle::particles {

enum class Model {
  brownian,
  langevin,
  random_walk,
  ctrw,
  levy,
  fbm,
  sbm,
  levy_walk,
  attm,
  crowded
};
enum class Wall { periodic, reflecting, absorbing, open };
enum class Waiting { exponential, mittag_leffler, pareto };
enum class JumpLaw { gaussian, lattice, levy };
enum class Placement { point, uniform, gaussian };

struct Ctrw {
  Waiting waiting = Waiting::mittag_leffler;
  double alpha = 0.5;  ///< waiting-time exponent: 0 < α ≤ 1 (mittag-leffler), α > 0 (pareto)
  double tau = 1.0;    ///< waiting-time scale
  JumpLaw jump = JumpLaw::gaussian;
  double sigma = 1.0;  ///< jump scale per axis (standard deviation, lattice step or stable scale)
  double mu = 2.0;     ///< stable index of levy jumps
};

/// Fractional Brownian motion (§7.1): x_a(t) = √(2K) B_H(t), MSD = 2dK t^{2H}.
struct Fbm {
  double hurst = 0.5;  ///< H ∈ (0, 1)
  double K = 1.0;      ///< generalised diffusivity [length²/time^{2H}]
};

/// Scaled Brownian motion (§7.2): D(t) = αK t^{α−1}, MSD = 2dK t^α.
struct Sbm {
  double alpha = 1.0;  ///< α > 0
  double K = 1.0;      ///< [length²/time^α]
};

/// Lévy walk (§7.3): flights at constant speed in a uniformly random direction, with durations
/// of survival (τ0/τ)^γ for τ ≥ τ0 (Pareto).
struct LevyWalk {
  double gamma = 1.5;  ///< tail exponent γ > 0
  double speed = 1.0;  ///< v
  double tau = 1.0;    ///< shortest flight τ0
};

/// Annealed transient time motion (§7.4): Brownian motion with a diffusivity D drawn from
/// P(D) ∝ D^{σ−1} on (0, D_max], held for τ = τ_min (D/D_max)^{−γ}, then drawn again.
struct Attm {
  double sigma = 0.5;  ///< σ > 0
  double gamma = 1.0;  ///< γ > 0
  double D_max = 1.0;
  double tau = 1.0;  ///< τ_min: the time the largest diffusivity lasts
};

/// Walkers among immobile obstacles on a lattice (§7.5): the "blind ant" tries a random neighbour
/// every step and stays where it is when the neighbour is blocked.
struct Crowded {
  double fraction = 0.0;  ///< φ: the probability that a site is blocked
  double spacing = 1.0;   ///< lattice constant a (D0 = a²/(2d dt) without obstacles)
  /// 0: walkers start on any free site; R > 0: only on sites whose cluster of free sites reaches
  /// R sites away (at the percolation threshold: the incipient infinite cluster as R → ∞).
  long spanning = 0;
};

struct ParticleModel {
  Model model = Model::brownian;
  Grid box;                                    ///< domain and histogram grid
  std::array<std::array<Wall, 2>, 3> walls{};  ///< [axis][0 = lower, 1 = upper]
  double dt = 0;

  double diffusivity = 0;  ///< D (brownian, langevin, random-walk)
  double friction = 0;     ///< γ = 6πηa, or kT/D when D is given
  double kT = 0;
  double mass = 0;                       ///< langevin
  std::array<double, 3> drift{0, 0, 0};  ///< constant velocity added to the motion
  /// brownian: a flow that carries the particles (a stokes run's face velocities), or null
  std::shared_ptr<const FaceVelocity> flow;
  std::array<double, 3> force{0, 0, 0};  ///< constant external force
  double spring = 0;                     ///< harmonic force −k (x − spring_center)
  std::array<double, 3> spring_center{0, 0, 0};

  Ctrw ctrw;
  double levy_mu = 1.5;  ///< Lévy flight index, 0 < μ ≤ 2
  double levy_K = 1.0;   ///< generalised diffusivity K_μ: increments (K dt)^{1/μ} S_μ
  Fbm fbm;
  Sbm sbm;
  LevyWalk levy_walk;
  Attm attm;
  Crowded crowded;

  Placement placement = Placement::point;
  std::array<double, 3> center{0, 0, 0};
  double sigma = 0;  ///< gaussian placement

  std::uint64_t count = 0;
  std::uint32_t seed = 0;
  /// The id of the first particle (ids are first_id … first_id + count − 1): sets of trajectories
  /// that must be independent under one seed take disjoint ids.
  std::uint64_t first_id = 0;
  /// The run's number of steps: fbm draws every path whole (Davies–Harte) over this many steps.
  long steps = 0;

  int dim() const { return box.dim; }
  /// τ_p = m/γ (langevin)
  double momentum_relaxation_time() const { return mass / friction; }
  /// Models whose particles carry a velocity (langevin, levy-walk).
  bool has_velocity() const { return model == Model::langevin || model == Model::levy_walk; }
  /// Models whose particles keep their own clock of renewals (ctrw, levy-walk, attm).
  bool has_clock() const {
    return model == Model::ctrw || model == Model::levy_walk || model == Model::attm;
  }
};

}  // namespace fickle::particles
