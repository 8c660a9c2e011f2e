// Sampling a MAC velocity field (meshes/face_velocity.hpp), as tracers do: multilinear inside,
// walls' ghost values near them, periodic images, and sample_all the same numbers as sample, on the
// stored-corner path near the box and on the wall-by-wall path far outside it.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>

#include "meshes/face_velocity.hpp"

namespace {

using fickle::FaceVelocity;
using fickle::Grid;
using Point = std::array<double, 3>;

// u_a = 1 + a + (a+1) x − y/2 + z/3 on the faces of a 6×5×4 grid of [0,3]×[0,2]×[−1,1]; walls on
// x and y (the y+ wall moving with (0.5, 0, −0.25)), periodic along z.
FaceVelocity linear_field() {
  FaceVelocity f;
  f.grid.dim = 3;
  f.grid.cells = {6, 5, 4};
  f.grid.lower = {0, 0, -1};
  f.grid.upper = {3, 2, 1};
  f.grid.periodic = {false, false, true};
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) f.faces[a][b] = f.grid.cells[b] + (a == b && b != 2 ? 1 : 0);
    const auto& n = f.faces[a];
    f.values[a].resize(static_cast<std::size_t>(n[0] * n[1] * n[2]));
    for (std::int64_t k = 0; k < n[2]; ++k)
      for (std::int64_t j = 0; j < n[1]; ++j)
        for (std::int64_t i = 0; i < n[0]; ++i) {
          Point x{0, 0, 0};
          const std::array<std::int64_t, 3> idx{i, j, k};
          for (int b = 0; b < 3; ++b)
            x[b] = f.grid.lower[b] +
                   (static_cast<double>(idx[b]) + (b == a ? 0.0 : 0.5)) * f.grid.spacing(b);
          f.values[a][static_cast<std::size_t>((k * n[1] + j) * n[0] + i)] =
              1 + a + (a + 1) * x[0] - x[1] / 2 + x[2] / 3;
        }
  }
  f.wall = {true, true, true, true, false, false};
  f.wall_velocity[3] = {0.5, 0, -0.25};
  return f;
}

double exact(int a, const Point& x) {
  return 1 + a + (a + 1) * x[0] - x[1] / 2 + x[2] / 3;
}

}  // namespace

TEST(FaceVelocity, ALinearFieldIsReproducedAwayFromTheWalls) {
  const FaceVelocity f = linear_field();
  // z within the faces −1 … 0.5 of u_z and the centres −0.75 … 0.75 (beyond, the periodic image
  // of a field that is not periodic).
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> ux(0.75, 2.25), uy(0.6, 1.4), uz(-0.75, 0.45);
  for (int n = 0; n < 200; ++n) {
    const Point x{ux(random), uy(random), uz(random)};
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(f.sample(a, x), exact(a, x), 1e-13) << a;
  }
}

TEST(FaceVelocity, OnAWallTheTangentialVelocityIsTheWalls) {
  const FaceVelocity f = linear_field();
  for (const double x0 : {0.7, 1.3, 2.2}) {
    EXPECT_NEAR(f.sample(0, {x0, 2.0, 0.1}), 0.5, 1e-13);  // the moving y+ wall
    EXPECT_NEAR(f.sample(2, {x0, 2.0, 0.1}), -0.25, 1e-13);
    EXPECT_NEAR(f.sample(2, {x0, 0.0, 0.1}), 0.0, 1e-13);  // the still y− wall
  }
}

TEST(FaceVelocity, PeriodicImagesAreTheSameField) {
  const FaceVelocity f = linear_field();
  // Along z the field is sampled on its periodic lattice: x and x + 2 (one period) agree.
  for (const double z : {-0.9, -0.2, 0.55})
    for (int a = 0; a < 3; ++a)
      EXPECT_DOUBLE_EQ(f.sample(a, {1.1, 0.7, z}), f.sample(a, {1.1, 0.7, z + 2.0})) << a;
}

TEST(FaceVelocity, SampleAllIsSampleNearAndFarFromTheBox) {
  const FaceVelocity f = linear_field();
  std::mt19937_64 random(5);
  // From inside the box to 4 spacings beyond it: the stored corners (within one cell of the box)
  // and the wall rules applied one by one (further out) must give the same numbers.
  std::uniform_real_distribution<double> ux(-2.0, 5.0), uy(-1.6, 3.6), uz(-2.6, 2.6);
  for (int n = 0; n < 2000; ++n) {
    const Point x{ux(random), uy(random), uz(random)};
    const Point all = f.sample_all(x);
    for (int a = 0; a < 3; ++a) EXPECT_EQ(all[a], f.sample(a, x)) << a;
  }
  // Just outside a wall the fast path reads the ghosts; far outside the same rules apply directly:
  // the field continues as 2 u_wall − u (mirror of the linear profile about the wall).
  const double inside = f.sample(0, {1.3, 1.9, 0.1}), ghost = f.sample(0, {1.3, 2.1, 0.1});
  EXPECT_NEAR(0.5 * (inside + ghost), 0.5, 1e-13);
}

// Tracers sample a whole particle block at once (sample_block, SIMD across the points): every lane
// must give sample_all's numbers bit for bit, inside, near the walls (stored ghosts), far outside
// (the wall rules lane by lane, mixed in a block with lanes inside) and across periodic images, in
// 3D and 2D.
TEST(FaceVelocity, SampleBlockIsSampleAllLaneByLane) {
  constexpr std::size_t L = FaceVelocity::kSampleBlock;
  std::mt19937_64 random(11);
  for (int dim : {3, 2}) {
    FaceVelocity f = linear_field();
    if (dim == 2) {  // the z = const slice: faces of components 0 and 1 on a 6×5 grid
      f.grid.dim = 2;
      for (int a = 0; a < 2; ++a) {
        f.faces[a][2] = 1;
        f.values[a].resize(static_cast<std::size_t>(f.faces[a][0] * f.faces[a][1]));
      }
      f.values[2].clear();
    }
    std::uniform_real_distribution<double> ux(-2.0, 5.0), uy(-1.6, 3.6), uz(-2.6, 2.6);
    for (int block = 0; block < 40; ++block) {
      std::array<std::array<double, L>, 3> x{}, u{};
      for (std::size_t l = 0; l < L; ++l) {
        x[0][l] = ux(random), x[1][l] = uy(random), x[2][l] = dim == 3 ? uz(random) : 0.0;
        if (block % 2 == 0) {  // half the blocks well inside (no lane on the wall-rule path)
          x[0][l] = 0.1 + 2.8 * (x[0][l] + 2.0) / 7.0;
          x[1][l] = 0.1 + 1.8 * (x[1][l] + 1.6) / 5.2;
        }
      }
      f.sample_block({x[0].data(), x[1].data(), x[2].data()},
                     {u[0].data(), u[1].data(), u[2].data()});
      for (std::size_t l = 0; l < L; ++l) {
        const Point all = f.sample_all({x[0][l], x[1][l], x[2][l]});
        for (int a = 0; a < 3; ++a) EXPECT_EQ(u[a][l], all[a]) << dim << " " << a << " " << l;
      }
    }
  }
}
