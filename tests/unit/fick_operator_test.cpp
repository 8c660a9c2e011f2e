// create_fick_operator (solvers/fick/fick_operator.cpp) builds the same matrix and b, bit for bit,
// as DMCreateMatrix filled by MatSetValuesStencil, on one rank (tests/mpi/fick_ranks_test.cpp:
// two); uniform coefficients give the bits of the general lookups.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/support/fick_operator_check.hpp"

namespace fickle::testing {
namespace {

TEST(FickOperator, TheDirectAssemblyEqualsDMCreateMatrixEntryForEntry) {
  expect_same_operators(PETSC_COMM_SELF);
}

// A uniform D and source come from PiecewiseField::at's constant case (and a uniform D skips the
// neighbour's centre), a number velocity from face_velocity's; the same problem spelled so that
// every lookup runs (a region over the whole box with the same value, a velocity expression that
// evaluates to the same number) must give the same matrix and b.
TEST(FickOperator, UniformCoefficientsGiveTheBitsOfTheGeneralLookups) {
  for (const auto advection : {AdvectionScheme::central, AdvectionScheme::upwind}) {
    SCOPED_TRACE(advection_name(advection));
    auto uniform = box_problem(3, 6, 0.37, {BoundaryCondition::Type::dirichlet, 0.5});
    uniform.grid.cells = {7, 6, 5};
    make_periodic(uniform, 1);
    uniform.boundary[4] = {BoundaryCondition::Type::neumann, 0.25};
    uniform.velocity = {0.3, -0.2, 0.1};
    uniform.advection = advection;
    uniform.source.value = 0.05;
    auto general = uniform;
    PiecewiseField::Piece everywhere{};
    everywhere.region.lower = {-1, -1, -1};
    everywhere.region.upper = {2, 2, 2};
    everywhere.value = uniform.diffusivity.value;
    general.diffusivity.pieces.push_back(everywhere);
    everywhere.value = uniform.source.value;
    general.source.pieces.push_back(everywhere);
    for (int a = 0; a < 3; ++a)
      general.velocity_formula[a] =
          SpaceTimeValue::parse(fmt::format("{} + 0*x", uniform.velocity[a]), {});
    ASSERT_TRUE(uniform.diffusivity.is_constant() && uniform.source.is_constant());
    ASSERT_FALSE(general.diffusivity.is_constant() || general.source.is_constant());

    const OwnedDM da = create_cell_dmda(PETSC_COMM_SELF, uniform.grid);
    OwnedVec uniform_b, general_b;
    FICKLE_PETSC(DMCreateGlobalVector(da, uniform_b.out()));
    FICKLE_PETSC(DMCreateGlobalVector(da, general_b.out()));
    const OwnedMat uniform_a = create_fick_operator(uniform, da, uniform_b);
    const OwnedMat general_a = create_fick_operator(general, da, general_b);
    expect_same_rows(general_a, general_b, uniform_a, uniform_b);
  }
}

}  // namespace
}  // namespace fickle::testing
