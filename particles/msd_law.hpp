// Exact mean squared displacements and fractional moments of the particle models (docs/science.md
// §2–3, §7), and what single trajectories average to (TAMSD, increment correlations, EB);
// analysis/msd_fit.hpp fits measured ones.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "particles/model.hpp"

namespace fickle::particles {

/// ⟨|x(t) − x(0)|²⟩ summed over the axes, when the model has an exact law: free Brownian motion
/// or lattice walk (2dDt plus the squared mean drift), free Langevin (the Ornstein–Uhlenbeck
/// formula), CTRW with exponential or Mittag-Leffler waiting and finite-variance jumps
/// (d σ² (t/τ)^α / Γ(1+α)), fBm (2dK t^{2H}), SBM (2dK t^α), Lévy walk and ATTM (the renewal
/// equation, particles/renewal_law.hpp), crowding without obstacles (the lattice walk). None with
/// reflecting/absorbing walls, a spring, Pareto waiting or Lévy increments (infinite variance).
std::optional<double> exact_msd(const ParticleModel& m, double t);
/// The same at many times at once (one renewal solve for the Lévy walk and ATTM).
std::optional<std::vector<double>> exact_msd_at(const ParticleModel& m,
                                                const std::vector<double>& times);

/// ⟨|Δx_a|^q⟩ per axis of a free Lévy flight: the increment is (Kt)^{1/μ} S with S standard
/// symmetric stable, and E|S|^q = 2^q Γ((1+q)/2) Γ(1 − q/μ) / (√π Γ(1 − q/2)) for −1 < q < μ.
/// None for other models or with reflecting/absorbing walls.
std::optional<double> exact_fractional_moment(const ParticleModel& m, double t, double q);

/// levy-walk: ⟨v_a(0) v_a(t)⟩ = (v²/d) P(the first flight lasts longer than t), and ⟨v_a²⟩ = v²/d;
/// run-and-tumble and active Brownian particles: (v²/d) e^{−t/τ}, τ the persistence time.
std::optional<double> exact_velocity_autocorrelation(const ParticleModel& m, double t);

/// run-and-tumble with a sensitivity and an attractant gradient (§8.3).
bool chemotactic(const ParticleModel& m);
/// Run-and-tumble and active Brownian particles (§8.1–8.2): 2dDt + 2v²τ²(t/τ − 1 + e^{−t/τ}) with
/// τ = m.persistence_time() (D = 0 for run-and-tumble).
double persistent_msd(const ParticleModel& m, double t);
/// The long-time diffusivity: v²τ/d (run-and-tumble: v²/(dλ(1 − ⟨cos θ⟩))), D + v²τ/d (active
/// Brownian), D for the passive models.
double effective_diffusivity(const ParticleModel& m);
/// Chemotaxis (§8.3): the stationary mean velocity of run-and-tumble particles in the attractant
/// gradient, exact (`linear` false) or to first order in χ (χ v² ∇c/d). Zero without chemotaxis
/// and in an attractant field (no law there).
std::array<double, 3> chemotactic_drift(const ParticleModel& m, bool linear);

/// How the mean time-averaged MSD follows from the MSD (§7.6): `stationary` increments (Brownian
/// motion and the lattice walk, drift included, fBm) give MSD(Δ); `independent` zero-mean
/// increments (CTRW, SBM, ATTM) the average of MSD(t_j + Δ) − MSD(t_j) over the frames; `none`
/// (Lévy walk, Langevin, walls, springs) has no such law.
enum class TamsdLaw { none, stationary, independent };
TamsdLaw tamsd_law(const ParticleModel& m);

/// The mean TAMSD at `lag` frames of trajectories of `frames` frames, from the exact MSD at the
/// frames, msd_at_frames[j] = MSD(j Δ_f) (at least `frames` of them); NaN for lag ≥ frames.
double tamsd_from_msd(TamsdLaw law, const std::vector<double>& msd_at_frames, long frames,
                      long lag);

/// The mean TAMSD at each of `lags` for frames t_j = j Δ_f, j = 0 … frames − 1 (none without a
/// law).
std::optional<std::vector<double>> exact_tamsd(const ParticleModel& m, double frame_dt, long frames,
                                               const std::vector<long>& lags);

/// The correlation coefficient of displacements over consecutive frames `k` frames apart (§7.6):
/// fBm ½(|k+1|^{2H} − 2|k|^{2H} + |k−1|^{2H}); 0 for models with independent increments.
std::optional<double> exact_increment_correlation(const ParticleModel& m, long k);

/// The ergodicity-breaking parameter EB = Var(δ²)/⟨δ²⟩² for lags much shorter than the run
/// (§7.6): 2Γ(1+α)²/Γ(1+2α) − 1 for the Mittag-Leffler CTRW, 0 for Brownian motion, the lattice
/// walk and fBm.
std::optional<double> ergodicity_breaking_limit(const ParticleModel& m);

/// crowded: the MSD after one and after two steps of the blind ant from a free site (§7.5),
/// a²(1 − φ) and a²[q((4q + φ) + (2d − 2)(2q + φ))/(2d) + φ q (2d − 1)/(2d)], q = 1 − φ.
std::optional<double> crowded_msd_after_steps(const ParticleModel& m, int steps);

}  // namespace fickle::particles
