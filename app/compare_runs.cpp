#include "app/compare_runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "app/case_reader.hpp"
#include "app/compare_statistics.hpp"
#include "meshes/atomic_file.hpp"
#include "meshes/dmda.hpp"
#include "meshes/on_root.hpp"
#include "meshes/vtk_fields.hpp"
#include "particles/msd_law.hpp"

#ifndef FICKLE_SOURCE_DIR
#define FICKLE_SOURCE_DIR "."
#endif

namespace fickle {
namespace fs = std::filesystem;

namespace {

// x with (1 − e^{−x})/x = 1/2: the Langevin MSD 2D[t − τ_p(1 − e^{−t/τ_p})] is half of Fick's 2Dt
// at t = 1.5936 τ_p (SCIENCE.md §2).
constexpr double kLangevinHalfTime = 1.5936242600400401;
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

// y at time `when`, linear between the rows of a series sorted by t; NaN outside it or when empty.
double at_time(const std::vector<double>& t, const std::vector<double>& y, double when) {
  const std::size_t n = std::min(t.size(), y.size());
  if (n == 0) return NAN;
  const double tol = 1e-9 * std::max(std::abs(t[n - 1]), 1e-300);
  if (when < t[0] - tol) return NAN;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::abs(t[i] - when) <= tol) return y[i];
    if (t[i] > when && i > 0)
      return y[i - 1] + (y[i] - y[i - 1]) * (when - t[i - 1]) / (t[i] - t[i - 1]);
  }
  return NAN;
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

// The first time the particles' MSD reaches half the PDE's (log-interpolated between rows).
double half_msd_time(const FinishedRun& p, const FinishedRun& q) {
  const auto& t = p.column("t");
  const auto& msd = p.column("msd");
  double previous_t = NAN, previous_r = NAN;
  for (std::size_t i = 0; i < t.size() && i < msd.size(); ++i) {
    const double pde = at_time(q.column("t"), q.column("msd"), t[i]);
    if (!(t[i] > 0 && pde > 0)) continue;
    const double r = msd[i] / pde;
    if (r >= 0.5 && previous_r < 0.5)
      return std::exp(std::log(previous_t) + (0.5 - previous_r) / (r - previous_r) *
                                                 (std::log(t[i]) - std::log(previous_t)));
    previous_t = t[i], previous_r = r;
  }
  return NAN;
}

void run_plot_script(const fs::path& out, Log& log) {
  const fs::path script = fs::path(FICKLE_SOURCE_DIR) / "tools" / "plot_compare.py";
  if (!fs::exists(script)) {
    log.line("compare: plots skipped (" + script.string() + " not found); the numbers are in CSV");
    return;
  }
  // Debian's interpreter, where python3-matplotlib lives, before whatever python3 PATH finds.
  const char* python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string command = fmt::format("{} '{}' '{}' > '{}' 2>&1", python, script.string(),
                                          out.string(), (out / "plots.log").string());
  if (std::system(command.c_str()) == 0)
    log.line("compare: plots in " + (out / "plots").string());
  else
    log.line("compare: plots skipped (python3 with matplotlib? see " +
             (out / "plots.log").string() + "); the numbers are in CSV");
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
  const std::string model = p.summary.value("model", "");
  const bool levy = model == "levy";
  const double q_order = levy ? p.summary.value("fractional_moment_order", 0.0) : 0.0;
  const double dv = g.cell_volume();

  OwnedDM da = create_cell_dmda(comm, g, 0);
  OwnedVec vp, vq, vd, vz;
  for (OwnedVec* v : {&vp, &vq, &vd, &vz}) FICKLE_PETSC(DMCreateGlobalVector(da, v->out()));
  FieldSeries fields(out, "compare", g, da);

  std::vector<std::size_t> profile_at;
  for (int k = 0; k < kProfiles; ++k)
    profile_at.push_back(times.size() == 1
                             ? 0
                             : std::min(times.size() - 1, (k * (times.size() - 1) + kProfiles - 2) /
                                                              (kProfiles - 1)));
  std::ostringstream profiles;
  profiles << "t,x,particle_density,pde_density,noise_sd\n";

  nlohmann::json rows = nlohmann::json::array();
  std::ostringstream csv;
  csv << "t,l1,l1_noise,l2,l2_noise,z,particle_mass,pde_mass,msd_particles,msd_particles_se,"
         "msd_pde,msd_z,second_moment_growth_particles,second_moment_growth_pde,centroid_shift,"
         "centroid_shift_z"
      << (levy ? ",fractional_moment_particles,fractional_moment_pde" : "") << "\n";
  double z_max = 0;
  std::vector<double> t_levy, qm_pde, qm_particles;
  double mass0 = 0, m2_particles0 = 0, m2_pde0 = 0;
  std::array<double, 3> center{};                ///< c0, the PDE's initial centroid
  std::array<std::int64_t, 3> through{0, 0, 0};  ///< the profiles' line: along x through c0
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
    if (k == 0) {
      const FieldMoments start = field_moments(g, rho, {});
      mass0 = q.summary.value("mass_initial", start.mass);
      if (!(mass0 > 0))
        throw CaseError(fmt::format("compare: {} has no positive initial mass", q.dir.string()));
      center = start.mean;
      for (int a = 1; a < g.dim; ++a)
        through[a] = std::clamp<std::int64_t>(
            static_cast<std::int64_t>(std::floor((center[a] - g.lower[a]) / g.spacing(a))), 0,
            g.cells[a] - 1);
    }
    // The PDE density per unit initial mass, so that both are densities of the same start.
    for (double& x : rho) x /= mass0;
    // One pass per density: mass, centroid, ⟨|x − c0|²⟩ and (Lévy) ⟨|x_a − c0_a|^q⟩.
    const FieldMoments mp = field_moments(g, rho_p, center, q_order);
    const FieldMoments mq = field_moments(g, rho, center, q_order);
    // The ensemble's spread as the PDE sees it: the growth of ⟨|x − c0|²⟩ on both histograms. In a
    // flow it differs from the displacement MSD, and it is what the PDE's msd column predicts.
    if (k == 0) m2_particles0 = mp.second_moment, m2_pde0 = mq.second_moment;
    const double growth_p = mp.second_moment - m2_particles0;
    const double growth_q = mq.second_moment - m2_pde0;
    const DensityGap gap = density_gap(rho_p, rho, dv, count);
    if (t > 0) z_max = std::max(z_max, gap.z);

    // Lévy flights have no finite MSD (their series' msd is the sample's, dominated by its
    // largest jump): none, the fractional moments below stand for it.
    const double msd_p = levy ? NAN : at_time(p.column("t"), p.column("msd"), t);
    const double se = at_time(p.column("t"), p.column("msd_standard_error"), t);
    double msd_q = at_time(q.column("t"), q.column("msd"), t);
    if (!std::isfinite(msd_q)) msd_q = growth_q;  // a run from before the msd column
    if (levy) msd_q = NAN;
    const double msd_z = se > 0 ? (msd_p - msd_q) / se : NAN;
    // Centroids: the shift between them in standard errors of the particles' mean, √(Σ_a σ_a²/N),
    // with Σ_a σ_a² = ⟨|x − c0|²⟩ − |mean − c0|².
    double shift = 0, offset = 0;
    for (int a = 0; a < g.dim; ++a) {
      shift += (mp.mean[a] - mq.mean[a]) * (mp.mean[a] - mq.mean[a]);
      offset += (mp.mean[a] - center[a]) * (mp.mean[a] - center[a]);
    }
    shift = std::sqrt(shift);
    const double centroid_se = std::sqrt((mp.second_moment - offset) / (count * gap.particle_mass));
    nlohmann::json row = {
        {"t", t},
        {"l1", gap.l1},
        {"l1_noise", gap.l1_noise},
        {"l2", gap.l2},
        {"l2_noise", gap.l2_noise},
        {"z", gap.z},
        {"particle_mass", gap.particle_mass},
        {"pde_mass", gap.pde_mass},
        {"msd_particles", finite_or_null(msd_p)},
        {"msd_particles_standard_error", finite_or_null(se)},
        {"msd_pde", finite_or_null(msd_q)},
        {"msd_z", finite_or_null(msd_z)},
        {"centroid_particles", std::vector<double>(mp.mean.begin(), mp.mean.begin() + g.dim)},
        {"centroid_pde", std::vector<double>(mq.mean.begin(), mq.mean.begin() + g.dim)},
        {"second_moment_growth_particles", growth_p},
        {"second_moment_growth_pde", growth_q},
        {"centroid_shift", shift},
        {"centroid_shift_z", finite_or_null(shift / centroid_se)}};
    csv << fmt::format(
        "{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.6g},{:.9g},{:.9g},{:.9g},{:.6g},"
        "{:.9g},{:.6g},{:.9g},{:.9g},{:.9g},{:.6g}",
        t, gap.l1, gap.l1_noise, gap.l2, gap.l2_noise, gap.z, gap.particle_mass, gap.pde_mass,
        msd_p, se, msd_q, msd_z, growth_p, growth_q, shift, shift / centroid_se);
    if (levy) {
      row["fractional_moment_particles"] = mp.fractional_moment;
      row["fractional_moment_pde"] = mq.fractional_moment;
      csv << fmt::format(",{:.9g},{:.9g}", mp.fractional_moment, mq.fractional_moment);
      t_levy.push_back(t);
      qm_pde.push_back(mq.fractional_moment);
      qm_particles.push_back(mp.fractional_moment);
    }
    csv << "\n";
    rows.push_back(row);

    // ParaView: both densities, their difference and that difference in units of the noise.
    std::vector<double> diff(cells), over(cells);
    for (std::size_t n = 0; n < cells; ++n) {
      diff[n] = rho_p[n] - rho[n];
      const double lambda = std::max(1.0, count * std::max(0.0, rho[n]) * dv);
      over[n] = diff[n] / (std::sqrt(lambda) / (count * dv));
    }
    fill(da, vp, g, rho_p), fill(da, vq, g, rho), fill(da, vd, g, diff), fill(da, vz, g, over);
    fields.write(static_cast<int>(k), t,
                 {{"particle_density", vp},
                  {"pde_density", vq},
                  {"difference", vd},
                  {"difference_over_noise", vz}});
    if (std::find(profile_at.begin(), profile_at.end(), k) != profile_at.end())
      for (std::int64_t i = 0; i < g.cells[0]; ++i) {
        const auto n =
            static_cast<std::size_t>(i + g.cells[0] * (through[1] + g.cells[1] * through[2]));
        const double lambda = count * std::max(0.0, rho[n]) * dv;
        profiles << fmt::format("{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}\n", t, g.centre(0, i), rho_p[n],
                                rho[n], std::sqrt(lambda) / (count * dv));
      }
  }

  // The MSD series on the particles' (log-spaced) rows, with the PDE's interpolated to them.
  std::ostringstream msd_csv;
  msd_csv << "t,msd_particles,msd_particles_se,msd_exact,msd_pde\n";
  const auto& tp = p.column("t");
  const auto row_of = [&](const char* column, std::size_t i) {
    const auto& c = p.column(column);
    return i < c.size() ? c[i] : NAN;  // NaN: a column the run does not have (msd_exact)
  };
  for (std::size_t i = 0; i < tp.size(); ++i)
    msd_csv << fmt::format("{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}\n", tp[i], row_of("msd", i),
                           row_of("msd_standard_error", i), row_of("msd_exact", i),
                           at_time(q.column("t"), q.column("msd"), tp[i]));

  const nlohmann::json& last = rows.back();
  nlohmann::json s = {
      {"particles_run", fs::absolute(p.dir).string()},
      {"pde_run", fs::absolute(q.dir).string()},
      {"particle_model", model},
      {"pde_kind", q.kind},
      {"times_compared", rows.size()},
      {"z_limit", settings.z_limit},
      {"l1_final", last["l1"]},
      {"l1_noise_final", last["l1_noise"]},
      {"l2_final", last["l2"]},
      {"l2_noise_final", last["l2_noise"]},
      {"z_final", last["z"]},
      {"z_max", z_max},
      {"density_agrees", last["z"].get<double>() <= settings.z_limit},
      {"msd_particles_final", last["msd_particles"]},
      {"msd_pde_final", last["msd_pde"]},
      {"msd_z_final", last["msd_z"]},
  };
  const double msd_p =
      last["msd_particles"].is_number() ? last["msd_particles"].get<double>() : NAN;
  const double msd_q = last["msd_pde"].is_number() ? last["msd_pde"].get<double>() : NAN;
  s["msd_relative_difference_final"] = finite_or_null((msd_p - msd_q) / msd_q);
  s["second_moment_growth_particles_final"] = last["second_moment_growth_particles"];
  s["second_moment_growth_pde_final"] = last["second_moment_growth_pde"];
  s["centroid_shift_final"] = last["centroid_shift"];
  s["centroid_shift_z_final"] = last["centroid_shift_z"];
  // Lévy flights have no finite MSD: their spread is compared through ⟨|Δx_a|^q⟩, q = μ/4. In a
  // non-uniform flow the displacement MSD is not the growth of the second moment (compare.md):
  // there the densities and centroids carry the comparison.
  const bool msd_comparable =
      !levy && !p.summary.value("carried_by_flow", false) && last["msd_z"].is_number();
  s["msd_comparable"] = msd_comparable;
  s["msd_agrees"] = msd_comparable
                        ? nlohmann::json(std::abs(last["msd_z"].get<double>()) <= settings.z_limit)
                        : nlohmann::json(nullptr);
  s["agrees"] = last["z"].get<double>() <= settings.z_limit &&
                (!msd_comparable || std::abs(last["msd_z"].get<double>()) <= settings.z_limit);
  s["msd_exponent_particles"] = p.summary.value("msd_exponent", nlohmann::json(nullptr));
  const auto pde_fit = particles::fit_last_decade(q.column("t"), q.column("msd"), g.dim);
  s["msd_exponent_pde"] = finite_or_null(pde_fit.points >= 2 ? pde_fit.exponent : NAN);
  if (levy) {
    s["fractional_moment_order"] = q_order;
    s["fractional_moment_particles_final"] = last["fractional_moment_particles"];
    s["fractional_moment_pde_final"] = last["fractional_moment_pde"];
    const double mp = last["fractional_moment_particles"].get<double>();
    const double mq = last["fractional_moment_pde"].get<double>();
    s["fractional_moment_relative_difference_final"] = (mp - mq) / mq;
    // ⟨|Δx|^q⟩ ∝ t^{q/μ}: both fitted on the histograms, so that binning biases both alike.
    const auto spread_exponent = [&](const std::vector<double>& moments) {
      const auto fit = particles::fit_last_decade(t_levy, moments, g.dim);
      return fit.points >= 2 ? finite_or_null(fit.exponent / q_order) : nlohmann::json(nullptr);
    };
    s["spread_exponent_particles"] = spread_exponent(qm_particles);
    s["spread_exponent_pde"] = spread_exponent(qm_pde);
    s["spread_exponent_particle_positions"] =
        p.summary.value("spread_exponent", nlohmann::json(nullptr));
  }
  if (model == "langevin") {
    const double tau = p.summary.value("momentum_relaxation_time", NAN);
    s["momentum_relaxation_time"] = finite_or_null(tau);
    s["crossover_time"] = finite_or_null(half_msd_time(p, q));
    s["crossover_time_exact"] = finite_or_null(kLangevinHalfTime * tau);
  }

  nlohmann::json report = s;
  report["times"] = rows;
  on_root(comm, [&] {
    write_json(out / "compare.json", report);
    write_file_atomically(out / "compare.csv", csv.str());
    write_file_atomically(out / "msd.csv", msd_csv.str());
    write_file_atomically(out / "profiles.csv", profiles.str());
  });
  log.line(fmt::format(
      "compare: {} times; at t = {:g} L1 gap {:.4g} (noise alone {:.4g}), L2 {:.4g} (noise "
      "{:.4g}), z = {:.3g} (largest {:.3g}): {}",
      rows.size(), last["t"].get<double>(), last["l1"].get<double>(),
      last["l1_noise"].get<double>(), last["l2"].get<double>(), last["l2_noise"].get<double>(),
      last["z"].get<double>(), z_max,
      last["z"].get<double>() <= settings.z_limit
          ? "the densities agree within sampling noise"
          : "the densities differ by more than sampling noise"));
  if (msd_comparable)
    log.line(
        fmt::format("compare: final MSD particles {:.6g}, PDE {:.6g} ({:+.3g} standard errors)",
                    msd_p, msd_q, last["msd_z"].get<double>()));
  if (settings.plots) on_root(comm, [&] { run_plot_script(out, log); });
  return s;
}

}  // namespace fickle
