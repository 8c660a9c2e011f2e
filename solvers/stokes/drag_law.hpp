// Drag laws for one body in a fully periodic box, the reference for the drag the solver measures
// (docs/science.md §4.9):
//   sphere, simple cubic array:  F = 6πηaU·K, 1/K = 1 − 1.7601 φ^{1/3} + φ − 1.5593 φ² (Hasimoto
//   1959) cylinder, square array:      F/(ηU) = 4π / (−½ ln c − 0.738 + c − 0.887 c² + 2.039 c³)
//   per unit
//                                length (Hasimoto 1959; Sangani & Acrivos 1982)
// with U the superficial velocity relative to the body, along the force.
#pragma once

#include <array>
#include <optional>

#include "solvers/stokes/stokes.hpp"

namespace fickle {

struct PeriodicArrayDrag {
  bool sphere = true;         ///< a sphere in 3D (K = F/(6πηaU)), else a cylinder in 2D (F/(ηU))
  double solid_fraction = 0;  ///< φ (volume) or c (area)
  double law = 0;             ///< K or F/(ηU) from the law
  double measured = 0;        ///< the same from the measured force
  double relative_error() const { return measured / law - 1; }
};

/// The law and the measurement for the force F on the problem's only obstacle given the mean
/// (superficial) velocity U_mean; none unless the box is a periodic cube (square) with one sphere
/// (cylinder) in a fluid of constant viscosity, and the force is not zero.
std::optional<PeriodicArrayDrag> periodic_array_drag(const StokesProblem& problem,
                                                     const std::array<double, 3>& force,
                                                     const std::array<double, 3>& mean_velocity);

}  // namespace fickle
