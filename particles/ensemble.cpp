#include "particles/ensemble.hpp"

#include <fmt/format.h>
#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "particles/kernels.hpp"

namespace fickle::particles {
namespace fs = std::filesystem;

std::pair<std::uint64_t, std::uint64_t> id_range(std::uint64_t count, int rank, int ranks) {
  const auto at = [&](int r) {
    return static_cast<std::uint64_t>(static_cast<unsigned __int128>(count) * r / ranks);
  };
  return {at(rank), at(rank + 1) - at(rank)};
}

Ensemble::Ensemble(MPI_Comm comm, const ParticleModel& model) : comm_(comm), model_(model) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  const auto [first, local] = id_range(model.count, rank, ranks);
  // A rank's share is an MPI count (int) in the checkpoint's MPI-IO calls.
  if (local > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error(
        fmt::format("{} particles on one rank: at most 2^31 - 1 per rank (use more ranks)", local));
  steps_since_sort_ = model.sort_every;  // tracers start in id order: sort before the first step
  p_.resize(model.dim(), model.first_id + first, local,
            {model.has_velocity(), model.has_clock(),
             model.model == Model::attm || model.has_hazard(), model.has_pauses()});
  if (model.model == Model::crowded)
    place_crowded(model_, p_);
  else
    place_particles(model_, p_);
  switch (model.model) {
    case Model::ctrw:
      start_ctrw_clocks(model_, p_);
      break;
    case Model::levy_walk:
      start_levy_walks(model_, p_);
      break;
    case Model::attm:
      start_attm(model_, p_);
      break;
    case Model::run_and_tumble:
      start_run_and_tumble(model_, p_);
      break;
    case Model::active_brownian:
      start_active_brownian(model_, p_);
      break;
    case Model::fbm:
      // Whole paths (Davies–Harte), keyed by particle id: the same on any number of ranks.
      fbm_paths_ =
          FbmPaths(model.fbm.hurst, model.steps, model.dim(), model.seed, p_.first_id, p_.local);
      break;
    default:
      break;
  }
}

void Ensemble::advance() {
  if (model_.flow && model_.model == Model::brownian && model_.sort_every > 0) {
    if (steps_since_sort_ >= model_.sort_every) sort_by_cell();
    ++steps_since_sort_;
  }
  const auto step = static_cast<std::uint64_t>(step_);
  const double t0 = static_cast<double>(step_) * model_.dt;
  const double t1 = static_cast<double>(step_ + 1) * model_.dt;
  switch (model_.model) {
    case Model::langevin:
      move_langevin(model_, p_, step);
      break;
    case Model::ctrw:
      advance_ctrw(model_, p_, t1, pending_);
      break;
    case Model::levy_walk:
      advance_levy_walks(model_, p_, t0, t1);
      break;
    case Model::attm:
      advance_attm(model_, p_, step, t0, t1);
      break;
    case Model::run_and_tumble:
      advance_run_and_tumble(model_, p_, t0, t1);
      break;
    case Model::active_brownian:
      move_active_brownian(model_, p_, step);
      break;
    case Model::fbm:
      move_fbm(model_, p_, fbm_paths_, step);
      break;
    case Model::crowded:
      move_crowded(model_, p_, step);
      break;
    default:
      move_overdamped(model_, p_, step);
  }
  ++step_;
}

void Ensemble::sort_by_cell() {
  const Grid& g = model_.flow->grid;
  const std::size_t cells = static_cast<std::size_t>(g.cell_count());
  // Counting sort on the cell index (positions stay unwrapped on periodic axes, so they are wrapped
  // here; a tracer outside the grid counts in the nearest cell).
  cell_of_slot_.resize(p_.local);
  cell_start_.assign(cells + 1, 0);
  std::array<double, 3> per_length{0, 0, 0};  // 1/h: a product, not a division, per particle
  for (int a = 0; a < g.dim; ++a) per_length[a] = 1 / g.spacing(a);
  for (std::size_t i = 0; i < p_.local; ++i) {
    std::size_t cell = 0, stride = 1;
    for (int a = 0; a < g.dim; ++a) {
      double s = (p_.position[a][i] - g.lower[a]) * per_length[a];
      if (g.periodic[a]) s -= g.cells[a] * std::floor(s / g.cells[a]);
      const auto last = static_cast<double>(g.cells[a] - 1);
      const double c = s >= last ? last : s > 0 ? std::floor(s) : 0.0;  // NaN → 0
      cell += static_cast<std::size_t>(c) * stride;
      stride *= static_cast<std::size_t>(g.cells[a]);
    }
    cell_of_slot_[i] = static_cast<std::uint32_t>(cell);
    ++cell_start_[cell + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) cell_start_[c + 1] += cell_start_[c];
  sort_from_.resize(p_.local);
  for (std::size_t i = 0; i < p_.local; ++i)
    sort_from_[cell_start_[cell_of_slot_[i]]++] = static_cast<std::uint32_t>(i);
  p_.reorder(sort_from_);
  steps_since_sort_ = 0;
}

void Ensemble::restore_id_order() const {
  if (p_.order.empty()) return;
  auto* self = const_cast<Ensemble*>(this);
  self->p_.restore_id_order();
  self->steps_since_sort_ = 0;
}

Moments Ensemble::moments(double q) const {
  const int dim = p_.dim;
  const bool langevin = !p_.velocity[0].empty();
  // alive, Σ Δx_a² (3), Σ |Δx|⁴, Σ Δx_a (3), Σ v_a², Σ v_a v0_a, —, Σ|Δx_a|^q, Σ|Δx_a|^{2q},
  // Σ v_a (3), Σ v0_a (3), Σ v_a² per axis (3)
  std::array<double, 22> sums{};
  // Summed in id order: the same bits whether the tracers were sorted by cell or not. Sorted,
  // each particle's alive flag and displacement are first written to its id's place (one random
  // write per particle, not a random read per array), then read in id order below.
  const bool sorted = !p_.order.empty();
  if (sorted) {
    by_id_.resize(p_.local);
    for (std::size_t i = 0; i < p_.local; ++i) {
      auto& r = by_id_[p_.order[i]];
      r[0] = p_.alive[i];
      for (int a = 0; a < dim; ++a) r[1 + a] = p_.position[a][i] - p_.origin[a][i];
    }
  }
  for (std::size_t i = 0; i < p_.local; ++i) {
    if ((sorted ? by_id_[i][0] : p_.alive[i]) == 0) continue;
    sums[0] += 1;
    double r2 = 0;
    for (int a = 0; a < dim; ++a) {
      const double d = sorted ? by_id_[i][1 + a] : p_.position[a][i] - p_.origin[a][i];
      sums[1 + a] += d * d;
      sums[5 + a] += d;
      r2 += d * d;
      if (q > 0) {
        const double f = std::pow(std::abs(d), q);
        sums[11] += f;
        sums[12] += f * f;
      }
    }
    sums[4] += r2 * r2;
    if (langevin)  // never sorted (sort_by_cell: brownian tracers only)
      for (int a = 0; a < dim; ++a) {
        sums[8] += p_.velocity[a][i] * p_.velocity[a][i];
        sums[9] += p_.velocity[a][i] * p_.velocity0[a][i];
        sums[13 + a] += p_.velocity[a][i];
        sums[16 + a] += p_.velocity0[a][i];
        sums[19 + a] += p_.velocity[a][i] * p_.velocity[a][i];
      }
  }
  MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                comm_);
  Moments m;
  m.alive = sums[0];
  if (m.alive == 0) return m;
  for (int a = 0; a < dim; ++a) {
    m.msd_axis[a] = sums[1 + a] / m.alive;
    m.mean_displacement[a] = sums[5 + a] / m.alive;
    m.msd += m.msd_axis[a];
  }
  m.msd_standard_error = std::sqrt(std::max(0.0, sums[4] / m.alive - m.msd * m.msd) / m.alive);
  double mean_v2 = 0, mean_vv0 = 0;  // Σ_a ⟨v_a⟩², Σ_a ⟨v_a⟩⟨v0_a⟩
  for (int a = 0; a < dim; ++a) {
    mean_v2 += (sums[13 + a] / m.alive) * (sums[13 + a] / m.alive);
    mean_vv0 += (sums[13 + a] / m.alive) * (sums[16 + a] / m.alive);
    m.mean_velocity[a] = sums[13 + a] / m.alive;
    m.mean_velocity_standard_error[a] = std::sqrt(
        std::max(0.0, sums[19 + a] / m.alive - m.mean_velocity[a] * m.mean_velocity[a]) / m.alive);
  }
  m.v2 = (sums[8] / m.alive - mean_v2) / dim;
  m.vacf = (sums[9] / m.alive - mean_vv0) / dim;
  const double samples = m.alive * dim;
  m.fractional_moment = sums[11] / samples;
  m.fractional_moment_standard_error = std::sqrt(
      std::max(0.0, sums[12] / samples - m.fractional_moment * m.fractional_moment) / samples);
  return m;
}

namespace {

// Index of the cell holding x along one axis, or −1 outside the grid. Periodic axes wrap.
inline long cell_of(const Grid& g, int a, double x) {
  double y = x - g.lower[a];
  const double length = g.length(a);
  if (g.periodic[a]) y -= length * std::floor(y / length);
  if (y < 0 || y > length) return -1;
  const long i = static_cast<long>(y / g.spacing(a));
  return std::min<long>(i, g.cells[a] - 1);  // y = length exactly (a reflecting wall)
}

}  // namespace

void Ensemble::density(DM da, Vec out) const {
  const Grid& g = model_.box;
  const PetscInt cells = static_cast<PetscInt>(g.cell_count());
  if (petsc_index_.empty()) {
    AO ao = nullptr;
    FICKLE_PETSC(DMDAGetAO(da, &ao));  // owned by the DM
    petsc_index_.resize(static_cast<std::size_t>(cells));
    std::iota(petsc_index_.begin(), petsc_index_.end(), 0);
    FICKLE_PETSC(AOApplicationToPetsc(ao, cells, petsc_index_.data()));
  }
  std::vector<double> counts(static_cast<std::size_t>(cells), 0.0);
  for (std::size_t i = 0; i < p_.local; ++i) {
    if (p_.alive[i] == 0) continue;
    long natural = 0, stride = 1;
    for (int a = 0; a < g.dim; ++a) {
      const long c = cell_of(g, a, p_.position[a][i]);
      if (c < 0) {
        natural = -1;
        break;
      }
      natural += c * stride;
      stride *= g.cells[a];
    }
    if (natural >= 0) counts[static_cast<std::size_t>(petsc_index_[natural])] += 1;
  }
  // PETSc ordering is contiguous per rank: one reduce-scatter gives each rank its owned cells.
  const PetscInt* ranges = nullptr;
  FICKLE_PETSC(VecGetOwnershipRanges(out, &ranges));
  int ranks = 1, rank = 0;
  MPI_Comm_size(comm_, &ranks);
  MPI_Comm_rank(comm_, &rank);
  std::vector<int> receive(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) receive[r] = static_cast<int>(ranges[r + 1] - ranges[r]);
  std::vector<double> owned(static_cast<std::size_t>(receive[rank]));
  MPI_Reduce_scatter(counts.data(), owned.data(), receive.data(), MPI_DOUBLE, MPI_SUM, comm_);
  const double scale = 1.0 / (static_cast<double>(model_.count) * g.cell_volume());
  PetscScalar* values = nullptr;
  FICKLE_PETSC(VecGetArray(out, &values));
  for (std::size_t n = 0; n < owned.size(); ++n) values[n] = owned[n] * scale;
  FICKLE_PETSC(VecRestoreArray(out, &values));
}

ParticleSample Ensemble::sample(std::uint64_t stride) const {
  ParticleSample s;
  const auto slots = p_.slots_by_id();  // the samples are taken in id order
  const Grid& g = model_.box;
  const std::uint64_t first = (p_.first_id + stride - 1) / stride * stride;
  for (std::uint64_t id = first; id < p_.first_id + p_.local; id += stride) {
    const std::size_t i = slots.empty() ? id - p_.first_id : slots[id - p_.first_id];
    std::array<double, 3> x{}, d{}, v{};
    bool inside = true;
    for (int a = 0; a < g.dim; ++a) {
      x[a] = p_.position[a][i];
      d[a] = x[a] - p_.origin[a][i];
      if (g.periodic[a]) x[a] -= g.length(a) * std::floor((x[a] - g.lower[a]) / g.length(a));
      inside = inside && x[a] >= g.lower[a] && x[a] <= g.upper[a];
      if (!p_.velocity[a].empty()) v[a] = p_.velocity[a][i];
    }
    // An absorbed particle stopped moving where it crossed the wall (kernels.cpp): that is its
    // place in the sample.
    const ParticleState state = p_.alive[i] == 0 ? ParticleState::absorbed
                                : inside         ? ParticleState::alive
                                                 : ParticleState::left;
    s.state.push_back(static_cast<std::int64_t>(state));
    if (!p_.jumps.empty()) s.jumps.push_back(static_cast<std::int64_t>(p_.jumps[i]));
    s.id.push_back(static_cast<std::int64_t>(id));
    s.position.push_back(x);
    s.displacement.push_back(d);
    if (!p_.velocity[0].empty()) s.velocity.push_back(v);
  }
  return s;
}

bool Ensemble::finite() const {
  int ok = 1;
  for (int a = 0; a < p_.dim && ok; ++a)
    for (std::size_t i = 0; i < p_.local; ++i)
      if (!std::isfinite(p_.position[a][i]) ||
          (!p_.velocity[a].empty() && !std::isfinite(p_.velocity[a][i]))) {
        ok = 0;
        break;
      }
  MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, comm_);
  return ok != 0;
}

std::vector<void*> Ensemble::state_sections() {
  std::vector<void*> sections;
  for (int a = 0; a < p_.dim; ++a) sections.push_back(p_.position[a].data());
  for (int a = 0; a < p_.dim; ++a) sections.push_back(p_.origin[a].data());
  for (int a = 0; a < p_.dim && !p_.velocity[a].empty(); ++a) {
    sections.push_back(p_.velocity[a].data());
    sections.push_back(p_.velocity0[a].data());
  }
  sections.push_back(p_.alive.data());
  if (!p_.next_jump.empty()) {
    sections.push_back(p_.next_jump.data());
    sections.push_back(p_.jumps.data());
  }
  if (!p_.rate.empty()) sections.push_back(p_.rate.data());
  for (int a = 0; a < p_.dim && !p_.heading[a].empty(); ++a)
    sections.push_back(p_.heading[a].data());
  // fbm's paths are not saved: they are drawn again from (seed, id) on a restart.
  return sections;
}

namespace {

std::string mpi_error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return std::string(text, static_cast<std::size_t>(length));
}

void check_mpi(int code, const std::string& what, const fs::path& file) {
  if (code == MPI_SUCCESS) return;
  throw std::runtime_error(fmt::format("{} {}: {}", what, file.string(), mpi_error_text(code)));
}

}  // namespace

// Layout: one section of `count` 8-byte values per array, particle id order, so the file does
// not depend on the number of ranks that wrote it. Collective; throws on any rank's failure.
void Ensemble::transfer(const fs::path& file, bool write) {
  const auto sections = state_sections();
  const std::uint64_t bytes = sections.size() * model_.count * 8;
  MPI_File fh;
  check_mpi(MPI_File_open(comm_, file.c_str(),
                          write ? MPI_MODE_CREATE | MPI_MODE_WRONLY : MPI_MODE_RDONLY,
                          MPI_INFO_NULL, &fh),
            write ? "cannot create" : "cannot open", file);
  MPI_Offset size = 0;
  if (write)
    MPI_File_set_size(fh, 0);
  else
    MPI_File_get_size(fh, &size);
  if (!write && static_cast<std::uint64_t>(size) != bytes) {
    MPI_File_close(&fh);
    throw std::runtime_error(fmt::format("{} has {} bytes, expected {} for {} particles",
                                         file.string(), size, bytes, model_.count));
  }
  // A full disk may make a write short without an error code: every count is checked, and the
  // ranks agree before anyone goes on (a truncated state must never be renamed into place).
  int failed = 0;
  std::string reason;
  for (std::size_t k = 0; k < sections.size(); ++k) {
    const auto at =
        static_cast<MPI_Offset>((k * model_.count + (p_.first_id - model_.first_id)) * 8);
    const int n = static_cast<int>(p_.local);
    MPI_Status status;
    const int code = write ? MPI_File_write_at_all(fh, at, sections[k], n, MPI_DOUBLE, &status)
                           : MPI_File_read_at_all(fh, at, sections[k], n, MPI_DOUBLE, &status);
    int done = 0;
    if (code == MPI_SUCCESS) MPI_Get_count(&status, MPI_DOUBLE, &done);
    if ((code != MPI_SUCCESS || done != n) && !failed) {
      failed = 1;
      reason = code != MPI_SUCCESS ? mpi_error_text(code) : fmt::format("{} of {} values", done, n);
    }
  }
  if (write && !failed && MPI_File_sync(fh) != MPI_SUCCESS) failed = 1, reason = "sync failed";
  if (MPI_File_close(&fh) != MPI_SUCCESS && !failed) failed = 1, reason = "close failed";
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, comm_);
  if (any)
    throw std::runtime_error(fmt::format("could not {} the particle state {}{}",
                                         write ? "write" : "read", file.string(),
                                         failed ? ": " + reason : " (on another rank)"));
}

void Ensemble::save(const fs::path& file) const {
  restore_id_order();  // a checkpoint is in id order
  const_cast<Ensemble*>(this)->transfer(file, true);
}

void Ensemble::load(const fs::path& file, long step) {
  p_.order.clear();  // the file is in id order
  steps_since_sort_ = model_.sort_every;
  transfer(file, false);
  step_ = step;
}

double Ensemble::total_jumps() const {
  double local = 0;
  for (std::size_t i = 0; i < p_.local && !p_.jumps.empty(); ++i)
    local += static_cast<double>(p_.jumps[i]);
  MPI_Allreduce(MPI_IN_PLACE, &local, 1, MPI_DOUBLE, MPI_SUM, comm_);
  return local;
}

}  // namespace fickle::particles
