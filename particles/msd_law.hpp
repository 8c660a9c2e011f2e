// Exact mean squared displacements and fractional moments of the particle models (docs/science.md
// §2–3); analysis/msd_fit.hpp fits measured ones.
#pragma once

#include <optional>

#include "particles/model.hpp"

namespace fickle::particles {

/// ⟨|x(t) − x(0)|²⟩ summed over the axes, when the model has an exact law: free Brownian motion
/// or lattice walk (2dDt plus the squared mean drift), free Langevin (the Ornstein–Uhlenbeck
/// formula), CTRW with exponential or Mittag-Leffler waiting and finite-variance jumps
/// (d σ² (t/τ)^α / Γ(1+α)). None with reflecting/absorbing walls, a spring, Pareto waiting or
/// Lévy increments (infinite variance).
std::optional<double> exact_msd(const ParticleModel& m, double t);

/// ⟨|Δx_a|^q⟩ per axis of a free Lévy flight: the increment is (Kt)^{1/μ} S with S standard
/// symmetric stable, and E|S|^q = 2^q Γ((1+q)/2) Γ(1 − q/μ) / (√π Γ(1 − q/2)) for −1 < q < μ.
/// None for other models or with reflecting/absorbing walls.
std::optional<double> exact_fractional_moment(const ParticleModel& m, double t, double q);

}  // namespace fickle::particles
