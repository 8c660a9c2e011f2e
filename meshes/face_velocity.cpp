#include "meshes/face_velocity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

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

void FaceVelocity::pad() const {
  const int corners = 1 << grid.dim;
  for (int a = 0; a < grid.dim; ++a) {
    PaddedLattice& l = padded_[a];
    std::array<std::int64_t, 3> count{1, 1, 1};  // cells of the lattice a point may fall in
    for (int b = 0; b < grid.dim; ++b) {
      l.first[b] = -kGhost;
      l.last[b] = faces[a][b] + kGhost - 2;
      count[b] = l.last[b] - l.first[b] + 1;
    }
    l.stride = {corners, corners * count[0], corners * count[0] * count[1]};
    if (count[0] * count[1] * count[2] > std::numeric_limits<std::int32_t>::max())
      throw std::length_error("FaceVelocity: more than 2^31 lattice cells (sample_block)");
    l.corners.resize(static_cast<std::size_t>(corners * count[0] * count[1] * count[2]));
    std::size_t n = 0;
    for (std::int64_t k = 0; k < count[2]; ++k)
      for (std::int64_t j = 0; j < count[1]; ++j)
        for (std::int64_t i = 0; i < count[0]; ++i)
          for (int c = 0; c < corners; ++c)
            l.corners[n++] = value(a, {l.first[0] + i + (c & 1), l.first[1] + j + ((c >> 1) & 1),
                                       l.first[2] + k + ((c >> 2) & 1)});
  }
  for (int b = 0; b < grid.dim; ++b) cells_per_length_[b] = grid.cells[b] / grid.length(b);
  padded_ready_ = true;
}

FaceVelocity::Located FaceVelocity::locate(const std::array<double, 3>& x) const {
  Located at;
  for (int b = 0; b < grid.dim; ++b) {
    const double s = (x[b] - grid.lower[b]) * cells_per_length_[b];
    // floor by truncation (the library call is not inlined); exact for |s| < 2^52.
    const auto down = [](double v) {
      const auto t = static_cast<std::int64_t>(v);
      return v < static_cast<double>(t) ? t - 1 : t;
    };
    at.face[b] = down(s);
    at.face_weight[b] = s - static_cast<double>(at.face[b]);
    at.cell[b] = down(s - 0.5);
    at.cell_weight[b] = (s - 0.5) - static_cast<double>(at.cell[b]);
  }
  return at;
}

// Component a sits at x_a = lower + i h along a (faces), at cell centres along the other axes.
// Multilinear: the 2^Dim corner values are reduced axis by axis, u0 + w (u1 − u0).
template <int Dim>
double FaceVelocity::interpolate(int a, const Located& at) const {
  const PaddedLattice& l = padded_[a];
  std::array<std::int64_t, 3> base{0, 0, 0};
  std::array<double, 3> w{0, 0, 0};
  bool inside = true;
  std::int64_t offset = 0;
  for (int b = 0; b < Dim; ++b) {
    base[b] = b == a ? at.face[b] : at.cell[b];
    w[b] = b == a ? at.face_weight[b] : at.cell_weight[b];
    inside = inside && base[b] >= l.first[b] && base[b] <= l.last[b];
    offset += (base[b] - l.first[b]) * l.stride[b];
  }
  std::array<double, 1 << Dim> u;
  if (inside) {
    const double* v = l.corners.data() + offset;
    for (int c = 0; c < (1 << Dim); ++c) u[c] = v[c];
  } else {  // far outside the box (a predictor that overshoots): the walls' rules one by one
    for (int c = 0; c < (1 << Dim); ++c)
      u[c] = value(a, {base[0] + (c & 1), base[1] + ((c >> 1) & 1), base[2] + ((c >> 2) & 1)});
  }
  for (int b = 0; b < Dim; ++b)
    for (int c = 0; c < (1 << (Dim - 1 - b)); ++c)
      u[c] = u[2 * c] + w[b] * (u[2 * c + 1] - u[2 * c]);
  return u[0];
}

double FaceVelocity::sample(int a, const std::array<double, 3>& x) const {
  if (!padded_ready_) pad();
  const Located at = locate(x);
  return grid.dim == 3   ? interpolate<3>(a, at)
         : grid.dim == 2 ? interpolate<2>(a, at)
                         : interpolate<1>(a, at);
}

std::array<double, 3> FaceVelocity::sample_all(const std::array<double, 3>& x) const {
  if (!padded_ready_) pad();
  const Located at = locate(x);
  std::array<double, 3> u{0, 0, 0};
  if (grid.dim == 3)
    for (int a = 0; a < 3; ++a) u[a] = interpolate<3>(a, at);
  else if (grid.dim == 2)
    for (int a = 0; a < 2; ++a) u[a] = interpolate<2>(a, at);
  else
    u[0] = interpolate<1>(0, at);
  return u;
}

}  // namespace fickle
