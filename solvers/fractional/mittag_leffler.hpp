// The Mittag-Leffler function on the negative real axis, E_α(−x), x ≥ 0, 0 < α ≤ 1: the relaxation
// law of time-fractional diffusion (a mode decays as E_α(−λ t^α), docs/science.md §3.6).
#pragma once

namespace fickle {

/// E_α(−x) = Σ_k (−x)^k / Γ(αk + 1) for 0 < α ≤ 1 and x ≥ 0, to about 1e-14 relative.
double mittag_leffler(double alpha, double x);

}  // namespace fickle
