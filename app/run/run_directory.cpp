#include "app/run/run_directory.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "app/input/case_reader.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;

Log::Log(MPI_Comm comm, const fs::path& file, bool append) {
  MPI_Comm_rank(comm, &rank_);
  on_root(comm, [&] { out_ = AppendFile(file, !append); });
}

void Log::line(const std::string& text) {
  if (rank_ != 0) return;
  std::cout << text << std::endl;
  file_only(text);
}

void Log::file_only(const std::string& text) {
  if (rank_ != 0 || failed_) return;
  try {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    out_.write(fmt::format("[{:9.2f} s] {}\n", elapsed, text));
  } catch (const std::exception& e) {
    failed_ = true;
    std::cerr << "fickle: " << e.what() << "; the log goes on on the terminal only" << std::endl;
  }
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
    std::string text;
    for (const auto& r : rows_) text += r + '\n';
    AppendFile(file_, false).write(text);
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

bool is_run_output(const std::string& name) {
  static const std::set<std::string> names = {
      "fields",        "particles",    "faces",        "velocity",   "checkpoint",
      "plots",         "runs",         "summary.json", "series.csv", "log.txt",
      "resolved.yaml", "compare.json", "compare.csv",  "msd.csv",    "profiles.csv",
      "plots.log",     "model.nn",     "model.npz",    "view.py",    "outline.vtp"};
  return names.count(name) > 0 || fs::path(name).extension() == ".pvd";
}

namespace {

constexpr const char* kLockFile = ".lock";
constexpr const char* kPrevious = ".previous";

// The names of fickle's own files in `dir` (listed before anything is moved or removed).
std::vector<std::string> run_outputs(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    if (is_run_output(entry.path().filename().string()))
      names.push_back(entry.path().filename().string());
  return names;
}

// Moves fickle's own files of `from` into `to` (created), leaving everything else.
void move_run_outputs(const fs::path& from, const fs::path& to) {
  for (const auto& name : run_outputs(from)) {
    fs::create_directories(to);
    fs::rename(from / name, to / name);
  }
}

void remove_run_outputs(const fs::path& dir) {
  for (const auto& name : run_outputs(dir)) fs::remove_all(dir / name);
}

}  // namespace

RunLock::RunLock(MPI_Comm comm, const fs::path& dir) {
  on_root(comm, [&] {
    // The run directory, or the nearest of its parents that exists, must be a directory: a file
    // there would otherwise be called "not empty", or fail half-way with a filesystem error.
    fs::path existing = dir;
    while (!existing.empty() && !fs::exists(existing) && existing != existing.parent_path())
      existing = existing.parent_path();
    if (fs::exists(existing) && !fs::is_directory(existing))
      throw CaseError(
          fmt::format("-o {}: {} is a file, not a directory", dir.string(), existing.string()));
    fs::create_directories(dir);
    const fs::path file = dir / kLockFile;
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw CaseError(fmt::format("{}: cannot lock the run directory ({})", file.string(),
                                  std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      std::string holder(256, '\0');
      holder.resize(
          static_cast<std::size_t>(std::max<ssize_t>(0, ::pread(fd_, holder.data(), 255, 0))));
      ::close(fd_);
      fd_ = -1;
      throw CaseError(fmt::format(
          "{} is in use by another fickle run ({}); wait for it to end or choose another -o",
          dir.string(), holder.empty() ? "unknown process" : holder.substr(0, holder.find('\n'))));
    }
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    const std::string holder = fmt::format("pid {} on {}\n", ::getpid(), host);
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, holder.data(), holder.size(), 0) < 0) {
      // The lock holds without the note of who holds it.
    }
  });
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

FreshStart::FreshStart(const fs::path& dir) : dir_(dir) {
  // A `.previous` left by an attempt that never started (killed during its set-up) holds the last
  // good results: they come back first.
  if (fs::exists(dir / kPrevious)) abandon();
  bool foreign = false;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    foreign = foreign || (name != kLockFile && name != kPrevious);
  }
  // Only a directory fickle wrote (it has resolved.yaml) is cleaned; anything else must be empty,
  // so that `-o .` cannot touch a user's own fields/ or plots/.
  if (foreign && !fs::exists(dir / "resolved.yaml"))
    throw CaseError(
        fmt::format("-o {}: the directory is not empty and holds no fickle run; choose "
                    "another or empty it",
                    dir.string()));
  move_run_outputs(dir, dir / kPrevious);
  fs::create_directories(dir / "fields");
  fs::create_directories(dir / "checkpoint");
}

void FreshStart::commit() {
  fs::remove_all(dir_ / kPrevious);
}

void FreshStart::abandon() {
  remove_run_outputs(dir_);
  if (!fs::exists(dir_ / kPrevious)) return;
  move_run_outputs(dir_ / kPrevious, dir_);
  fs::remove_all(dir_ / kPrevious);
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
