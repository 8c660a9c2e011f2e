#include "app/run/mpi_startup.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <initializer_list>
#include <string>

namespace fickle {

bool started_by_mpi_launcher() {
  // Open MPI's mpiexec sets OMPI_COMM_WORLD_SIZE; PMIx (srun --mpi=pmix, prterun) PMIX_RANK;
  // MPICH-style PMI launchers PMI_RANK; Slurm's srun SLURM_STEP_ID (absent in a batch script).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

void prefer_quick_singleton_start() {
  // FICKLE_MPI_DEFAULTS=1 keeps Open MPI's own defaults (bench/startup.sh measures both).
  if (started_by_mpi_launcher() || std::getenv("FICKLE_MPI_DEFAULTS") != nullptr) return;
  const int keep_users_value = 0;  // setenv's overwrite flag
  setenv("OMPI_MCA_ess_singleton_isolated", "1", keep_users_value);
  setenv("OMPI_MCA_pml", "ob1", keep_users_value);
  setenv("OMPI_MCA_btl", "self", keep_users_value);
  // hwloc, which MPI_Init asks for the machine's topology, also walks the PCI devices and the
  // Linux I/O devices and loads its OpenCL and GL plugins: network-card locality, of no use to a
  // process that only talks to itself (~10 ms of a ~30 ms MPI and PETSc initialisation here,
  // bench/README.md, start-up). The cores and caches still come from its `linux` component.
  setenv("HWLOC_COMPONENTS", "-linuxio", keep_users_value);
  setenv("HWLOC_PLUGINS_BLACKLIST", "hwloc_pci,hwloc_opencl,hwloc_gl", keep_users_value);
  // Isolated singletons all take job family 0, so they would share one session directory
  // (TMPDIR/ompi.HOST.UID/jf.0): one process's clean-up at exit removed it while another was
  // creating its own below it ("A call to mkdir was unable to create the desired directory",
  // seen with two `fickle check` at once). A directory of its own per process; Open MPI removes
  // it at MPI_Finalize.
  const char* tmp = std::getenv("TMPDIR");
  const std::string own =
      fmt::format("{}/ompi.fickle.{}.{}", tmp && *tmp ? tmp : "/tmp", getuid(), getpid());
  setenv("OMPI_MCA_orte_jobfam_session_dir", own.c_str(), keep_users_value);
}

}  // namespace fickle
