#include "app/run/checkpoints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

#include "app/input/case_reader.hpp"
#include "app/run/run_directory.hpp"
#include "core/checksum.hpp"
#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

// meta_<step>.json of `dir`, newest first.
std::vector<fs::path> generations(const fs::path& dir) {
  std::vector<fs::path> metas;
  if (!fs::is_directory(dir)) return metas;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("meta_") && name.ends_with(".json")) metas.push_back(entry.path());
  }
  std::sort(metas.rbegin(), metas.rend());  // zero-padded steps: the names sort by step
  return metas;
}

// Keeps the `keep` newest generations and the states they name; removes the rest.
void prune(const fs::path& dir, long keep) {
  const auto metas = generations(dir);
  std::set<std::string> kept;
  for (std::size_t k = 0; k < metas.size(); ++k) {
    if (static_cast<long>(k) >= keep) {
      fs::remove(metas[k]);
      continue;
    }
    try {
      const std::string file = read_json(metas[k]).at("state").value("file", "");
      if (!file.empty()) kept.insert(file);
    } catch (const std::exception&) {
      // an unreadable generation keeps nothing alive
    }
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("state_") && !kept.count(name)) fs::remove(entry.path());
  }
}

// The checks of one meta file; the reason it is unusable, or empty. Rank 0 computes the checksum.
std::string check_meta(const fs::path& file, nlohmann::json& meta) {
  try {
    meta = read_json(file);
  } catch (const nlohmann::json::parse_error& e) {
    return fmt::format("not valid JSON (at byte {})", e.byte);
  } catch (const std::exception& e) {
    return fmt::format("unreadable ({})", e.what());
  }
  // A compare run's checkpoint only marks the run as restartable: its sub-runs hold their own.
  if (!meta.contains("state") && meta.value("kind", "") == "compare") return {};
  const auto number = [&](const char* key, double lowest, double highest) -> std::string {
    if (!meta.contains(key) || !meta[key].is_number())
      return fmt::format("{} is missing or not a number", key);
    const double v = meta[key].get<double>();
    if (!(v >= lowest && v <= highest))
      return fmt::format("{} = {} is out of range [{}, {}]", key, v, lowest, highest);
    return {};
  };
  constexpr double kBig = 1e15;
  for (const auto& why :
       {number("step", 0, kBig), number("solve_s", 0, kBig), number("wall_s", 0, kBig),
        number("linear_iterations", 0, kBig), number("ranks", 1, kBig)})
    if (!why.empty()) return why;
  if (auto why = number("snapshot_index", 0, meta["step"].get<double>() + 1); !why.empty())
    return why;
  if (!meta.contains("state") || !meta["state"].is_object()) return "no state";
  const std::string state = meta["state"].value("file", "");
  if (state.empty()) return {};
  const fs::path dir = file.parent_path();
  // A plain file name in this directory: never a path that leads elsewhere, never a link.
  if (state != fs::path(state).filename().string() || state == "." || state == "..")
    return fmt::format("the state file '{}' is not a file of the checkpoint directory", state);
  if (fs::is_symlink(dir / state) || !fs::is_regular_file(dir / state))
    return fmt::format("the state file {} is missing or not a regular file", state);
  const std::string recorded = meta.value("checksums", nlohmann::json::object()).value(state, "");
  if (recorded.empty()) return fmt::format("no checksum for {}", state);
  if (file_checksum(dir / state) != recorded)
    return fmt::format("{} does not match its checksum (damaged or changed since it was written)",
                       state);
  return {};
}

// check_meta on rank 0, its verdict and the meta shared with every rank.
std::string checked(MPI_Comm comm, const fs::path& file, nlohmann::json& meta) {
  std::string why, text;
  on_root(comm, [&] {
    why = check_meta(file, meta);
    text = why.empty() ? meta.dump() : std::string();
  });
  for (std::string* s : {&why, &text}) {
    int size = static_cast<int>(s->size());
    MPI_Bcast(&size, 1, MPI_INT, 0, comm);
    s->resize(static_cast<std::size_t>(size));
    MPI_Bcast(s->data(), size, MPI_CHAR, 0, comm);
  }
  if (why.empty()) meta = nlohmann::json::parse(text);
  return why;
}

}  // namespace

void write_checkpoint(MPI_Comm comm, const fs::path& dir, nlohmann::json meta,
                      const std::function<nlohmann::json(const fs::path&)>& save, long keep) {
  on_root(comm, [&] { fs::create_directories(dir); });
  meta["state"] = save(dir);  // collective: every rank's part is on disk before meta names it
  on_root(comm, [&] {
    const std::string file = meta["state"].value("file", "");
    if (!file.empty()) meta["checksums"][file] = file_checksum(dir / file);
    write_json(dir / fmt::format("meta_{:08d}.json", meta["step"].get<long>()), meta);
    write_json(dir / "meta.json", meta);
    prune(dir, keep);
  });
}

nlohmann::json read_checkpoint(MPI_Comm comm, const fs::path& dir) {
  nlohmann::json meta;
  const fs::path file = dir / "meta.json";
  if (const std::string why = checked(comm, file, meta); !why.empty())
    throw CaseError(
        fmt::format("--restart: {}: {}; the checkpoint cannot be used", file.string(), why));
  return meta;
}

std::optional<nlohmann::json> newest_usable_checkpoint(MPI_Comm comm, const fs::path& dir,
                                                       std::string& why) {
  std::vector<fs::path> candidates;
  on_root(comm, [&] {
    if (fs::exists(dir / "meta.json")) candidates.push_back(dir / "meta.json");
    for (const auto& g : generations(dir)) candidates.push_back(g);
  });
  int count = static_cast<int>(candidates.size());
  MPI_Bcast(&count, 1, MPI_INT, 0, comm);
  for (int k = 0; k < count; ++k) {
    std::string name = k < static_cast<int>(candidates.size()) ? candidates[k].string() : "";
    int size = static_cast<int>(name.size());
    MPI_Bcast(&size, 1, MPI_INT, 0, comm);
    name.resize(static_cast<std::size_t>(size));
    MPI_Bcast(name.data(), size, MPI_CHAR, 0, comm);
    nlohmann::json meta;
    const std::string reason = checked(comm, name, meta);
    if (reason.empty()) return meta;
    why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", fs::path(name).filename().string(),
                       reason);
  }
  return std::nullopt;
}

}  // namespace fickle
