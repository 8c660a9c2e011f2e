// create_fick_operator (solvers/fick/fick_operator.cpp) builds the same matrix and b, bit for bit,
// as DMCreateMatrix filled by MatSetValuesStencil, on one rank (tests/mpi/fick_ranks_test.cpp:
// two).
#include <gtest/gtest.h>

#include "tests/support/fick_operator_check.hpp"

namespace fickle::testing {
namespace {

TEST(FickOperator, TheDirectAssemblyEqualsDMCreateMatrixEntryForEntry) {
  expect_same_operators(PETSC_COMM_SELF);
}

}  // namespace
}  // namespace fickle::testing
