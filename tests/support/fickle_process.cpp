#include "tests/support/fickle_process.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

namespace fickle::testing {
namespace fs = std::filesystem;

std::string without_mpi_environment() {
  std::string unset = "env";
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    const bool launcher = name.starts_with("OMPI_") || name.starts_with("PMIX_") ||
                          name.starts_with("OPAL_") || name.starts_with("PMI_");
    if (launcher && !name.starts_with("OMPI_ALLOW_RUN_AS_ROOT")) unset += " -u " + name;
  }
  return unset;
}

Outcome run_fickle(const std::string& args, int ranks) {
  static int runs = 0;
  const fs::path log =
      fs::temp_directory_path() / "fickle-tests" / fmt::format("{}-{}.log", ::getpid(), ++runs);
  fs::create_directories(log.parent_path());
  const std::string launcher =
      ranks > 1 ? fmt::format("mpiexec -n {} --oversubscribe ", ranks) : std::string();
  // Open MPI refuses root without these; harmless otherwise. A fresh environment per run.
  const std::string command =
      fmt::format("{} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 {}{} {} > {} 2>&1",
                  without_mpi_environment(), launcher, FICKLE_EXE, args, log.string());
  const int status = std::system(command.c_str());
  Outcome out;
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.output = read_text(log);
  fs::remove(log);
  return out;
}

fs::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = fmt::format("{}.{}", info->test_suite_name(), info->name());
  for (char& c : name)
    if (c == '/') c = '_';
  // Under the build tree that holds the binary, so two checkouts testing at once never share one.
  const fs::path dir = fs::path(FICKLE_EXE).parent_path() / "test-scratch" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path cases_dir() {
  return fs::path(FICKLE_SOURCE_DIR) / "cases";
}

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string particle_state(const fs::path& run) {
  const auto meta = nlohmann::json::parse(read_text(run / "checkpoint/meta.json"));
  return read_text(run / "checkpoint" / meta["state"]["file"].get<std::string>());
}

std::string case_path(const std::string& name) {
  return (cases_dir() / name).string();
}

nlohmann::json read_summary(const fs::path& run_dir) {
  std::ifstream in(run_dir / "summary.json");
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  // Missing or mismatched data must never look like agreement.
  if (a.empty() || a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    diff = std::max(diff, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

BackgroundFickle::BackgroundFickle(const std::string& args, fs::path output,
                                   const std::string& launcher, const std::string& prefix)
    : output_(std::move(output)) {
  const std::string command =
      fmt::format("{}exec {} {}{} {} > {} 2>&1", prefix, without_mpi_environment(), launcher,
                  FICKLE_EXE, args, shell_quote(output_));
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);  // its own group: a timeout kills mpiexec and its ranks together
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid_ > 0) setpgid(pid_, pid_);
}

BackgroundFickle::~BackgroundFickle() {
  if (pid_ > 0 && !exited_) {
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool BackgroundFickle::exited() {
  if (!exited_ && pid_ > 0 && waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return exited_;
}

bool BackgroundFickle::wait_for(const fs::path& file, const std::string& text, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (read_text(file).find(text) != std::string::npos) return true;
    if (exited()) return read_text(file).find(text) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool BackgroundFickle::wait_for_program(const std::string& name, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  const fs::path comm = fs::path("/proc") / std::to_string(pid_) / "comm";
  while (std::chrono::steady_clock::now() < end && !exited()) {
    if (read_text(comm).starts_with(name)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

bool BackgroundFickle::wait_for_blocked(int signal, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  const fs::path status = fs::path("/proc") / std::to_string(pid_) / "status";
  while (std::chrono::steady_clock::now() < end && !exited()) {
    const std::string text = read_text(status);
    const auto at = text.find("SigBlk:");
    if (at != std::string::npos &&
        (std::stoull(text.substr(at + 7, text.find('\n', at) - at - 7), nullptr, 16) >>
         (signal - 1)) &
            1ULL)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

void BackgroundFickle::signal(int signal) const {
  if (pid_ > 0 && !exited_) kill(pid_, signal);
}

Outcome BackgroundFickle::wait(double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!exited() && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Outcome outcome;
  if (exited_) {
    outcome.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  } else {
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exited_ = true;
    outcome.exit_code = 124;
  }
  outcome.output = read_text(output_);
  return outcome;
}

Outcome interrupt_when_running(const std::string& args, const std::filesystem::path& log_txt,
                               int signal, const std::string& launcher,
                               std::filesystem::path output) {
  // Beside the run directory, in the test's scratch directory.
  if (output.empty()) output = log_txt.parent_path().parent_path() / "interrupted.out";
  BackgroundFickle run(args, output, launcher);
  run.wait_for(log_txt, "step ", 30);
  run.signal(signal);
  return run.wait();
}

}  // namespace fickle::testing
