// The run directory (docs/output.md): log.txt, series.csv, summary.json, resolved.yaml.
// Rank 0 writes these; every file except the append-only log is replaced atomically.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fickle {

/// What the terminal shows, copied to log.txt (rank 0 only; other ranks stay silent).
class Log {
 public:
  Log(MPI_Comm comm, const std::filesystem::path& file, bool append);
  void line(const std::string& text);       ///< stdout and log.txt
  void file_only(const std::string& text);  ///< log.txt only (periodic progress)
  bool is_root() const { return rank_ == 0; }

 private:
  int rank_ = 0;
  std::ofstream out_;
};

/// One row per step; rows are kept until flush() appends them to the file.
class Series {
 public:
  Series(std::filesystem::path file, std::vector<std::string> columns);
  void add(const std::vector<double>& values);
  void flush();
  /// Reloads the rows of an interrupted run whose step (second column) is <= `last_step`.
  void reload(long last_step);

 private:
  std::string header() const;  ///< the column names, comma-separated

  std::filesystem::path file_;
  std::vector<std::string> columns_;
  std::vector<std::string> rows_;  ///< not yet in the file
  bool started_ = false;           ///< the file exists with its header
};

/// Removes what an earlier run left in `dir` (only fickle's own files), then creates it; a
/// non-empty directory without resolved.yaml is refused (CaseError).
void prepare_run_directory(const std::filesystem::path& dir);

void write_json(const std::filesystem::path& file, const nlohmann::json& value);
nlohmann::json read_json(const std::filesystem::path& file);

}  // namespace fickle
