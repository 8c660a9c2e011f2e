#include "meshes/face_velocity.hpp"

#include <algorithm>
#include <cmath>

namespace fickle {

double FaceVelocity::value(int a, std::array<std::int64_t, 3> idx) const {
  for (int b = 0; b < grid.dim; ++b) {
    const std::int64_t n = faces[a][b];
    if (grid.periodic[b]) {
      idx[b] = ((idx[b] % n) + n) % n;
    } else if (idx[b] < 0 || idx[b] >= n) {
      const int side = idx[b] < 0 ? 0 : 1;
      idx[b] = std::clamp<std::int64_t>(idx[b], 0, n - 1);
      if (b == a) continue;  // along its own axis the lattice reaches the box faces
      const double inner = value(a, idx);
      return wall[2 * b + side] ? 2 * wall_velocity[2 * b + side][a] - inner : inner;
    }
  }
  return at(a, idx[0], idx[1], idx[2]);
}

double FaceVelocity::sample(int a, const std::array<double, 3>& x) const {
  std::array<std::int64_t, 3> base{0, 0, 0};
  std::array<double, 3> w{0, 0, 0};
  for (int b = 0; b < grid.dim; ++b) {
    // Component a sits at x_a = lower + i h along a, at cell centres along the other axes.
    const double s = (x[b] - grid.lower[b]) / grid.spacing(b) - (b == a ? 0.0 : 0.5);
    base[b] = static_cast<std::int64_t>(std::floor(s));
    w[b] = s - static_cast<double>(base[b]);
  }
  double u = 0;
  for (int corner = 0; corner < (1 << grid.dim); ++corner) {
    double weight = 1;
    std::array<std::int64_t, 3> idx = base;
    for (int b = 0; b < grid.dim; ++b) {
      const bool up = (corner >> b) & 1;
      weight *= up ? w[b] : 1 - w[b];
      idx[b] += up ? 1 : 0;
    }
    if (weight != 0) u += weight * value(a, idx);
  }
  return u;
}

}  // namespace fickle
