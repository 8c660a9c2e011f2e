// Whole trajectories of a subset of the particles, recorded every few steps: what single-particle
// tracking measures (docs/science.md §7.6). They feed the time-averaged statistics (TAMSD, EB,
// velocity autocorrelation) and the tracks file a tracking tool would export.
//
// The tracked ids are fixed by the run (the multiples of max(1, ⌊count/N⌋), counted from the first
// id): each rank records those it owns, so the set does not depend on the number of ranks. A
// checkpoint holds every track in id order in one file that any number of ranks can read back.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "particles/model.hpp"
#include "particles/particle_arrays.hpp"

namespace fickle::particles {

/// Tracks gathered in id order: frame k of track j is xyz[(j * frames + k) * dim + a].
struct TrackTable {
  int dim = 1;
  std::vector<double> times;  ///< one per frame
  std::vector<std::uint64_t> ids;
  std::vector<double> xyz;
  std::size_t frames() const { return times.size(); }
};

class Tracks {
 public:
  /// `count` tracks (at most the particles) recorded at the steps that are multiples of `every`.
  Tracks(const ParticleModel& model, const ParticleArrays& p, std::uint64_t count, long every);

  bool due(long step) const { return step % every_ == 0; }
  long every() const { return every_; }
  /// Appends the tracked particles' positions at time t.
  void record(const ParticleArrays& p, double t);

  int dim() const { return dim_; }
  std::size_t local_count() const { return local_.size(); }
  std::size_t frames() const { return times_.size(); }
  const std::vector<double>& times() const { return times_; }
  /// Track k of this rank: frames × dim values, frame-major.
  const std::vector<double>& local_track(std::size_t k) const { return xyz_[k]; }

  /// Every track on rank 0 (collective; the other ranks get an empty table).
  TrackTable gather(MPI_Comm comm) const;
  /// Writes the gathered tracks to `file` on rank 0 (collective).
  void save(MPI_Comm comm, const std::filesystem::path& file) const;
  /// Reads them back, keeping this rank's tracks (collective); throws std::runtime_error for a
  /// file that does not hold these tracks.
  void load(MPI_Comm comm, const std::filesystem::path& file);

 private:
  int dim_;
  long every_;
  std::vector<std::uint64_t> local_;  ///< the tracked ids this rank owns
  std::vector<std::size_t> index_;    ///< their index in the rank's particle arrays
  std::vector<double> times_;
  std::vector<std::vector<double>> xyz_;
};

/// Localisation noise for a written position: σ ξ with ξ standard normal keyed by (seed, id,
/// frame, axis), as a tracking microscope adds it to every frame; 0 when σ = 0.
double localisation_noise(std::uint32_t seed, std::uint64_t id, std::uint64_t frame, int axis,
                          double sigma);

}  // namespace fickle::particles
