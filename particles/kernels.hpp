// The inner loops of the particle models: SIMD over blocks of kBlock particles (kernels.cpp is
// built with -O3 -march=native -ffast-math so that log/exp/sin vectorise through glibc's libmvec).
// They only touch the arrays of this rank; ensemble.cpp does everything collective.
#pragma once

#include <cstdint>
#include <vector>

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

}  // namespace fickle::particles
