// The symmetric μ-stable density, the free-space solution of u_t = K ∂^μ u/∂|x|^μ from a unit
// point source (docs/science.md §3.10): the exact solution `stable-density` and the tests compare
// with.
#pragma once

namespace fickle {

/// p(x) = (1/π) ∫_0^∞ cos(kx) e^{−s k^μ} dk, characteristic function e^{−s|k|^μ} (s = K t), by
/// Simpson's rule. μ = 2 is the Gaussian of variance 2s, μ = 1 the Cauchy density.
double stable_density(double x, double mu, double s);

}  // namespace fickle
