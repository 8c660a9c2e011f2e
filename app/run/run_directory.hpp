// The run directory (docs/output.md): log.txt, series.csv, summary.json, resolved.yaml, and the
// guarantees of "What fickle guarantees" there: one run at a time in a directory (RunLock), and
// nothing of an earlier run deleted before the new one has started (FreshStart). Rank 0 writes
// these files; every file except the append-only log and series is replaced atomically, and
// nothing is written through a link.
#pragma once

#include <mpi.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/append_file.hpp"

namespace fickle {

/// What the terminal shows, copied to log.txt (rank 0 only; other ranks stay silent), each line of
/// the file prefixed with the seconds since the log was opened: `[   12.34 s] ...`. A log line
/// that cannot be written (a full disk) is reported once on stderr and never stops the run: only
/// rank 0 writes, and a failure there must not leave the others waiting.
class Log {
 public:
  /// Collective: throws on every rank when rank 0 cannot open the file (e.g. it is a link).
  Log(MPI_Comm comm, const std::filesystem::path& file, bool append);
  void line(const std::string& text);       ///< stdout and log.txt
  void file_only(const std::string& text);  ///< log.txt only (periodic progress)
  bool is_root() const { return rank_ == 0; }

 private:
  int rank_ = 0;
  AppendFile out_;
  bool failed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
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

/// Exclusive use of a run directory (created if missing): rank 0 holds a lock on DIR/.lock for the
/// life of this object. Collective; a directory another run holds is refused (CaseError naming
/// that run's process and host).
class RunLock {
 public:
  RunLock(MPI_Comm comm, const std::filesystem::path& dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

/// A fresh run in `dir` (rank 0 only): fickle's own files of an earlier run are set aside in
/// DIR/.previous/ rather than deleted; commit() deletes them once the new run has started,
/// abandon() removes what the new run wrote and puts them back. Anything that is not fickle's
/// stays; a non-empty directory that holds no fickle run is refused (CaseError).
class FreshStart {
 public:
  explicit FreshStart(const std::filesystem::path& dir);
  void commit();
  void abandon();

 private:
  std::filesystem::path dir_;
};

/// Whether `name` (a file or folder directly in a run directory) is one fickle writes.
bool is_run_output(const std::string& name);

void write_json(const std::filesystem::path& file, const nlohmann::json& value);
nlohmann::json read_json(const std::filesystem::path& file);

}  // namespace fickle
