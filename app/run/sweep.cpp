#include "app/run/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/input/case_reader.hpp"
#include "app/run/case_runner.hpp"
#include "app/run/finished_run.hpp"
#include "app/run/resources.hpp"
#include "app/run/run_context.hpp"
#include "app/run/run_directory.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

struct Member {
  std::string name;                                         ///< its folder under OUT
  std::vector<std::pair<std::string, std::string>> values;  ///< key, value
  std::vector<std::string> sets() const {
    std::vector<std::string> s;
    for (const auto& [key, value] : values) s.push_back(key + "=" + value);
    return s;
  }
};

// A value as part of a folder name: brackets and spaces dropped, commas as x, slashes as -.
std::string folder_part(const std::string& key, const std::string& value) {
  std::string v;
  for (char c : value) {
    if (c == '[' || c == ']' || c == ' ' || c == '"' || c == '\'') continue;
    v += c == ',' ? 'x' : c == '/' ? '-' : c;
  }
  return key.substr(key.rfind('.') + 1) + "=" + v;
}

// The cartesian product of the swept values, the last key varying fastest.
std::vector<Member> members_of(const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  for (const auto& s : sets) axes.push_back(split_sweep_values(s));
  std::vector<Member> members{Member{}};
  for (const auto& [key, values] : axes) {
    std::vector<Member> next;
    for (const Member& m : members)
      for (const auto& v : values) {
        Member grown = m;
        grown.values.emplace_back(key, v);
        next.push_back(grown);
      }
    members = std::move(next);
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < members.size(); ++i) {
    Member& m = members[i];
    for (const auto& [key, value] : m.values)
      if (axes.size() == 1 || std::count_if(axes.begin(), axes.end(), [&](const auto& a) {
            return a.first == key && a.second.size() > 1;
          }))
        m.name += (m.name.empty() ? "" : "_") + folder_part(key, value);
    if (m.name.empty()) m.name = "member";
    if (!names.insert(m.name).second) m.name += fmt::format("_{}", i);
  }
  return members;
}

// Loads every member (the same on every rank: a bad one is a CaseError everywhere).
std::vector<LoadedCase> load_members(const SweepRequest& r, const std::vector<Member>& members) {
  std::vector<LoadedCase> loaded;
  for (const Member& m : members) {
    try {
      loaded.push_back(load_case_file(r.case_path, m.sets()));
    } catch (const CaseError& e) {
      throw CaseError(fmt::format("sweep member {}: {}", m.name, e.what()));
    }
  }
  return loaded;
}

// The resource checks of every member on its group's communicator `comm` (null for the ranks
// that run nothing); every rank of `world` learns when one failed.
void check_members(MPI_Comm world, MPI_Comm comm, const SweepRequest& r,
                   const std::vector<Member>& members, const std::vector<LoadedCase>& loaded) {
  std::string failure;
  if (comm != MPI_COMM_NULL)
    for (std::size_t i = 0; i < members.size() && failure.empty(); ++i) try {
        check_resources(comm, *loaded[i].kind, r.force);
      } catch (const CaseError& e) {
        failure = fmt::format("sweep member {}: {}", members[i].name, e.what());
      }
  int failed = failure.empty() ? 0 : 1;
  MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, world);
  if (failed) throw CaseError(failure.empty() ? "a sweep member is beyond this machine" : failure);
}

// Every scalar of a summary, nested maps flattened one level (errors.l2_rel); not the build and
// run blocks.
std::map<std::string, std::string> headline(const nlohmann::json& summary) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : summary.items()) {
    if (key == "build" || key == "run") continue;
    if (value.is_primitive())
      out[key] = value.is_string() ? value.get<std::string>() : value.dump();
    if (value.is_object())
      for (const auto& [inner, v] : value.items())
        if (v.is_primitive())
          out[key + "." + inner] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void write_table(const fs::path& out, const std::vector<Member>& members) {
  std::vector<std::map<std::string, std::string>> rows;
  std::set<std::string> keys;
  for (const Member& m : members) {
    std::map<std::string, std::string> row;
    const fs::path summary = out / m.name / "summary.json";
    if (fs::exists(summary)) {
      try {
        row = headline(read_json(summary));
      } catch (const std::exception&) {
        row["status"] = "unreadable";
      }
    } else {
      row["status"] = "not run";
    }
    for (const auto& [k, v] : row) keys.insert(k);
    rows.push_back(row);
  }
  std::vector<std::string> columns{"member"};
  for (const auto& [key, value] : members.front().values) columns.push_back(key);
  for (const char* first : {"status", "wall_s", "steps", "t_end"})
    if (keys.erase(first)) columns.push_back(first);
  columns.insert(columns.end(), keys.begin(), keys.end());
  std::ostringstream csv;
  for (std::size_t c = 0; c < columns.size(); ++c) csv << (c ? "," : "") << csv_cell(columns[c]);
  csv << "\n";
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::map<std::string, std::string> row = rows[i];
    row["member"] = members[i].name;
    for (const auto& [key, value] : members[i].values) row[key] = value;
    for (std::size_t c = 0; c < columns.size(); ++c)
      csv << (c ? "," : "") << csv_cell(row.count(columns[c]) ? row[columns[c]] : "");
    csv << "\n";
  }
  write_file_atomically(out / "sweep.csv", csv.str());
}

}  // namespace

std::pair<std::string, std::vector<std::string>> split_sweep_values(const std::string& set) {
  const auto eq = set.find('=');
  if (eq == std::string::npos || eq == 0)
    throw CaseError(fmt::format("--set {}: expected key=v1,v2,...", set));
  const std::string key = set.substr(0, eq);
  std::vector<std::string> values;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : set.substr(eq + 1)) {
    if (quote) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      values.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  values.push_back(current);
  for (const auto& v : values)
    if (v.empty() || depth != 0 || quote)
      throw CaseError(fmt::format("--set {}: expected key=v1,v2,... with no empty value", set));
  return {key, values};
}

int run_sweep(MPI_Comm world, const SweepRequest& r) {
  const std::vector<Member> members = members_of(r.sets);
  int ranks = 1, rank = 0;
  MPI_Comm_size(world, &ranks);
  MPI_Comm_rank(world, &rank);
  const int per_member = r.ranks_per_member > 0 ? std::min(r.ranks_per_member, ranks) : ranks;
  const int groups = ranks / per_member;
  // Ranks beyond the last whole group wait; the others form `groups` groups side by side.
  const int group = rank / per_member < groups ? rank / per_member : MPI_UNDEFINED;
  MPI_Comm comm = MPI_COMM_NULL;
  MPI_Comm_split(world, group, rank, &comm);
  std::vector<LoadedCase> loaded = load_members(r, members);
  check_members(world, comm, r, members, loaded);
  int code = 0;
  if (comm != MPI_COMM_NULL) {
    int comm_rank = 0;
    MPI_Comm_rank(comm, &comm_rank);
    for (std::size_t i = static_cast<std::size_t>(group); i < members.size() && code != 4;
         i += static_cast<std::size_t>(groups)) {
      const fs::path dir = r.out / members[i].name;
      int done = 0;
      on_root(comm, [&] {
        done = ran_same_case(loaded[i].resolved, dir) &&
               read_json(dir / "summary.json").value("status", "") == "done";
      });
      MPI_Bcast(&done, 1, MPI_INT, 0, comm);
      if (done) continue;  // a finished member of an earlier sweep with the same case
      int member_code = 0;
      try {
        member_code = run_loaded_case(comm, loaded[i],
                                      {dir, RunRequest::Restart::automatic, members[i].name});
      } catch (const std::exception& e) {
        // One member's failure is its row in sweep.csv; the others still run.
        if (comm_rank == 0)
          std::cerr << fmt::format("fickle: sweep member {} failed: {}", members[i].name, e.what())
                    << std::endl;
        member_code = 3;
      }
      code = std::max(code, member_code);
    }
    release_vtk_controller(comm);
    MPI_Comm_free(&comm);
  }
  MPI_Allreduce(MPI_IN_PLACE, &code, 1, MPI_INT, MPI_MAX, world);
  on_root(world, [&] { write_table(r.out, members); });
  return code;
}

}  // namespace fickle
