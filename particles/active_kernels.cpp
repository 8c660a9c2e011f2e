// Self-propelled particles (docs/science.md §8). Run-and-tumble moves like a Lévy walk, in
// continuous time on each particle's own clock: straight runs at speed v, tumbles at the times of a
// Poisson process, so positions do not depend on dt and a run's random numbers depend only on
// (seed, id, run number). Active Brownian particles take steps of dt whose displacements have
// exactly the covariance of the continuous process (§8.2), whatever dt.
#include <algorithm>
#include <cmath>

#include "particles/directions.hpp"
#include "particles/kernels.hpp"
#include "particles/philox.hpp"
#include "particles/walls.hpp"

namespace fickle::particles {
namespace {

Vector3 direction_of(const ParticleArrays& p, std::size_t i, double speed) {
  Vector3 e{0, 0, 0};
  for (int a = 0; a < p.dim; ++a) e[a] = p.velocity[a][i] / speed;
  return e;
}

void set_velocity(ParticleArrays& p, std::size_t i, const Vector3& e, double speed) {
  for (int a = 0; a < p.dim; ++a) p.velocity[a][i] = speed * e[a];
}

// ω = ∇ × u of the flow at x by central differences of its samples (exact for a linear flow).
Vector3 vorticity(const FaceVelocity& flow, int dim, const Vector3& x) {
  const auto derivative = [&](int component, int axis) {
    const double h = 0.5 * flow.grid.spacing(axis);
    Vector3 lo = x, hi = x;
    lo[axis] -= h, hi[axis] += h;
    return (flow.sample(component, hi) - flow.sample(component, lo)) / (2 * h);
  };
  if (dim == 2) return {0, 0, derivative(1, 0) - derivative(0, 1)};
  return {derivative(2, 1) - derivative(1, 2), derivative(0, 2) - derivative(2, 0),
          derivative(1, 0) - derivative(0, 1)};
}

// e turned by the angle |Ω| about Ω (Rodrigues).
Vector3 rotate(const Vector3& e, const Vector3& omega) {
  const double angle = std::sqrt(omega[0] * omega[0] + omega[1] * omega[1] + omega[2] * omega[2]);
  if (angle == 0) return e;
  const Vector3 k{omega[0] / angle, omega[1] / angle, omega[2] / angle};
  const double c = std::cos(angle), s = std::sin(angle);
  const double kd = k[0] * e[0] + k[1] * e[1] + k[2] * e[2];
  const Vector3 kx{k[1] * e[2] - k[2] * e[1], k[2] * e[0] - k[0] * e[2], k[0] * e[1] - k[1] * e[0]};
  Vector3 r{0, 0, 0};
  for (int a = 0; a < 3; ++a) r[a] = e[a] * c + kx[a] * s + k[a] * kd * (1 - c);
  return r;
}

Vector3 tumble(const RunAndTumble& r, int dim, const Vector3& e, const Words4& w);

// The tumble rate λ exp(−χ dc/dt) of a run in direction e where the attractant's gradient is g
// (§8.3).
double tumble_rate(const RunAndTumble& r, int dim, const Vector3& e, const Vector3& g) {
  double climb = 0;  // dc/dt along the run
  for (int a = 0; a < dim; ++a) climb += r.speed * e[a] * g[a];
  return r.tumble_rate * std::exp(-r.sensitivity * climb);
}

// The duration of a run in direction e from an exponential of mean 1 (−ln u): the rate is
// constant along a straight run in a linear attractant.
double run_duration(const RunAndTumble& r, int dim, const Vector3& e, double u) {
  return -std::log(u) / tumble_rate(r, dim, e, r.gradient);
}

Vector3 position_of(const ParticleArrays& p, std::size_t i) {
  Vector3 x{0, 0, 0};
  for (int a = 0; a < p.dim; ++a) x[a] = p.position[a][i];
  return x;
}

// In an attractant field: the particle keeps in `rate` the hazard left before its next tumble (a
// unit exponential at the start of a run) and spends λ(x, e) dt of it, λ taken where the particle
// is at the start of the step or of the run within it (first order in dt).
void advance_in_field(const ParticleModel& m, ParticleArrays& p, std::size_t i, double t0,
                      double t1) {
  const RunAndTumble& r = m.run_and_tumble;
  const int dim = p.dim;
  double t = t0;
  for (;;) {
    const Vector3 e = direction_of(p, i, r.speed);
    const double rate = tumble_rate(r, dim, e, r.field->gradient(position_of(p, i)));
    if (rate * (t1 - t) < p.rate[i]) {
      p.rate[i] -= rate * (t1 - t);
      for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (t1 - t);
      return;
    }
    const double run = p.rate[i] / rate;
    for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * run;
    t += run;
    const Words4 w = philox4x32_10(p.first_id + i, m.seed, ++p.jumps[i], Stream::tumble);
    set_velocity(p, i, tumble(r, dim, e, w), r.speed);
    p.rate[i] = -std::log(open_uniform(w.w0));
  }
}

// The direction after tumble k > 0 (§8.1): uniform, or E. coli's turn. In 1D a tumble reverses
// the direction with probability (1 − ⟨cos θ⟩)/2, which gives the same ⟨cos θ⟩.
Vector3 tumble(const RunAndTumble& r, int dim, const Vector3& e, const Words4& w) {
  if (dim == 1) {
    const bool reverse = open_uniform(w.w1) < (1 - r.mean_cos()) / 2;
    return {reverse ? -e[0] : e[0], 0, 0};
  }
  if (r.angle == TumbleAngle::uniform)
    return random_direction(dim, open_uniform(w.w1), open_uniform(w.w2), (w.w1 >> 31) != 0);
  return turn(dim, e, ecoli_tumble_cosine(open_uniform(w.w1)), open_uniform(w.w2),
              (w.w3 >> 31) != 0);
}

// One stretch of dt between tumbles in a flow (§8.2): carried by Heun, swimming along e, e turned
// by ½ω dt (Jeffery) where the stretch starts.
void swim_in_flow(const ParticleModel& m, ParticleArrays& p, std::size_t i, double dt) {
  const int dim = p.dim;
  const double v = m.run_and_tumble.speed;
  Vector3 x{0, 0, 0}, u0{0, 0, 0}, predicted{0, 0, 0}, swim{0, 0, 0};
  for (int a = 0; a < dim; ++a) x[a] = p.position[a][i];
  u0 = m.flow->sample_all(x);
  for (int a = 0; a < dim; ++a) swim[a] = p.velocity[a][i] * dt;
  for (int a = 0; a < dim; ++a) predicted[a] = x[a] + u0[a] * dt + swim[a];
  const Vector3 u1 = m.flow->sample_all(predicted);
  for (int a = 0; a < dim; ++a) p.position[a][i] += swim[a] + 0.5 * (u0[a] + u1[a]) * dt;
  const Vector3 w = vorticity(*m.flow, dim, x);
  const Vector3 e =
      rotate(direction_of(p, i, v), {0.5 * w[0] * dt, 0.5 * w[1] * dt, 0.5 * w[2] * dt});
  const double norm = std::sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
  set_velocity(p, i, {e[0] / norm, e[1] / norm, e[2] / norm}, v);
}

// Run-and-tumble carried by a flow: the tumbles keep their Poisson times (the rate does not
// depend on where the particle is), the runs between them are stepped in stretches of at most dt.
void advance_in_flow(const ParticleModel& m, ParticleArrays& p, std::size_t i, double t0,
                     double t1) {
  const RunAndTumble& r = m.run_and_tumble;
  double t = t0;
  while (p.next_jump[i] <= t1) {
    const double at = p.next_jump[i];
    if (at > t) swim_in_flow(m, p, i, at - t);
    t = at;
    const Words4 w = philox4x32_10(p.first_id + i, m.seed, ++p.jumps[i], Stream::tumble);
    const Vector3 e = tumble(r, p.dim, direction_of(p, i, r.speed), w);
    set_velocity(p, i, e, r.speed);
    p.next_jump[i] = at + run_duration(r, p.dim, e, open_uniform(w.w0));
  }
  if (t1 > t) swim_in_flow(m, p, i, t1 - t);
  walls_with_velocity(m, p, i);
}

}  // namespace

void start_run_and_tumble(const ParticleModel& m, ParticleArrays& p) {
  const RunAndTumble& r = m.run_and_tumble;
  // With tumbles that last, a particle starts in a tumble with the stationary probability
  // τ_t/(1/λ + τ_t), for the rest of it (exponential: memoryless); else in a run.
  const double tumbling = r.tumble_duration / (1 / r.tumble_rate + r.tumble_duration);
  for (std::size_t i = 0; i < p.local; ++i) {
    const Words4 w = philox4x32_10(p.first_id + i, m.seed, 0, Stream::tumble);
    const Vector3 e =
        random_direction(m.dim(), open_uniform(w.w1), open_uniform(w.w2), (w.w1 >> 31) != 0);
    set_velocity(p, i, e, r.speed);
    p.jumps[i] = 0;
    if (m.has_pauses()) {
      for (int a = 0; a < p.dim; ++a) p.heading[a][i] = e[a];
      const Words4 pw = philox4x32_10(p.first_id + i, m.seed, 0, Stream::pause);
      if (open_uniform(pw.w0) < tumbling) {
        set_velocity(p, i, e, 0.0);
        p.next_jump[i] = -r.tumble_duration * std::log(open_uniform(pw.w1));
      } else {
        p.next_jump[i] = run_duration(r, m.dim(), e, open_uniform(w.w0));
      }
    } else if (m.has_hazard()) {  // the hazard to spend before the first tumble
      p.rate[i] = -std::log(open_uniform(w.w0));
    } else {
      p.next_jump[i] = run_duration(r, m.dim(), e, open_uniform(w.w0));
    }
    for (int a = 0; a < p.dim; ++a) p.velocity0[a][i] = p.velocity[a][i];
  }
}

namespace {

// Tumbles that last τ_t (§8.1): at the end of run k the particle stops for an exponential time
// (its words: tumble k of the pause stream), then leaves in the turned direction for run k + 1.
void advance_with_pauses(const ParticleModel& m, ParticleArrays& p, std::size_t i, double t0,
                         double t1) {
  const RunAndTumble& r = m.run_and_tumble;
  const int dim = p.dim;
  double t = t0;
  while (p.next_jump[i] <= t1) {
    const double at = p.next_jump[i];
    for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (at - t);
    t = at;
    Vector3 e{0, 0, 0};
    for (int a = 0; a < dim; ++a) e[a] = p.heading[a][i];
    if (p.velocity[0][i] != 0 || (dim > 1 && p.velocity[1][i] != 0) ||
        (dim > 2 && p.velocity[2][i] != 0)) {  // a run ends: stand still
      const Words4 pw = philox4x32_10(p.first_id + i, m.seed, ++p.jumps[i], Stream::pause);
      set_velocity(p, i, e, 0.0);
      p.next_jump[i] = at - r.tumble_duration * std::log(open_uniform(pw.w0));
    } else {  // the tumble ends: run in the turned direction
      const Words4 w = philox4x32_10(p.first_id + i, m.seed, p.jumps[i], Stream::tumble);
      e = tumble(r, dim, e, w);
      for (int a = 0; a < dim; ++a) p.heading[a][i] = e[a];
      set_velocity(p, i, e, r.speed);
      p.next_jump[i] = at + run_duration(r, dim, e, open_uniform(w.w0));
    }
  }
  for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (t1 - t);
  walls_with_velocity(m, p, i);
  // A reflection reverses the velocity of a run: the heading follows it.
  if (p.velocity[0][i] != 0 || (dim > 1 && p.velocity[1][i] != 0) ||
      (dim > 2 && p.velocity[2][i] != 0))
    for (int a = 0; a < dim; ++a) p.heading[a][i] = p.velocity[a][i] / r.speed;
}

}  // namespace

void advance_run_and_tumble(const ParticleModel& m, ParticleArrays& p, double t0, double t1) {
  const RunAndTumble& r = m.run_and_tumble;
  const int dim = p.dim;
  for (std::size_t i = 0; i < p.local; ++i) {
    if (p.alive[i] == 0) continue;
    if (m.has_hazard()) {
      advance_in_field(m, p, i, t0, t1);
      walls_with_velocity(m, p, i);
      continue;
    }
    if (m.has_pauses()) {
      advance_with_pauses(m, p, i, t0, t1);
      continue;
    }
    if (m.flow) {
      advance_in_flow(m, p, i, t0, t1);
      continue;
    }
    double t = t0;
    while (p.next_jump[i] <= t1) {  // run to each tumble due in the step, turn there
      const double at = p.next_jump[i];
      for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (at - t);
      t = at;
      const Words4 w = philox4x32_10(p.first_id + i, m.seed, ++p.jumps[i], Stream::tumble);
      const Vector3 e = tumble(r, dim, direction_of(p, i, r.speed), w);
      set_velocity(p, i, e, r.speed);
      p.next_jump[i] = at + run_duration(r, dim, e, open_uniform(w.w0));
    }
    for (int a = 0; a < dim; ++a) p.position[a][i] += p.velocity[a][i] * (t1 - t);
    walls_with_velocity(m, p, i);
  }
}

void start_active_brownian(const ParticleModel& m, ParticleArrays& p) {
  for (std::size_t i = 0; i < p.local; ++i) {
    const Words4 w = philox4x32_10(p.first_id + i, m.seed, 0, Stream::initial_velocity);
    const Vector3 e =
        random_direction(m.dim(), open_uniform(w.w1), open_uniform(w.w2), (w.w1 >> 31) != 0);
    set_velocity(p, i, e, m.active_brownian.speed);
    for (int a = 0; a < p.dim; ++a) p.velocity0[a][i] = p.velocity[a][i];
  }
}

ActiveStep active_step(const ParticleModel& m) {
  const ActiveBrownian& b = m.active_brownian;
  const double tau = m.persistence_time(), x = m.dt / tau;
  ActiveStep s;
  s.q = std::exp(-x);
  s.kappa = m.dim() == 3 ? von_mises_fisher_concentration(s.q) : 0;
  s.angle = std::sqrt(2 * b.rotational_D * m.dt);
  // Δx = v c (e_n + e_{n+1}) + noise: c = τ tanh(x/2) matches the exact covariance of the
  // displacements of two different steps, v²τ² q^{k−1}(1 − q)²; the noise adds what the
  // variance of one step lacks, 2v²τ²(x − 1 + q) − 2v²c²(1 + q) = v²τ² x³/6 + O(x⁴).
  s.c = tau * std::tanh(x / 2);
  const double missing =
      2 * b.speed * b.speed * (tau * tau * (x + std::expm1(-x)) - s.c * s.c * (1 + s.q));
  s.noise = std::sqrt(2 * b.D * m.dt + std::max(0.0, missing) / m.dim());
  return s;
}

void move_active_brownian(const ParticleModel& m, ParticleArrays& p, std::uint64_t step) {
  const double v = m.active_brownian.speed;
  const int dim = p.dim;
  const ActiveStep s = active_step(m);
  for (std::size_t i = 0; i < p.local; ++i) {
    if (p.alive[i] == 0) continue;
    const std::uint64_t id = p.first_id + i;
    Vector3 e = direction_of(p, i, v);
    Vector3 x{0, 0, 0}, u0{0, 0, 0};
    if (m.flow) {
      // Jeffery's equation for a sphere (§8.2): the flow turns e at half its vorticity, ė = ½ω × e,
      // a rotation by ½ω dt over the step (ω where the step starts).
      for (int a = 0; a < dim; ++a) x[a] = p.position[a][i];
      u0 = m.flow->sample_all(x);
      const Vector3 w = vorticity(*m.flow, dim, x);
      e = rotate(e, {0.5 * w[0] * m.dt, 0.5 * w[1] * m.dt, 0.5 * w[2] * m.dt});
    }
    // The new direction: 2D a Gaussian angle of variance 2D_r dt (⟨cos⟩ = e^{−D_r dt}, exact);
    // 3D a von Mises–Fisher turn whose ⟨cos⟩ is e^{−2 D_r dt}, that of the diffusion on the
    // sphere, so that ⟨e_n·e_m⟩ = q^{|n−m|} exactly.
    const Words4 wr = philox4x32_10(id, m.seed, step, Stream::rotation);
    Vector3 turned;
    if (dim == 2) {
      double g1, g2;
      box_muller(open_uniform(wr.w0), open_uniform(wr.w1), g1, g2);
      const double angle = s.angle * g1, c = std::cos(angle), sn = std::sin(angle);
      const double ex = c * e[0] - sn * e[1], ey = sn * e[0] + c * e[1];
      const double norm = std::sqrt(ex * ex + ey * ey);  // no drift of |e| over many steps
      turned = {ex / norm, ey / norm, 0};
    } else {
      turned = turn(3, e, von_mises_fisher_cosine(open_uniform(wr.w0), s.kappa),
                    open_uniform(wr.w1), false);
    }
    const Words4 w = philox4x32_10(id, m.seed, step, Stream::noise);
    double xi[4];
    box_muller(open_uniform(w.w0), open_uniform(w.w1), xi[0], xi[1]);
    box_muller(open_uniform(w.w2), open_uniform(w.w3), xi[2], xi[3]);
    Vector3 step{0, 0, 0};
    for (int a = 0; a < dim; ++a) step[a] = v * s.c * (e[a] + turned[a]) + s.noise * xi[a];
    if (m.flow) {  // carried by the flow: Heun, ½[u(x) + u(x + u dt + step)] dt (as §2.3)
      Vector3 predicted{0, 0, 0};
      for (int a = 0; a < dim; ++a) predicted[a] = x[a] + u0[a] * m.dt + step[a];
      const Vector3 u1 = m.flow->sample_all(predicted);
      for (int a = 0; a < dim; ++a) step[a] += 0.5 * (u0[a] + u1[a]) * m.dt;
    }
    for (int a = 0; a < dim; ++a) p.position[a][i] += step[a];
    set_velocity(p, i, turned, v);
    walls_with_velocity(m, p, i);
  }
}

}  // namespace fickle::particles
