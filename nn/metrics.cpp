#include "nn/metrics.hpp"

#include <cmath>

namespace fickle::nn {

ClassScores class_scores(const std::vector<int>& truth, const std::vector<int>& predicted,
                         int classes) {
  ClassScores s;
  const auto k = static_cast<std::size_t>(classes);
  s.confusion.assign(k, std::vector<long>(k, 0));
  for (std::size_t n = 0; n < truth.size(); ++n)
    ++s.confusion[static_cast<std::size_t>(truth[n])][static_cast<std::size_t>(predicted[n])];
  long right = 0, seen = 0;
  double sum = 0;
  for (std::size_t c = 0; c < k; ++c) {
    long fp = 0, fn = 0;
    for (std::size_t o = 0; o < k; ++o)
      if (o != c) fp += s.confusion[o][c], fn += s.confusion[c][o];
    const long tp = s.confusion[c][c];
    right += tp;
    const bool present = tp + fn > 0;
    s.f1.push_back(present ? 2.0 * tp / static_cast<double>(2 * tp + fp + fn) : NAN);
    if (present) sum += s.f1.back(), ++seen;
  }
  s.micro_f1 = truth.empty() ? NAN : static_cast<double>(right) / static_cast<double>(truth.size());
  s.macro_f1 = seen ? sum / static_cast<double>(seen) : NAN;
  return s;
}

std::vector<double> grouped_mean_absolute_error(const std::vector<double>& estimate,
                                                const std::vector<double>& truth,
                                                const std::vector<int>& group, int groups) {
  std::vector<double> sum(static_cast<std::size_t>(groups), 0), count(sum.size(), 0);
  for (std::size_t n = 0; n < truth.size(); ++n) {
    sum[static_cast<std::size_t>(group[n])] += std::abs(estimate[n] - truth[n]);
    count[static_cast<std::size_t>(group[n])] += 1;
  }
  for (std::size_t g = 0; g < sum.size(); ++g) sum[g] = count[g] > 0 ? sum[g] / count[g] : NAN;
  return sum;
}

}  // namespace fickle::nn
