// The Riesz fractional Laplacian Σ_a ∂^μ/∂|x_a|^μ, 1 ≤ μ ≤ 2, by fractional centred differences
// (Ortigueira 2006; Çelik & Duman 2012), second order:
//
//   ∂^μ u/∂|x|^μ (x_j) ≈ −h^{−μ} Σ_k g_k u_{j−k},
//   g_k = (−1)^k Γ(μ+1) / (Γ(μ/2 − k + 1) Γ(μ/2 + k + 1)),  Σ_k g_k e^{−ikθ} = |2 sin(θ/2)|^μ.
//
// Along a periodic axis the matrix is circulant with exactly that symbol; along a non-periodic
// axis u is zero outside the domain and the matrix is the dense Toeplitz T_{jl} = g_{j−l}, applied
// in O(N log N) by embedding it in a circulant of size 2N. 1D and 2D; all of it works on a whole
// field held in natural order (x fastest) and uses FFTW.
#pragma once

#include <complex>
#include <memory>
#include <vector>

#include "meshes/grid.hpp"

namespace fickle {

/// g_0 ... g_{count−1} for order μ.
std::vector<double> fractional_centred_weights(double mu, int count);

class RieszOperator {
 public:
  RieszOperator(const Grid& grid, double mu);
  ~RieszOperator();
  RieszOperator(const RieszOperator&) = delete;
  RieszOperator& operator=(const RieszOperator&) = delete;

  /// out = Σ_a R_a u on the whole field (natural order).
  void apply(const std::vector<double>& u, std::vector<double>& out);
  /// Solves (I − c Σ_a C_a) x = rhs where C_a is the circulant of the periodic symbol
  /// −h_a^{−μ}|2 sin(θ/2)|^μ: exact for periodic axes, a preconditioner for the Toeplitz ones.
  void solve_circulant(double c, const std::vector<double>& rhs, std::vector<double>& x);
  /// −h^{−μ}|2 sin(θ_m/2)|^μ summed over the axes for the Fourier mode m (per axis).
  double symbol(const std::array<int, 3>& mode) const;

 private:
  struct Axis;
  Grid grid_;
  double mu_;
  std::vector<std::unique_ptr<Axis>> axes_;
  struct Spectral;
  std::unique_ptr<Spectral> spectral_;
};

}  // namespace fickle
