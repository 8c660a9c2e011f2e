#include "app/kinds/compare/compare_runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "analysis/comparison.hpp"
#include "analysis/msd_fit.hpp"
#include "app/input/case_reader.hpp"
#include "core/atomic_file.hpp"
#include "core/on_root.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"

namespace fickle {
namespace fs = std::filesystem;

namespace {

constexpr int kProfiles = 5;  ///< centre-line profiles written, spread over the compared times

struct TimePair {
  double t;
  std::size_t particles, pde;  ///< snapshot indices
};

// Snapshot times both runs have (to 1e-9 of the longest time).
std::vector<TimePair> common_times(const FinishedRun& p, const FinishedRun& q) {
  double scale = 1e-300;
  for (const auto& s : p.snapshots) scale = std::max(scale, std::abs(s.time));
  std::vector<TimePair> out;
  for (std::size_t i = 0; i < p.snapshots.size(); ++i)
    for (std::size_t j = 0; j < q.snapshots.size(); ++j)
      if (std::abs(p.snapshots[i].time - q.snapshots[j].time) <= 1e-9 * scale) {
        out.push_back({p.snapshots[i].time, i, j});
        break;
      }
  return out;
}

std::string times_of(const FinishedRun& r) {
  std::string s;
  for (std::size_t i = 0; i < r.snapshots.size() && i < 6; ++i)
    s += fmt::format("{}{:g}", i ? ", " : "", r.snapshots[i].time);
  return s + (r.snapshots.size() > 6 ? ", ..." : "");
}

void broadcast(MPI_Comm comm, std::vector<double>& v, std::size_t size) {
  v.resize(size);
  MPI_Bcast(v.data(), static_cast<int>(size), MPI_DOUBLE, 0, comm);
}

// Natural-order values into a global Vec on the cell DMDA (every rank holds all of them).
void fill(DM da, Vec out, const Grid& g, const std::vector<double>& natural) {
  PetscScalar* v = nullptr;
  FICKLE_PETSC(VecGetArray(out, &v));
  for_each_owned_cell(owned_box(da), [&](PetscInt i, PetscInt j, PetscInt k, PetscInt n) {
    v[n] = natural[static_cast<std::size_t>(i + g.cells[0] * (j + g.cells[1] * k))];
  });
  FICKLE_PETSC(VecRestoreArray(out, &v));
}

nlohmann::json finite_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

// The rows of compare.csv and the entries of compare.json's `times`, from one column list.
class RowWriter {
 public:
  void add(const ComparisonRow& row) {
    const auto columns = comparison_columns(row);
    if (csv_.tellp() == 0) {
      std::string header;
      for (const auto& c : columns)
        for (std::size_t k = 0; k < c.values.size(); ++k)
          header += (header.empty() ? "" : ",") +
                    (c.vector ? fmt::format("{}_{}", c.name, "xyz"[k]) : c.name);
      csv_ << header << "\n";
    }
    nlohmann::json entry;
    std::string line;
    for (const auto& c : columns) {
      nlohmann::json values = nlohmann::json::array();
      for (double v : c.values) {
        line += fmt::format("{}{}", line.empty() ? "" : ",", v);
        values.push_back(finite_or_null(v));
      }
      entry[c.name] = c.vector ? values : values[0];
    }
    csv_ << line << "\n";
    json_.push_back(entry);
  }
  std::string csv() const { return csv_.str(); }
  const nlohmann::json& json() const { return json_; }

 private:
  std::ostringstream csv_;
  nlohmann::json json_ = nlohmann::json::array();
};

// Centre-line profiles along x through c0 at kProfiles of the compared times.
class Profiles {
 public:
  Profiles(const Grid& g, std::size_t times) : grid_(g) {
    for (int k = 0; k < kProfiles; ++k)
      at_.push_back(times == 1
                        ? 0
                        : std::min(times - 1, (k * (times - 1) + kProfiles - 2) / (kProfiles - 1)));
    text_ << "t,x,particle_density,pde_density,noise_sd\n";
  }
  void add(std::size_t k, double t, const std::array<double, 3>& c0,
           const std::vector<double>& particle, const std::vector<double>& pde, double count) {
    if (std::find(at_.begin(), at_.end(), k) == at_.end()) return;
    const Grid& g = grid_;
    std::array<std::int64_t, 3> through{0, 0, 0};
    for (int a = 1; a < g.dim; ++a)
      through[a] = std::clamp<std::int64_t>(
          static_cast<std::int64_t>(std::floor((c0[a] - g.lower[a]) / g.spacing(a))), 0,
          g.cells[a] - 1);
    const double dv = g.cell_volume();
    for (std::int64_t i = 0; i < g.cells[0]; ++i) {
      const auto n =
          static_cast<std::size_t>(i + g.cells[0] * (through[1] + g.cells[1] * through[2]));
      const double lambda = count * std::max(0.0, pde[n]) * dv;
      text_ << fmt::format("{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}\n", t, g.centre(0, i), particle[n],
                           pde[n], std::sqrt(lambda) / (count * dv));
    }
  }
  std::string text() const { return text_.str(); }

 private:
  const Grid& grid_;
  std::vector<std::size_t> at_;
  std::ostringstream text_;
};

// ParaView: both densities, their difference and that difference in units of the noise.
class DensityFields {
 public:
  DensityFields(MPI_Comm comm, const Grid& g, const fs::path& out, const VtkMetadata& vtk)
      : grid_(g), da_(create_cell_dmda(comm, g, 0)) {
    for (OwnedVec* v : {&particle_, &pde_, &difference_, &over_noise_})
      FICKLE_PETSC(DMCreateGlobalVector(da_, v->out()));
    series_ = std::make_unique<FieldSeries>(out, "compare", g, da_, vtk);
  }
  void write(int index, double t, const std::vector<double>& particle,
             const std::vector<double>& pde, double count) {
    const std::size_t cells = particle.size();
    const double dv = grid_.cell_volume();
    std::vector<double> diff(cells), over(cells);
    for (std::size_t n = 0; n < cells; ++n) {
      diff[n] = particle[n] - pde[n];
      const double lambda = std::max(1.0, count * std::max(0.0, pde[n]) * dv);
      over[n] = diff[n] / (std::sqrt(lambda) / (count * dv));
    }
    fill(da_, particle_, grid_, particle), fill(da_, pde_, grid_, pde);
    fill(da_, difference_, grid_, diff), fill(da_, over_noise_, grid_, over);
    series_->write(index, t,
                   {{"particle_density", particle_},
                    {"pde_density", pde_},
                    {"difference", difference_},
                    {"difference_over_noise", over_noise_}});
  }

 private:
  const Grid& grid_;
  OwnedDM da_;
  OwnedVec particle_, pde_, difference_, over_noise_;
  std::unique_ptr<FieldSeries> series_;
};

// The MSD series on the particles' (log-spaced) rows, with the PDE's interpolated to them.
std::string msd_table(const FinishedRun& p, const FinishedRun& q) {
  std::ostringstream csv;
  csv << "t,msd_particles,msd_particles_standard_error,msd_exact,msd_pde\n";
  const auto& tp = p.column("t");
  const auto row_of = [&](const char* column, std::size_t i) {
    const auto& c = p.column(column);
    return i < c.size() ? c[i] : NAN;  // NaN: a column the run does not have (msd_exact)
  };
  for (std::size_t i = 0; i < tp.size(); ++i)
    csv << fmt::format("{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}\n", tp[i], row_of("msd", i),
                       row_of("msd_standard_error", i), row_of("msd_exact", i),
                       value_at(q.column("t"), q.column("msd"), tp[i]));
  return csv.str();
}

// The headline numbers for summary.json, from the last compared time and the whole comparison.
nlohmann::json headline(const FinishedRun& p, const FinishedRun& q, const ComparisonRow& last,
                        const DensityComparison& comparison, std::size_t times,
                        const CompareSettings& settings) {
  const std::string model = p.summary.value("model", "");
  const bool levy = last.levy;
  nlohmann::json s = {{"particles_run", fs::absolute(p.dir).string()},
                      {"pde_run", fs::absolute(q.dir).string()},
                      {"particle_model", model},
                      {"pde_kind", q.kind},
                      {"times_compared", times},
                      {"z_limit", settings.z_limit},
                      {"l1_final", last.gap.l1},
                      {"l1_noise_final", last.gap.l1_noise},
                      {"l2_final", last.gap.l2},
                      {"l2_noise_final", last.gap.l2_noise},
                      {"z_final", last.gap.z},
                      {"z_max", comparison.z_max()},
                      {"density_agrees", last.gap.z <= settings.z_limit},
                      {"msd_particles_final", finite_or_null(last.msd_particles)},
                      {"msd_pde_final", finite_or_null(last.msd_pde)},
                      {"msd_z_final", finite_or_null(last.msd_z)},
                      {"msd_relative_difference_final",
                       finite_or_null((last.msd_particles - last.msd_pde) / last.msd_pde)},
                      {"second_moment_growth_particles_final", last.second_moment_growth_particles},
                      {"second_moment_growth_pde_final", last.second_moment_growth_pde},
                      {"centroid_shift_final", last.centroid_shift},
                      {"centroid_shift_z_final", finite_or_null(last.centroid_shift_z)}};
  // Lévy flights have no finite MSD: their spread is compared through ⟨|Δx_a|^q⟩, q = μ/4. In a
  // non-uniform flow the displacement MSD is not the growth of the second moment (compare.md):
  // there the densities and centroids carry the comparison.
  const bool msd_comparable =
      !levy && !p.summary.value("carried_by_flow", false) && std::isfinite(last.msd_z);
  const bool msd_agrees = std::abs(last.msd_z) <= settings.z_limit;
  s["msd_comparable"] = msd_comparable;
  s["msd_agrees"] = msd_comparable ? nlohmann::json(msd_agrees) : nlohmann::json(nullptr);
  s["agrees"] = last.gap.z <= settings.z_limit && (!msd_comparable || msd_agrees);
  s["msd_exponent_particles"] = p.summary.value("msd_exponent", nlohmann::json(nullptr));
  const auto pde_fit = fit_last_decade(q.column("t"), q.column("msd"), p.grid.dim);
  s["msd_exponent_pde"] = finite_or_null(pde_fit.points >= 2 ? pde_fit.exponent : NAN);
  if (levy) {
    s["fractional_moment_order"] = p.summary.value("fractional_moment_order", 0.0);
    s["fractional_moment_particles_final"] = last.fractional_moment_particles;
    s["fractional_moment_pde_final"] = last.fractional_moment_pde;
    s["fractional_moment_relative_difference_final"] =
        (last.fractional_moment_particles - last.fractional_moment_pde) /
        last.fractional_moment_pde;
    const auto [particles, pde] = comparison.spread_exponents();
    s["spread_exponent_particles"] = finite_or_null(particles);
    s["spread_exponent_pde"] = finite_or_null(pde);
    s["spread_exponent_particle_positions"] =
        p.summary.value("spread_exponent", nlohmann::json(nullptr));
  }
  if (model == "langevin") {
    const double tau = p.summary.value("momentum_relaxation_time", NAN);
    s["momentum_relaxation_time"] = finite_or_null(tau);
    s["crossover_time"] = finite_or_null(
        half_msd_time(p.column("t"), p.column("msd"), q.column("t"), q.column("msd")));
    s["crossover_time_exact"] = finite_or_null(kLangevinHalfTime * tau);
  }
  return s;
}

void log_verdict(Log& log, const ComparisonRow& last, const nlohmann::json& s,
                 const CompareSettings& settings) {
  log.line(fmt::format(
      "compare: {} times; at t = {:g} L1 gap {:.4g} (noise alone {:.4g}), L2 {:.4g} (noise "
      "{:.4g}), z = {:.3g} (largest {:.3g}): {}",
      s["times_compared"].get<std::size_t>(), last.t, last.gap.l1, last.gap.l1_noise, last.gap.l2,
      last.gap.l2_noise, last.gap.z, s["z_max"].get<double>(),
      last.gap.z <= settings.z_limit ? "the densities agree within sampling noise"
                                     : "the densities differ by more than sampling noise"));
  if (s["msd_comparable"].get<bool>())
    log.line(
        fmt::format("compare: final MSD particles {:.6g}, PDE {:.6g} ({:+.3g} standard errors)",
                    last.msd_particles, last.msd_pde, last.msd_z));
}

}  // namespace

std::pair<FinishedRun, FinishedRun> read_run_pair(const fs::path& a, const fs::path& b) {
  const std::vector<std::string> any{"particles", "fick", "fractional"};
  FinishedRun first = read_finished_run(a, any), second = read_finished_run(b, any);
  if ((first.kind == "particles") == (second.kind == "particles"))
    throw CaseError(
        fmt::format("compare: expected one particles run and one fick or fractional "
                    "run; got {} ({}) and {} ({})",
                    a.string(), first.kind, b.string(), second.kind));
  if (first.kind != "particles") std::swap(first, second);
  return {std::move(first), std::move(second)};
}

nlohmann::json compare_runs(MPI_Comm comm, const FinishedRun& p, const FinishedRun& q,
                            const fs::path& out, Log& log, const CompareSettings& settings) {
  const Grid& g = p.grid;
  if (!same_cells(g, q.grid))
    throw CaseError(
        fmt::format("compare: {} and {} are on different grids (cells, lower and "
                    "upper must agree)",
                    p.dir.string(), q.dir.string()));
  const std::vector<TimePair> times = common_times(p, q);
  if (std::none_of(times.begin(), times.end(), [](const TimePair& x) { return x.t > 0; }))
    throw CaseError(
        fmt::format("compare: {} and {} share no snapshot time after t = 0 (particles "
                    "at {}; pde at {}): make output.every·dt agree",
                    p.dir.string(), q.dir.string(), times_of(p), times_of(q)));
  const auto cells = static_cast<std::size_t>(g.cell_count());
  const double count = p.summary.at("count").get<double>();
  const bool levy = p.summary.value("model", "") == "levy";
  DensityComparison comparison(g, count,
                               levy ? p.summary.value("fractional_moment_order", 0.0) : 0.0);
  const std::optional<double> mass0 = q.summary.contains("mass_initial")
                                          ? std::optional(q.summary["mass_initial"].get<double>())
                                          : std::nullopt;
  DensityFields fields(comm, g, out, settings.vtk);
  Profiles profiles(g, times.size());
  RowWriter rows;
  ComparisonRow last;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double t = times[k].t;
    // Rank 0 reads (on_root: a file it cannot read stops every rank, none waits in a broadcast).
    std::vector<double> rho_p, rho;
    on_root(comm, [&] {
      rho_p = p.density(times[k].particles);
      rho = q.density(times[k].pde);
    });
    broadcast(comm, rho_p, cells);
    broadcast(comm, rho, cells);
    try {
      last = comparison.add(t, rho_p, rho, mass0, value_at(p.column("t"), p.column("msd"), t),
                            value_at(p.column("t"), p.column("msd_standard_error"), t),
                            value_at(q.column("t"), q.column("msd"), t));
    } catch (const std::invalid_argument&) {
      throw CaseError(fmt::format("compare: {} has no positive initial mass", q.dir.string()));
    }
    rows.add(last);
    fields.write(static_cast<int>(k), t, rho_p, rho, count);
    profiles.add(k, t, comparison.initial_centroid(), rho_p, rho, count);
  }

  const nlohmann::json s = headline(p, q, last, comparison, times.size(), settings);
  nlohmann::json report = s;
  report["times"] = rows.json();
  on_root(comm, [&] {
    write_json(out / "compare.json", report);
    write_file_atomically(out / "compare.csv", rows.csv());
    write_file_atomically(out / "msd.csv", msd_table(p, q));
    write_file_atomically(out / "profiles.csv", profiles.text());
  });
  log_verdict(log, last, s, settings);
  return s;
}

}  // namespace fickle
