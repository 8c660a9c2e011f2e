#include "nn/mixture.hpp"

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

Mixture::Prediction Mixture::predict(const Matrix<float>& raw) const {
  const Matrix<float> x = standardise(raw);
  Prediction p{classifiers.front().predict(x),
               std::vector<double>(static_cast<std::size_t>(x.cols()), 0)};
  for (std::size_t k = 1; k < classifiers.size(); ++k) p.probabilities += classifiers[k].predict(x);
  p.probabilities /= static_cast<float>(classifiers.size());
  for (std::size_t c = 0; c < experts.size(); ++c) {
    const Matrix<float> y = experts[c].predict(x);
    for (Eigen::Index n = 0; n < x.cols(); ++n)
      p.value[static_cast<std::size_t>(n)] +=
          static_cast<double>(p.probabilities(static_cast<Eigen::Index>(c), n)) * y(0, n);
  }
  return p;
}

void Mixture::save(Archive& a, const std::string& prefix) const {
  a.put(prefix + "mean", mean);
  a.put(prefix + "scale", scale);
  a.put(prefix + "experts", static_cast<long>(experts.size()));
  a.put(prefix + "classifiers", static_cast<long>(classifiers.size()));
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
  for (long c = 0; c < a.integer(prefix + "experts"); ++c)
    m.experts.push_back(load_mlp<float>(a, prefix + "expert" + std::to_string(c) + "."));
  return m;
}

}  // namespace fickle::nn
