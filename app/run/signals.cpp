#include "app/run/signals.hpp"

#include <unistd.h>

#include <csignal>
#include <iterator>

namespace fickle {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

constexpr int kCheckpointSignals[] = {SIGTERM, SIGUSR1, SIGINT};
sigset_t g_held;
bool g_ignored[std::size(kCheckpointSignals)] = {};

// The first signal asks for a checkpoint at the end of the step; a second one (an impatient
// Ctrl-C) ends the process at once.
extern "C" void request_checkpoint(int signal) {
  if (g_stop_signal) _exit(128 + signal);
  g_stop_signal = signal;
}

}  // namespace

void hold_checkpoint_signals() {
  // A signal that comes before the handlers are in place (MPI, PETSc and VTK take a while to
  // start) waits instead of killing the run; one the parent ignored (a shell's background job
  // ignores SIGINT) stays ignored.
  sigemptyset(&g_held);
  for (std::size_t k = 0; k < std::size(kCheckpointSignals); ++k) {
    struct sigaction current {};
    sigaction(kCheckpointSignals[k], nullptr, &current);
    g_ignored[k] = current.sa_handler == SIG_IGN;
    sigaddset(&g_held, kCheckpointSignals[k]);
  }
  sigprocmask(SIG_BLOCK, &g_held, nullptr);
}

void install_checkpoint_signals() {
  struct sigaction action {};
  action.sa_handler = request_checkpoint;
  sigemptyset(&action.sa_mask);
  for (std::size_t k = 0; k < std::size(kCheckpointSignals); ++k)
    if (!g_ignored[k]) sigaction(kCheckpointSignals[k], &action, nullptr);
  // What came while they were held is delivered now, to the handler.
  sigprocmask(SIG_UNBLOCK, &g_held, nullptr);
}

int agreed_signal(MPI_Comm comm) {
  int mine = g_stop_signal, any = 0;
  MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, comm);
  return any;
}

int pending_signal() {
  return g_stop_signal;
}

}  // namespace fickle
