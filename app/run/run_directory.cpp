#include "app/run/run_directory.hpp"

#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "app/input/case_reader.hpp"
#include "core/atomic_file.hpp"

namespace fickle {
namespace fs = std::filesystem;

Log::Log(MPI_Comm comm, const fs::path& file, bool append) {
  MPI_Comm_rank(comm, &rank_);
  if (rank_ == 0) out_.open(file, append ? std::ios::app : std::ios::trunc);
}

void Log::line(const std::string& text) {
  if (rank_ != 0) return;
  std::cout << text << std::endl;
  file_only(text);
}

void Log::file_only(const std::string& text) {
  if (rank_ != 0) return;
  out_ << text << '\n';
  out_.flush();
}

Series::Series(fs::path file, std::vector<std::string> columns)
    : file_(std::move(file)), columns_(std::move(columns)) {}

void Series::add(const std::vector<double>& values) {
  std::string row;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) row += ',';
    row += fmt::format("{}", values[i]);  // shortest form that reads back exactly
  }
  rows_.push_back(std::move(row));
}

std::string Series::header() const {
  std::string text;
  for (std::size_t i = 0; i < columns_.size(); ++i) text += (i ? "," : "") + columns_[i];
  return text;
}

void Series::flush() {
  // Rows are appended, so a long run with frequent snapshots costs O(rows) in all; the header and
  // a restart's truncation are written atomically.
  if (!started_) {
    std::string text = header() + '\n';
    for (const auto& r : rows_) text += r + '\n';
    write_file_atomically(file_, text);
    started_ = true;
  } else {
    std::ofstream out(file_, std::ios::app);
    for (const auto& r : rows_) out << r << '\n';
    out.flush();
    if (!out) throw std::runtime_error("cannot append to " + file_.string());
  }
  rows_.clear();
}

void Series::reload(long last_step) {
  rows_.clear();
  std::ifstream in(file_);
  std::string line;
  std::getline(in, line);  // header
  const std::string expected = header();
  if (line != expected)
    throw CaseError(fmt::format("--restart: {} has columns '{}', this case writes '{}'",
                                file_.string(), line, expected));
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    // Columns t, step, ...: keep the rows up to the checkpoint's step.
    const auto comma = line.find(',');
    if (std::stol(line.substr(comma + 1, line.find(',', comma + 1) - comma - 1)) > last_step) break;
    rows_.push_back(line);
  }
  started_ = false;  // the next flush rewrites the file with exactly these rows
}

void prepare_run_directory(const fs::path& dir) {
  // The run directory, or the nearest of its parents that exists, must be a directory: a file there
  // would otherwise be called "not empty", or fail half-way with a filesystem error.
  fs::path existing = dir;
  while (!existing.empty() && !fs::exists(existing) && existing != existing.parent_path())
    existing = existing.parent_path();
  if (fs::exists(existing) && !fs::is_directory(existing))
    throw CaseError(
        fmt::format("-o {}: {} is a file, not a directory", dir.string(), existing.string()));
  // Only a directory fickle wrote (it has resolved.yaml) is cleaned; anything else must be empty,
  // so that `-o .` cannot delete a user's own fields/ or plots/.
  if (fs::exists(dir) && !fs::is_empty(dir) && !fs::exists(dir / "resolved.yaml"))
    throw CaseError(
        fmt::format("-o {}: the directory is not empty and holds no fickle run; choose "
                    "another or empty it",
                    dir.string()));
  for (const char* stale :
       {"fields", "particles", "faces", "velocity", "checkpoint", "plots", "runs"})
    fs::remove_all(dir / stale);
  if (fs::exists(dir))
    for (const auto& entry : fs::directory_iterator(dir)) {
      const auto ext = entry.path().extension();
      const auto name = entry.path().filename();
      if (ext == ".pvd" || name == "summary.json" || name == "series.csv" || name == "log.txt" ||
          name == "resolved.yaml" || name == "compare.json" || name == "compare.csv" ||
          name == "msd.csv" || name == "profiles.csv" || name == "plots.log")
        fs::remove(entry.path());
    }
  fs::create_directories(dir / "fields");
  fs::create_directories(dir / "checkpoint");
}

void write_json(const fs::path& file, const nlohmann::json& value) {
  write_file_atomically(file, value.dump(2) + "\n");
}

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return nlohmann::json::parse(in);
}

}  // namespace fickle
