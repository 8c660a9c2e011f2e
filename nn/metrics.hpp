// Scores of a classifier and a regressor on a test set: the confusion matrix, F1 per class and
// its micro average (over all decisions: the accuracy, for one label per example, as the AnDi
// challenge scores its task 2) and macro average (the mean over the classes), and mean absolute
// errors by group (by class, by length).
#pragma once

#include <vector>

namespace fickle::nn {

struct ClassScores {
  std::vector<std::vector<long>> confusion;  ///< [true class][predicted class]
  std::vector<double> f1;                    ///< per class (NaN for a class never seen)
  double micro_f1 = 0, macro_f1 = 0;
};

ClassScores class_scores(const std::vector<int>& truth, const std::vector<int>& predicted,
                         int classes);

/// The mean of |estimate − truth| over the examples of each group (NaN for an empty group).
std::vector<double> grouped_mean_absolute_error(const std::vector<double>& estimate,
                                                const std::vector<double>& truth,
                                                const std::vector<int>& group, int groups);

}  // namespace fickle::nn
