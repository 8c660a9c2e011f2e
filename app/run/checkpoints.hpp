// Checkpoints on disk (docs/output.md, "checkpoint/"): each one is a kind's state file(s) and a
// meta_<step>.json naming them with their checksums; meta.json is a copy of the newest. The
// `keep` newest stay. Before a restart trusts one, everything in it is checked (its JSON, its
// numbers, that its state is a plain file of checkpoint/ with the checksum it was written with).
#pragma once

#include <mpi.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace fickle {

/// Writes a checkpoint into `dir`: save(dir) writes the kind's state and returns what load needs
/// (with the state's file name under "file"); `meta` holds the loop's numbers (step, ...).
/// Collective. Keeps the `keep` newest checkpoints.
void write_checkpoint(MPI_Comm comm, const std::filesystem::path& dir, nlohmann::json meta,
                      const std::function<nlohmann::json(const std::filesystem::path&)>& save,
                      long keep);

/// The checkpoint meta.json names, checked (CaseError naming the file when it is unusable).
nlohmann::json read_checkpoint(MPI_Comm comm, const std::filesystem::path& dir);

/// The newest usable checkpoint of `dir` (meta.json, else the older ones newest first), or none;
/// `why` gets the reasons the newer ones were passed over. Collective.
std::optional<nlohmann::json> newest_usable_checkpoint(MPI_Comm comm,
                                                       const std::filesystem::path& dir,
                                                       std::string& why);

}  // namespace fickle
