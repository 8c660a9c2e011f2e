// What a particle run simulates, as plain numbers: the model, its physics, walls and start.
// app/kinds/particles/particles_input.cpp fills it from case.yaml; docs/science.md §2–3 has the physics.
#pragma once

#include <memory>

#include <array>
#include <cstdint>
#include "meshes/face_velocity.hpp"

#include "meshes/grid.hpp"

namespace fickle::particles {

enum class Model { brownian, langevin, random_walk, ctrw, levy };
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

  Placement placement = Placement::point;
  std::array<double, 3> center{0, 0, 0};
  double sigma = 0;  ///< gaussian placement

  std::uint64_t count = 0;
  std::uint32_t seed = 0;

  int dim() const { return box.dim; }
  /// τ_p = m/γ (langevin)
  double momentum_relaxation_time() const { return mass / friction; }
};

}  // namespace fickle::particles
