// Reads every track one axis and one window at a time, as the networks were trained (1D, at most
// the longest training length), and averages their answers over the axes and windows of a track.
#include "app/kinds/nn/analyse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "analysis/trajectory_features.hpp"
#include "app/input/case_reader.hpp"
#include "app/kinds/nn/andi_data.hpp"
#include "app/kinds/nn/anomalous_scores.hpp"
#include "app/run/tracks_file.hpp"
#include "core/atomic_file.hpp"
#include "nn/mixture.hpp"

namespace fickle {

namespace fs = std::filesystem;

namespace {

struct TrainedModel {
  nn::Mixture mixture;
  long max_length = 1000;
};

TrainedModel load_model(const fs::path& run_dir) {
  // model.npz, or model.nn of runs made before models were NumPy files (Archive reads both).
  const fs::path file =
      fs::exists(run_dir / "model.npz") ? run_dir / "model.npz" : run_dir / "model.nn";
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw CaseError(
        fmt::format("--model {}: no model.npz (the run directory of a finished nn run "
                    "with model.type: anomalous)",
                    run_dir.string()));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  try {
    const nn::Archive a = nn::Archive::parse(bytes.str());
    if (a.text("model") != "anomalous")
      throw CaseError(fmt::format("--model {}: {} holds a {} model, not an anomalous one",
                                  run_dir.string(), file.filename().string(), a.text("model")));
    return {nn::Mixture::load(a, "anomalous."), a.integer("anomalous.max_length")};
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const CaseError*>(&e)) throw;
    throw CaseError(fmt::format("--model {}: {}", file.string(), e.what()));
  }
}

// The pieces of one axis the networks read: windows of at most `longest` frames (a remainder
// shorter than 10 frames joins nothing and is left out).
std::vector<std::vector<double>> pieces(const Track& t, int axis, long longest) {
  std::vector<std::vector<double>> out;
  const auto n = static_cast<long>(t.frames());
  for (long first = 0; first < n; first += longest) {
    const long last = std::min(n, first + longest);
    if (last - first < 3 || (first > 0 && last - first < 10)) continue;
    std::vector<double> x;
    for (long k = first; k < last; ++k)
      x.push_back(t.xyz[static_cast<std::size_t>(k * t.dim + axis)]);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

AnalysisOutcome analyse_tracks(const fs::path& tracks_file, const fs::path& run_dir,
                               const fs::path& out_dir) {
  const TrainedModel model = load_model(run_dir);
  std::vector<Track> tracks;
  try {
    tracks = read_tracks_csv(tracks_file);
  } catch (const std::runtime_error& e) {
    throw CaseError(e.what());
  }
  const auto names = andi_class_names();
  std::string csv = "particle,frames,alpha,model,alpha_tamsd";
  for (const auto& name : names) csv += ",p_" + name;
  csv += '\n';
  AnalysisOutcome outcome{out_dir / "analysis.csv", 0, 0};
  for (const Track& t : tracks) {
    std::vector<std::vector<double>> xs;
    for (int a = 0; a < t.dim; ++a)
      for (auto& x : pieces(t, a, model.max_length)) xs.push_back(std::move(x));
    if (xs.empty()) {
      ++outcome.skipped;
      continue;
    }
    nn::Matrix<float> features(static_cast<Eigen::Index>(trajectory_feature_names().size()),
                               static_cast<Eigen::Index>(xs.size()));
    double baseline = 0;
    for (std::size_t k = 0; k < xs.size(); ++k) {
      features.col(static_cast<Eigen::Index>(k)) = feature_column(xs[k]);
      baseline += std::clamp(tamsd_exponent(xs[k].data(), xs[k].size()), 0.0, 2.0) /
                  static_cast<double>(xs.size());
    }
    const auto p = model.mixture.predict(features);
    const nn::Vector<float> probability = p.probabilities.rowwise().mean();
    double alpha = 0;
    for (double v : p.value) alpha += v / static_cast<double>(p.value.size());
    Eigen::Index best = 0;
    probability.maxCoeff(&best);
    csv += fmt::format("{},{},{:.6g},{},{:.6g}", t.particle, t.frames(), alpha,
                       names[static_cast<std::size_t>(best)], baseline);
    for (Eigen::Index c = 0; c < probability.size(); ++c)
      csv += fmt::format(",{:.6g}", probability(c));
    csv += '\n';
    ++outcome.tracks;
  }
  fs::create_directories(out_dir);
  write_file_atomically(outcome.file, csv);
  return outcome;
}

}  // namespace fickle
