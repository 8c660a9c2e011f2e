// What a particle run simulates, as plain numbers: the model, its physics, walls and start.
// app/kinds/particles/particles_input.cpp fills it from case.yaml; docs/science.md §2–3 and §7 have
// the physics.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "meshes/face_velocity.hpp"
#include "meshes/grid.hpp"
#include "particles/attractant.hpp"

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
  crowded,
  run_and_tumble,
  active_brownian
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
  /// Added to every wait: AnDi's CTRW waits (1 − u)^{−1/α} ≥ 1 are pareto, τ = 1 plus 1
  /// (docs/science.md §7.7); the particles kind leaves it 0.
  double min_wait = 0.0;
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

/// How a tumble turns a run-and-tumble particle (§8.1): `uniform` draws a new direction
/// independent of the old one (⟨cos θ⟩ = 0); `ecoli` turns by θ with cos θ of density
/// (1 + cos θ)/2 on [−1, 1] (⟨cos θ⟩ = 1/3, mean angle 3π/8 = 67.5°, Berg & Brown's 68°).
enum class TumbleAngle { uniform, ecoli };

/// Run-and-tumble (§8.1): runs at speed v in a straight line, ended by tumbles at rate λ (a
/// Poisson process), each turning the direction by a random angle. Chemotaxis (§8.3): with a
/// sensitivity χ and a linear attractant c = c0 + g·x the rate is λ exp(−χ dc/dt), dc/dt = v e·g
/// along the run: runs up the gradient last longer.
struct RunAndTumble {
  double speed = 1.0;        ///< v
  double tumble_rate = 1.0;  ///< λ
  TumbleAngle angle = TumbleAngle::uniform;
  /// Mean duration τ_t of a tumble (exponential; the particle stands still meanwhile); 0: tumbles
  /// are instantaneous.
  double tumble_duration = 0;
  double sensitivity = 0;                   ///< χ [time/concentration]; 0: no chemotaxis
  std::array<double, 3> gradient{0, 0, 0};  ///< ∇c of a linear attractant
  /// An attractant on the cells of the grid instead (a fick run's last snapshot): the rate then
  /// changes along a run, and a tumble comes when ∫λ dt reaches a unit exponential (§8.3).
  std::shared_ptr<const AttractantField> field{};
  /// ⟨cos θ⟩ of a tumble
  double mean_cos() const { return angle == TumbleAngle::ecoli ? 1.0 / 3 : 0.0; }
};

/// Active Brownian particles (§8.2): self-propulsion v e, translational diffusion D, and e
/// diffusing on the circle or sphere with rotational diffusivity D_r.
struct ActiveBrownian {
  double speed = 1.0;         ///< v
  double rotational_D = 1.0;  ///< D_r [1/time]
  double D = 0;               ///< translational diffusivity
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
  /// With a flow: steps between reorderings of the particles by the flow's cells (memory
  /// locality of the samples; the results do not change). 0: never.
  long sort_every = 0;
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
  RunAndTumble run_and_tumble;
  ActiveBrownian active_brownian;

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
  /// Models whose particles carry a velocity (langevin, levy-walk, and the active ones, whose
  /// velocity is the self-propulsion v e).
  bool has_velocity() const {
    return model == Model::langevin || model == Model::levy_walk || is_active();
  }
  /// Models whose particles keep their own clock of renewals (ctrw, levy-walk, attm, the tumbles
  /// of run-and-tumble).
  bool has_clock() const {
    return model == Model::ctrw || model == Model::levy_walk || model == Model::attm ||
           model == Model::run_and_tumble;
  }
  /// Self-propelled particles (docs/science.md §8).
  bool is_active() const {
    return model == Model::run_and_tumble || model == Model::active_brownian;
  }
  /// run-and-tumble in an attractant field: each particle keeps the hazard left until its tumble.
  bool has_hazard() const { return model == Model::run_and_tumble && run_and_tumble.field; }
  /// run-and-tumble with tumbles that last: each particle keeps its heading while it stands still.
  bool has_pauses() const {
    return model == Model::run_and_tumble && run_and_tumble.tumble_duration > 0;
  }
  /// The persistence time of the swimming direction, ⟨e(0)·e(t)⟩ = e^{−t/τ}: 1/(λ(1 − ⟨cos θ⟩))
  /// for run-and-tumble, 1/((d − 1) D_r) for active Brownian particles; 0 for the others.
  double persistence_time() const {
    if (model == Model::run_and_tumble)  // of the direction; with pauses see msd_law.cpp
      return 1 / (run_and_tumble.tumble_rate * (1 - run_and_tumble.mean_cos()));
    if (model == Model::active_brownian) return 1 / ((dim() - 1) * active_brownian.rotational_D);
    return 0;
  }
};

}  // namespace fickle::particles
