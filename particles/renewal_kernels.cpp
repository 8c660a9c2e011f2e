// The renewal models that move between renewals in continuous time: Lévy walks (flights at
// constant speed, docs/science.md §7.3) and ATTM (Brownian segments of random diffusivity, §7.4).
// Like the CTRW, each particle runs on its own clock: a step makes every renewal due in
// (t0, t1] at its own time, so positions do not depend on dt, and the random numbers of a renewal
// depend only on (seed, id, renewal number).
#include <algorithm>
#include <cmath>
#include <limits>

#include "particles/directions.hpp"
#include "particles/kernels.hpp"
#include "particles/philox.hpp"
#include "particles/walls.hpp"

namespace fickle::particles {
namespace {

// Durations beyond this are "never" (a u near 0 with a steep power law); finite for the sums.
constexpr double kLongest = 1e300;

// A uniformly random unit vector from a flight's words (and a sign bit in 1D).
std::array<double, 3> direction(int dim, const Words4& w) {
  return random_direction(dim, open_uniform(w.w1), open_uniform(w.w2), (w.w1 >> 31) != 0);
}

// Flight `k` of particle `id`: its velocity, and its duration τ0 u^{−1/γ} (survival (τ0/τ)^γ).
double draw_flight(const ParticleModel& m, std::uint64_t id, std::uint64_t k, double* velocity) {
  const LevyWalk& w = m.levy_walk;
  const Words4 words = philox4x32_10(id, m.seed, k, Stream::flight);
  const auto e = direction(m.dim(), words);
  for (int a = 0; a < m.dim(); ++a) velocity[a] = w.speed * e[a];
  return std::min(kLongest, w.tau * std::pow(open_uniform(words.w0), -1 / w.gamma));
}

// Segment `k` of particle `id`: D = D_max u^{1/σ} (density ∝ D^{σ−1}) held for τ_min u^{−γ/σ}
// (= τ_min (D/D_max)^{−γ}).
double draw_segment(const ParticleModel& m, std::uint64_t id, std::uint64_t k, double& D) {
  const Attm& s = m.attm;
  const double u = open_uniform(philox4x32_10(id, m.seed, k, Stream::segment).w0);
  D = s.D_max * std::pow(u, 1 / s.sigma);
  return std::min(kLongest, s.tau * std::pow(u, -s.gamma / s.sigma));
}

}  // namespace

void start_levy_walks(const ParticleModel& m, ParticleArrays& p) {
  for (std::size_t i = 0; i < p.local; ++i) {
    double v[3] = {0, 0, 0};
    p.next_jump[i] = draw_flight(m, p.first_id + i, 0, v);
    p.jumps[i] = 0;
    for (int a = 0; a < p.dim; ++a) p.velocity[a][i] = p.velocity0[a][i] = v[a];
  }
}

void advance_levy_walks(const ParticleModel& m, ParticleArrays& p, double t0, double t1) {
  const int dim = p.dim;
  for (std::size_t i = 0; i < p.local; ++i) {
    if (p.alive[i] == 0) continue;
    double t = t0;
    // Fly to each turn due in the step, turn there, and fly on to t1.
    while (p.next_jump[i] <= t1) {
      const double turn = p.next_jump[i];
      for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (turn - t);
      t = turn;
      double v[3] = {0, 0, 0};
      p.next_jump[i] = turn + draw_flight(m, p.first_id + i, ++p.jumps[i], v);
      for (int a = 0; a < dim; ++a) p.velocity[a][i] = v[a];
    }
    for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (t1 - t);
    walls_with_velocity(m, p, i);
  }
}

void start_attm(const ParticleModel& m, ParticleArrays& p) {
  for (std::size_t i = 0; i < p.local; ++i) {
    p.next_jump[i] = draw_segment(m, p.first_id + i, 0, p.rate[i]);
    p.jumps[i] = 0;
  }
}

void advance_attm(const ParticleModel& m, ParticleArrays& p, std::uint64_t step, double t0,
                  double t1) {
  const int dim = p.dim;
  for (std::size_t i = 0; i < p.local; ++i) {
    if (p.alive[i] == 0) continue;
    // The displacement over (t0, t1] is Gaussian with variance 2 ∫ D(t) dt per axis, whatever
    // the segments in between: one exact draw per step.
    double integral = 0, t = t0;
    while (p.next_jump[i] <= t1) {
      const double end = p.next_jump[i];
      integral += p.rate[i] * (end - t);
      t = end;
      p.next_jump[i] = end + draw_segment(m, p.first_id + i, ++p.jumps[i], p.rate[i]);
    }
    integral += p.rate[i] * (t1 - t);
    const Words4 w = philox4x32_10(p.first_id + i, m.seed, step, Stream::noise);
    double xi[4];
    box_muller(open_uniform(w.w0), open_uniform(w.w1), xi[0], xi[1]);
    box_muller(open_uniform(w.w2), open_uniform(w.w3), xi[2], xi[3]);
    const double scale = std::sqrt(2 * integral);
    for (int a = 0; a < dim; ++a) p.position[a][i] += scale * xi[a];
    walls_with_velocity(m, p, i);
  }
}

}  // namespace fickle::particles
