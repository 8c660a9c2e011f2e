// Work that only rank 0 does (writing shared files), with its outcome shared by every rank.
//
// If rank 0 threw while the others went on to the next collective call, the job would hang; so the
// others learn of the failure and throw too (rank 0 keeps the message, the others a short note).
#pragma once

#include <mpi.h>

#include <functional>

namespace fickle {

/// Runs `work` on rank 0 of `comm` (collective); every rank throws if it failed.
void on_root(MPI_Comm comm, const std::function<void()>& work);

}  // namespace fickle
