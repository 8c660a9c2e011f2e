// The signals a batch scheduler or a user sends to stop a run (SIGTERM, SIGUSR1, SIGINT): held
// from the first line of main until the handlers are in place, then turned into a request that
// the time loop honours at the end of a step (a checkpoint, exit code 4). A second signal ends the
// process at once.
#pragma once

#include <mpi.h>

namespace fickle {

/// Holds SIGTERM/SIGUSR1/SIGINT until install_checkpoint_signals (call it first in main, before
/// MPI starts its threads), noting which ones the parent process ignored.
void hold_checkpoint_signals();

/// Installs the handlers that ask the loop to checkpoint and stop (for the signals not ignored
/// at start-up) and delivers the signals held since hold_checkpoint_signals.
void install_checkpoint_signals();

/// The signal any rank has received (0: none). Collective: the signal may reach only some ranks,
/// or only rank 0 through mpiexec.
int agreed_signal(MPI_Comm comm);

/// The signal this process has received (0: none).
int pending_signal();

}  // namespace fickle
