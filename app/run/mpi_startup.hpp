#pragma once

namespace fickle {

/// Start-up settings for Open MPI when fickle runs without a launcher (a "singleton": `fickle
/// check`, a one-rank run, a sweep member started by a script). Open MPI's defaults then start a
/// helper daemon and probe every network transport (PSM, PSM2, OFI, UCX), which took ~0.5 s of
/// the ~0.65 s a `fickle check` took here; a singleton needs none of it. Sets, unless the user
/// already set them: `OMPI_MCA_ess_singleton_isolated=1` (no daemon), `OMPI_MCA_pml=ob1` and
/// `OMPI_MCA_btl=self` (the one process talks only to itself), hwloc's topology without I/O devices
/// (`HWLOC_COMPONENTS=-linuxio`, `HWLOC_PLUGINS_BLACKLIST=hwloc_pci,hwloc_opencl,hwloc_gl`), and a
/// session directory of its own (`OMPI_MCA_orte_jobfam_session_dir`, in TMPDIR) so that
/// concurrent singletons do not race. Under `mpiexec`, `srun` or any PMI launcher nothing is
/// touched: the site's transport choice stands; FICKLE_MPI_DEFAULTS=1 in the environment keeps
/// Open MPI's defaults for a singleton too. Call before MPI_Init.
void prefer_quick_singleton_start();

/// True when a launcher started this process (Open MPI's mpiexec, Slurm's srun, PMI/PMIx).
bool started_by_mpi_launcher();

}  // namespace fickle
