#include "core/on_root.hpp"

#include <exception>
#include <stdexcept>

namespace fickle {

void on_root(MPI_Comm comm, const std::function<void()>& work) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::exception_ptr failure;
  int failed = 0;
  if (rank == 0) try {
      work();
    } catch (...) {
      failure = std::current_exception();
      failed = 1;
    }
  MPI_Bcast(&failed, 1, MPI_INT, 0, comm);
  if (failure) std::rethrow_exception(failure);
  if (failed) throw std::runtime_error("rank 0 failed to write the run's files (see its message)");
}

}  // namespace fickle
