// Statistics of single trajectories (docs/science.md §7.6): the time-averaged MSD of each
// trajectory,
//
//     δ²(Δ) = 1/(n − k) Σ_{j<n−k} |x_{j+k} − x_j|²,   Δ = k frames,
//
// its mean and spread over the trajectories, the ergodicity-breaking parameter
// EB = ⟨(δ²)²⟩/⟨δ²⟩² − 1, and the correlation of displacements over consecutive frames (the
// velocity autocorrelation of a tracking experiment). Trajectories may be spread over ranks: the
// sums behind every statistic are reduced over the communicator, and each estimate comes with its
// standard error (the delta method for the ratios).
#pragma once

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace fickle {

/// One trajectory: frames × dim positions, frame-major.
struct TrajectoryView {
  const double* xyz = nullptr;
  std::size_t frames = 0;
  int dim = 1;
};

/// δ²(k) of one trajectory, summed over the axes (NaN when k ≥ frames).
double tamsd(const TrajectoryView& x, long lag);

/// Frame lags 1, 2, … spaced `per_decade` to a decade (deduplicated), up to `largest`.
std::vector<long> log_spaced_lags(long largest, int per_decade);

struct SingleTrajectoryStatistics {
  long trajectories = 0;
  std::vector<long> lags;                                ///< in frames
  std::vector<double> tamsd_mean, tamsd_standard_error;  ///< ⟨δ²⟩ over the trajectories
  std::vector<double> tamsd_relative_spread;             ///< sd(δ²)/⟨δ²⟩
  std::vector<double> ergodicity_breaking, ergodicity_breaking_standard_error;
  std::vector<double> msd;  ///< the trajectories' own ensemble MSD ⟨|x_k − x_0|²⟩ at the lags
  /// ⟨v_j·v_{j+k}⟩/⟨v_j·v_j⟩ over all frames and trajectories, k = 0 … K, v_j = x_{j+1} − x_j
  std::vector<double> velocity_autocorrelation, velocity_autocorrelation_standard_error;
};

/// The statistics at `lags` and for velocity lags 0 … `velocity_lags` (none when negative);
/// collective on `comm`: every rank passes its own trajectories and gets the same result.
SingleTrajectoryStatistics single_trajectory_statistics(MPI_Comm comm,
                                                        const std::vector<TrajectoryView>& local,
                                                        const std::vector<long>& lags,
                                                        long velocity_lags);

}  // namespace fickle
