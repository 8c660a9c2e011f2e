#include "core/subprocess.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>

extern char** environ;

namespace fickle {
namespace {

// The environment remember_launch_environment() saw: the strings, and the null-terminated array of
// pointers to them that posix_spawn takes (empty until it is called).
struct LaunchEnvironment {
  std::vector<std::string> entries;
  std::vector<char*> pointers;
};
LaunchEnvironment& launch_environment() {
  static LaunchEnvironment saved;
  return saved;
}

}  // namespace

void remember_launch_environment() {
  auto& saved = launch_environment();
  saved.entries.clear();
  for (char** entry = environ; *entry != nullptr; ++entry) saved.entries.emplace_back(*entry);
  saved.pointers.clear();
  for (auto& entry : saved.entries) saved.pointers.push_back(entry.data());
  saved.pointers.push_back(nullptr);
}

int run_program(const std::vector<std::string>& argv, const std::filesystem::path& output) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The child's stdout and stderr go to `output` (opened without following a link, and without
  // O_CLOEXEC: it is the child's standard output and must survive the exec), stdin is closed.
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  if (!output.empty()) {
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, output.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0644);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  }
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  auto& saved = launch_environment().pointers;
  pid_t pid = -1;
  const int started = posix_spawnp(&pid, args[0], &files, nullptr, args.data(),
                                   saved.empty() ? environ : saved.data());
  posix_spawn_file_actions_destroy(&files);
  if (started != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace fickle
