// Exact mean squared displacements (SCIENCE.md §2–3) and the fits reported in summary.json.
#pragma once

#include <optional>
#include <vector>

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

struct MsdFit {
  double exponent = 0;     ///< slope of log MSD against log t
  double diffusivity = 0;  ///< slope of MSD against t, divided by 2d
  int points = 0;          ///< series rows in the fit
};
/// Least-squares fits over the last decade of time, t ∈ [t_last/10, t_last], t > 0.
MsdFit fit_last_decade(const std::vector<double>& t, const std::vector<double>& msd, int dim);

}  // namespace fickle::particles
