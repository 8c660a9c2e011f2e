#include "analysis/trajectory_features.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "analysis/msd_fit.hpp"
#include "analysis/tamsd.hpp"

namespace fickle {

namespace {

constexpr double kTiny = 1e-300;

double safe_log(double v) {
  return std::log(std::max(v, 1e-12));
}

// Displacements over non-overlapping windows of `scale` frames.
std::vector<double> steps(const double* x, std::size_t n, std::size_t scale) {
  std::vector<double> d;
  for (std::size_t j = 0; (j + 1) * scale < n; ++j) d.push_back(x[(j + 1) * scale] - x[j * scale]);
  return d;
}

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Central moment of order p.
double central_moment(const std::vector<double>& v, int p) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += std::pow(x - m, p);
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

// The correlation coefficient of v_j and v_{j+k} (centred); NaN with fewer than 3 pairs.
double correlation(const std::vector<double>& v, std::size_t k) {
  if (v.size() < k + 3) return NAN;
  const double m = mean(v);
  double c = 0, var = 0;
  for (std::size_t j = 0; j < v.size(); ++j) var += (v[j] - m) * (v[j] - m);
  for (std::size_t j = 0; j + k < v.size(); ++j) c += (v[j] - m) * (v[j + k] - m);
  return var > kTiny ? c / var * static_cast<double>(v.size()) / static_cast<double>(v.size() - k)
                     : 0.0;
}

double log_kurtosis(const std::vector<double>& v) {
  const double m2 = central_moment(v, 2);
  return v.size() < 4 || m2 <= kTiny ? NAN : std::log(central_moment(v, 4) / (m2 * m2));
}

// Appends `value`, or the last feature appended when it is not finite (the measurement needs
// more frames than there are).
void push_or_repeat(std::vector<double>& f, double value, double fallback) {
  f.push_back(std::isfinite(value) ? value : (std::isfinite(f.back()) ? f.back() : fallback));
}

void tamsd_features(const double* x, std::size_t n, std::vector<double>& f) {
  // Local slopes of the TAMSD between lags k and 2k, k = 1 … 128, while 2k ≤ n/2.
  const TrajectoryView view{x, n, 1};
  double slope = 1.0;  // Brownian, until a slope is measured
  for (long k = 1; k <= 128; k *= 2) {
    if (2 * k <= static_cast<long>(n) / 2) {
      const double s = std::log2(tamsd(view, 2 * k) / std::max(tamsd(view, k), kTiny));
      if (std::isfinite(s)) slope = s;
    }
    f.push_back(slope);
  }
  f.push_back(tamsd_exponent(x, n));
}

void increment_features(const double* x, std::size_t n, std::vector<double>& f) {
  const std::vector<double> d = steps(x, n, 1);
  const double sd = std::sqrt(std::max(central_moment(d, 2), kTiny));
  for (std::size_t k = 1; k <= 3; ++k) push_or_repeat(f, correlation(d, k), 0.0);
  // Correlation of consecutive coarse steps: fGn gives 2^{2H−1} − 1 at every scale, and noise
  // fades from it as the scale grows.
  for (std::size_t s = 2; s <= 32; s *= 2) push_or_repeat(f, correlation(steps(x, n, s), 1), 0.0);
  push_or_repeat(f, log_kurtosis(d), std::log(3.0));
  for (std::size_t s : {4u, 16u}) push_or_repeat(f, log_kurtosis(steps(x, n, s)), f.back());
  double absolute = 0, small = 0, largest = 0;
  const double centre = mean(d);
  std::vector<double> size(d.size());
  for (std::size_t j = 0; j < d.size(); ++j) {
    const double a = std::abs(d[j] - centre) / sd;
    absolute += a, small += a < 0.2, largest = std::max(largest, a), size[j] = a;
  }
  f.push_back(absolute / static_cast<double>(d.size()));  // Gaussian: 0.798
  f.push_back(small / static_cast<double>(d.size()));     // Gaussian: 0.159
  f.push_back(std::log(std::max(largest, 1e-3)));
  // Bursts: how long large (and small) steps follow each other (waits, segments, flights).
  for (std::size_t k : {1u, 4u, 16u}) push_or_repeat(f, correlation(size, k), 0.0);
  std::size_t same = 0;
  for (std::size_t j = 0; j + 1 < d.size(); ++j) same += d[j] * d[j + 1] > 0;
  f.push_back(d.size() > 1 ? static_cast<double>(same) / static_cast<double>(d.size() - 1) : 0.5);
}

void shape_features(const double* x, std::size_t n, std::vector<double>& f) {
  const std::vector<double> d = steps(x, n, 1);
  double total = 0;
  for (double v : d) total += v * v;
  total = std::max(total, kTiny);
  // How the step variance changes along the trajectory (SBM's D(t), a CTRW's ageing): each
  // quarter's mean square against the whole.
  const std::size_t q = std::max<std::size_t>(1, d.size() / 4);
  for (std::size_t part = 0; part < 4; ++part) {
    const std::size_t first = std::min(part * q, d.size() - 1);
    const std::size_t last = part == 3 ? d.size() : std::min(first + q, d.size());
    double s = 0;
    for (std::size_t j = first; j < last; ++j) s += d[j] * d[j];
    f.push_back(safe_log(s / static_cast<double>(std::max<std::size_t>(1, last - first)) /
                         (total / static_cast<double>(d.size()))));
  }
  double excursion = 0;
  for (std::size_t j = 0; j < n; ++j) excursion = std::max(excursion, std::abs(x[j] - x[0]));
  f.push_back(safe_log((x[n - 1] - x[0]) * (x[n - 1] - x[0]) / total));  // straightness
  f.push_back(safe_log(excursion * excursion / total));
  // The share of Σd² in the largest tenth of the steps: a few jumps carry a CTRW.
  std::vector<double> squares(d.size());
  for (std::size_t j = 0; j < d.size(); ++j) squares[j] = d[j] * d[j];
  const std::size_t top = std::max<std::size_t>(1, d.size() / 10);
  std::nth_element(squares.begin(), squares.begin() + static_cast<std::ptrdiff_t>(top - 1),
                   squares.end(), std::greater<>());
  f.push_back(
      std::accumulate(squares.begin(), squares.begin() + static_cast<std::ptrdiff_t>(top), 0.0) /
      total);
}

// Windows of `w` steps: how Gaussian the steps are inside each (ATTM is Brownian within a
// segment, a CTRW jumps), how many windows are quiet (waits, slow segments), and the power law of
// the windows' mean square in time (SBM's D(t) ∝ t^{α−1}).
void window_features(const double* x, std::size_t n, std::vector<double>& f) {
  const std::vector<double> d = steps(x, n, 1);
  double total = 0;
  for (double v : d) total += v * v;
  const double overall = std::max(total / static_cast<double>(d.size()), kTiny);
  std::vector<double> activity;  // log mean square of the windows of 8, against the whole
  for (std::size_t w : {8u, 32u}) {
    const std::size_t width = std::min(w, d.size());
    double kurtosis = 0, quiet = 0, windows = 0;
    for (std::size_t first = 0; first + width <= d.size(); first += width) {
      double m2 = 0, m4 = 0;
      for (std::size_t j = first; j < first + width; ++j) {
        const double square = d[j] * d[j];
        m2 += square, m4 += square * square;
      }
      m2 /= static_cast<double>(width), m4 /= static_cast<double>(width);
      kurtosis += m2 > kTiny ? m4 / (m2 * m2) : 1.0;
      quiet += m2 < 0.1 * overall;
      windows += 1;
      if (w == 8) activity.push_back(std::log(std::max(m2 / overall, 1e-6)));
    }
    f.push_back(std::log(kurtosis / windows));
    f.push_back(quiet / windows);
  }
  // How activity is spread over the windows (a CTRW idles at the noise floor, ATTM's slow
  // segments form a continuum) and how long it lasts (ATTM's segments, a CTRW's waits).
  push_or_repeat(f, correlation(activity, 1), 0.0);
  std::sort(activity.begin(), activity.end());
  f.push_back(activity[activity.size() / 10]);
  f.push_back(activity[activity.size() / 2]);
  // Mean square in windows doubling in length from the start: the slope of its log against the
  // log of the window's middle (0 for stationary steps).
  std::vector<double> middle, mean_square;
  for (std::size_t first = 0, width = 2; first < d.size(); first += width, width *= 2) {
    const std::size_t last = std::min(d.size(), first + width);
    double s = 0;
    for (std::size_t j = first; j < last; ++j) s += d[j] * d[j];
    middle.push_back(0.5 * static_cast<double>(first + last));
    mean_square.push_back(s / static_cast<double>(last - first) + 1e-12 * overall);
  }
  const double slope = log_log_slope(middle, mean_square, static_cast<double>(d.size()));
  f.push_back(std::isfinite(slope) ? slope : 0.0);
}

// The three effects anomalous diffusion decomposes into (Meyer et al. 2022, docs/science.md
// §7.7), each a power law of one trajectory read over log-spaced times t = 2, 4, 8, …:
// Joseph (correlated steps, fBm): the rescaled range R/S of windows of t steps ∝ t^J;
// Moses (steps that age, SBM, a CTRW): Σ_{s<t} |δ_s| ∝ t^{M+1/2};
// Noah (fat-tailed steps, a CTRW's jumps): Σ_{s<t} δ_s² ∝ t^{2L+2M−1}.
void effect_features(const double* x, std::size_t n, std::vector<double>& f) {
  const std::vector<double> d = steps(x, n, 1);
  std::vector<double> times, range, absolute, square;
  double cum_abs = 0, cum_sq = 0;
  std::size_t next = 2;
  for (std::size_t t = 1; t <= d.size(); ++t) {
    cum_abs += std::abs(d[t - 1]), cum_sq += d[t - 1] * d[t - 1];
    if (t != next && t != d.size()) continue;
    next *= 2;
    times.push_back(static_cast<double>(t));
    absolute.push_back(cum_abs + kTiny);
    square.push_back(cum_sq + kTiny);
    // R/S over the non-overlapping windows of t steps (all of them, one when t is the length).
    double rs = 0, windows = 0;
    for (std::size_t first = 0; first + t <= d.size(); first += t) {
      double m = 0;
      for (std::size_t j = first; j < first + t; ++j) m += d[j];
      m /= static_cast<double>(t);
      double y = 0, lo = 0, hi = 0, var = 0;
      for (std::size_t j = first; j < first + t; ++j) {
        y += d[j] - m, var += (d[j] - m) * (d[j] - m);
        lo = std::min(lo, y), hi = std::max(hi, y);
      }
      if (var <= kTiny) continue;
      rs += (hi - lo) / std::sqrt(var / static_cast<double>(t)), windows += 1;
    }
    range.push_back(windows > 0 ? rs / windows : NAN);
  }
  const double top = times.empty() ? 0.0 : times.back();
  std::vector<double> rt, rv;
  for (std::size_t k = 0; k < range.size(); ++k)
    if (std::isfinite(range[k])) rt.push_back(times[k]), rv.push_back(range[k]);
  const double joseph = rt.size() >= 2 ? log_log_slope(rt, rv, top) : NAN;
  f.push_back(std::isfinite(joseph) ? joseph : 0.5);
  const double moses = times.size() >= 2 ? log_log_slope(times, absolute, top) : NAN;
  f.push_back(std::isfinite(moses) ? moses : 1.0);
  const double noah = times.size() >= 2 ? log_log_slope(times, square, top) : NAN;
  f.push_back(std::isfinite(noah) ? noah : 1.0);
}

// How uneven the step sizes are, beyond a trend in time: the mean of ln δ² against ln of the mean
// δ² (−1.27 for Gaussian steps of one variance, lower for a mixture of diffusivities or waits);
// the windows of 8 steps' log mean square with its power-law trend in time removed (SBM's
// D(t) ∝ t^{α−1} is all trend; ATTM's segments and a CTRW's waits are not), by its spread and
// the persistence of what is left; the Gaussianity of overlapping 2- and 8-frame displacements;
// the fractal dimension ln N / ln(N s / Σ|δ|) with s the span of the path.
void heterogeneity_features(const double* x, std::size_t n, std::vector<double>& f) {
  const std::vector<double> d = steps(x, n, 1);
  double total = 0, path = 0;
  for (double v : d) total += v * v, path += std::abs(v);
  const double overall = std::max(total / static_cast<double>(d.size()), kTiny);
  double logs = 0;
  for (double v : d) logs += std::log(v * v / overall + 1e-12);
  f.push_back(logs / static_cast<double>(d.size()));
  std::vector<double> when, level;
  for (std::size_t first = 0; first + 8 <= d.size(); first += 8) {
    double s = 0;
    for (std::size_t j = first; j < first + 8; ++j) s += d[j] * d[j];
    when.push_back(std::log(static_cast<double>(first) + 4.5));
    level.push_back(std::log(std::max(s / 8 / overall, 1e-6)));
  }
  double spread = NAN, persistence = NAN;
  if (level.size() >= 3) {
    // Least-squares line of level against ln t, and the residuals about it.
    const double tm = mean(when), lm = mean(level);
    double stt = 0, stl = 0;
    for (std::size_t k = 0; k < level.size(); ++k)
      stt += (when[k] - tm) * (when[k] - tm), stl += (when[k] - tm) * (level[k] - lm);
    const double b = stt > kTiny ? stl / stt : 0.0;
    std::vector<double> residual(level.size());
    for (std::size_t k = 0; k < level.size(); ++k) residual[k] = level[k] - lm - b * (when[k] - tm);
    spread = std::sqrt(central_moment(residual, 2));
    persistence = correlation(residual, 1);
  }
  f.push_back(std::isfinite(spread) ? spread : 0.0);
  push_or_repeat(f, persistence, 0.0);
  for (std::size_t lag : {2u, 8u}) {
    double m2 = 0, m4 = 0, count = 0;
    for (std::size_t j = 0; j + lag < n; ++j) {
      const double s = (x[j + lag] - x[j]) * (x[j + lag] - x[j]);
      m2 += s, m4 += s * s, count += 1;
    }
    const double g = count >= 4 && m2 > kTiny ? std::log(m4 * count / (m2 * m2)) : NAN;
    push_or_repeat(f, g, std::log(3.0));
  }
  const double span = *std::max_element(x, x + n) - *std::min_element(x, x + n);
  const double steps_n = static_cast<double>(d.size());
  const double denominator = std::log(steps_n * span / std::max(path, kTiny));
  const double dimension = std::log(steps_n) / denominator;
  f.push_back(std::isfinite(dimension) && denominator > 1e-6 ? std::min(dimension, 10.0) : 1.0);
}

}  // namespace

const std::vector<std::string>& trajectory_feature_names() {
  static const std::vector<std::string> names = {
      "log_length",           "tamsd_slope_1",          "tamsd_slope_2",
      "tamsd_slope_4",        "tamsd_slope_8",          "tamsd_slope_16",
      "tamsd_slope_32",       "tamsd_slope_64",         "tamsd_slope_128",
      "tamsd_exponent",       "step_correlation_1",     "step_correlation_2",
      "step_correlation_3",   "coarse_correlation_2",   "coarse_correlation_4",
      "coarse_correlation_8", "coarse_correlation_16",  "coarse_correlation_32",
      "log_kurtosis_1",       "log_kurtosis_4",         "log_kurtosis_16",
      "mean_absolute_step",   "small_step_fraction",    "log_largest_step",
      "size_correlation_1",   "size_correlation_4",     "size_correlation_16",
      "sign_persistence",     "log_quarter_1",          "log_quarter_2",
      "log_quarter_3",        "log_quarter_4",          "log_straightness",
      "log_excursion",        "top_tenth_share",        "log_window_kurtosis_8",
      "quiet_windows_8",      "log_window_kurtosis_32", "quiet_windows_32",
      "activity_correlation", "activity_tenth",         "activity_median",
      "variance_trend",       "joseph_exponent",        "moses_exponent",
      "noah_exponent",        "log_step_square_gap",    "activity_spread",
      "activity_persistence", "log_kurtosis_overlap_2", "log_kurtosis_overlap_8",
      "fractal_dimension"};
  return names;
}

std::vector<double> trajectory_features(const double* x, std::size_t n) {
  std::vector<double> f{std::log10(static_cast<double>(n))};
  tamsd_features(x, n, f);
  increment_features(x, n, f);
  shape_features(x, n, f);
  window_features(x, n, f);
  effect_features(x, n, f);
  heterogeneity_features(x, n, f);
  for (double& v : f)
    if (!std::isfinite(v)) v = 0;
  return f;
}

double tamsd_exponent(const double* x, std::size_t n) {
  const TrajectoryView view{x, n, 1};
  const long largest =
      std::min<long>(static_cast<long>(n) - 1, std::max<long>(3, static_cast<long>(n) / 10));
  std::vector<double> lags, values;
  for (long k = 1; k <= largest; ++k) {
    lags.push_back(static_cast<double>(k));
    values.push_back(tamsd(view, k));
  }
  const double slope = log_log_slope(lags, values, static_cast<double>(largest));
  return std::isfinite(slope) ? slope : 1.0;
}

}  // namespace fickle
