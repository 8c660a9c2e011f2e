// Single trajectories as data (docs/science.md §7.6–7.7, docs/output.md "tracks.csv"): the TAMSD
// of known paths, features that do not depend on units, the AnDi sets fickle simulates, and tracks
// files as fickle, trackpy and TrackMate write them.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <set>

#include <unistd.h>

#include "analysis/tamsd.hpp"
#include "analysis/trajectory_features.hpp"
#include "app/run/tracks_file.hpp"
#include "particles/andi_set.hpp"

namespace fickle {
namespace {

TEST(Tamsd, OfAStraightLineIsBallisticAndTheStatisticsSeeNoSpread) {
  // x_j = 2j: δ²(k) = 4k² for every trajectory, EB = 0, steps perfectly correlated.
  std::vector<double> x(50);
  for (std::size_t j = 0; j < x.size(); ++j) x[j] = 2.0 * static_cast<double>(j);
  const TrajectoryView line{x.data(), x.size(), 1};
  EXPECT_DOUBLE_EQ(tamsd(line, 3), 36.0);
  EXPECT_TRUE(std::isnan(tamsd(line, 50)));
  const auto s = single_trajectory_statistics(PETSC_COMM_WORLD, {line, line}, {1, 10}, 2);
  EXPECT_EQ(s.trajectories, 2);
  EXPECT_DOUBLE_EQ(s.tamsd_mean[1], 400.0);
  EXPECT_DOUBLE_EQ(s.msd[1], 400.0);
  EXPECT_NEAR(s.ergodicity_breaking[0], 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.velocity_autocorrelation[2], 1.0);
  EXPECT_EQ(log_spaced_lags(20, 5), (std::vector<long>{1, 2, 3, 4, 6, 10, 16}));
}

TEST(TrajectoryFeatures, DoNotDependOnUnitsAndAreAlwaysFinite) {
  std::vector<double> x{0}, scaled{5};
  for (int j = 1; j < 300; ++j) {
    x.push_back(x.back() + std::sin(1.7 * j) + 0.3 * std::cos(0.31 * j * j));
    scaled.push_back(5 - 40 * x.back());  // another unit, another origin, mirrored
  }
  const auto f = trajectory_features(x.data(), x.size());
  const auto g = trajectory_features(scaled.data(), scaled.size());
  ASSERT_EQ(f.size(), trajectory_feature_names().size());
  for (std::size_t k = 0; k < f.size(); ++k)
    EXPECT_NEAR(f[k], g[k], 1e-9 * (1 + std::abs(f[k]))) << trajectory_feature_names()[k];
  EXPECT_NEAR(tamsd_exponent(x.data(), x.size()), tamsd_exponent(scaled.data(), 300), 1e-12);
  // The shortest and dullest trajectories still give numbers.
  for (const std::vector<double>& dull :
       {std::vector<double>{0, 1, 0}, std::vector<double>(20, 3.0)})
    for (double v : trajectory_features(dull.data(), dull.size())) EXPECT_TRUE(std::isfinite(v));
}

// One named feature of a path.
double feature(const std::vector<double>& x, const std::string& name) {
  const auto& names = trajectory_feature_names();
  const auto at = std::find(names.begin(), names.end(), name);
  EXPECT_NE(at, names.end()) << name;
  return trajectory_features(x.data(), x.size())[static_cast<std::size_t>(at - names.begin())];
}

// A path from its steps, starting at 0.
std::vector<double> path(const std::vector<double>& steps) {
  std::vector<double> x{0};
  for (double d : steps) x.push_back(x.back() + d);
  return x;
}

TEST(TrajectoryFeatures, JosephMosesAndNoahExponentsOfExactPaths) {
  std::mt19937 gen(11);
  std::bernoulli_distribution coin;
  // Steps ±1 at random: Σ|δ| = Σδ² = t, so M + ½ = 1 and 2L + 2M − 1 = 1 exactly; their log
  // has mean 0 against the log of their mean square.
  std::vector<double> unit(1000);
  for (double& d : unit) d = coin(gen) ? 1.0 : -1.0;
  EXPECT_NEAR(feature(path(unit), "moses_exponent"), 1.0, 1e-12);
  EXPECT_NEAR(feature(path(unit), "noah_exponent"), 1.0, 1e-12);
  EXPECT_NEAR(feature(path(unit), "log_step_square_gap"), 0.0, 1e-9);
  // Alternating steps: every window's range equals its deviation, R/S = 1 at all t, J = 0.
  std::vector<double> alternating(128);
  for (std::size_t j = 0; j < alternating.size(); ++j) alternating[j] = j % 2 ? -1.0 : 1.0;
  EXPECT_NEAR(feature(path(alternating), "joseph_exponent"), 0.0, 1e-12);
  // SBM's step magnitudes, δ_s² = s^α − (s − 1)^α: Σ_{s≤t} δ_s² = t^α, the Noah slope is α.
  for (double alpha : {0.4, 1.6}) {
    std::vector<double> sbm(1000);
    for (std::size_t s = 1; s <= sbm.size(); ++s)
      sbm[s - 1] = (coin(gen) ? 1 : -1) *
                   std::sqrt(std::pow(s, alpha) - std::pow(static_cast<double>(s) - 1, alpha));
    EXPECT_NEAR(feature(path(sbm), "noah_exponent"), alpha, 1e-9) << alpha;
  }
  // Gaussian steps: E ln(δ²/σ²) = ψ(½) + ln 2 = −1.2704; over 10⁵ steps the standard error of
  // the mean log is (π/√2)/√n = 0.0070, and of ln of the mean square √(2/n) = 0.0045.
  std::normal_distribution<double> normal;
  std::vector<double> gaussian(100000);
  for (double& d : gaussian) d = normal(gen);
  EXPECT_NEAR(feature(path(gaussian), "log_step_square_gap"), -1.2704, 4 * (0.0070 + 0.0045));
}

TEST(AndiSet, IsBalancedWithinItsRangesAndTheSameEveryTime) {
  particles::AndiSettings s;
  s.trajectories = 600;
  s.max_length = 200;
  std::vector<particles::AndiTrajectory> a, b;
  particles::make_andi_set(s, 7, 0, [&](particles::AndiTrajectory&& t) { a.push_back(t); });
  particles::make_andi_set(s, 7, 0, [&](particles::AndiTrajectory&& t) { b.push_back(t); });
  ASSERT_EQ(a.size(), 600u);
  std::vector<int> per_class(particles::kAndiClasses, 0);
  std::set<double> noise;
  for (std::size_t n = 0; n < a.size(); ++n) {
    ++per_class[static_cast<std::size_t>(a[n].model)];
    const auto [lo, hi] =
        particles::andi_alpha_range(static_cast<particles::AndiModel>(a[n].model));
    EXPECT_GE(a[n].alpha, lo);
    EXPECT_LE(a[n].alpha, hi);
    EXPECT_GE(a[n].x.size(), 10u);
    EXPECT_LE(a[n].x.size(), 200u);
    noise.insert(a[n].noise);
    ASSERT_EQ(a[n].x, b[n].x) << "trajectory " << n;  // a pure function of (seed, id)
  }
  for (int count : per_class) EXPECT_NEAR(count, 100, 8);
  EXPECT_EQ(noise, (std::set<double>{0.1, 0.5, 1.0}));
  // Without noise, a whole trajectory has unit step deviation (AnDi's normalisation).
  s.noise = {0.0};
  s.min_length = 200;
  s.trajectories = 12;
  particles::make_andi_set(s, 7, 1000, [&](particles::AndiTrajectory&& t) {
    double mean = 0, square = 0;
    for (std::size_t k = 1; k < t.x.size(); ++k) {
      const double d = t.x[k] - t.x[k - 1];
      mean += d / 199, square += d * d / 199;
    }
    if (square > 0) {
      EXPECT_NEAR(square - mean * mean, 1.0, 1e-9);
    }
  });
}

TEST(TracksFile, ReadsFickleTrackpyAndTrackMate) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("fickle_tracks_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // fickle's own, written and read back.
  std::vector<Track> written{{"0", 2, {0, 1, 2}, {0, 0.5, 1}, {0, 0, 1, 2, 3, 4}},
                             {"7", 2, {0, 1, 2}, {0, 0.5, 1}, {9, 9, 8, 8, 7, 7}}};
  write_tracks_csv(dir / "tracks.csv", written);
  const auto mine = read_tracks_csv(dir / "tracks.csv");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[1].particle, "7");
  EXPECT_EQ(mine[1].xyz, written[1].xyz);
  EXPECT_EQ(mine[0].t, written[0].t);
  // trackpy: other columns around, rows by frame with the particles interleaved.
  std::ofstream(dir / "trackpy.csv") << ",y,x,mass,size,ecc,signal,raw_mass,ep,frame,particle\n"
                                        "0,5.0,1.0,10,1,0,1,1,0.1,1,3\n"
                                        "1,6.0,2.0,10,1,0,1,1,0.1,0,3\n"
                                        "2,7.0,3.0,10,1,0,1,1,0.1,0,4\n";
  const auto trackpy = read_tracks_csv(dir / "trackpy.csv");
  ASSERT_EQ(trackpy.size(), 2u);
  EXPECT_EQ(trackpy[0].dim, 2);
  EXPECT_EQ(trackpy[0].frame, (std::vector<long>{0, 1}));
  EXPECT_EQ(trackpy[0].xyz, (std::vector<double>{2, 6, 1, 5}));  // x, y of frames 0 and 1
  // TrackMate's spots export: three more header rows, spots outside tracks have no TRACK_ID.
  std::ofstream(dir / "trackmate.csv")
      << "LABEL,ID,TRACK_ID,QUALITY,POSITION_X,POSITION_Y,POSITION_Z,POSITION_T,FRAME\n"
         "Label,Spot ID,Track ID,Quality,X,Y,Z,T,Frame\n"
         "Label,Spot ID,Track ID,Quality,X,Y,Z,T,Frame\n"
         ",,,(quality),(micron),(micron),(micron),(sec),\n"
         "ID1,1,0,5,1.5,2.5,0,0,0\n"
         "ID2,2,,5,9,9,0,0,0\n"
         "ID3,3,0,5,1.7,2.4,0,0.1,1\n";
  const auto trackmate = read_tracks_csv(dir / "trackmate.csv");
  ASSERT_EQ(trackmate.size(), 1u);
  EXPECT_EQ(trackmate[0].dim, 3);
  EXPECT_EQ(trackmate[0].t, (std::vector<double>{0, 0.1}));
  EXPECT_DOUBLE_EQ(trackmate[0].xyz[3], 1.7);
  // No particle column: an error that names the file and line.
  std::ofstream(dir / "bad.csv") << "a,b\n1,2\n";
  try {
    read_tracks_csv(dir / "bad.csv");
    FAIL() << "a file without particle and x columns was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:1:"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fickle
