// Particles against the PDE they converge to: two finished runs on the same grid compared at the
// snapshot times they share. Used by the `compare` kind and by `fickle compare RUN_A RUN_B`.
//
// Writes into the output directory (docs/compare.md has every column and key):
//   compare.json   per time: L1/L2 density gaps, the gaps sampling noise alone would give and
//                  the z-score; MSDs (or fractional moments) and their agreement; exponents
//   compare.csv    the same per time;  msd.csv  both MSD series;  profiles.csv  centre lines
//   compare.pvd    particle_density, pde_density, difference, difference_over_noise per time
#pragma once

#include <mpi.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <utility>

#include "app/run/finished_run.hpp"
#include "app/run/run_directory.hpp"
#include "meshes/vtk_series.hpp"

namespace fickle {

struct CompareSettings {
  /// A density gap (or MSD difference) within this many standard deviations of the sampling
  /// noise counts as agreement.
  double z_limit = 3;
  bool plots = true;  ///< `compare.plots`: tools/plot_compare.py (with `output.plots`)
  VtkMetadata vtk;    ///< title and units of compare.pvd
};

/// The particle run and the PDE run (fick or fractional) of two run directories, in either order.
std::pair<FinishedRun, FinishedRun> read_run_pair(const std::filesystem::path& a,
                                                  const std::filesystem::path& b);

/// Compares the runs (collective; rank 0 reads the densities) and writes the files above into
/// `out`. Returns the headline numbers for summary.json, the same on every rank.
nlohmann::json compare_runs(MPI_Comm comm, const FinishedRun& particles, const FinishedRun& pde,
                            const std::filesystem::path& out, Log& log,
                            const CompareSettings& settings);

}  // namespace fickle
