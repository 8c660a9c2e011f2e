// Self-propelled particles (docs/science.md §8) against their exact laws, in standard errors at
// fixed seeds, each check shown to reject the law with one parameter off: the MSD crossover and
// velocity autocorrelation of run-and-tumble (uniform and E. coli tumbles, 1–3D) and of active
// Brownian particles (2D and 3D, also at a coarse dt: the steps have the exact covariance), the
// long-time diffusivity v²/(dλ(1 − ⟨cos θ⟩)), the tumble and rotation samplers, and the
// chemotactic drift against its exact stationary value and its linear response.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <numbers>

#include "particles/directions.hpp"
#include "particles/ensemble.hpp"
#include "particles/kernels.hpp"
#include "particles/msd_law.hpp"
#include "particles/philox.hpp"
#include "tests/support/free_particles.hpp"

namespace fickle::particles {
namespace {

constexpr double kSigmas = 4;  // tolerance in standard errors

ParticleModel active_model(Model model, int dim, std::uint64_t count, double dt) {
  return free_model(model, dim, count, dt, 17);
}

// The ensemble's moments at steps `at` of a fresh run.
struct Measured {
  std::vector<double> t;
  std::vector<Moments> moments;
  double count = 0;
};
Measured measure(const ParticleModel& m, const std::vector<long>& at) {
  Ensemble e(PETSC_COMM_WORLD, m);
  Measured out;
  out.count = static_cast<double>(m.count);
  for (long step : at) {
    while (e.step() < step) e.advance();
    out.t.push_back(e.time());
    out.moments.push_back(e.moments());
  }
  return out;
}

// |measured − law| / standard error of the MSD, and of the VACF (the per-particle v·v0/d is at
// most v²/d in size, so v²/d/√count bounds its standard error).
struct Z {
  std::vector<double> msd, vacf;
};
Z law_z(const Measured& r, const ParticleModel& law) {
  Z z;
  for (std::size_t k = 0; k < r.t.size(); ++k) {
    const Moments& mo = r.moments[k];
    z.msd.push_back(std::abs(mo.msd - *exact_msd(law, r.t[k])) / mo.msd_standard_error);
    const double se = *exact_velocity_autocorrelation(law, 0) / std::sqrt(r.count);
    z.vacf.push_back(std::abs(mo.vacf - *exact_velocity_autocorrelation(law, r.t[k])) / se);
  }
  return z;
}

TEST(ActiveSamplers, EcoliTumblesHaveMeanCosineOneThirdAndMeanAngle68Degrees) {
  const int n = 200000;
  double c = 0, c2 = 0, angle = 0;
  for (int i = 0; i < n; ++i) {
    const double u =
        open_uniform(philox4x32_10(static_cast<std::uint64_t>(i), 5, 0, Stream::tumble).w0);
    const double x = ecoli_tumble_cosine(u);
    c += x / n, c2 += x * x / n, angle += std::acos(x) / n;
  }
  const double se = std::sqrt((c2 - c * c) / n);
  EXPECT_NEAR(c, 1.0 / 3, kSigmas * se);
  EXPECT_GT(std::abs(c - 0.30), kSigmas * se);  // a ⟨cos θ⟩ of 0.30 is rejected
  EXPECT_NEAR(angle, 3 * std::numbers::pi / 8, 0.01);
  // The von Mises–Fisher concentration has the mean cosine asked for.
  for (double q : {0.05, 0.5, 0.9, 0.999, 0.99999}) {
    const double k = von_mises_fisher_concentration(q);
    EXPECT_NEAR(1 / std::tanh(k) - 1 / k, q, 1e-12 * (1 + 1 / (1 - q))) << q;
  }
  // A turn keeps unit length and makes the angle asked for.
  const Vector3 e{0.6, 0.0, 0.8};
  const Vector3 t = turn(3, e, 0.3, 0.37, false);
  // (cos_sin_2pi's polynomials are accurate to about 1e-14.)
  EXPECT_NEAR(t[0] * t[0] + t[1] * t[1] + t[2] * t[2], 1.0, 1e-15);
  EXPECT_NEAR(t[0] * e[0] + t[1] * e[1] + t[2] * e[2], 0.3, 1e-13);
}

TEST(RunAndTumble, MsdCrossesFromBallisticToDiffusiveWithTheExactLaw) {
  struct Setup {
    int dim;
    TumbleAngle angle;
  };
  for (const Setup& c : {Setup{1, TumbleAngle::uniform}, Setup{2, TumbleAngle::uniform},
                         Setup{2, TumbleAngle::ecoli}, Setup{3, TumbleAngle::ecoli}}) {
    ParticleModel m = active_model(Model::run_and_tumble, c.dim, 20000, 0.05);
    m.run_and_tumble.speed = 2.0;
    m.run_and_tumble.tumble_rate = 1.5;
    m.run_and_tumble.angle = c.angle;
    // Steps 1 to 400: t from τ/20 (ballistic) to 20τ (diffusive).
    const Measured r = measure(m, {1, 10, 40, 400});
    const Z z = law_z(r, m);
    for (double v : z.msd) EXPECT_LT(v, kSigmas) << c.dim;
    for (double v : z.vacf) EXPECT_LT(v, kSigmas) << c.dim;
    // A tumble rate 10% off, or the other tumble kernel, is rejected.
    ParticleModel wrong = m;
    wrong.run_and_tumble.tumble_rate *= 1.1;
    EXPECT_GT(law_z(r, wrong).msd[3], kSigmas) << c.dim;
    wrong = m;
    wrong.run_and_tumble.angle =
        c.angle == TumbleAngle::ecoli ? TumbleAngle::uniform : TumbleAngle::ecoli;
    EXPECT_GT(law_z(r, wrong).msd[3], kSigmas) << c.dim;
  }
  // D_eff = v²/(dλ(1 − ⟨cos θ⟩)), the slope of MSD/(2d) at long times.
  ParticleModel m = active_model(Model::run_and_tumble, 3, 1, 0.05);
  m.run_and_tumble = {2.0, 1.5, TumbleAngle::ecoli};
  const double D = 4.0 / (3 * 1.5 * (1 - 1.0 / 3));
  EXPECT_NEAR(effective_diffusivity(m), D, 1e-14);
  EXPECT_NEAR((*exact_msd(m, 2000.0) - *exact_msd(m, 1000.0)) / (6 * 1000.0), D, 1e-12);
  // ballistic: v²t² (1 − t/(3τ) + …)
  EXPECT_NEAR(*exact_msd(m, 1e-4), 4.0 * 1e-8, 1e-4 * 4.0 * 1e-8);
}

TEST(RunAndTumble, TumblesThatLastSlowTheSpreadAsTheTwoStateLawSays) {
  for (int dim : {2, 3}) {
    ParticleModel m = active_model(Model::run_and_tumble, dim, 20000, 0.05);
    m.run_and_tumble = {2.0, 1.5, TumbleAngle::ecoli};
    m.run_and_tumble.tumble_duration = 0.4;  // 37.5% of the time standing still
    const Measured r = measure(m, {1, 10, 40, 400});
    const Z z = law_z(r, m);
    for (double v : z.msd) EXPECT_LT(v, kSigmas) << dim;
    for (double v : z.vacf) EXPECT_LT(v, kSigmas) << dim;
    // ⟨v_a²⟩ − ⟨v_a⟩² = v² p_run/d: the particles that tumble stand still.
    EXPECT_NEAR(r.moments[3].v2, 4.0 * (1 / 1.5) / (1 / 1.5 + 0.4) / dim, 0.02);
    ParticleModel wrong = m;
    wrong.run_and_tumble.tumble_duration = 0.3;
    EXPECT_GT(law_z(r, wrong).msd[3], kSigmas) << dim;
    wrong.run_and_tumble.tumble_duration = 0;
    EXPECT_GT(law_z(r, wrong).msd[3], kSigmas) << dim;
  }
  // D_eff = v² τ_run² / (d (τ_run + τ_t)(1 − ⟨cos θ⟩)), the slope of the law at long times; the
  // law tends to the instantaneous one as τ_t → 0.
  ParticleModel m = active_model(Model::run_and_tumble, 3, 1, 0.05);
  m.run_and_tumble = {2.0, 1.5, TumbleAngle::ecoli};
  m.run_and_tumble.tumble_duration = 0.4;
  const double run = 1 / 1.5, D = 4 * run * run / (3 * (run + 0.4) * (2.0 / 3));
  EXPECT_NEAR(effective_diffusivity(m), D, 1e-14);
  EXPECT_NEAR((*exact_msd(m, 4000.0) - *exact_msd(m, 2000.0)) / (6 * 2000.0), D, 1e-9);
  ParticleModel brief = m, none = m;
  brief.run_and_tumble.tumble_duration = 1e-9;
  none.run_and_tumble.tumble_duration = 0;
  EXPECT_NEAR(*exact_msd(brief, 3.0), *exact_msd(none, 3.0), 1e-6 * *exact_msd(none, 3.0));
}

TEST(ActiveBrownian, MsdMeetsTheExactLawIn2DAnd3DAtAnyDt) {
  for (int dim : {2, 3})
    for (double dt : {0.02, 0.25}) {  // τ = 1 (2D), 1/2 (3D): dt ≪ τ, and a coarse τ/4 or τ/2
      ParticleModel m = active_model(Model::active_brownian, dim, 12000, dt);
      m.active_brownian = {1.5, 1.0, 0.1};
      const long end = static_cast<long>(std::lround(10.0 / dt));
      const Measured r = measure(m, {1, end / 20, end / 4, end});
      const Z z = law_z(r, m);
      for (double v : z.msd) EXPECT_LT(v, kSigmas) << dim << " " << dt;
      for (double v : z.vacf) EXPECT_LT(v, kSigmas) << dim << " " << dt;
      ParticleModel wrong = m;
      wrong.active_brownian.rotational_D *= 1.1;
      EXPECT_GT(law_z(r, wrong).msd[2], kSigmas) << dim << " " << dt;
      wrong = m;
      wrong.active_brownian.speed *= 1.05;
      EXPECT_GT(law_z(r, wrong).msd[2], kSigmas) << dim << " " << dt;
    }
  // The law: 2dDt + 2v²τ²(t/τ − 1 + e^{−t/τ}), τ = 1/((d − 1)D_r); D_eff = D + v²τ/d.
  ParticleModel m = active_model(Model::active_brownian, 3, 1, 0.01);
  m.active_brownian = {1.5, 1.0, 0.1};
  EXPECT_DOUBLE_EQ(m.persistence_time(), 0.5);
  EXPECT_NEAR(effective_diffusivity(m), 0.1 + 2.25 * 0.5 / 3, 1e-15);
  const double t = 0.7, x = t / 0.5;
  EXPECT_NEAR(*exact_msd(m, t), 6 * 0.1 * t + 2 * 2.25 * 0.25 * (x - 1 + std::exp(-x)), 1e-14);
}

TEST(Chemotaxis, DriftUpTheGradientMeetsItsStationaryLawAndLinearResponse) {
  for (int dim : {1, 2, 3}) {
    ParticleModel m = active_model(Model::run_and_tumble, dim, 40000, 0.1);
    m.run_and_tumble = {1.0, 2.0, dim == 2 ? TumbleAngle::ecoli : TumbleAngle::uniform};
    m.run_and_tumble.sensitivity = 0.5;
    m.run_and_tumble.gradient = {0.4, 0, 0};  // ε = χ v |∇c| = 0.2
    m.run_and_tumble.gradient[dim - 1] = 0.4;
    if (dim > 1) m.run_and_tumble.gradient[0] = 0.3;  // |∇c| = 0.5, ε = 0.25
    Ensemble e(PETSC_COMM_WORLD, m);
    while (e.time() < 15 * m.persistence_time() - 1e-9) e.advance();  // stationary
    const Moments mo = e.moments();
    const auto exact = chemotactic_drift(m, false);
    const auto linear = chemotactic_drift(m, true);
    for (int a = 0; a < dim; ++a) {
      const double se = mo.mean_velocity_standard_error[a];
      EXPECT_NEAR(mo.mean_velocity[a], exact[a], kSigmas * se) << dim << " " << a;
      // Linear response is within its O(ε³) of the exact drift (ε = 0.25: 1%).
      EXPECT_NEAR(linear[a], exact[a], 0.02 * std::abs(exact[a]) + 1e-15) << dim;
    }
    // A sensitivity 30% off is rejected along the gradient.
    ParticleModel wrong = m;
    wrong.run_and_tumble.sensitivity *= 1.3;
    const int a = dim - 1;
    EXPECT_GT(std::abs(mo.mean_velocity[a] - chemotactic_drift(wrong, false)[a]),
              kSigmas * mo.mean_velocity_standard_error[a])
        << dim;
  }
  // ε/d to first order, and the exact stationary means.
  ParticleModel m = active_model(Model::run_and_tumble, 3, 1, 0.1);
  m.run_and_tumble = {2.0, 1.0, TumbleAngle::uniform};
  m.run_and_tumble.sensitivity = 0.1;
  m.run_and_tumble.gradient = {0, 0, 0.5};  // ε = 0.1
  EXPECT_NEAR(chemotactic_drift(m, true)[2], 0.1 * 4 * 0.5 / 3, 1e-15);
  EXPECT_NEAR(chemotactic_drift(m, false)[2], 2 * (1 / std::tanh(0.1) - 10), 1e-12);
  EXPECT_FALSE(exact_msd(m, 1.0).has_value());  // no closed MSD law with chemotaxis
}

}  // namespace
}  // namespace fickle::particles
