// The particles kind's tracks (output.tracks, docs/cases.md): a subset of the particles recorded
// every few steps (particles/tracks.hpp), the single-trajectory statistics computed from them
// (analysis/tamsd.hpp) as series columns and summary keys next to their exact laws
// (particles/msd_law.hpp), tracks.csv with localisation noise, and their checkpoint state.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/tamsd.hpp"
#include "particles/ensemble.hpp"
#include "particles/msd_law.hpp"
#include "particles/tracks.hpp"

namespace fickle {

struct TrackSettings {
  long count = 0;    ///< tracked particles (0: none)
  long every = 1;    ///< steps between frames
  double noise = 0;  ///< σ of the localisation noise added to tracks.csv [length]
};

class TrackReport {
 public:
  /// Records frame 0 of the ensemble as it starts; `total_steps` fixes the frames of the laws.
  TrackReport(MPI_Comm comm, const particles::Ensemble& ensemble, const TrackSettings& settings,
              long total_steps);

  /// Records a frame when the ensemble's step is a multiple of `every`.
  void record(const particles::Ensemble& ensemble);
  /// Series columns: ⟨δ²⟩ and EB at a lag of one frame over the frames so far (and the law).
  std::vector<std::string> columns() const;
  std::vector<double> values() const;  ///< collective
  /// The statistics at log-spaced lags and the velocity autocorrelation (collective).
  void summarise(nlohmann::json& s) const;
  /// tracks.csv in `run_dir`, positions plus localisation noise (collective).
  void write(const std::filesystem::path& run_dir) const;
  /// The frames so far into `dir` (collective); what load needs.
  nlohmann::json save(const std::filesystem::path& dir, long step) const;
  void load(const std::filesystem::path& dir, const nlohmann::json& state);

 private:
  std::vector<TrajectoryView> views() const;
  double frame_dt() const { return static_cast<double>(settings_.every) * model_.dt; }

  MPI_Comm comm_;
  const particles::ParticleModel& model_;
  TrackSettings settings_;
  particles::Tracks tracks_;
  particles::TamsdLaw law_;
  std::vector<double> msd_at_frames_;  ///< the exact MSD at every frame of the run (with a law)
};

}  // namespace fickle
