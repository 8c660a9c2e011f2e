#include "nn/mixture.hpp"

#include <algorithm>
#include <cmath>

#include "nn/model_io.hpp"

namespace fickle::nn {

namespace {

// "classifier." for the first (the name files had before ensembles), then "classifier1." ….
std::string classifier_prefix(std::size_t k) {
  return k == 0 ? std::string("classifier.") : "classifier" + std::to_string(k) + ".";
}

}  // namespace

void Mixture::fit_standardisation(const Matrix<float>& x) {
  mean = x.rowwise().mean();
  scale = (x.colwise() - mean).array().square().rowwise().mean().sqrt();
  for (Eigen::Index k = 0; k < scale.size(); ++k)
    if (!(scale(k) > 1e-6f)) scale(k) = 1;
}

Matrix<float> Mixture::standardise(const Matrix<float>& x) const {
  return ((x.colwise() - mean).array().colwise() / scale.array()).matrix();
}

double Mixture::laplace_mixture_median(const std::vector<double>& p, const std::vector<double>& y,
                                       const std::vector<double>& b) {
  // F(t) = Σ_c p_c F_c(t) / Σ_c p_c with F_c(t) = ½ e^{(t−y_c)/b_c} below y_c, 1 − ½
  // e^{−(t−y_c)/b_c} above: increasing, and the median lies between the smallest and the largest
  // y_c.
  double total = 0;
  for (double q : p) total += q;
  auto cdf = [&](double t) {
    double f = 0;
    for (std::size_t c = 0; c < p.size(); ++c) {
      const double u = (t - y[c]) / b[c];
      f += p[c] * (u < 0 ? 0.5 * std::exp(u) : 1 - 0.5 * std::exp(-u));
    }
    return f;
  };
  double lo = *std::min_element(y.begin(), y.end()), hi = *std::max_element(y.begin(), y.end());
  const double tolerance = 1e-9 * std::max(1.0, hi - lo);
  while (hi - lo > tolerance) {
    const double mid = 0.5 * (lo + hi);
    (cdf(mid) < 0.5 * total ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Matrix<float> Mixture::class_values(const Matrix<float>& x) const {
  const auto classes = static_cast<Eigen::Index>(experts.size()) / regressors;
  Matrix<float> y = Matrix<float>::Zero(classes, x.cols());
  for (std::size_t e = 0; e < experts.size(); ++e)
    y.row(static_cast<Eigen::Index>(e) % classes) += experts[e].predict(x);
  return y / static_cast<float>(regressors);
}

Mixture::Prediction Mixture::predict(const Matrix<float>& raw) const {
  const Matrix<float> x = standardise(raw);
  Prediction p{classifiers.front().predict(x),
               std::vector<double>(static_cast<std::size_t>(x.cols()), 0)};
  for (std::size_t k = 1; k < classifiers.size(); ++k) p.probabilities += classifiers[k].predict(x);
  p.probabilities /= static_cast<float>(classifiers.size());
  const Matrix<float> y = class_values(x);
  if (mixing == Mixing::median) {
    const auto classes = static_cast<std::size_t>(y.rows());
    std::vector<double> pc(classes), yc(classes);
    for (Eigen::Index n = 0; n < x.cols(); ++n) {
      for (std::size_t c = 0; c < classes; ++c) {
        pc[c] = p.probabilities(static_cast<Eigen::Index>(c), n);
        yc[c] = y(static_cast<Eigen::Index>(c), n);
      }
      p.value[static_cast<std::size_t>(n)] = laplace_mixture_median(pc, yc, spread);
    }
    return p;
  }
  for (Eigen::Index c = 0; c < y.rows(); ++c)
    for (Eigen::Index n = 0; n < x.cols(); ++n)
      p.value[static_cast<std::size_t>(n)] +=
          static_cast<double>(p.probabilities(c, n)) * static_cast<double>(y(c, n));
  return p;
}

void Mixture::save(Archive& a, const std::string& prefix) const {
  a.put(prefix + "mean", mean);
  a.put(prefix + "scale", scale);
  a.put(prefix + "experts", static_cast<long>(experts.size()));
  a.put(prefix + "classifiers", static_cast<long>(classifiers.size()));
  a.put(prefix + "regressors", static_cast<long>(regressors));
  a.put(prefix + "mixing", std::string(mixing == Mixing::median ? "median" : "mean"));
  if (!spread.empty())
    a.put(prefix + "spread", Vector<double>(Eigen::Map<const Vector<double>>(
                                 spread.data(), static_cast<Eigen::Index>(spread.size()))));
  for (std::size_t k = 0; k < classifiers.size(); ++k)
    nn::save(a, prefix + classifier_prefix(k), classifiers[k]);
  for (std::size_t c = 0; c < experts.size(); ++c)
    nn::save(a, prefix + "expert" + std::to_string(c) + ".", experts[c]);
}

Mixture Mixture::load(const Archive& a, const std::string& prefix) {
  Mixture m;
  m.mean = a.vector<float>(prefix + "mean");
  m.scale = a.vector<float>(prefix + "scale");
  // A file from before ensembles has one classifier and no count.
  const long classifiers = a.has(prefix + "classifiers") ? a.integer(prefix + "classifiers") : 1;
  for (long k = 0; k < classifiers; ++k)
    m.classifiers.push_back(
        load_mlp<float>(a, prefix + classifier_prefix(static_cast<std::size_t>(k))));
  // A file from before ensembles of regressors has one per class and no count.
  m.regressors =
      a.has(prefix + "regressors") ? static_cast<int>(a.integer(prefix + "regressors")) : 1;
  // …and from before the choice of mixing, the mean.
  if (a.has(prefix + "mixing") && a.text(prefix + "mixing") == "median") m.mixing = Mixing::median;
  if (a.has(prefix + "spread")) {
    const Vector<double> b = a.vector<double>(prefix + "spread");
    m.spread.assign(b.data(), b.data() + b.size());
  }
  for (long c = 0; c < a.integer(prefix + "experts"); ++c)
    m.experts.push_back(load_mlp<float>(a, prefix + "expert" + std::to_string(c) + "."));
  return m;
}

}  // namespace fickle::nn
