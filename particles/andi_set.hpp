// Trajectories as the Anomalous Diffusion (AnDi) challenge poses them (Muñoz-Gil et al. 2021;
// docs/science.md §7.7): the five models ATTM, CTRW, fBm, Lévy walk and SBM, plus Brownian motion,
// α drawn uniformly over each model's range, simulated by fickle's own particle models
// (Ensemble), normalised to unit step deviation over 1000 frames, given Gaussian localisation
// noise of σ ∈ {0.1, 0.5, 1} and cut to a random length in [10, 1000].
//
// Every choice is a pure function of (seed, trajectory id): the model and α of a group of
// trajectories come from Philox keyed by the group, the length and noise of each trajectory and
// its noise values from Philox keyed by its id, the path itself from the particle model's keys. A
// set is the same on any rank and after a restart.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "particles/model.hpp"

namespace fickle::particles {

/// The classes, in the order of a classifier's outputs.
enum class AndiModel { attm, ctrw, fbm, levy_walk, sbm, brownian };
inline constexpr int kAndiClasses = 6;

/// "attm", "ctrw", "fbm", "levy-walk", "sbm", "brownian" (the particles kind's model names).
const char* andi_model_name(int model);

/// The AnDi range of α of a class: ATTM and CTRW [0.05, 1], fBm [0.05, 1.95], Lévy walk
/// [1.05, 2], SBM [0.05, 2], Brownian motion 1.
std::array<double, 2> andi_alpha_range(AndiModel model);

/// The 1D particle model of a class at exponent α, frames one time unit apart: fBm with H = α/2,
/// SBM with α, a CTRW with Mittag-Leffler waits of index α and unit Gaussian jumps, a Lévy walk
/// with flight tail γ = 3 − α, ATTM with exponents σ and γ = σ/α, Brownian motion with D = 1.
ParticleModel andi_particle_model(AndiModel model, double alpha, double attm_sigma);

struct AndiSettings {
  long trajectories = 1000;
  long min_length = 10, max_length = 1000;   ///< frames, uniform in between
  std::vector<double> noise{0.1, 0.5, 1.0};  ///< σ of the noise, one chosen per trajectory
  long group = 8;                            ///< trajectories sharing one model and α
};

struct AndiTrajectory {
  int model = 0;
  double alpha = 0;
  double noise = 0;
  std::vector<double> x;  ///< normalised, noisy and cut positions
};

/// Makes the trajectories with ids first_id … first_id + trajectories − 1 (disjoint id ranges
/// give independent sets under one seed) and hands each to `take`, group by group, so that a
/// large set never has to be held whole.
void make_andi_set(const AndiSettings& settings, std::uint32_t seed, std::uint64_t first_id,
                   const std::function<void(AndiTrajectory&&)>& take);

}  // namespace fickle::particles
