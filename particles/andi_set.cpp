#include "particles/andi_set.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "particles/ensemble.hpp"
#include "particles/philox.hpp"
#include "particles/tracks.hpp"

namespace fickle::particles {

namespace {

constexpr const char* kNames[] = {"attm", "ctrw", "fbm", "levy-walk", "sbm", "brownian"};

// Uniforms in (0, 1), one after another, keyed by (seed, id) on the `andi` stream from counter
// `first` on.
class Uniforms {
 public:
  Uniforms(std::uint32_t seed, std::uint64_t id, std::uint64_t first)
      : seed_(seed), id_(id), count_(first) {}
  double next() {
    if (used_ == 4) {
      words_ = philox4x32_10(id_, seed_, count_++, Stream::andi);
      used_ = 0;
    }
    const std::uint32_t w[4] = {words_.w0, words_.w1, words_.w2, words_.w3};
    return open_uniform(w[used_++]);
  }

 private:
  std::uint32_t seed_;
  std::uint64_t id_, count_;
  Words4 words_{};
  int used_ = 4;
};

// ATTM's σ as the AnDi generator draws it (its "regime 1"): 3 U(0.01, 1.1), again until
// σ ≤ γ = σ/α ≤ σ + 1, the regime where MSD ∝ t^{σ/γ}.
double attm_sigma(double alpha, Uniforms& u) {
  for (;;) {
    const double sigma = 3 * (0.01 + 1.09 * u.next());
    const double gamma = sigma / alpha;
    if (sigma <= gamma && gamma <= sigma + 1) return sigma;
  }
}

// `count` trajectories of `frames` frames of one model, [trajectory][frame].
std::vector<std::vector<double>> simulate(ParticleModel m, long count, long frames,
                                          std::uint32_t seed, std::uint64_t first_id) {
  m.count = static_cast<std::uint64_t>(count);
  m.first_id = first_id;
  m.seed = seed;
  m.dt = 1;
  m.steps = frames - 1;
  m.box.dim = 1;
  m.box.lower[0] = -1, m.box.upper[0] = 1;
  m.walls[0] = {Wall::open, Wall::open};
  Ensemble e(MPI_COMM_SELF, m);
  std::vector<std::vector<double>> x(static_cast<std::size_t>(count));
  for (long k = 0; k < frames; ++k) {
    if (k > 0) e.advance();
    for (std::size_t j = 0; j < x.size(); ++j) x[j].push_back(e.arrays().position[0][j]);
  }
  return x;
}

// AnDi's preparation of one trajectory: unit step deviation over all its frames, localisation
// noise of σ (in those units) on every frame, then only the first `length` frames.
std::vector<double> prepare(const std::vector<double>& x, double sigma, long length,
                            std::uint32_t seed, std::uint64_t id) {
  double mean = 0, square = 0;
  const double n = static_cast<double>(x.size() - 1);
  for (std::size_t k = 1; k < x.size(); ++k) {
    const double d = x[k] - x[k - 1];
    mean += d / n, square += d * d / n;
  }
  const double sd = std::sqrt(std::max(0.0, square - mean * mean));
  std::vector<double> out(static_cast<std::size_t>(length));
  for (std::size_t k = 0; k < out.size(); ++k)
    out[k] = (x[k] - x[0]) / (sd > 0 ? sd : 1.0) + localisation_noise(seed, id, k, 0, sigma);
  return out;
}

}  // namespace

const char* andi_model_name(int model) {
  return kNames[model];
}

std::array<double, 2> andi_alpha_range(AndiModel model) {
  switch (model) {
    case AndiModel::attm:
    case AndiModel::ctrw:
      return {0.05, 1.0};
    case AndiModel::fbm:
      return {0.05, 1.95};
    case AndiModel::levy_walk:
      return {1.05, 2.0};
    case AndiModel::sbm:
      return {0.05, 2.0};
    case AndiModel::brownian:
      return {1.0, 1.0};
  }
  return {1.0, 1.0};
}

ParticleModel andi_particle_model(AndiModel model, double alpha, double attm_sigma) {
  ParticleModel m;
  switch (model) {
    case AndiModel::attm:
      m.model = Model::attm;
      m.attm = {attm_sigma, attm_sigma / alpha, 1.0, 1.0};
      break;
    case AndiModel::ctrw:
      m.model = Model::ctrw;
      m.ctrw = {Waiting::pareto, alpha, 1.0, JumpLaw::gaussian, 1.0, 2.0, 1.0};
      break;
    case AndiModel::fbm:
      m.model = Model::fbm;
      m.fbm = {alpha / 2, 1.0};
      break;
    case AndiModel::levy_walk:
      m.model = Model::levy_walk;
      m.levy_walk = {3 - alpha, 1.0, 1.0};
      break;
    case AndiModel::sbm:
      m.model = Model::sbm;
      m.sbm = {alpha, 1.0};
      break;
    case AndiModel::brownian:
      m.model = Model::brownian;
      m.diffusivity = 1, m.kT = 1, m.friction = 1;
      break;
  }
  return m;
}

void make_andi_set(const AndiSettings& s, std::uint32_t seed, std::uint64_t first_id,
                   const std::function<void(AndiTrajectory&&)>& take) {
  for (long g = 0; g * s.group < s.trajectories; ++g) {
    // A group: one class (in turn, so the classes are balanced) and one α.
    const std::uint64_t group_first = first_id + static_cast<std::uint64_t>(g * s.group);
    const long count = std::min(s.group, s.trajectories - g * s.group);
    const auto model = static_cast<AndiModel>(g % kAndiClasses);
    Uniforms u(seed, group_first, 0);
    const auto [lo, hi] = andi_alpha_range(model);
    const double alpha = lo + (hi - lo) * u.next();
    const double sigma = model == AndiModel::attm ? attm_sigma(alpha, u) : 0.0;
    const auto paths =
        simulate(andi_particle_model(model, alpha, sigma), count, s.max_length, seed, group_first);
    for (long j = 0; j < count; ++j) {
      const std::uint64_t id = group_first + static_cast<std::uint64_t>(j);
      Uniforms v(seed, id, std::uint64_t{1} << 32);  // apart from the group's draws
      const long length =
          s.min_length +
          std::min(
              s.max_length - s.min_length,
              static_cast<long>(v.next() * static_cast<double>(s.max_length - s.min_length + 1)));
      const double noise = s.noise[std::min(
          s.noise.size() - 1,
          static_cast<std::size_t>(v.next() * static_cast<double>(s.noise.size())))];
      take({static_cast<int>(model), alpha, noise,
            prepare(paths[static_cast<std::size_t>(j)], noise, length, seed, id)});
    }
  }
}

}  // namespace fickle::particles
