#include "particles/tracks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "particles/distributions.hpp"
#include "particles/philox.hpp"

namespace fickle::particles {

namespace fs = std::filesystem;

Tracks::Tracks(const ParticleModel& model, const ParticleArrays& p, std::uint64_t count, long every)
    : dim_(model.dim()), every_(std::max(1L, every)) {
  const std::uint64_t n = std::min(count, model.count);
  if (n == 0) return;
  const std::uint64_t stride = std::max<std::uint64_t>(1, model.count / n);
  for (std::uint64_t k = 0; k < n; ++k) {
    const std::uint64_t id = model.first_id + k * stride;
    if (id < p.first_id || id >= p.first_id + p.local) continue;
    local_.push_back(id);
    index_.push_back(static_cast<std::size_t>(id - p.first_id));
  }
  xyz_.resize(local_.size());
}

void Tracks::record(const ParticleArrays& p, double t) {
  times_.push_back(t);
  for (std::size_t k = 0; k < local_.size(); ++k)
    for (int a = 0; a < dim_; ++a) xyz_[k].push_back(p.position[a][index_[k]]);
}

TrackTable Tracks::gather(MPI_Comm comm) const {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  const int mine = static_cast<int>(local_.size());
  std::vector<int> counts(static_cast<std::size_t>(ranks)), offsets(counts.size(), 0);
  MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm);
  TrackTable table;
  table.dim = dim_;
  table.times = times_;
  int total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) offsets[r] = total, total += counts[r];
  if (rank == 0) table.ids.resize(static_cast<std::size_t>(total));
  static_assert(sizeof(std::uint64_t) == sizeof(unsigned long long));
  MPI_Gatherv(local_.data(), mine, MPI_UNSIGNED_LONG_LONG, table.ids.data(), counts.data(),
              offsets.data(), MPI_UNSIGNED_LONG_LONG, 0, comm);
  // Every track has frames × dim values: the same counts, scaled.
  const int per_track = static_cast<int>(times_.size()) * dim_;
  std::vector<double> flat;
  for (const auto& x : xyz_) flat.insert(flat.end(), x.begin(), x.end());
  for (std::size_t r = 0; r < counts.size(); ++r) counts[r] *= per_track, offsets[r] *= per_track;
  if (rank == 0) table.xyz.resize(static_cast<std::size_t>(total) * per_track);
  MPI_Gatherv(flat.data(), mine * per_track, MPI_DOUBLE, table.xyz.data(), counts.data(),
              offsets.data(), MPI_DOUBLE, 0, comm);
  if (rank != 0) table = TrackTable{dim_, times_, {}, {}};
  return table;
}

namespace {

constexpr char kMagic[] = "fickle-tracks 1\n";

template <class T>
void put(std::string& out, const T* values, std::size_t n) {
  out.append(reinterpret_cast<const char*>(values), n * sizeof(T));
}

template <class T>
void take(std::istream& in, T* values, std::size_t n, const fs::path& file) {
  if (!in.read(reinterpret_cast<char*>(values), static_cast<std::streamsize>(n * sizeof(T))))
    throw std::runtime_error(fmt::format("{}: truncated track file", file.string()));
}

}  // namespace

void Tracks::save(MPI_Comm comm, const fs::path& file) const {
  const TrackTable t = gather(comm);
  on_root(comm, [&] {
    std::string bytes(kMagic);
    const std::int64_t header[3] = {t.dim, static_cast<std::int64_t>(t.frames()),
                                    static_cast<std::int64_t>(t.ids.size())};
    put(bytes, header, 3);
    put(bytes, t.times.data(), t.times.size());
    put(bytes, t.ids.data(), t.ids.size());
    put(bytes, t.xyz.data(), t.xyz.size());
    write_file_atomically(file, bytes);
  });
}

void Tracks::load(MPI_Comm, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[sizeof(kMagic) - 1];
  if (!in || !in.read(magic, sizeof(magic)) || std::memcmp(magic, kMagic, sizeof(magic)) != 0)
    throw std::runtime_error(fmt::format("{}: not a fickle track file", file.string()));
  std::int64_t header[3];
  take(in, header, 3, file);
  const auto frames = static_cast<std::size_t>(header[1]),
             count = static_cast<std::size_t>(header[2]);
  if (header[0] != dim_)
    throw std::runtime_error(
        fmt::format("{}: tracks of {} axes, the run has {}", file.string(), header[0], dim_));
  times_.resize(frames);
  take(in, times_.data(), frames, file);
  std::vector<std::uint64_t> ids(count);
  take(in, ids.data(), count, file);
  std::vector<double> xyz(count * frames * static_cast<std::size_t>(dim_));
  take(in, xyz.data(), xyz.size(), file);
  const std::size_t per_track = frames * static_cast<std::size_t>(dim_);
  for (std::size_t k = 0; k < local_.size(); ++k) {
    const auto at = std::lower_bound(ids.begin(), ids.end(), local_[k]);
    if (at == ids.end() || *at != local_[k])
      throw std::runtime_error(
          fmt::format("{}: has no track of particle {}", file.string(), local_[k]));
    const auto first = xyz.begin() + (at - ids.begin()) * static_cast<std::ptrdiff_t>(per_track);
    xyz_[k].assign(first, first + static_cast<std::ptrdiff_t>(per_track));
  }
}

double localisation_noise(std::uint32_t seed, std::uint64_t id, std::uint64_t frame, int axis,
                          double sigma) {
  if (sigma == 0) return 0;
  const Words4 w = philox4x32_10(id, seed, frame, Stream::localisation_noise);
  double g[4];
  box_muller(open_uniform(w.w0), open_uniform(w.w1), g[0], g[1]);
  box_muller(open_uniform(w.w2), open_uniform(w.w3), g[2], g[3]);
  return sigma * g[axis];
}

}  // namespace fickle::particles
