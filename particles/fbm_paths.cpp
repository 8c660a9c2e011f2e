#include "particles/fbm_paths.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "particles/distributions.hpp"
#include "particles/philox.hpp"

namespace fickle::particles {

double fgn_autocovariance(double hurst, long k) {
  const auto power = [&](long j) {
    return j == 0 ? 0.0 : std::pow(static_cast<double>(std::labs(j)), 2 * hurst);
  };
  return 0.5 * (power(k + 1) - 2 * power(k) + power(k - 1));
}

struct DaviesHarte::Fftw {
  fftw_complex* in = nullptr;
  fftw_complex* out = nullptr;
  fftw_plan plan = nullptr;
  explicit Fftw(long m) {
    in = fftw_alloc_complex(static_cast<std::size_t>(m));
    out = fftw_alloc_complex(static_cast<std::size_t>(m));
    if (!in || !out) throw std::bad_alloc();
    // FFTW_ESTIMATE: a plan that depends only on the size (and the buffers' alignment, which
    // fftw_alloc fixes), never on timing, so every rank computes the same numbers.
    plan = fftw_plan_dft_1d(static_cast<int>(m), in, out, FFTW_FORWARD, FFTW_ESTIMATE);
  }
  ~Fftw() {
    fftw_destroy_plan(plan);
    fftw_free(in);
    fftw_free(out);
  }
};

DaviesHarte::DaviesHarte(double hurst, long n) : n_(n) {
  if (!(hurst > 0 && hurst < 1) || n < 1)
    throw std::invalid_argument("fbm: need 0 < H < 1 and at least one step");
  const long m = 2 * n;
  fftw_ = std::make_unique<Fftw>(m);
  // The circulant's first row, then its eigenvalues λ_k = Σ_j c_j e^{−2πijk/M} (real: c is
  // symmetric). They are ≥ 0 in exact arithmetic; round-off below zero is clipped.
  for (long j = 0; j < m; ++j) {
    fftw_->in[j][0] = fgn_autocovariance(hurst, j <= n ? j : m - j);
    fftw_->in[j][1] = 0;
  }
  fftw_execute(fftw_->plan);
  scale_.resize(static_cast<std::size_t>(m));
  for (long k = 0; k < m; ++k)
    scale_[static_cast<std::size_t>(k)] =
        std::sqrt(std::max(fftw_->out[k][0], 0.0) / static_cast<double>(m));
}

DaviesHarte::~DaviesHarte() = default;

void DaviesHarte::sample(std::uint32_t seed, std::uint64_t id, std::uint32_t pair, double* first,
                         double* second) {
  // Philox word sets j = 0 … n−1 give four normals each: Z_{2j} and Z_{2j+1}.
  for (long j = 0; j < n_; ++j) {
    const std::uint64_t count =
        (static_cast<std::uint64_t>(pair) << 32) | static_cast<std::uint64_t>(j);
    const Words4 w = philox4x32_10(id, seed, count, Stream::fbm_path);
    double z[4];
    box_muller(open_uniform(w.w0), open_uniform(w.w1), z[0], z[1]);
    box_muller(open_uniform(w.w2), open_uniform(w.w3), z[2], z[3]);
    for (int h = 0; h < 2; ++h) {
      const long k = 2 * j + h;
      const double s = scale_[static_cast<std::size_t>(k)];
      fftw_->in[k][0] = s * z[2 * h];
      fftw_->in[k][1] = s * z[2 * h + 1];
    }
  }
  fftw_execute(fftw_->plan);
  for (long j = 0; j < n_; ++j) {
    first[j] = fftw_->out[j][0];
    if (second) second[j] = fftw_->out[j][1];
  }
}

FbmPaths::FbmPaths(double hurst, long steps, int dim, std::uint32_t seed, std::uint64_t first_id,
                   std::size_t count)
    : steps_(steps), dim_(dim) {
  if (steps < 1) return;
  values_.resize(count * static_cast<std::size_t>(dim) * static_cast<std::size_t>(steps));
  DaviesHarte draw(hurst, steps);
  const auto n = static_cast<std::size_t>(steps);
  for (std::size_t i = 0; i < count; ++i) {
    double* path = values_.data() + i * static_cast<std::size_t>(dim) * n;
    // Axes 0 and 1 from the real and imaginary parts of one draw, axis 2 from a second one.
    draw.sample(seed, first_id + i, 0, path, dim > 1 ? path + n : nullptr);
    if (dim == 3) draw.sample(seed, first_id + i, 1, path + 2 * n, nullptr);
  }
}

}  // namespace fickle::particles
