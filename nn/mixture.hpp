// A classifier and one regressor per class, read together (docs/science.md §7.7): the classifier
// gives the probabilities p_c of the classes, regressor c the quantity as class c would make it,
// and the estimate is the mixture Σ_c p_c y_c. Each regressor learns from its own class only, so
// it can read a feature the way that class writes it (the step correlation of fBm, the quiet
// windows of a CTRW) where one regressor for all would average over the classes. The inputs are
// standardised by the training set's mean and deviation, kept with the networks. Several
// classifiers from different initial weights make an ensemble: their probabilities are averaged.
#pragma once

#include <string>
#include <vector>

#include "nn/archive.hpp"
#include "nn/mlp.hpp"

namespace fickle::nn {

struct Mixture {
  Vector<float> mean, scale;            ///< x ← (x − mean)/scale per feature
  std::vector<Mlp<float>> classifiers;  ///< softmax over the classes, averaged
  std::vector<Mlp<float>> experts;      ///< one linear-output regressor per class

  /// mean and scale from the columns of `x` (a constant feature gets scale 1).
  void fit_standardisation(const Matrix<float>& x);
  Matrix<float> standardise(const Matrix<float>& x) const;

  struct Prediction {
    Matrix<float> probabilities;  ///< classes × columns
    std::vector<double> value;    ///< Σ_c p_c y_c per column
  };
  /// For raw (not yet standardised) inputs, one column each.
  Prediction predict(const Matrix<float>& raw) const;

  void save(Archive& a, const std::string& prefix) const;
  static Mixture load(const Archive& a, const std::string& prefix);
};

}  // namespace fickle::nn
