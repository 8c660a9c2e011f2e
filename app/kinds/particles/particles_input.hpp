// Reads the `particles` kind's keys into a ParticleModel (docs/cases.md, "particles"), and says
// what was read: the log line and the fingerprint a restart must match.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/input/case_reader.hpp"
#include "app/kinds/particles/track_report.hpp"
#include "particles/model.hpp"

namespace fickle {

/// Everything but grid/time/output: model, count, seed, physics, ctrw, levy, boundary, initial.
/// `box` and `dt` must already be set.
void read_particle_model(Section& root, particles::ParticleModel& model);

const char* model_name(particles::Model model);

/// output.tracks: {count, every, noise}.
TrackSettings read_tracks(Section tracks);

/// "particles: fbm 1D, 10000 particles, seed 1, H = 0.3, K = 1": the log line of the model.
std::string describe_model(const particles::ParticleModel& model);

/// Every number that decides the particles' paths, for the restart check.
nlohmann::json model_fingerprint(const particles::ParticleModel& model);

}  // namespace fickle
