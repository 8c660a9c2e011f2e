// The bead swimmer (docs/science.md §8.5–8.6) against Golestanian & Ajdari's law for the
// three-sphere swimmer (phase lag, amplitudes, radii, arm lengths; the law is leading order in
// a/L and ξ/L, so the error must shrink with them), and the scallop theorem: reciprocal strokes
// (phase lag 0 or π, two spheres) go nowhere to round-off, non-reciprocal ones do not.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "solvers/swimmer/bead_swimmer.hpp"

namespace fickle {
namespace {

constexpr double kPi = std::numbers::pi;

BeadSwimmer three_spheres(double a, double L, double xi1, double xi2, double lag_degrees) {
  BeadSwimmer s;
  s.radii = {a, a, a};
  s.arm_length = {L, L};
  s.amplitude = {xi1, xi2};
  s.phase = {0, lag_degrees * kPi / 180};
  return s;
}

double relative_error(const BeadSwimmer& s) {
  const double law = *law_displacement_per_cycle(s);
  return std::abs(displacement_per_cycle(s, 256) - law) / std::abs(law);
}

TEST(BeadSwimmer, IsForceFreeAndItsQuadratureConvergesSpectrally) {
  const BeadSwimmer s = three_spheres(0.05, 1, 0.2, 0.15, 70);
  const BeadState st = bead_state(s, 0.9);
  EXPECT_NEAR(st.force[0] + st.force[1] + st.force[2], 0.0, 1e-15);
  // The arm rates are the prescribed ones: ẋ2 − ẋ1 = −ξ1 ω sin θ.
  EXPECT_NEAR(st.velocity[1] - st.velocity[0], -0.2 * 2 * kPi * std::sin(0.9), 1e-14);
  const double d64 = displacement_per_cycle(s, 64), d256 = displacement_per_cycle(s, 256);
  EXPECT_NEAR(d64, d256, 1e-13 * std::abs(d256));
  EXPECT_GT(std::abs(displacement_per_cycle(s, 8) - d256), 1e-10 * std::abs(d256));
}

TEST(BeadSwimmer, MeanVelocityMeetsGolestanianAjdariWithinTheLawsOrder) {
  // sin φ of the phase lag, with a/L = 0.01 and ξ/L = 0.05: within a few per cent.
  for (double lag : {30.0, 90.0, 150.0, -60.0})
    EXPECT_LT(relative_error(three_spheres(0.01, 1, 0.05, 0.05, lag)), 0.03) << lag;
  // Unequal amplitudes, radii and arms (K of the general formula).
  BeadSwimmer s = three_spheres(0.01, 1, 0.04, 0.06, 90);
  s.radii = {0.01, 0.02, 0.015};
  s.arm_length = {1.0, 1.5};
  EXPECT_LT(relative_error(s), 0.04);
  // The error is of the law's order: it falls as a/L and ξ/L fall (both halved: about halved).
  const double coarse = relative_error(three_spheres(0.04, 1, 0.2, 0.2, 90));
  const double fine = relative_error(three_spheres(0.02, 1, 0.1, 0.1, 90));
  const double finer = relative_error(three_spheres(0.01, 1, 0.05, 0.05, 90));
  EXPECT_LT(fine, 0.7 * coarse);
  EXPECT_LT(finer, 0.7 * fine);
  EXPECT_GT(finer, 1e-4);  // and it is a leading-order law, not the exact one
  // Rotne–Prager changes the interactions at O((a/L)²): the same law.
  s = three_spheres(0.01, 1, 0.05, 0.05, 90);
  s.hydrodynamics = BeadHydrodynamics::rotne_prager;
  EXPECT_LT(relative_error(s), 0.03);
  // A law with the wrong radius (10% off) or the wrong phase dependence is rejected.
  const BeadSwimmer right = three_spheres(0.01, 1, 0.05, 0.05, 60);
  const double measured = displacement_per_cycle(right, 256);
  BeadSwimmer wrong = right;
  wrong.radii = {0.011, 0.011, 0.011};
  EXPECT_GT(std::abs(measured - *law_displacement_per_cycle(wrong)), 0.05 * std::abs(measured));
  wrong = three_spheres(0.01, 1, 0.05, 0.05, 30);  // sin 30° instead of sin 60°
  EXPECT_GT(std::abs(measured - *law_displacement_per_cycle(wrong)), 0.05 * std::abs(measured));
  // Mirror symmetry: the opposite lag swims the other way, at the same speed.
  EXPECT_NEAR(displacement_per_cycle(three_spheres(0.01, 1, 0.05, 0.05, -60), 256), -measured,
              1e-12 * std::abs(measured));
}

TEST(ScallopTheorem, ReciprocalStrokesGoNowhereToRoundOff) {
  const double xi = 0.2;
  const double swims = std::abs(displacement_per_cycle(three_spheres(0.05, 1, xi, xi, 90), 256));
  EXPECT_GT(swims, 1e-3 * xi);
  for (double lag : {0.0, 180.0}) {
    BeadSwimmer s = three_spheres(0.05, 1, xi, 0.7 * xi, lag);
    s.radii = {0.05, 0.08, 0.03};
    EXPECT_LT(std::abs(displacement_per_cycle(s, 256)), 1e-14 * xi) << lag;
    // ... although it moves during the cycle.
    EXPECT_GT(std::abs(bead_state(s, 1.0).centroid_velocity), 1e-3);
    // A small phase lag is not reciprocal: it swims, ∝ sin φ.
    s.phase[1] += 2 * kPi / 180;
    EXPECT_GT(std::abs(displacement_per_cycle(s, 256)), 1e-4 * xi) << lag;
  }
  // Two unequal spheres (a "scallop" with one hinge): back and forth, no net motion.
  BeadSwimmer scallop;
  scallop.radii = {0.1, 0.3};
  scallop.arm_length = {1.0};
  scallop.amplitude = {0.4};
  scallop.phase = {0.3};
  EXPECT_LT(std::abs(displacement_per_cycle(scallop, 256)), 1e-14 * 0.4);
  EXPECT_GT(std::abs(bead_state(scallop, 1.0).centroid_velocity), 1e-2);
  EXPECT_EQ(*law_displacement_per_cycle(scallop), 0.0);
}

}  // namespace
}  // namespace fickle
