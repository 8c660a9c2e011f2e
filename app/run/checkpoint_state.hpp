// Pieces of a kind's checkpoint state (Evolution::save_state) that every kind needs: the list of
// snapshots written so far, and the check that a restart continues the same discretisation.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "meshes/vtk_series.hpp"

namespace fickle {

nlohmann::json snapshot_list(const std::vector<SnapshotEntry>& entries);
std::vector<SnapshotEntry> snapshot_entries(const nlohmann::json& list);

/// Throws CaseError naming the first key of `now` whose value differs in `saved` (the checkpoint):
///   --restart: the checkpoint has dt = 0.01, the case 0.02 (<what may change>)
void require_same_discretisation(const nlohmann::json& saved, const nlohmann::json& now,
                                 const std::string& what_may_change);

}  // namespace fickle
