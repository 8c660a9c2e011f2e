#include "app/run/checkpoint_state.hpp"

#include <fmt/format.h>

#include "app/input/case_reader.hpp"

namespace fickle {

nlohmann::json snapshot_list(const std::vector<SnapshotEntry>& entries) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : entries) list.push_back({{"t", e.time}, {"file", e.file}});
  return list;
}

std::vector<SnapshotEntry> snapshot_entries(const nlohmann::json& list) {
  std::vector<SnapshotEntry> entries;
  for (const auto& e : list) entries.push_back({e["t"], e["file"]});
  return entries;
}

void require_same_discretisation(const nlohmann::json& saved, const nlohmann::json& now,
                                 const std::string& what_may_change) {
  for (const auto& [key, value] : now.items())
    if (saved[key] != value)
      throw CaseError(fmt::format("--restart: the checkpoint has {} = {}, the case {} ({})", key,
                                  saved[key].dump(), value.dump(), what_may_change));
}

}  // namespace fickle
