// Exact fractional Gaussian noise by circulant embedding (Davies & Harte 1987; docs/science.md
// §7.1): the increments of fractional Brownian motion, drawn whole for each path.
//
// A path of n unit increments has the Toeplitz covariance γ(j − l). Embedded in the circulant of
// size M = 2n with first row c = (γ(0), …, γ(n), γ(n−1), …, γ(1)), whose eigenvalues λ_k (the FFT
// of c) are non-negative for every H ∈ (0, 1), Y = FFT(√(λ/M) Z) with Z complex standard normals
// has Re Y and Im Y two independent exact samples in its first n entries. Each path's Z is keyed
// by (seed, particle id, pair of axes) through Philox, so a path does not depend on the rank that
// draws it; FFTW's estimate planner picks the same codelets for the same size on every rank.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace fickle::particles {

/// ½(|k+1|^{2H} − 2|k|^{2H} + |k−1|^{2H}): the covariance of unit fGn at lag k.
double fgn_autocovariance(double hurst, long k);

class DaviesHarte {
 public:
  /// Paths of n ≥ 1 increments of Hurst exponent H ∈ (0, 1); throws std::invalid_argument else.
  DaviesHarte(double hurst, long n);
  ~DaviesHarte();
  DaviesHarte(const DaviesHarte&) = delete;
  DaviesHarte& operator=(const DaviesHarte&) = delete;

  long length() const { return n_; }
  /// Two independent paths of unit fGn (n values each) for particle `id` and axis pair `pair`.
  void sample(std::uint32_t seed, std::uint64_t id, std::uint32_t pair, double* first,
              double* second);

 private:
  struct Fftw;
  long n_;
  std::vector<double> scale_;  ///< √(λ_k / M)
  std::unique_ptr<Fftw> fftw_;
};

/// The unit fGn increments of every particle of a rank, [particle][axis][step]: fbm's paths,
/// drawn once at the start (and again, identically, on a restart).
class FbmPaths {
 public:
  FbmPaths() = default;
  FbmPaths(double hurst, long steps, int dim, std::uint32_t seed, std::uint64_t first_id,
           std::size_t count);
  double increment(std::size_t particle, int axis, long step) const {
    return values_[(particle * static_cast<std::size_t>(dim_) + static_cast<std::size_t>(axis)) *
                       static_cast<std::size_t>(steps_) +
                   static_cast<std::size_t>(step)];
  }
  long steps() const { return steps_; }

 private:
  long steps_ = 0;
  int dim_ = 1;
  std::vector<double> values_;
};

}  // namespace fickle::particles
