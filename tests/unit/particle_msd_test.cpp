// Particle models against their exact laws (docs/science.md §2–3, §2.8), with tolerances in
// standard errors at fixed seeds, and the reproducibility rules: results independent of how ids are
// split over ranks.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <numbers>

#include "particles/ensemble.hpp"
#include "particles/kernels.hpp"
#include "particles/msd_law.hpp"

namespace fickle::particles {
namespace {

constexpr double kSigmas = 4;  // tolerance in standard errors

ParticleModel periodic_box_model(Model model, int dim, std::uint64_t count) {
  ParticleModel m;
  m.model = model;
  m.box.dim = dim;
  for (int a = 0; a < dim; ++a) {
    m.box.cells[a] = 8;
    m.box.periodic[a] = true;
    m.walls[a] = {Wall::periodic, Wall::periodic};
  }
  m.placement = Placement::uniform;
  m.count = count;
  m.seed = 17;
  m.kT = 1;
  return m;
}

// Runs to each of `checkpoints` (step numbers) and calls check(moments, t).
template <class Check>
void run_and_check(const ParticleModel& m, std::vector<long> checkpoints, Check check) {
  Ensemble e(PETSC_COMM_WORLD, m);
  for (long target : checkpoints) {
    while (e.step() < target) e.advance();
    check(e.moments(), e.time());
  }
}

TEST(ParticleMsd, BrownianIs2dDt) {
  ParticleModel m = periodic_box_model(Model::brownian, 3, 20000);
  m.diffusivity = 0.3, m.friction = 1 / 0.3, m.dt = 0.01;
  run_and_check(m, {1, 10, 100}, [&](const Moments& mo, double t) {
    const double exact = 2 * 3 * m.diffusivity * t;
    // Gaussian displacements: the MSD estimate has relative standard error √(2/(dN)).
    const double se = exact * std::sqrt(2.0 / (3 * 20000));
    EXPECT_NEAR(mo.msd, exact, kSigmas * se) << "t = " << t;
    EXPECT_NEAR(*exact_msd(m, t), exact, 1e-14);
    for (int a = 0; a < 3; ++a)
      EXPECT_NEAR(mo.msd_axis[a], exact / 3, kSigmas * exact / 3 * std::sqrt(2.0 / 20000));
  });
}

TEST(ParticleMsd, ConstantForceDriftsAtFOverGamma) {
  ParticleModel m = periodic_box_model(Model::brownian, 2, 20000);
  m.diffusivity = 0.1, m.friction = 10, m.dt = 0.01;  // kT = γD = 1
  m.force = {3, -1, 0};
  run_and_check(m, {50}, [&](const Moments& mo, double t) {
    for (int a = 0; a < 2; ++a)
      EXPECT_NEAR(mo.mean_displacement[a], m.force[a] / m.friction * t,
                  kSigmas * std::sqrt(2 * m.diffusivity * t / 20000));
    EXPECT_NEAR(mo.msd, *exact_msd(m, t), kSigmas * mo.msd_standard_error);
  });
}

TEST(ParticleMsd, LatticeWalkHasDOfDx2Over2Dt) {
  ParticleModel m = periodic_box_model(Model::random_walk, 2, 20000);
  m.diffusivity = 0.5, m.friction = 2, m.dt = 1;  // Δx = √(2 D dt) = 1
  Ensemble e(PETSC_COMM_WORLD, m);
  for (int s = 0; s < 64; ++s) e.advance();
  const Moments mo = e.moments();
  // D = Δx²/(2Δt): MSD = 2 d D t = 2 · 2 · 0.5 · 64.
  EXPECT_NEAR(mo.msd, 128, kSigmas * mo.msd_standard_error);
  // Every displacement is a whole number of lattice steps with the parity of the step count.
  const auto& p = e.arrays();
  for (std::size_t i = 0; i < p.local; ++i)
    for (int a = 0; a < 2; ++a) {
      const double d = p.position[a][i] - p.origin[a][i];
      ASSERT_EQ(d, std::round(d));
      ASSERT_EQ(std::fmod(std::abs(d), 2.0), 0.0);
    }
}

TEST(ParticleMsd, LangevinFollowsOrnsteinUhlenbeckFromBallisticToDiffusive) {
  ParticleModel m = periodic_box_model(Model::langevin, 3, 20000);
  m.kT = 2, m.mass = 0.5, m.friction = 0.5, m.diffusivity = 4;  // τ_p = m/γ = 1, D = kT/γ
  m.dt = 0.01;
  const double thermal = m.kT / m.mass;
  const double n = 20000 * 3;
  run_and_check(m, {10, 100, 500}, [&](const Moments& mo, double t) {
    const double exact = 3 * 2 * m.diffusivity * (t - (1 - std::exp(-t)));
    EXPECT_NEAR(*exact_msd(m, t), exact, 1e-12 * exact);
    EXPECT_NEAR(mo.msd, exact, kSigmas * exact * std::sqrt(2.0 / n)) << "t = " << t;
    EXPECT_NEAR(mo.v2, thermal, kSigmas * thermal * std::sqrt(2.0 / n)) << "t = " << t;
    const double rho = std::exp(-t);  // VACF (kT/m) e^{−t/τ_p}
    EXPECT_NEAR(mo.vacf, thermal * rho, kSigmas * thermal * std::sqrt((1 + rho * rho) / n));
  });
  // In a flow and under a force the velocity variance about the mean is still kT/m, and the mean
  // displacement follows u t + (F/γ)(t − τ_p(1 − e^{−t/τ_p})).
  ParticleModel pushed = m;
  pushed.drift = {0.5, 0, 0};
  pushed.force = {0, 1, 0};
  run_and_check(pushed, {300}, [&](const Moments& mo, double t) {
    EXPECT_NEAR(mo.v2, thermal, kSigmas * thermal * std::sqrt(2.0 / n));
    EXPECT_NEAR(mo.msd, *exact_msd(pushed, t), kSigmas * mo.msd_standard_error);
  });
  // Ballistic start: MSD ≈ d kT t²/m for t ≪ τ_p (here t = 0.1 τ_p, within 4%).
  Ensemble e(PETSC_COMM_WORLD, m);
  for (int s = 0; s < 10; ++s) e.advance();
  EXPECT_NEAR(e.moments().msd / (3 * thermal * 0.01), 1, 0.05);
}

TEST(ParticleMsd, MittagLefflerCtrwIsSigma2TOverTauToTheAlphaOverGamma) {
  ParticleModel m = periodic_box_model(Model::ctrw, 3, 20000);
  m.ctrw = {Waiting::mittag_leffler, 0.5, 1.0, JumpLaw::gaussian, 0.1, 2, 0};
  m.dt = 1;
  run_and_check(m, {1, 30, 1000}, [&](const Moments& mo, double t) {
    const double per_axis = 0.01 * std::pow(t, 0.5) / std::tgamma(1.5);
    EXPECT_NEAR(*exact_msd(m, t), 3 * per_axis, 1e-14);
    EXPECT_NEAR(mo.msd, 3 * per_axis, kSigmas * mo.msd_standard_error) << "t = " << t;
  });
  // The same check rejects a wrong exponent.
  run_and_check(m, {1000}, [&](const Moments& mo, double t) {
    const double wrong = 3 * 0.01 * std::pow(t, 0.6) / std::tgamma(1.6);
    EXPECT_GT(std::abs(mo.msd - wrong), 10 * mo.msd_standard_error);
  });
}

TEST(ParticleMsd, LevyFractionalMomentsScaleAsKtToTheQOverMu) {
  // The exact law itself: μ = 2 is N(0, 2Kt), E|X| = 2√(Kt/π); μ = 1 is Cauchy, E|X|^q = sec(πq/2).
  ParticleModel m = periodic_box_model(Model::levy, 3, 20000);
  m.levy_mu = 2, m.levy_K = 0.5;
  EXPECT_NEAR(*exact_fractional_moment(m, 2.0, 1.0), 2 / std::sqrt(std::numbers::pi), 1e-12);
  m.levy_mu = 1, m.levy_K = 1;
  EXPECT_NEAR(*exact_fractional_moment(m, 1.0, 0.5), 1 / std::cos(std::numbers::pi / 4), 1e-12);
  EXPECT_FALSE(exact_fractional_moment(m, 1.0, 1.0).has_value());  // q ≥ μ: infinite
  // The particles: q = μ/4 has a finite variance, so the tolerance is in standard errors.
  m.levy_mu = 1.5, m.levy_K = 0.01, m.dt = 0.01;
  const double q = 1.5 / 4;
  Ensemble e(PETSC_COMM_WORLD, m);
  for (long target : {1, 100}) {
    while (e.step() < target) e.advance();
    const Moments mo = e.moments(q);
    EXPECT_NEAR(mo.fractional_moment, *exact_fractional_moment(m, e.time(), q),
                kSigmas * mo.fractional_moment_standard_error)
        << "t = " << e.time();
  }
}

TEST(ParticleWalls, ReflectingWallsKeepParticlesInsideAndFlattenTheDensity) {
  ParticleModel m = periodic_box_model(Model::levy, 1, 20000);
  m.box.periodic[0] = false;
  m.walls[0] = {Wall::reflecting, Wall::reflecting};
  m.placement = Placement::point;
  m.center[0] = 0.1;
  m.levy_mu = 1.2, m.levy_K = 1, m.dt = 0.1;  // relaxes in t ~ L^μ/K = 1; jumps cross the box
  Ensemble e(PETSC_COMM_WORLD, m);
  for (int s = 0; s < 200; ++s) e.advance();
  double mean = 0;
  for (std::size_t i = 0; i < e.arrays().local; ++i) {
    const double x = e.arrays().position[0][i];
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
    mean += x / 20000;
  }
  EXPECT_NEAR(mean, 0.5, kSigmas * std::sqrt(1.0 / 12 / 20000));
}

TEST(ParticleWalls, AbsorbedParticlesStopAndLeaveTheAverages) {
  ParticleModel m = periodic_box_model(Model::brownian, 1, 5000);
  m.box.periodic[0] = false;
  m.walls[0] = {Wall::absorbing, Wall::reflecting};
  m.placement = Placement::point;
  m.center[0] = 0.2;
  m.diffusivity = 1, m.friction = 1, m.dt = 1e-3;
  Ensemble e(PETSC_COMM_WORLD, m);
  double alive = 1;
  for (int s = 0; s < 100; ++s) {
    e.advance();
    const double now = e.moments().alive / 5000;
    ASSERT_LE(now, alive);
    alive = now;
  }
  EXPECT_LT(alive, 0.9);
  EXPECT_GT(alive, 0.1);
  const auto before = e.arrays().position[0];
  const auto alive_before = e.arrays().alive;
  e.advance();
  for (std::size_t i = 0; i < e.arrays().local; ++i)
    if (alive_before[i] == 0) {
      ASSERT_EQ(before[i], 0.0);  // absorbed on the lower wall it crossed, and frozen there
      ASSERT_EQ(e.arrays().position[0][i], before[i]);
    }
}

// The same particles split differently over "ranks" (id blocks) end up bit for bit identical.
TEST(ParticleReproducibility, PositionsDoNotDependOnHowIdsAreSplit) {
  for (Model model :
       {Model::brownian, Model::langevin, Model::random_walk, Model::ctrw, Model::levy}) {
    ParticleModel m = periodic_box_model(model, 3, 1000);
    m.diffusivity = 0.1, m.friction = 10, m.mass = 1, m.dt = 0.05;
    m.ctrw = {Waiting::mittag_leffler, 0.7, 0.01, JumpLaw::gaussian, 0.05, 2, 0};
    m.levy_mu = 1.5, m.levy_K = 0.01;
    auto run = [&](std::uint64_t first, std::size_t count) {
      ParticleArrays p;
      p.resize(3, first, count, {model == Model::langevin, model == Model::ctrw, false});
      place_particles(m, p);
      if (model == Model::ctrw) start_ctrw_clocks(m, p);
      std::vector<std::uint32_t> pending;
      for (std::uint64_t s = 0; s < 20; ++s) {
        if (model == Model::langevin)
          move_langevin(m, p, s);
        else if (model == Model::ctrw)
          advance_ctrw(m, p, (s + 1) * m.dt, pending);
        else
          move_overdamped(m, p, s);
      }
      return p;
    };
    const ParticleArrays whole = run(0, 1000);
    for (std::size_t split : {1u, 333u, 640u}) {
      const ParticleArrays left = run(0, split), right = run(split, 1000 - split);
      for (int a = 0; a < 3; ++a)
        for (std::size_t i = 0; i < 1000; ++i) {
          const double x = i < split ? left.position[a][i] : right.position[a][i - split];
          ASSERT_EQ(x, whole.position[a][i]) << "model " << static_cast<int>(model) << " id " << i;
        }
    }
  }
}

// Particles moved to other slots (ParticleArrays::reorder, as the tracers' sort by cell does) draw
// the numbers of their ids: after 20 steps, two reorderings and the way back to id order, every
// array is the same bits as without; the padding slots are left alone.
TEST(ParticleReproducibility, PositionsDoNotDependOnTheSlotsParticlesAreKeptIn) {
  for (Model model : {Model::brownian, Model::levy}) {
    ParticleModel m = periodic_box_model(model, 3, 1000);
    m.diffusivity = 0.1, m.friction = 10, m.dt = 0.05;
    m.levy_mu = 1.5, m.levy_K = 0.01;
    auto run = [&](bool reordered) {
      ParticleArrays p;
      p.resize(3, 7, 1000, {});
      place_particles(m, p);
      for (std::uint64_t s = 0; s < 20; ++s) {
        if (reordered && (s == 3 || s == 11)) {
          std::vector<std::uint32_t> from(p.local);
          for (std::size_t i = 0; i < p.local; ++i)  // reversed, then a stride-7 shuffle
            from[i] = static_cast<std::uint32_t>(s == 3 ? p.local - 1 - i : (7 * i) % p.local);
          p.reorder(from);
        }
        move_overdamped(m, p, s);
      }
      EXPECT_EQ(p.order.empty(), !reordered);
      if (reordered) {
        EXPECT_EQ(p.order[5], 999u - (7 * 5) % 1000);  // slot 5 ← old slot 35 ← id 999 − 35
        EXPECT_EQ(p.order[1000], 1000u);               // padding stays
      }
      p.restore_id_order();
      return p;
    };
    const ParticleArrays plain = run(false), moved = run(true);
    EXPECT_TRUE(moved.order.empty());
    for (int a = 0; a < 3; ++a) {
      EXPECT_EQ(moved.position[a], plain.position[a]) << "model " << static_cast<int>(model);
      EXPECT_EQ(moved.origin[a], plain.origin[a]);
    }
    EXPECT_EQ(moved.alive, plain.alive);
  }
}

}  // namespace
}  // namespace fickle::particles
