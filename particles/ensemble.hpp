// A particle run on a communicator: ids [0, count) split into contiguous blocks per rank, the
// model's moves (kernels.hpp), and the collective parts: moments (MSD, VACF, survival), the
// histogram on the case grid as a DMDA Vec, samples for VTK, checkpoints with MPI-IO.
//
// Particles are distributed by id, not by position: the models here need no field, so no
// migration is needed, every rank gets the same load, and a particle's random numbers never
// depend on where it is. The histogram still lands on the grid's DMDA decomposition (summed with
// MPI_Reduce_scatter into PETSc ordering), ready to compare with a PDE field.
#pragma once

#include <mpi.h>

#include <array>
#include <filesystem>
#include <vector>

#include "core/petsc.hpp"
#include "particles/fbm_paths.hpp"
#include "particles/model.hpp"
#include "particles/particle_arrays.hpp"

namespace fickle::particles {

/// Ensemble averages over the particles still alive (displacements are unwrapped).
struct Moments {
  double alive = 0;                  ///< particles not absorbed
  std::array<double, 3> msd_axis{};  ///< ⟨Δx_a²⟩
  double msd = 0;                    ///< ⟨|Δx|²⟩ = Σ_a msd_axis
  double msd_standard_error = 0;     ///< √(Var(|Δx|²)/alive)
  std::array<double, 3> mean_displacement{};
  /// Particles that carry a velocity: ⟨v_a⟩ (chemotaxis: the drift up the gradient, §8.3) and
  /// its standard error √(Var v_a / alive)
  std::array<double, 3> mean_velocity{};
  std::array<double, 3> mean_velocity_standard_error{};
  /// langevin, levy-walk: the velocity variance about the mean velocity, averaged over the axes
  /// (langevin → kT/m, also with a flow or a force; levy-walk: v²/d)
  double v2 = 0;
  /// langevin, levy-walk: the covariance of v_a(0) and v_a(t), averaged over the axes
  /// (langevin → (kT/m) e^{−t/τ_p}; levy-walk → (v²/d) P(first flight > t))
  double vacf = 0;
  /// ⟨|Δx_a|^q⟩ averaged over the axes, for the order q asked (0: not computed): finite for Lévy
  /// flights when q < μ, where the MSD is not.
  double fractional_moment = 0;
  double fractional_moment_standard_error = 0;
};

/// Where a particle of the sample is (the VTK point array `state`).
enum class ParticleState : std::int64_t {
  alive = 0,     ///< moving, inside the grid
  absorbed = 1,  ///< stopped by an absorbing wall, where it crossed it
  left = 2,      ///< moving, outside the grid (an open face)
};

/// Particles chosen for the VTK sample (ids multiple of a stride), absorbed ones included, with
/// box positions.
struct ParticleSample {
  std::vector<std::int64_t> id;
  std::vector<std::array<double, 3>> position;      ///< wrapped into the box on periodic axes
  std::vector<std::array<double, 3>> displacement;  ///< unwrapped
  std::vector<std::array<double, 3>> velocity;      ///< langevin only (else empty)
  std::vector<std::int64_t> state;                  ///< ParticleState
  std::vector<std::int64_t> jumps;                  ///< ctrw only (else empty): jumps made
};

class Ensemble {
 public:
  Ensemble(MPI_Comm comm, const ParticleModel& model);

  void advance();  ///< one step of dt
  long step() const { return step_; }
  double time() const { return static_cast<double>(step_) * model_.dt; }
  const ParticleModel& model() const { return model_; }
  /// The particles in id order (slot i holds id first_id + i).
  const ParticleArrays& arrays() const {
    restore_id_order();
    return p_;
  }
  /// The particles in the order they are stored (tracers: sorted by cell, ParticleArrays::order),
  /// for what does not depend on the order (counts).
  const ParticleArrays& stored() const { return p_; }

  /// Jumps made by all particles since t = 0 (ctrw; collective).
  double total_jumps() const;
  Moments moments(double fractional_order = 0) const;  ///< collective
  /// Particles per cell volume, divided by count (collective): Σ density h^d is the fraction of
  /// all particles that are alive and inside the grid (open faces let particles leave it).
  void density(DM da, Vec out) const;
  ParticleSample sample(std::uint64_t stride) const;
  /// False when a position (or velocity) is not finite: the run diverged (collective).
  bool finite() const;

  /// Writes the state as one file in id order (collective; any rank count can read it back).
  void save(const std::filesystem::path& file) const;
  void load(const std::filesystem::path& file, long step);

 private:
  /// The per-particle arrays a checkpoint holds, each 8 bytes per particle.
  std::vector<void*> state_sections();
  void transfer(const std::filesystem::path& file, bool write);
  /// Tracers in a flow: reorders the particles by the flow grid's cell (x fastest), so that a
  /// block of particles samples a few cells of the field, in cache, instead of 64 scattered ones.
  /// Only the slots change: every random number is keyed by the particle's id (ParticleArrays::
  /// order), so the paths are the same bit for bit.
  void sort_by_cell();
  /// Checkpoints and arrays() get id order back first; the next sort then waits
  /// model.sort_every steps.
  void restore_id_order() const;

  MPI_Comm comm_;
  ParticleModel model_;
  ParticleArrays p_;
  FbmPaths fbm_paths_;  ///< fbm: every particle's increments, drawn at the start
  long step_ = 0;
  long steps_since_sort_ = 0;  ///< steps since the particles were last put in or out of cell order
  std::vector<std::uint32_t> cell_of_slot_, sort_from_, cell_start_;  ///< sort_by_cell scratch
  mutable std::vector<std::array<double, 4>> by_id_;  ///< moments() of sorted tracers: scratch
  std::vector<std::uint32_t> pending_;                ///< ctrw scratch
  mutable std::vector<PetscInt> petsc_index_;         ///< natural cell index → PETSc global index
};

/// ids [first, first + count) of rank `rank` out of `ranks` (counted from model.first_id)
std::pair<std::uint64_t, std::uint64_t> id_range(std::uint64_t count, int rank, int ranks);

}  // namespace fickle::particles
