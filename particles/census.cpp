#include "particles/census.hpp"

#include <cmath>

namespace fickle::particles {

std::vector<double> region_counts(MPI_Comm comm, const ParticleModel& model,
                                  const ParticleArrays& p, const std::vector<Region>& regions) {
  const Grid& g = model.box;
  std::vector<long long> counts(regions.size(), 0);
  if (regions.empty()) return {};
  for (std::size_t i = 0; i < p.local; ++i) {
    if (p.alive[i] == 0) continue;
    std::array<double, 3> x{0, 0, 0};
    for (int a = 0; a < g.dim; ++a) {
      x[a] = p.position[a][i];
      if (g.periodic[a]) x[a] -= g.length(a) * std::floor((x[a] - g.lower[a]) / g.length(a));
    }
    for (std::size_t r = 0; r < regions.size(); ++r)
      if (regions[r].contains(x, g.dim)) ++counts[r];
  }
  MPI_Allreduce(MPI_IN_PLACE, counts.data(), static_cast<int>(counts.size()), MPI_LONG_LONG,
                MPI_SUM, comm);
  return {counts.begin(), counts.end()};
}

std::array<double, 6> face_crossings(MPI_Comm comm, const ParticleModel& model,
                                     const ParticleArrays& p) {
  const Grid& g = model.box;
  std::array<long long, 6> net{0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < p.local; ++i)
    for (int a = 0; a < g.dim; ++a) {
      const double x = p.position[a][i];
      if (g.periodic[a]) {
        const auto k = static_cast<long long>(std::floor((x - g.lower[a]) / g.length(a)));
        net[2 * a] -= k;
        net[2 * a + 1] += k;
        continue;
      }
      // Beyond the face (open), or on it and absorbed; a reflected particle is never beyond it.
      const bool absorbed = p.alive[i] == 0;
      if (x < g.lower[a] || (absorbed && x <= g.lower[a])) ++net[2 * a];
      if (x > g.upper[a] || (absorbed && x >= g.upper[a])) ++net[2 * a + 1];
    }
  MPI_Allreduce(MPI_IN_PLACE, net.data(), 6, MPI_LONG_LONG, MPI_SUM, comm);
  return {static_cast<double>(net[0]), static_cast<double>(net[1]), static_cast<double>(net[2]),
          static_cast<double>(net[3]), static_cast<double>(net[4]), static_cast<double>(net[5])};
}

}  // namespace fickle::particles
