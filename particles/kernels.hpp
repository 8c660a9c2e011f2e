// The inner loops of the particle models: SIMD over blocks of kBlock particles (kernels.cpp is
// built with -O3 -march=native -ffast-math so that log/exp/sin vectorise through glibc's libmvec).
// They only touch the arrays of this rank; ensemble.cpp does everything collective.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "particles/fbm_paths.hpp"
#include "particles/model.hpp"
#include "particles/particle_arrays.hpp"

namespace fickle::particles {

/// Initial positions (and Maxwellian velocities for langevin); origin = position; all alive.
void place_particles(const ParticleModel& model, ParticleArrays& p);

/// One step of dt from step index `step` (the RNG counter) for brownian, random-walk, levy.
void move_overdamped(const ParticleModel& model, ParticleArrays& p, std::uint64_t step);

/// One BAOAB step (Leimkuhler–Matthews) for langevin.
void move_langevin(const ParticleModel& model, ParticleArrays& p, std::uint64_t step);

/// Draws every particle's first waiting time (ctrw).
void start_ctrw_clocks(const ParticleModel& model, ParticleArrays& p);

/// Makes every jump due by time t_end (each particle on its own clock); returns how many.
/// `pending` is scratch space kept between calls.
std::uint64_t advance_ctrw(const ParticleModel& model, ParticleArrays& p, double t_end,
                           std::vector<std::uint32_t>& pending);

// renewal_kernels.cpp: Lévy walks and ATTM, each particle on its own clock.
/// Every particle's first flight: velocity (and velocity0), the time of its first turn.
void start_levy_walks(const ParticleModel& model, ParticleArrays& p);
/// Flies every particle from t0 to t1, turning at every turn due in between.
void advance_levy_walks(const ParticleModel& model, ParticleArrays& p, double t0, double t1);
/// Every particle's first segment: its diffusivity and the time it ends.
void start_attm(const ParticleModel& model, ParticleArrays& p);
/// One step (t0, t1]: a Gaussian displacement of variance 2∫D dt per axis (noise counter `step`).
void advance_attm(const ParticleModel& model, ParticleArrays& p, std::uint64_t step, double t0,
                  double t1);

// path_kernels.cpp: fBm from pre-drawn paths, walkers among obstacles on a lattice.
/// One step of fBm: x ← x + √(2K) dt^H g, g the particle's unit fGn increment number `step`.
void move_fbm(const ParticleModel& model, ParticleArrays& p, const FbmPaths& paths,
              std::uint64_t step);
/// Whether lattice site n (integer coordinates from the grid's lower corner) holds an obstacle.
bool site_blocked(const ParticleModel& model, const std::array<std::int64_t, 3>& n);
/// Start sites: uniform over the free sites in the grid (on a spanning cluster if asked).
void place_crowded(const ParticleModel& model, ParticleArrays& p);
/// One blind-ant step on the lattice.
void move_crowded(const ParticleModel& model, ParticleArrays& p, std::uint64_t step);

// active_kernels.cpp: self-propelled particles (docs/science.md §8).
/// Every particle's first run: a uniform direction, the time of its first tumble.
void start_run_and_tumble(const ParticleModel& model, ParticleArrays& p);
/// Runs every particle from t0 to t1, tumbling at every tumble due in between.
void advance_run_and_tumble(const ParticleModel& model, ParticleArrays& p, double t0, double t1);
/// Every active Brownian particle's first swimming direction (uniform).
void start_active_brownian(const ParticleModel& model, ParticleArrays& p);
/// The numbers of an active Brownian step of dt (§8.2).
struct ActiveStep {
  double q = 0;      ///< ⟨e_n·e_{n+1}⟩ = e^{−dt/τ}
  double kappa = 0;  ///< 3D: the von Mises–Fisher concentration with mean cosine q
  double angle = 0;  ///< 2D: the standard deviation √(2 D_r dt) of the turn
  double c = 0;      ///< Δx = v c (e_n + e_{n+1}) + noise ξ
  double noise = 0;
};
ActiveStep active_step(const ParticleModel& model);
/// One step of dt of active Brownian particles (noise counter `step`).
void move_active_brownian(const ParticleModel& model, ParticleArrays& p, std::uint64_t step);

}  // namespace fickle::particles
