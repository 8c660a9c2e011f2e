#include "app/kinds/nn/andi_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "analysis/trajectory_features.hpp"
#include "particles/andi_set.hpp"

namespace fickle {

namespace {

constexpr std::uint64_t kTestIds = std::uint64_t{1} << 31;

particles::AndiSettings andi_settings(const NnData& d, long trajectories) {
  particles::AndiSettings a;
  a.trajectories = trajectories;
  a.min_length = d.min_length;
  a.max_length = d.max_length;
  a.noise = d.noise;
  a.group = d.group;
  return a;
}

}  // namespace

nn::Vector<float> feature_column(const std::vector<double>& x) {
  const std::vector<double> f = trajectory_features(x.data(), x.size());
  nn::Vector<float> column(static_cast<Eigen::Index>(f.size()));
  for (std::size_t k = 0; k < f.size(); ++k)
    column(static_cast<Eigen::Index>(k)) = static_cast<float>(f[k]);
  return column;
}

AndiData load_andi_data(const NnSettings& s, Log& log) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto seed = static_cast<std::uint32_t>(s.seed);
  const auto features = static_cast<Eigen::Index>(trajectory_feature_names().size());
  AndiData data;
  data.train_x.resize(features, s.data.train_size);
  data.test_x.resize(features, s.data.test_size);
  particles::make_andi_set(andi_settings(s.data, s.data.train_size), seed, 0,
                           [&](particles::AndiTrajectory&& t) {
                             const auto n = static_cast<Eigen::Index>(data.train_model.size());
                             data.train_x.col(n) = feature_column(t.x);
                             data.train_model.push_back(t.model);
                             data.train_alpha.push_back(t.alpha);
                           });
  // The test set: another seed and other ids, nothing shared with the training set.
  particles::make_andi_set(
      andi_settings(s.data, s.data.test_size), seed + 1, kTestIds,
      [&](particles::AndiTrajectory&& t) {
        const auto n = static_cast<Eigen::Index>(data.test_model.size());
        data.test_x.col(n) = feature_column(t.x);
        data.test_model.push_back(t.model);
        data.test_alpha.push_back(t.alpha);
        data.test_baseline.push_back(std::clamp(tamsd_exponent(t.x.data(), t.x.size()), 0.0, 2.0));
        data.test_noise.push_back(t.noise);
        data.test_length.push_back(static_cast<long>(t.x.size()));
      });
  data.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log.line(fmt::format(
      "nn: andi: {} training and {} test trajectories of {}-{} frames, noise {}, {} features "
      "each ({:.1f} s to simulate and featurise)",
      data.train_model.size(), data.test_model.size(), s.data.min_length, s.data.max_length,
      fmt::join(s.data.noise, "/"), features, data.seconds));
  return data;
}

}  // namespace fickle
