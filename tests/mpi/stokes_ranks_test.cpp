// Run under mpiexec -n 2: the Stokes solver on both ranks and on each rank alone gives the same
// flow to the solver tolerance, and the velocity file written by two ranks (MPI-IO) reads back
// as the one written by one rank.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "solvers/stokes/flow_fields.hpp"
#include "solvers/stokes/transpose_block.hpp"
#include "solvers/stokes/velocity_file.hpp"
#include "tests/support/stokes_blocks.hpp"
#include "tests/support/stokes_problems.hpp"

namespace fickle::testing {
namespace {

namespace fs = std::filesystem;
using Type = StokesBoundary::Type;

fs::path shared_scratch(const std::string& name) {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  long pid = getpid();
  MPI_Bcast(&pid, 1, MPI_LONG, 0, PETSC_COMM_WORLD);
  const fs::path dir =
      fs::temp_directory_path() / ("fickle-stokes-ranks-" + std::to_string(pid)) / name;
  if (rank == 0) fs::create_directories(dir);
  MPI_Barrier(PETSC_COMM_WORLD);
  return dir;
}

void expect_same_flow(const StokesProblem& p, double tolerance) {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  StokesSolver world(PETSC_COMM_WORLD, p, {}), alone(PETSC_COMM_SELF, p, {});
  world.solve();
  alone.solve();
  const fs::path dir = shared_scratch(std::to_string(p.grid.dim) + "d");
  write_face_velocity(FlowFields(world), dir / "world");
  write_face_velocity(FlowFields(alone), dir / ("rank" + std::to_string(rank)));
  MPI_Barrier(PETSC_COMM_WORLD);
  const auto a = read_face_velocity(dir / "world");
  const auto b = read_face_velocity(dir / ("rank" + std::to_string(rank)));
  double scale = 0, diff = 0;
  for (int c = 0; c < p.grid.dim; ++c) {
    ASSERT_EQ(a.values[c].size(), b.values[c].size());
    for (std::size_t n = 0; n < a.values[c].size(); ++n) {
      scale = std::max(scale, std::abs(b.values[c][n]));
      diff = std::max(diff, std::abs(a.values[c][n] - b.values[c][n]));
    }
  }
  EXPECT_GT(scale, 0.0);
  EXPECT_LT(diff / scale, tolerance);
  // The same drag on both, and the iteration counts within 2 of each other.
  const auto fw = world.op().obstacle_forces(world.local_solution());
  const auto fa = alone.op().obstacle_forces(alone.local_solution());
  for (std::size_t k = 0; k < fw.size(); ++k)
    for (int c = 0; c < p.grid.dim; ++c) EXPECT_NEAR(fw[k][c], fa[k][c], 1e-6 * std::abs(fa[k][0]));
  EXPECT_LE(std::abs(world.outer_iterations() - alone.outer_iterations()), 2);
  MPI_Barrier(PETSC_COMM_WORLD);
  if (rank == 0) fs::remove_all(dir.parent_path());
  if (p.grid.dim == 2) {
    const auto pw = FlowFields(world).streamfunction(), pa = FlowFields(alone).streamfunction();
    EXPECT_NEAR(pw.min, pa.min, 1e-9);
  }
}

TEST(StokesRanks, CavityWithACylinderAgreesOnOneAndTwoRanks) {
  StokesProblem p;
  p.grid.dim = 2;
  p.grid.cells = {48, 32, 1};
  p.boundary[3] = {Type::wall, {1, 0, 0}, 0};
  p.obstacles.push_back(body(Region::Shape::cylinder, {0.3, 0.4, 0}, 0.12));
  expect_same_flow(p, 1e-7);
}

// A 2 × 1 × 1 duct, open at its ends, free-slip in z, with a sphere moving along it.
StokesProblem open_duct_with_a_sphere(Obstacle::Surface surface) {
  StokesProblem p;
  p.grid.dim = 3;
  p.grid.cells = {16, 8, 8};
  p.grid.upper = {2, 1, 1};
  p.boundary[0] = {Type::pressure, {0, 0, 0}, 1.0};
  p.boundary[1] = {Type::pressure, {0, 0, 0}, 0.0};
  p.boundary[4].type = p.boundary[5].type = Type::free_slip;
  p.obstacles.push_back(body(Region::Shape::sphere, {0.8, 0.5, 0.5}, 0.25, surface));
  p.obstacles.back().velocity = {0.1, 0, 0};
  return p;
}

TEST(StokesRanks, OpenDuctWithASphereAgreesOnOneAndTwoRanks) {
  StokesProblem p = open_duct_with_a_sphere(Obstacle::Surface::staircase);
  expect_same_flow(p, 1e-7);
  p.obstacles[0].surface = Obstacle::Surface::interpolated;  // a moving interpolated body
  expect_same_flow(p, 1e-7);
}

// The gradient block applied as the divergence block's transpose (transpose_block.hpp) where
// B's columns of a rank's faces lie on the other rank: the product is the assembled block's.
TEST(StokesRanks, GradientBlockIsTheDivergencesTransposeOnTwoRanks) {
  const StokesProblem p = open_duct_with_a_sphere(Obstacle::Surface::interpolated);
  MacGrid mac(PETSC_COMM_WORLD, p.grid);
  StokesOperator op(mac, p);
  Blocks b = blocks_of(mac, op);
  OwnedMat shell = scaled_transpose(b.upper, b.lower);
  ASSERT_TRUE(shell);
  expect_same_product(b.upper, shell);
}

}  // namespace
}  // namespace fickle::testing
