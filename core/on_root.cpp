#include "core/on_root.hpp"

#include <exception>
#include <stdexcept>

namespace fickle {

namespace {

std::exception_ptr attempt(const std::function<void()>& work) {
  try {
    work();
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

}  // namespace

void on_root(MPI_Comm comm, const std::function<void()>& work) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const std::exception_ptr failure = rank == 0 ? attempt(work) : nullptr;
  int failed = failure ? 1 : 0;
  MPI_Bcast(&failed, 1, MPI_INT, 0, comm);
  if (failure) std::rethrow_exception(failure);
  if (failed) throw std::runtime_error("rank 0 failed to write the run's files (see its message)");
}

void on_all(MPI_Comm comm, const std::function<void()>& work) {
  const std::exception_ptr failure = attempt(work);
  int failed = failure ? 1 : 0, any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, comm);
  if (failure) std::rethrow_exception(failure);
  if (any) throw std::runtime_error("another rank failed to write (see its message)");
}

}  // namespace fickle
