// Reads the `particles` kind's keys into a ParticleModel (docs/cases.md, "particles").
#pragma once

#include "app/input/case_reader.hpp"
#include "particles/model.hpp"

namespace fickle {

/// Everything but grid/time/output: model, count, seed, physics, ctrw, levy, boundary, initial.
/// `box` and `dt` must already be set.
void read_particle_model(Section& root, particles::ParticleModel& model);

const char* model_name(particles::Model model);

}  // namespace fickle
