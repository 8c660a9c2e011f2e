// Restart files of PDE solvers: DMDA Vecs written with PETSc's binary viewer in the natural
// ordering, so a run can continue on any number of ranks.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/petsc.hpp"

namespace fickle {

/// Writes `vectors` (in order) to dir/state_<step>.bin atomically (core/atomic_file.hpp), so the
/// state a meta.json names is never half written. Collective; returns the name.
std::string save_vec_state(const std::filesystem::path& dir, long step,
                           const std::vector<Vec>& vectors);

/// Reads a file written by save_vec_state into `vectors` (same order, same layouts).
void load_vec_state(const std::filesystem::path& file, const std::vector<Vec>& vectors);

/// How many vectors of `like`'s size the file holds (by its size; an older layout may hold fewer
/// than today's). Collective.
long vec_state_count(const std::filesystem::path& file, Vec like);

}  // namespace fickle
