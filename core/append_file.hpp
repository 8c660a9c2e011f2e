// A file that grows line by line (log.txt, series.csv): opened without following a link, so a
// run never writes through a link planted in its directory to a file elsewhere; every write is
// checked.
#pragma once

#include <filesystem>
#include <string_view>

namespace fickle {

class AppendFile {
 public:
  AppendFile() = default;
  /// Opens `path` for appending (created if missing; emptied first when `truncate`). Throws
  /// std::runtime_error naming the file and the reason, e.g. when it is a link.
  AppendFile(const std::filesystem::path& path, bool truncate);
  ~AppendFile();
  AppendFile(AppendFile&& other) noexcept;
  AppendFile& operator=(AppendFile&& other) noexcept;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  /// Appends `text`; throws std::runtime_error (with the reason, e.g. a full disk) if it fails.
  void write(std::string_view text);
  bool is_open() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace fickle
