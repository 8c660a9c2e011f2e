// Step kernels of the models that do not vectorise over particles: fractional Brownian motion
// (each particle reads its own pre-drawn path, docs/science.md §7.1) and walkers among obstacles
// on a lattice (each move asks whether the target site is blocked, §7.5).
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "particles/kernels.hpp"
#include "particles/philox.hpp"
#include "particles/walls.hpp"

namespace fickle::particles {
namespace {

using Site = std::array<std::int64_t, 3>;

Site site_of(const ParticleModel& m, const ParticleArrays& p, std::size_t i) {
  Site n{0, 0, 0};
  for (int a = 0; a < p.dim; ++a)
    n[a] = std::llround((p.position[a][i] - m.box.lower[a]) / m.crowded.spacing);
  return n;
}

void set_site(const ParticleModel& m, ParticleArrays& p, std::size_t i, const Site& n) {
  // From the integer site, never by adding steps: no drift of round-off over a long walk.
  for (int a = 0; a < p.dim; ++a)
    p.position[a][i] = m.box.lower[a] + m.crowded.spacing * static_cast<double>(n[a]);
}

// Whether the cluster of free sites around `start` reaches `radius` sites away (in the maximum
// norm): a breadth-first search inside the cube of that radius.
class SpanningCheck {
 public:
  SpanningCheck(const ParticleModel& m, long radius)
      : m_(m), radius_(radius), width_(2 * radius + 1) {
    long cells = 1;
    for (int a = 0; a < m.dim(); ++a) cells *= width_;
    seen_.assign(static_cast<std::size_t>(cells), 0);
  }

  bool reaches(const Site& start) {
    std::fill(seen_.begin(), seen_.end(), 0);
    queue_.assign(1, start);
    seen_[index(start, start)] = 1;
    for (std::size_t head = 0; head < queue_.size(); ++head) {
      const Site s = queue_[head];
      for (int a = 0; a < m_.dim(); ++a)
        for (int sign : {-1, 1}) {
          Site t = s;
          t[a] += sign;
          if (std::llabs(t[a] - start[a]) > radius_) return true;  // left the cube: reached R
          const std::size_t k = index(t, start);
          if (seen_[k] || site_blocked(m_, t)) continue;
          seen_[k] = 1;
          queue_.push_back(t);
        }
    }
    return false;
  }

 private:
  std::size_t index(const Site& s, const Site& start) const {
    std::size_t k = 0;
    for (int a = m_.dim() - 1; a >= 0; --a)
      k = k * static_cast<std::size_t>(width_) +
          static_cast<std::size_t>(s[a] - start[a] + radius_);
    return k;
  }

  const ParticleModel& m_;
  long radius_, width_;
  std::vector<char> seen_;
  std::vector<Site> queue_;
};

}  // namespace

bool site_blocked(const ParticleModel& m, const std::array<std::int64_t, 3>& n) {
  // Keyed by the site, not by a particle: every rank sees the same lattice.
  const std::uint64_t count = static_cast<std::uint32_t>(n[1]) |
                              (static_cast<std::uint64_t>(static_cast<std::uint32_t>(n[2])) << 32);
  const Words4 w = philox4x32_10(static_cast<std::uint32_t>(n[0]), m.seed, count, Stream::obstacle);
  return open_uniform(w.w0) < m.crowded.fraction;
}

void place_crowded(const ParticleModel& m, ParticleArrays& p) {
  const double a_lattice = m.crowded.spacing;
  std::array<std::int64_t, 3> sites{1, 1, 1};
  for (int a = 0; a < p.dim; ++a)
    sites[a] = std::max<std::int64_t>(1, static_cast<std::int64_t>(m.box.length(a) / a_lattice));
  std::unique_ptr<SpanningCheck> spanning;
  if (m.crowded.spanning > 0) spanning = std::make_unique<SpanningCheck>(m, m.crowded.spanning);
  constexpr std::uint64_t kAttempts = 100000;
  for (std::size_t i = 0; i < p.local; ++i) {
    const std::uint64_t id = p.first_id + i;
    std::uint64_t k = 0;
    for (; k < kAttempts; ++k) {
      const Words4 w = philox4x32_10(id, m.seed, k, Stream::start_site);
      const double u[3] = {open_uniform(w.w0), open_uniform(w.w1), open_uniform(w.w2)};
      Site n{0, 0, 0};
      for (int a = 0; a < p.dim; ++a)
        n[a] =
            std::min(sites[a] - 1, static_cast<std::int64_t>(u[a] * static_cast<double>(sites[a])));
      if (site_blocked(m, n) || (spanning && !spanning->reaches(n))) continue;
      set_site(m, p, i, n);
      break;
    }
    if (k == kAttempts)
      throw std::runtime_error(
          "crowded: no start site found in 100000 tries (the obstacle fraction leaves no free "
          "site, or no spanning cluster, inside the grid)");
  }
  for (int a = 0; a < p.dim; ++a) p.origin[a] = p.position[a];
}

void move_crowded(const ParticleModel& m, ParticleArrays& p, std::uint64_t step) {
  const auto directions = static_cast<std::uint64_t>(2 * p.dim);
  for (std::size_t i = 0; i < p.local; ++i) {
    if (p.alive[i] == 0) continue;
    // The "blind ant": one of the 2d neighbours at random; a blocked one means staying put.
    const Words4 w = philox4x32_10(p.first_id + i, m.seed, step, Stream::noise);
    const auto choice = static_cast<int>((std::uint64_t{w.w0} * directions) >> 32);
    Site n = site_of(m, p, i);
    n[choice / 2] += choice % 2 ? 1 : -1;
    if (!site_blocked(m, n)) set_site(m, p, i, n);
  }
}

void move_fbm(const ParticleModel& m, ParticleArrays& p, const FbmPaths& paths,
              std::uint64_t step) {
  if (static_cast<long>(step) >= paths.steps())
    throw std::logic_error("fbm: the paths were drawn for fewer steps than the run makes");
  // x_a(t) = √(2K) B_H(t): over one step of dt the increment is √(2K) dt^H times unit fGn.
  const double scale = std::sqrt(2 * m.fbm.K) * std::pow(m.dt, m.fbm.hurst);
  for (std::size_t i = 0; i < p.local; ++i) {
    for (int a = 0; a < p.dim; ++a) {
      p.position[a][i] += p.alive[i] * scale * paths.increment(i, a, static_cast<long>(step));
      double unused = 0;
      const Axis w = axis_of(m, a);
      if (has_walls(w)) apply_walls(w, p.position[a][i], unused, p.alive[i]);
    }
  }
}

}  // namespace fickle::particles
