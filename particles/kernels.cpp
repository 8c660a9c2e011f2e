// Built with -O3 -march=native -ffast-math -fopenmp-simd (particles/CMakeLists.txt): the lane
// loops below vectorise, with glibc's libmvec for log/exp/sin/cos/tan. Every block has exactly
// kBlock lanes, so no particle ever goes through a scalar remainder loop with different rounding.
// -ffast-math assumes finite values: nothing here tests for NaN (ensemble.cpp does).
//
// For GCC to vectorise a lane loop its body must be straight-line code on local scalars: the
// model's numbers are copied into locals first, axes are written out, random words are produced
// into block arrays by one loop and consumed by the next.
#include "particles/kernels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "meshes/face_velocity.hpp"
#include "particles/distributions.hpp"
#include "particles/philox.hpp"
#include "particles/walls.hpp"

namespace fickle::particles {
namespace {

// The clock of an absorbed CTRW particle: it never jumps again (finite, as -ffast-math assumes).
constexpr double kNever = std::numeric_limits<double>::max();

void apply_walls_block(const Axis& w, double* x, double* v, double* alive) {
  if (!has_walls(w)) return;
  if (!v && w.lower == Wall::reflecting && w.upper == Wall::reflecting) {
    // apply_walls' fold without a velocity, as straight-line code that vectorises (tracers in a
    // closed box spent ~10% of their step in the scalar loop): the same operations lane by lane.
    const double lo = w.lo, length = w.hi - w.lo;
#pragma omp simd
    for (std::size_t l = 0; l < kBlock; ++l) {
      bool mirrored = false;
      x[l] = fold_reflecting(lo, length, x[l], mirrored);
    }
    return;
  }
  double unused[kBlock] = {};
  double* vel = v ? v : unused;
  for (std::size_t l = 0; l < kBlock; ++l) apply_walls(w, x[l], vel[l], alive[l]);
}

#if defined(__AVX2__)
// philox4x32_10 for 8 particles at once in 32-bit lanes (GCC vectorises the scalar function with
// 64-bit lanes, half of them wasted, and shuffles to split every product): the 32×32→64-bit
// products of the even lanes and of the odd lanes (shifted down) by _mm256_mul_epu32, their high
// and low words blended back into place. Integer arithmetic: the same words, bit for bit.
struct Philox8 {
  __m256i c0, c1, c2, c3, k0, k1;

  // The words for counters (c0, c1, stream, 0) and keys (k0, seed), c0, c1 and k0 set.
  void draw(std::uint32_t seed, Stream stream) {
    c2 = _mm256_set1_epi32(static_cast<int>(stream));
    c3 = _mm256_setzero_si256();
    k1 = _mm256_set1_epi32(static_cast<int>(seed));
    rounds();
  }
  void rounds() {
    const __m256i m0 = _mm256_set1_epi32(static_cast<int>(0xD2511F53u));
    const __m256i m1 = _mm256_set1_epi32(static_cast<int>(0xCD9E8D57u));
    const __m256i w0 = _mm256_set1_epi32(static_cast<int>(0x9E3779B9u));
    const __m256i w1 = _mm256_set1_epi32(static_cast<int>(0xBB67AE85u));
    for (int round = 0; round < 10; ++round) {
      __m256i hi0, lo0, hi1, lo1;
      multiply(m0, c0, hi0, lo0);
      multiply(m1, c2, hi1, lo1);
      const __m256i n0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), k0);
      const __m256i n2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), k1);
      c1 = lo1, c3 = lo0, c0 = n0, c2 = n2;
      k0 = _mm256_add_epi32(k0, w0);
      k1 = _mm256_add_epi32(k1, w1);
    }
  }
  static void multiply(__m256i m, __m256i c, __m256i& hi, __m256i& lo) {
    const __m256i even = _mm256_mul_epu32(m, c);                        // lanes 0, 2, 4, 6
    const __m256i odd = _mm256_mul_epu32(m, _mm256_srli_epi64(c, 32));  // lanes 1, 3, 5, 7
    hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  }
  // The low and high 32-bit words of 8 consecutive 64-bit values, each in lane order.
  static void split(const std::uint64_t* v, __m256i& low, __m256i& high) {
    const __m256i order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    const __m256i a =
        _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(v)), order);
    const __m256i b = _mm256_permutevar8x32_epi32(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v + 4)), order);
    low = _mm256_permute2x128_si256(a, b, 0x20);
    high = _mm256_permute2x128_si256(a, b, 0x31);
  }
};
#endif

// Random words of one block: lane l is particle id[l] at count[l].
struct BlockWords {
  std::uint32_t w0[kBlock], w1[kBlock], w2[kBlock], w3[kBlock];

  void fill(const std::uint64_t* id, const std::uint64_t* count, std::uint32_t seed,
            Stream stream) {
#if defined(__AVX2__)
    for (std::size_t l = 0; l < kBlock; l += 8) {
      Philox8 g;
      __m256i unused;
      g.split(id + l, g.k0, unused);  // key (id, seed): the id's low word
      g.split(count + l, g.c0, g.c1);
      g.draw(seed, stream);
      store(l, g);
    }
#else
#pragma omp simd
    for (std::size_t l = 0; l < kBlock; ++l) {
      const Words4 w = philox4x32_10(id[l], seed, count[l], stream);
      w0[l] = w.w0, w1[l] = w.w1, w2[l] = w.w2, w3[l] = w.w3;
    }
#endif
  }
  void fill(std::uint64_t first_id, std::uint64_t count, std::uint32_t seed, Stream stream) {
#if defined(__AVX2__)
    for (std::size_t l = 0; l < kBlock; l += 8) {
      Philox8 g;
      g.k0 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first_id + l)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
      g.c0 = _mm256_set1_epi32(static_cast<int>(count));
      g.c1 = _mm256_set1_epi32(static_cast<int>(count >> 32));
      g.draw(seed, stream);
      store(l, g);
    }
#else
#pragma omp simd
    for (std::size_t l = 0; l < kBlock; ++l) {
      const Words4 w = philox4x32_10(first_id + l, seed, count, stream);
      w0[l] = w.w0, w1[l] = w.w1, w2[l] = w.w2, w3[l] = w.w3;
    }
#endif
  }

 private:
#if defined(__AVX2__)
  void store(std::size_t l, const Philox8& g) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(w0 + l), g.c0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(w1 + l), g.c1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(w2 + l), g.c2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(w3 + l), g.c3);
  }
#endif
};

// Per-axis increments of one block.
struct BlockDraws {
  double r0[kBlock], r1[kBlock], r2[kBlock];
  double* axis(int a) { return a == 0 ? r0 : a == 1 ? r1 : r2; }

  void normals(const BlockWords& w) {
#pragma omp simd
    for (std::size_t l = 0; l < kBlock; ++l) {
      double unused;
      box_muller(open_uniform(w.w0[l]), open_uniform(w.w1[l]), r0[l], r1[l]);
      box_muller(open_uniform(w.w2[l]), open_uniform(w.w3[l]), r2[l], unused);
    }
  }
  void signs(const BlockWords& w) {  // lattice steps: ±1 from the top bit of a word
#pragma omp simd
    for (std::size_t l = 0; l < kBlock; ++l) {
      r0[l] = (w.w0[l] >> 31) ? 1.0 : -1.0;
      r1[l] = (w.w1[l] >> 31) ? 1.0 : -1.0;
      r2[l] = (w.w2[l] >> 31) ? 1.0 : -1.0;
    }
  }
  // Six uniforms (four from `a`, two from `b`) → one stable variate per axis.
  void stable(const BlockWords& a, const BlockWords& b, double mu) {
#pragma omp simd
    for (std::size_t l = 0; l < kBlock; ++l) {
      r0[l] = symmetric_stable(open_uniform(a.w0[l]), open_uniform(a.w1[l]), mu);
      r1[l] = symmetric_stable(open_uniform(a.w2[l]), open_uniform(a.w3[l]), mu);
      r2[l] = symmetric_stable(open_uniform(b.w0[l]), open_uniform(b.w1[l]), mu);
    }
  }
};

void waiting_times(const Ctrw& c, const BlockWords& w, double* out) {
  const double alpha = c.alpha, tau = c.tau;
  switch (c.waiting) {
    case Waiting::exponential:
#pragma omp simd
      for (std::size_t l = 0; l < kBlock; ++l)
        out[l] = exponential_wait(open_uniform(w.w0[l]), tau);
      break;
    case Waiting::pareto:
#pragma omp simd
      for (std::size_t l = 0; l < kBlock; ++l)
        out[l] = pareto_wait(open_uniform(w.w0[l]), alpha, tau);
      break;
    case Waiting::mittag_leffler:
#pragma omp simd
      for (std::size_t l = 0; l < kBlock; ++l)
        out[l] = mittag_leffler_wait(open_uniform(w.w0[l]), open_uniform(w.w1[l]), alpha, tau);
      break;
  }
  if (c.min_wait > 0)
    for (std::size_t l = 0; l < kBlock; ++l) out[l] += c.min_wait;
}

}  // namespace

void place_particles(const ParticleModel& m, ParticleArrays& p) {
  const int dim = p.dim;
  BlockWords words;
  BlockDraws draws;
  for (std::size_t b = 0; b < p.padded; b += kBlock) {
    words.fill(p.first_id + b, 0, m.seed, Stream::initial_position);
    if (m.placement == Placement::gaussian) draws.normals(words);
    for (int a = 0; a < dim; ++a) {
      double* x = p.position[a].data() + b;
      const std::uint32_t* bits = a == 0 ? words.w0 : a == 1 ? words.w1 : words.w2;
      const double lower = m.box.lower[a], length = m.box.length(a), c = m.center[a];
      for (std::size_t l = 0; l < kBlock; ++l)
        x[l] = m.placement == Placement::uniform    ? lower + length * open_uniform(bits[l])
               : m.placement == Placement::gaussian ? c + m.sigma * draws.axis(a)[l]
                                                    : c;
    }
    if (m.model == Model::langevin) {
      words.fill(p.first_id + b, 0, m.seed, Stream::initial_velocity);
      draws.normals(words);
      const double thermal = std::sqrt(m.kT / m.mass);  // Maxwell: ⟨v_a²⟩ = kT/m about the flow
      for (int a = 0; a < dim; ++a)
        for (std::size_t l = 0; l < kBlock; ++l)
          p.velocity[a][b + l] = p.velocity0[a][b + l] = m.drift[a] + thermal * draws.axis(a)[l];
    }
    for (int a = 0; a < dim; ++a)
      apply_walls_block(axis_of(m, a), p.position[a].data() + b,
                        p.velocity[a].empty() ? nullptr : p.velocity[a].data() + b,
                        p.alive.data() + b);
  }
  for (int a = 0; a < dim; ++a) p.origin[a] = p.position[a];
}

// The flow's displacement over dt for the 64 particles of block b by Heun's predictor–corrector,
// ½[u(x) + u(x̃)] dt with x̃ = x + u(x) dt + rest (rest: the step's other terms, noise included):
// weak order 2 for additive noise where Euler–Maruyama's u(x) dt is order 1, which in a vortex
// shows as an outward drift of O(dt). Exact for a uniform flow. Every component is read from the
// positions at the start of the step; the field is sampled a whole block at a time (SIMD across
// particles, FaceVelocity::sample_block), every lane alike: the same arithmetic for a particle
// whatever its rank.
static_assert(kBlock == FaceVelocity::kSampleBlock, "a particle block is a sampling block");
static void carried_by_flow(const ParticleModel& m, const ParticleArrays& p, std::size_t b,
                            double dt, const std::array<std::array<double, kBlock>, 3>& rest,
                            std::array<std::array<double, kBlock>, 3>& step) {
  // Block arrays of known alignment only: GCC then runs every lane through the same vector code
  // (no lanes peeled off for alignment into scalar code, whose rounding may differ under
  // -ffast-math), so a particle's arithmetic does not depend on where its block starts.
  alignas(64) double x[3][kBlock] = {}, r[3][kBlock] = {}, u[3][kBlock], x_predicted[3][kBlock],
                     u_predicted[3][kBlock];
  for (int a = 0; a < p.dim; ++a)
    for (std::size_t l = 0; l < kBlock; ++l) {
      x[a][l] = p.position[a][b + l];
      r[a][l] = rest[a][l];
    }
  m.flow->sample_block({x[0], x[1], x[2]}, {u[0], u[1], u[2]});
  for (int a = 0; a < 3; ++a) {
    const double *xa = x[a], *ua = u[a], *ra = r[a];
    double* pa = x_predicted[a];
#pragma omp simd aligned(xa, ua, ra, pa : 64)
    for (std::size_t l = 0; l < kBlock; ++l) pa[l] = xa[l] + ua[l] * dt + ra[l];
  }
  m.flow->sample_block({x_predicted[0], x_predicted[1], x_predicted[2]},
                       {u_predicted[0], u_predicted[1], u_predicted[2]});
  for (int a = 0; a < 3; ++a) {
    const double *ua = u[a], *va = u_predicted[a];
    double* sa = x_predicted[a];  // reused for the step
#pragma omp simd aligned(ua, va, sa : 64)
    for (std::size_t l = 0; l < kBlock; ++l) sa[l] = 0.5 * (ua[l] + va[l]) * dt;
  }
  for (int a = 0; a < p.dim; ++a)
    for (std::size_t l = 0; l < kBlock; ++l) step[a][l] = x_predicted[a][l];
}

void move_overdamped(const ParticleModel& m, ParticleArrays& p, std::uint64_t step) {
  const int dim = p.dim;
  const double dt = m.dt;
  // Euler–Maruyama: dx = (u + F/γ) dt + √(2D) dW, exact for a constant drift (a flow field's
  // part by Heun, carried_by_flow). Lévy flights:
  // dx = (K dt)^{1/μ} S_μ, exact at every step. Lattice walk: ±Δx with Δx = √(2 D dt). Scaled
  // Brownian motion: the variance ∫ 2D(t) dt = 2K (t1^α − t0^α) of the step, exact (§7.2).
  const double t0 = static_cast<double>(step) * dt, t1 = static_cast<double>(step + 1) * dt;
  const double noise =
      m.model == Model::levy ? std::pow(m.levy_K * dt, 1 / m.levy_mu)
      : m.model == Model::sbm
          ? std::sqrt(2 * m.sbm.K * (std::pow(t1, m.sbm.alpha) - std::pow(t0, m.sbm.alpha)))
          : std::sqrt(2 * m.diffusivity * dt);
  const double relax = m.friction > 0 ? m.spring / m.friction * dt : 0.0;  // k dt/γ
  BlockWords words, extra;
  BlockDraws draws;
  std::array<std::array<double, kBlock>, 3> flow_step{}, rest{};
  std::uint64_t id[kBlock], counts[kBlock];
  std::fill(counts, counts + kBlock, step);
  for (std::size_t b = 0; b < p.padded; b += kBlock) {
    if (p.order.empty()) {
      words.fill(p.first_id + b, step, m.seed, Stream::noise);
    } else {  // reordered by cell (Ensemble): the same numbers, keyed by each slot's id
      for (std::size_t l = 0; l < kBlock; ++l) id[l] = p.first_id + p.order[b + l];
      words.fill(id, counts, m.seed, Stream::noise);
    }
    if (m.model == Model::levy) {
      if (p.order.empty())
        extra.fill(p.first_id + b, step, m.seed, Stream::noise_extra);
      else
        extra.fill(id, counts, m.seed, Stream::noise_extra);
      draws.stable(words, extra, m.levy_mu);
    } else if (m.model == Model::random_walk) {
      draws.signs(words);
    } else {
      draws.normals(words);
    }
    const auto advance = [&](int a) {
      return (m.drift[a] + (m.friction > 0 ? m.force[a] / m.friction : 0.0)) * dt;
    };
    if (m.flow) {
      for (int a = 0; a < dim; ++a)
        for (std::size_t l = 0; l < kBlock; ++l)
          rest[a][l] = advance(a) - relax * (p.position[a][b + l] - m.spring_center[a]) +
                       noise * draws.axis(a)[l];
      carried_by_flow(m, p, b, dt, rest, flow_step);
    }
    for (int a = 0; a < dim; ++a) {
      double* x = p.position[a].data() + b;
      const double* alive = p.alive.data() + b;
      const double* r = draws.axis(a);
      const double c = m.spring_center[a];
      if (m.flow) {
        const double* carried = flow_step[a].data();
        for (std::size_t l = 0; l < kBlock; ++l) x[l] += alive[l] * (carried[l] + rest[a][l]);
        apply_walls_block(axis_of(m, a), x, nullptr, p.alive.data() + b);
        continue;
      }
      const double step_drift = advance(a);
#pragma omp simd
      for (std::size_t l = 0; l < kBlock; ++l)
        x[l] += alive[l] * (step_drift - relax * (x[l] - c) + noise * r[l]);
      apply_walls_block(axis_of(m, a), x, nullptr, p.alive.data() + b);
    }
  }
}

void move_langevin(const ParticleModel& m, ParticleArrays& p, std::uint64_t step) {
  const int dim = p.dim;
  const double h = m.dt / 2;
  // O is the exact Ornstein–Uhlenbeck step about the flow velocity u:
  // v ← u + e^{−dt/τ_p}(v − u) + √(kT/m (1 − e^{−2dt/τ_p})) ξ
  const double decay = std::exp(-m.dt / m.momentum_relaxation_time());
  const double kick = std::sqrt(m.kT / m.mass * (1 - decay * decay));
  const double spring = m.spring / m.mass;  // force per mass −k(x − c)/m
  BlockWords words;
  BlockDraws draws;
  for (std::size_t b = 0; b < p.padded; b += kBlock) {
    words.fill(p.first_id + b, step, m.seed, Stream::noise);
    draws.normals(words);
    for (int a = 0; a < dim; ++a) {
      double* x = p.position[a].data() + b;
      double* v = p.velocity[a].data() + b;
      const double* alive = p.alive.data() + b;
      const double* r = draws.axis(a);
      const double f = m.force[a] / m.mass, c = m.spring_center[a], u = m.drift[a];
#pragma omp simd
      for (std::size_t l = 0; l < kBlock; ++l) {
        double vl = v[l], xl = x[l];
        vl += h * (f - spring * (xl - c));        // B
        xl += h * vl;                             // A
        vl = u + decay * (vl - u) + kick * r[l];  // O
        xl += h * vl;                             // A
        vl += h * (f - spring * (xl - c));        // B
        x[l] += alive[l] * (xl - x[l]);
        v[l] = vl;
      }
      apply_walls_block(axis_of(m, a), x, v, p.alive.data() + b);
    }
  }
}

void start_ctrw_clocks(const ParticleModel& m, ParticleArrays& p) {
  BlockWords words;
  for (std::size_t b = 0; b < p.padded; b += kBlock) {
    words.fill(p.first_id + b, 0, m.seed, Stream::waiting);
    waiting_times(m.ctrw, words, p.next_jump.data() + b);
  }
  for (std::size_t i = 0; i < p.padded; ++i)
    if (p.alive[i] == 0) p.next_jump[i] = kNever;  // absorbed where it was placed
  std::fill(p.jumps.begin(), p.jumps.end(), 0);
}

std::uint64_t advance_ctrw(const ParticleModel& m, ParticleArrays& p, double t_end,
                           std::vector<std::uint32_t>& pending) {
  const Ctrw& c = m.ctrw;
  const int dim = p.dim;
  std::array<Axis, 3> axes{};
  bool walls = false;
  for (int a = 0; a < dim; ++a) {
    axes[a] = axis_of(m, a);
    walls = walls || has_walls(axes[a]);
  }
  // The scan over every particle's clock is what a step costs when few particles jump (it is
  // memory bound at 10⁶ particles): it reads only next_jump, which absorption sets to kNever.
  pending.clear();
  const double* next = p.next_jump.data();
  for (std::size_t i = 0; i < p.local; ++i)
    if (next[i] <= t_end) pending.push_back(static_cast<std::uint32_t>(i));
  std::uint64_t made = 0;
  BlockWords words, extra;
  BlockDraws draws;
  double wait[kBlock];
  std::uint64_t id[kBlock], count[kBlock], next_count[kBlock];
  // Rounds: every pending particle makes one jump, then those still due go round again. The
  // random numbers of a jump depend only on (id, jump number), so the order does not matter.
  while (!pending.empty()) {
    std::size_t kept = 0;
    for (std::size_t start = 0; start < pending.size(); start += kBlock) {
      const std::size_t lanes = std::min(kBlock, pending.size() - start);
      for (std::size_t l = 0; l < kBlock; ++l) {
        const std::uint32_t i = pending[start + std::min(l, lanes - 1)];  // pad with the last
        id[l] = p.first_id + i;
        count[l] = p.jumps[i];
        next_count[l] = count[l] + 1;
      }
      words.fill(id, count, m.seed, Stream::jump);
      if (c.jump == JumpLaw::levy) {
        extra.fill(id, count, m.seed, Stream::jump_extra);
        draws.stable(words, extra, c.mu);
      } else if (c.jump == JumpLaw::lattice) {
        draws.signs(words);
      } else {
        draws.normals(words);
      }
      words.fill(id, next_count, m.seed, Stream::waiting);
      waiting_times(c, words, wait);
      for (std::size_t l = 0; l < lanes; ++l) {
        const std::uint32_t i = pending[start + l];
        for (int a = 0; a < dim; ++a) {
          p.position[a][i] += c.sigma * draws.axis(a)[l];
          double unused = 0;
          if (walls) apply_walls(axes[a], p.position[a][i], unused, p.alive[i]);
        }
        p.next_jump[i] = p.alive[i] != 0 ? p.next_jump[i] + wait[l] : kNever;
        ++p.jumps[i];
        ++made;
        // Rounds reuse the front of `pending` for the particles that are still due.
        if (p.next_jump[i] <= t_end) pending[kept++] = i;
      }
    }
    pending.resize(kept);
  }
  return made;
}

}  // namespace fickle::particles
