// A classifier and one regressor per class, read together (docs/science.md §7.7): the classifier
// gives the probabilities p_c of the classes, regressor c the quantity as class c would make it,
// and the estimate is the mixture Σ_c p_c y_c. Each regressor learns from its own class only, so
// it can read a feature the way that class writes it (the step correlation of fBm, the quiet
// windows of a CTRW) where one regressor for all would average over the classes. The inputs are
// standardised by the training set's mean and deviation, kept with the networks. Several
// classifiers from different initial weights make an ensemble: their probabilities are averaged;
// so do several regressors per class (their estimates are averaged).
//
// Mixing: `mean` is Σ_c p_c y_c. `median` takes class c's α as Laplace-distributed about y_c with
// scale b_c (the mean absolute error of class c's regressors on their own training trajectories,
// the scale's maximum-likelihood estimate) and answers the median of the mixture Σ_c p_c
// Laplace(y_c, b_c): the estimate of least expected absolute error under that posterior. A class
// whose α is one number (Brownian motion) has a tiny b_c and pulls the median onto it once it is
// likely enough.
#pragma once

#include <string>
#include <vector>

#include "nn/archive.hpp"
#include "nn/mlp.hpp"

namespace fickle::nn {

struct Mixture {
  Vector<float> mean, scale;            ///< x ← (x − mean)/scale per feature
  std::vector<Mlp<float>> classifiers;  ///< softmax over the classes, averaged
  /// linear-output regressors, `regressors` per class: experts[k · classes + c] is class c's k-th
  std::vector<Mlp<float>> experts;
  int regressors = 1;
  enum class Mixing { mean, median } mixing = Mixing::mean;
  std::vector<double> spread;  ///< b_c per class (median mixing)

  /// Class c's estimates y_c, averaged over its regressors, of standardised inputs (one row each).
  Matrix<float> class_values(const Matrix<float>& x) const;

  /// mean and scale from the columns of `x` (a constant feature gets scale 1).
  void fit_standardisation(const Matrix<float>& x);
  Matrix<float> standardise(const Matrix<float>& x) const;

  struct Prediction {
    Matrix<float> probabilities;  ///< classes × columns
    std::vector<double> value;    ///< Σ_c p_c y_c per column (y_c: class_values), or the median
  };
  /// For raw (not yet standardised) inputs, one column each.
  Prediction predict(const Matrix<float>& raw) const;

  /// The median of Σ_c p_c Laplace(y_c, b_c) (bisection to 1e-9 of the range of the y_c).
  static double laplace_mixture_median(const std::vector<double>& p, const std::vector<double>& y,
                                       const std::vector<double>& b);

  void save(Archive& a, const std::string& prefix) const;
  static Mixture load(const Archive& a, const std::string& prefix);
};

}  // namespace fickle::nn
