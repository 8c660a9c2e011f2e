// Tracks of a particle run and the single-trajectory statistics reported from them
// (docs/science.md §7.6, docs/output.md "Tracks").
#include "app/kinds/particles/track_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/msd_fit.hpp"
#include "app/run/tracks_file.hpp"
#include "core/on_root.hpp"

namespace fickle {
namespace fs = std::filesystem;
using namespace particles;

namespace {

nlohmann::json numbers(const std::vector<double>& v) {
  nlohmann::json out = nlohmann::json::array();
  for (double x : v) out.push_back(std::isfinite(x) ? nlohmann::json(x) : nlohmann::json());
  return out;
}

}  // namespace

TrackReport::TrackReport(MPI_Comm comm, const Ensemble& ensemble, const TrackSettings& settings,
                         long total_steps)
    : comm_(comm),
      model_(ensemble.model()),
      settings_(settings),
      tracks_(ensemble.model(), ensemble.arrays(), static_cast<std::uint64_t>(settings.count),
              settings.every),
      law_(tamsd_law(ensemble.model())) {
  if (law_ != TamsdLaw::none) {
    std::vector<double> times;
    for (long step = 0; step <= total_steps; step += tracks_.every())
      times.push_back(static_cast<double>(step) * model_.dt);
    if (const auto msd = exact_msd_at(model_, times))
      msd_at_frames_ = *msd;
    else
      law_ = TamsdLaw::none;
  }
  record(ensemble);
}

void TrackReport::record(const Ensemble& ensemble) {
  if (tracks_.due(ensemble.step())) tracks_.record(ensemble.arrays(), ensemble.time());
}

std::vector<TrajectoryView> TrackReport::views() const {
  std::vector<TrajectoryView> v;
  for (std::size_t k = 0; k < tracks_.local_count(); ++k)
    v.push_back({tracks_.local_track(k).data(), tracks_.frames(), tracks_.dim()});
  return v;
}

std::vector<std::string> TrackReport::columns() const {
  std::vector<std::string> names{"tamsd"};
  if (law_ != TamsdLaw::none) names.push_back("tamsd_exact");
  names.push_back("ergodicity_breaking");
  return names;
}

std::vector<double> TrackReport::values() const {
  const auto stats = single_trajectory_statistics(comm_, views(), {1}, -1);
  const long frames = static_cast<long>(tracks_.frames());
  std::vector<double> v{frames > 1 ? stats.tamsd_mean[0] : NAN};
  if (law_ != TamsdLaw::none)
    v.push_back(frames > 1 && static_cast<std::size_t>(frames) <= msd_at_frames_.size()
                    ? tamsd_from_msd(law_, msd_at_frames_, frames, 1)
                    : NAN);
  v.push_back(frames > 1 ? stats.ergodicity_breaking[0] : NAN);
  return v;
}

void TrackReport::summarise(nlohmann::json& s) const {
  const long frames = static_cast<long>(tracks_.frames());
  s["tracks"] = settings_.count;
  s["track_frames"] = frames;
  s["track_frame_dt"] = frame_dt();
  s["track_noise"] = settings_.noise;
  s["tracks_file"] = "tracks.csv";
  if (frames < 3) return;
  const auto lags = log_spaced_lags(std::max(1L, (frames - 1) / 4), 5);
  const long velocity_lags = std::min(10L, frames - 2);
  const auto stats = single_trajectory_statistics(comm_, views(), lags, velocity_lags);
  std::vector<double> lag_times;
  for (long k : lags) lag_times.push_back(static_cast<double>(k) * frame_dt());
  s["tamsd_lags"] = lag_times;
  s["tamsd_mean"] = numbers(stats.tamsd_mean);
  s["tamsd_standard_error"] = numbers(stats.tamsd_standard_error);
  s["tamsd_relative_spread"] = numbers(stats.tamsd_relative_spread);
  s["msd_tracks"] = numbers(stats.msd);
  // The slope over the lags up to a tenth of the run (at least two frames).
  const double fit_to = std::max(2.0, static_cast<double>(frames) / 10) * frame_dt();
  s["tamsd_exponent"] = numbers({log_log_slope(lag_times, stats.tamsd_mean, fit_to)})[0];
  s["ergodicity_breaking"] = numbers(stats.ergodicity_breaking);
  s["ergodicity_breaking_standard_error"] = numbers(stats.ergodicity_breaking_standard_error);
  if (const auto eb = ergodicity_breaking_limit(model_)) s["ergodicity_breaking_limit"] = *eb;
  s["velocity_autocorrelation"] = numbers(stats.velocity_autocorrelation);
  s["velocity_autocorrelation_standard_error"] =
      numbers(stats.velocity_autocorrelation_standard_error);
  std::vector<double> correlation_law;
  for (long k = 0; k <= velocity_lags; ++k)
    if (const auto c = exact_increment_correlation(model_, k)) correlation_law.push_back(*c);
  if (static_cast<long>(correlation_law.size()) == velocity_lags + 1)
    s["velocity_autocorrelation_exact"] = correlation_law;
  if (law_ == TamsdLaw::none || static_cast<std::size_t>(frames) > msd_at_frames_.size()) return;
  std::vector<double> exact, z;
  for (std::size_t l = 0; l < lags.size(); ++l) {
    exact.push_back(tamsd_from_msd(law_, msd_at_frames_, frames, lags[l]));
    z.push_back((stats.tamsd_mean[l] - exact.back()) / stats.tamsd_standard_error[l]);
  }
  s["tamsd_exact"] = numbers(exact);
  s["tamsd_error_in_standard_errors"] = numbers(z);
}

void TrackReport::write(const fs::path& run_dir) const {
  const TrackTable table = tracks_.gather(comm_);
  on_root(comm_, [&] {
    std::vector<Track> out;
    const std::size_t frames = table.frames();
    for (std::size_t j = 0; j < table.ids.size(); ++j) {
      Track t{fmt::format("{}", table.ids[j]), table.dim, {}, table.times, {}};
      for (std::size_t k = 0; k < frames; ++k) {
        t.frame.push_back(static_cast<long>(k));
        for (int a = 0; a < table.dim; ++a)
          t.xyz.push_back(table.xyz[(j * frames + k) * table.dim + a] +
                          localisation_noise(model_.seed, table.ids[j], k, a, settings_.noise));
      }
      out.push_back(std::move(t));
    }
    write_tracks_csv(run_dir / "tracks.csv", out);
  });
}

nlohmann::json TrackReport::save(const fs::path& dir, long step) const {
  const std::string name = fmt::format("tracks_{:08d}.bin", step);
  tracks_.save(comm_, dir / name);
  return {{"file", name}, {"count", settings_.count}, {"every", settings_.every}};
}

void TrackReport::load(const fs::path& dir, const nlohmann::json& state) {
  tracks_.load(comm_, dir / state["file"].get<std::string>());
}

}  // namespace fickle
