// FaceVelocity::sample_block: sample_all at a block of points, SIMD across the points (tracers in
// a flow spend their time here; bench/particles_vs_lammps.sh, model tracers). Built with the
// machine's vectors but without -ffast-math or FMA contraction (meshes/CMakeLists.txt), so that
// every lane does sample_all's arithmetic in sample_all's order: the same numbers, bit for bit.
//
// For GCC to vectorise, a lane loop is straight-line code over block arrays: the point is located
// along every axis at once (face and cell-centre lattices, as floating-point indices), then per
// component the stored cell's index is formed in a select (0 for a point outside the stored
// lattice), the 2^dim corners gathered, the outside lanes refilled from value() one by one, and
// the corners reduced axis by axis.
#include <cmath>
#include <cstddef>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "meshes/face_velocity.hpp"

namespace fickle {
namespace {

constexpr std::size_t kLanes = FaceVelocity::kSampleBlock;

// v[c][l] = corners[index[l] C + c]: each lane's C stored corners (contiguous) into the lane-wise
// arrays the reduction reads. With AVX2, four lanes at a time: 4 rows of 4 corners loaded whole and
// transposed in registers (a 4×4 transpose, 8 shuffles), instead of a load and an insert per value.
template <int C>
void gather_corners(const double* corners, const std::int32_t* index, double (*v)[kLanes]) {
#if defined(__AVX2__)
  if constexpr (C >= 4) {
    for (std::size_t l = 0; l < kLanes; l += 4) {
      for (int half = 0; half < C; half += 4) {
        const __m256d r0 = _mm256_loadu_pd(corners + std::ptrdiff_t{index[l]} * C + half);
        const __m256d r1 = _mm256_loadu_pd(corners + std::ptrdiff_t{index[l + 1]} * C + half);
        const __m256d r2 = _mm256_loadu_pd(corners + std::ptrdiff_t{index[l + 2]} * C + half);
        const __m256d r3 = _mm256_loadu_pd(corners + std::ptrdiff_t{index[l + 3]} * C + half);
        const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
        const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
        _mm256_store_pd(v[half] + l, _mm256_permute2f128_pd(t0, t2, 0x20));
        _mm256_store_pd(v[half + 1] + l, _mm256_permute2f128_pd(t1, t3, 0x20));
        _mm256_store_pd(v[half + 2] + l, _mm256_permute2f128_pd(t0, t2, 0x31));
        _mm256_store_pd(v[half + 3] + l, _mm256_permute2f128_pd(t1, t3, 0x31));
      }
    }
    return;
  }
#endif
  for (int c = 0; c < C; ++c) {
    double* vc = v[c];
#pragma omp simd
    for (std::size_t l = 0; l < kLanes; ++l) vc[l] = corners[std::ptrdiff_t{index[l]} * C + c];
  }
}

}  // namespace

template <int Dim>
void FaceVelocity::sample_block_in(const std::array<const double*, 3>& x,
                                   const std::array<double*, 3>& u) const {
  constexpr std::size_t L = kSampleBlock;
  constexpr int C = 1 << Dim;
  // locate(): face i at lower + i h (weight s − i), cell centre j at lower + (j + ½) h.
  alignas(64) double face[Dim][L], face_weight[Dim][L], cell[Dim][L], cell_weight[Dim][L];
#pragma GCC unroll 3
  for (int b = 0; b < Dim; ++b) {
    const double lower = grid.lower[b], per_length = cells_per_length_[b];
    const double* __restrict xb = x[b];
    double* __restrict f = face[b];
    double* __restrict fw = face_weight[b];
    double* __restrict c = cell[b];
    double* __restrict cw = cell_weight[b];
#pragma omp simd
    for (std::size_t l = 0; l < L; ++l) {
      const double s = (xb[l] - lower) * per_length, s_cell = s - 0.5;
      const double fl = __builtin_floor(s), cl = __builtin_floor(s_cell);
      f[l] = fl;
      fw[l] = s - fl;
      c[l] = cl;
      cw[l] = s_cell - cl;
    }
  }
  for (int a = 0; a < Dim; ++a) {
    const PaddedLattice& lattice = padded_[a];
    // Component a: faces along a, cell centres along the other axes (interpolate()).
    std::array<const double*, 3> base{}, weight{};
    std::array<double, 3> first{0, 0, 0}, last{0, 0, 0}, cells_before{0, 0, 0};
    for (int b = 0; b < Dim; ++b) {
      base[b] = b == a ? face[b] : cell[b];
      weight[b] = b == a ? face_weight[b] : cell_weight[b];
      first[b] = static_cast<double>(lattice.first[b]);
      last[b] = static_cast<double>(lattice.last[b]);
      cells_before[b] = static_cast<double>(lattice.stride[b] / C);
    }
    alignas(64) std::int32_t index[L];
    alignas(64) std::int32_t outside[L];
    const double* __restrict base0 = base[0];
    const double* __restrict base1 = Dim > 1 ? base[1] : base[0];
    const double* __restrict base2 = Dim > 2 ? base[2] : base[0];
    int any_outside = 0;
#pragma omp simd reduction(| : any_outside)
    for (std::size_t l = 0; l < L; ++l) {
      // The stored cell's number, exact in a double (pad() bounds it by 2^31); no branches.
      const double i0 = base0[l], i1 = base1[l], i2 = base2[l];
      int in = (i0 >= first[0]) & (i0 <= last[0]);
      double n = (i0 - first[0]) * cells_before[0];
      if constexpr (Dim > 1) {
        in &= (i1 >= first[1]) & (i1 <= last[1]);
        n += (i1 - first[1]) * cells_before[1];
      }
      if constexpr (Dim > 2) {
        in &= (i2 >= first[2]) & (i2 <= last[2]);
        n += (i2 - first[2]) * cells_before[2];
      }
      index[l] = static_cast<std::int32_t>(in ? n : 0.0);
      outside[l] = 1 - in;
      any_outside |= 1 - in;
    }
    alignas(64) double v[C][L];
    gather_corners<C>(lattice.corners.data(), index, v);
    for (std::size_t l = 0; any_outside && l < L; ++l) {
      if (!outside[l]) continue;
      // Far outside the box (a predictor that overshoots): the walls' rules one by one.
      std::array<std::int64_t, 3> at{0, 0, 0};
      for (int b = 0; b < Dim; ++b) at[b] = static_cast<std::int64_t>(base[b][l]);
      for (int c = 0; c < C; ++c)
        v[c][l] = value(a, {at[0] + (c & 1), at[1] + ((c >> 1) & 1), at[2] + ((c >> 2) & 1)});
    }
    // u0 + w (u1 − u0), axis by axis, as interpolate() reduces.
    for (int b = 0; b < Dim; ++b) {
      const double* w = weight[b];
      for (int c = 0; c < (1 << (Dim - 1 - b)); ++c) {
        double *out = v[c], *u0 = v[2 * c], *u1 = v[2 * c + 1];
#pragma omp simd
        for (std::size_t l = 0; l < L; ++l) out[l] = u0[l] + w[l] * (u1[l] - u0[l]);
      }
    }
    double* ua = u[a];
#pragma omp simd
    for (std::size_t l = 0; l < L; ++l) ua[l] = v[0][l];
  }
}

void FaceVelocity::sample_block(const std::array<const double*, 3>& x,
                                const std::array<double*, 3>& u) const {
  if (!padded_ready_) pad();
  if (grid.dim == 3)
    sample_block_in<3>(x, u);
  else if (grid.dim == 2)
    sample_block_in<2>(x, u);
  else
    sample_block_in<1>(x, u);
  for (int a = grid.dim; a < 3; ++a)
    if (u[a])
      for (std::size_t l = 0; l < kSampleBlock; ++l) u[a][l] = 0;
}

}  // namespace fickle
