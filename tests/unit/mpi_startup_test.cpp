// The singleton start-up settings (app/run/mpi_startup.hpp): set for a process no launcher
// started, the user's own values kept, nothing touched under a launcher or with
// FICKLE_MPI_DEFAULTS. Each test runs in its own process (gtest_discover_tests), and the
// environment is restored, so the tests that start fickle under mpiexec are not affected.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "app/run/mpi_startup.hpp"

namespace {

const char* const kNames[] = {"OMPI_MCA_ess_singleton_isolated",
                              "OMPI_MCA_pml",
                              "OMPI_MCA_btl",
                              "OMPI_MCA_orte_jobfam_session_dir",
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
  // A session directory of this process's own (concurrent singletons must not share one).
  const std::string session = value("OMPI_MCA_orte_jobfam_session_dir");
  const std::string pid = fmt::format(".{}", getpid());
  EXPECT_TRUE(session.ends_with(pid)) << session;
}

TEST_F(CleanEnvironment, TheUsersOwnSettingsAreKept) {
  setenv("OMPI_MCA_btl", "self,tcp", 1);
  fickle::prefer_quick_singleton_start();
  EXPECT_EQ(value("OMPI_MCA_btl"), "self,tcp");
  EXPECT_EQ(value("OMPI_MCA_pml"), "ob1");
}

TEST_F(CleanEnvironment, NothingIsTouchedUnderALauncherOrWhenAskedNotTo) {
  for (const char* launcher :
       {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID", "FICKLE_MPI_DEFAULTS"}) {
    setenv(launcher, "1", 1);
    fickle::prefer_quick_singleton_start();
    for (const char* name : {"OMPI_MCA_ess_singleton_isolated", "OMPI_MCA_pml", "OMPI_MCA_btl",
                             "OMPI_MCA_orte_jobfam_session_dir"})
      EXPECT_EQ(value(name), "<unset>") << launcher << " set, " << name;
    unsetenv(launcher);
  }
}
