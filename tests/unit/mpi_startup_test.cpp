// The singleton start-up settings (app/run/mpi_startup.hpp): set for a process no launcher
// started, the user's own values kept, nothing touched under a launcher or with
// FICKLE_MPI_DEFAULTS. Each test runs in its own process (gtest_discover_tests), and the
// environment is restored, so the tests that start fickle under mpiexec are not affected.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "app/run/mpi_startup.hpp"
#include "core/subprocess.hpp"

namespace {

const char* const kNames[] = {"OMPI_MCA_ess_singleton_isolated",
                              "OMPI_MCA_pml",
                              "OMPI_MCA_btl",
                              "OMPI_MCA_orte_jobfam_session_dir",
                              "HWLOC_COMPONENTS",
                              "HWLOC_PLUGINS_BLACKLIST",
                              "OMPI_COMM_WORLD_SIZE",
                              "PMIX_RANK",
                              "PMI_RANK",
                              "SLURM_STEP_ID",
                              "FICKLE_MPI_DEFAULTS"};

// Clears the variables above for one test and puts the old values back afterwards.
class CleanEnvironment : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kNames) {
      const char* v = std::getenv(name);
      saved_[name] = v ? std::optional<std::string>(v) : std::nullopt;
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (const auto& [name, v] : saved_)
      v ? setenv(name.c_str(), v->c_str(), 1) : unsetenv(name.c_str());
  }
  static std::string value(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "<unset>";
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace

TEST_F(CleanEnvironment, AProcessWithoutALauncherStartsIsolatedOnSharedMemoryOnly) {
  EXPECT_FALSE(fickle::started_by_mpi_launcher());
  fickle::prefer_quick_singleton_start();
  EXPECT_EQ(value("OMPI_MCA_ess_singleton_isolated"), "1");
  EXPECT_EQ(value("OMPI_MCA_pml"), "ob1");
  EXPECT_EQ(value("OMPI_MCA_btl"), "self");
  // hwloc's topology without the PCI and I/O devices (no network card to place it near).
  EXPECT_EQ(value("HWLOC_COMPONENTS"), "-linuxio");
  EXPECT_EQ(value("HWLOC_PLUGINS_BLACKLIST"), "hwloc_pci,hwloc_opencl,hwloc_gl");
  // A session directory of this process's own (concurrent singletons must not share one).
  const std::string session = value("OMPI_MCA_orte_jobfam_session_dir");
  const std::string pid = fmt::format(".{}", getpid());
  EXPECT_TRUE(session.ends_with(pid)) << session;
}

TEST_F(CleanEnvironment, TheUsersOwnSettingsAreKept) {
  setenv("OMPI_MCA_btl", "self,tcp", 1);
  setenv("HWLOC_COMPONENTS", "-x86", 1);
  fickle::prefer_quick_singleton_start();
  EXPECT_EQ(value("OMPI_MCA_btl"), "self,tcp");
  EXPECT_EQ(value("HWLOC_COMPONENTS"), "-x86");
  EXPECT_EQ(value("OMPI_MCA_pml"), "ob1");
}

TEST_F(CleanEnvironment, NothingIsTouchedUnderALauncherOrWhenAskedNotTo) {
  for (const char* launcher :
       {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID", "FICKLE_MPI_DEFAULTS"}) {
    setenv(launcher, "1", 1);
    fickle::prefer_quick_singleton_start();
    for (const char* name :
         {"OMPI_MCA_ess_singleton_isolated", "OMPI_MCA_pml", "OMPI_MCA_btl",
          "OMPI_MCA_orte_jobfam_session_dir", "HWLOC_COMPONENTS", "HWLOC_PLUGINS_BLACKLIST"})
      EXPECT_EQ(value(name), "<unset>") << launcher << " set, " << name;
    unsetenv(launcher);
  }
}

// A program fickle starts (a plot script, pvpython) gets the environment fickle was started with,
// not the variables the singleton set-up and Open MPI's initialisation added afterwards: an MPI
// child would otherwise share, and at its exit remove, fickle's own session directory.
TEST_F(CleanEnvironment, ProgramsStartedLaterSeeTheLaunchEnvironment) {
  setenv("FICKLE_TEST_LAUNCH_VALUE", "kept", 1);
  fickle::remember_launch_environment();
  fickle::prefer_quick_singleton_start();
  setenv("FICKLE_TEST_LAUNCH_VALUE", "changed later", 1);
  const auto listing = std::filesystem::temp_directory_path() /
                       fmt::format("fickle-child-environment-{}.txt", getpid());
  std::filesystem::remove(listing);
  ASSERT_EQ(fickle::run_program({"env"}, listing), 0);
  std::stringstream seen;
  seen << std::ifstream(listing).rdbuf();
  std::filesystem::remove(listing);
  EXPECT_NE(seen.str().find("FICKLE_TEST_LAUNCH_VALUE=kept\n"), std::string::npos) << seen.str();
  for (const char* name : {"OMPI_MCA_ess_singleton_isolated", "OMPI_MCA_orte_jobfam_session_dir",
                           "HWLOC_COMPONENTS", "HWLOC_PLUGINS_BLACKLIST"})
    EXPECT_EQ(seen.str().find(name), std::string::npos) << name << " reached the child";
  unsetenv("FICKLE_TEST_LAUNCH_VALUE");
}
