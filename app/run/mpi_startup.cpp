#include "app/run/mpi_startup.hpp"

#include <cstdlib>
#include <initializer_list>

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
}

}  // namespace fickle
