// Work whose outcome every rank must share, so that a failure on one rank never leaves another
// waiting in the next collective call (a hang):
//   on_root  work that only rank 0 does (writing shared files);
//   on_all   work every rank does that may fail on some ranks only (its own file piece, a
//            collective write that returns errors instead of hanging).
// The failing ranks rethrow their own exception (rank 0's message is the one printed); the others
// throw a short note.
#pragma once

#include <mpi.h>

#include <functional>

namespace fickle {

/// Runs `work` on rank 0 of `comm` (collective); every rank throws if it failed.
void on_root(MPI_Comm comm, const std::function<void()>& work);

/// Runs `work` on every rank of `comm` (collective); every rank throws if it failed on any. `work`
/// must not end between collective calls on some ranks only (it may contain collective calls
/// that complete whatever their outcome, such as MPI-IO).
void on_all(MPI_Comm comm, const std::function<void()>& work);

}  // namespace fickle
