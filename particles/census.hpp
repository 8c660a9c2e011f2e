// Where the particles are, for the series columns of a particle run (docs/output.md, "series.csv
// of a particle run"): how many alive particles lie in each named region, and the net number that
// crossed each face of the box outwards since t = 0.
#pragma once

#include <mpi.h>

#include <array>
#include <vector>

#include "meshes/shapes.hpp"
#include "particles/model.hpp"
#include "particles/particle_arrays.hpp"

namespace fickle::particles {

/// Alive particles whose position (wrapped into the box on periodic axes) lies in each region;
/// collective, exact integer counts (the same on any number of ranks).
std::vector<double> region_counts(MPI_Comm comm, const ParticleModel& model,
                                  const ParticleArrays& p, const std::vector<Region>& regions);

/// Net particles out through each face x− x+ y− y+ z− z+ (collective, exact counts):
///   periodic   the winding number k = ⌊(x − lower)/L⌋ of the unwrapped position: Σ k out
///              through upper, −Σ k through lower (the two cancel)
///   absorbing  the particles absorbed on the face
///   open       the particles beyond the face now (one that went out and came back counts 0)
///   reflecting 0: a particle is mirrored back within the step it crossed
std::array<double, 6> face_crossings(MPI_Comm comm, const ParticleModel& model,
                                     const ParticleArrays& p);

}  // namespace fickle::particles
