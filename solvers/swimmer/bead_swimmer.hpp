// Swimmers made of spheres on a line whose distances (the arms) follow a prescribed stroke, in
// Stokes flow (docs/science.md §8.5–8.6): the Najafi–Golestanian three-sphere swimmer and the
// two-sphere "scallop". The spheres interact through the Oseen tensor or the Rotne–Prager tensor;
// the swimmer is force-free, so at every instant its velocity follows from its shape and the rate
// of change of its shape alone (quasi-static Stokes flow): no inertia, no history.
#pragma once

#include <array>
#include <optional>
#include <vector>

namespace fickle {

enum class BeadHydrodynamics { oseen, rotne_prager };

struct BeadSwimmer {
  std::vector<double> radii;       ///< a_i of the N ≥ 2 spheres, in order along x
  std::vector<double> arm_length;  ///< the mean L_k of the N − 1 arms
  std::vector<double> amplitude;   ///< ξ_k: L_k(t) = L_k + ξ_k cos(ωt − φ_k)
  std::vector<double> phase;       ///< φ_k [rad]
  double viscosity = 1;            ///< η
  double period = 1;               ///< T = 2π/ω
  BeadHydrodynamics hydrodynamics = BeadHydrodynamics::oseen;

  int spheres() const { return static_cast<int>(radii.size()); }
  double omega() const;
};

/// The swimmer at one instant of its stroke (the phase θ = ωt).
struct BeadState {
  std::vector<double> x;         ///< sphere centres, with the first sphere at x = 0
  std::vector<double> velocity;  ///< sphere velocities
  std::vector<double> force;     ///< force each sphere exerts on the fluid (they sum to zero)
  double centroid_velocity = 0;  ///< mean of the sphere velocities
};

/// Solves the force-free mobility problem at phase θ: Σ_j M_ij f_j = ẋ_i, Σ f_j = 0, with the
/// arm rates ẋ_{k+1} − ẋ_k = dL_k/dt prescribed. Throws std::invalid_argument when two spheres
/// overlap.
BeadState bead_state(const BeadSwimmer& s, double theta);

/// The net displacement of the swimmer over one period, ∮ U dt, by the trapezoidal rule on
/// `points` phases (spectrally accurate for the periodic integrand), the phases θ and −θ summed
/// in pairs: a reciprocal stroke then gives zero to round-off.
double displacement_per_cycle(const BeadSwimmer& s, int points);

/// Golestanian & Ajdari (2008), to leading order in a/L and ξ/L, for three spheres:
/// Δ = π K ξ1 ξ2 sin(φ2 − φ1) per cycle, K = 3a1a2a3/(a1+a2+a3)² [1/L1² + 1/L2² − 1/(L1+L2)²];
/// zero for two spheres (the scallop theorem); none for more.
std::optional<double> law_displacement_per_cycle(const BeadSwimmer& s);

/// The Oseen flow of the spheres' point forces at `r` (their Stokeslets, η from s).
std::array<double, 3> bead_flow(const BeadSwimmer& s, const BeadState& state,
                                const std::array<double, 3>& r);

}  // namespace fickle
