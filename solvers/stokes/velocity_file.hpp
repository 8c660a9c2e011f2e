// The face velocities of a finished Stokes run, written for later cases to read (a drift for the
// fick kind, tracers for particles: `velocity: {from: ../other-case/output}`), on any rank count.
//
//   <dir>/velocity.json  grid (cells, lower, upper, periodic), faces per component, the box
//                        faces' conditions (type, wall velocity, pressure), the layout
//   <dir>/velocity.bin   float64, little-endian: u_x on its faces, then u_y (then u_z), each with
//                        x fastest. Component a has N_a + 1 faces along a (N_a if periodic), face i
//                        at x_a = lower_a + i h_a; along the other axes it sits at cell centres.
#pragma once

#include <array>
#include <filesystem>
#include <vector>

#include "meshes/face_velocity.hpp"
#include "meshes/grid.hpp"
#include "solvers/stokes/flow_fields.hpp"

namespace fickle {

/// Writes <dir>/velocity.json and velocity.bin (collective; MPI-IO, each rank its own faces).
/// The values come from `flow` (the solution the caller already gathered with its ghosts).
void write_face_velocity(const FlowFields& flow, const std::filesystem::path& dir);

/// Reads a velocity written by write_face_velocity (whole field, on the calling rank). Throws
/// std::runtime_error naming the file when it is missing, truncated or not this format.
FaceVelocity read_face_velocity(const std::filesystem::path& dir);

}  // namespace fickle
