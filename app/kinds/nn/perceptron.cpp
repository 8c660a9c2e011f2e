// The `nn` kind's perceptron (docs/science.md §5.1): one Rosenblatt perceptron per class against
// the rest, one shuffled pass over the training images per step; its accuracies and its weights
// as images.
#include <fmt/format.h>

#include <cmath>

#include "app/kinds/nn/data.hpp"
#include "app/kinds/nn/model_run.hpp"
#include "nn/model_io.hpp"
#include "nn/perceptron.hpp"

namespace fickle {

namespace {

class PerceptronRun final : public NnModelRun {
 public:
  PerceptronRun(const NnSettings& s, nn::Rng& rng) : s_(s), rng_(rng) {}

  std::vector<NnStage> prepare(Log& log) override {
    data_ = load_nn_data(s_, log);
    // The library perceptron works in double: convert the images once.
    train_xd_ = data_.train_x.cast<double>();
    test_xd_ = data_.test_x.cast<double>();
    perceptron_ = nn::OneVsRest(data_.inputs(), data_.classes);
    return {{NnStage::perceptron, s_.perceptron_epochs}};
  }

  std::string describe() const override {
    return fmt::format("perceptron {}-{} one-vs-rest (Rosenblatt), {} shuffled epochs",
                       data_.inputs(), data_.classes, s_.perceptron_epochs);
  }

  void train(const NnProgress& /*at*/) override {
    last_mistakes_ = static_cast<double>(perceptron_.epoch(train_xd_, data_.train_labels, rng_));
  }

  std::vector<std::string> columns() const override {
    return {"mistakes", "train_accuracy", "test_accuracy"};
  }

  std::vector<double> values(const NnProgress& at) const override {
    return {at.step > 0 ? last_mistakes_ : kNnMissing, accuracy(train_xd_, data_.train_labels),
            accuracy(test_xd_, data_.test_labels)};
  }

  void summarise(nlohmann::json& out, const NnProgress& at) const override {
    out["parameters"] = static_cast<std::size_t>(weights().size());
    out["s_per_epoch"] = json_number(at.seconds_per_epoch(NnStage::perceptron));
    out["accuracy"] = json_number(accuracy(test_xd_, data_.test_labels));
    out["train_accuracy"] = json_number(accuracy(train_xd_, data_.train_labels));
    out["mistakes_final"] = std::isfinite(last_mistakes_)
                                ? nlohmann::json(static_cast<long>(last_mistakes_))
                                : nlohmann::json();
  }

  void save_model(nn::Archive& a) const override {
    a.put("rbm_layers", 0L);
    nn::save(a, "perceptron.", perceptron_);
  }

  // One tile per class: its weights without the bias.
  std::optional<nn::Image> filters() const override {
    return filter_mosaic(weights().leftCols(data_.image_rows * data_.image_cols), data_,
                         s_.filters);
  }

  void save_state(nn::Archive& a) const override {
    a.put_real("state.last_mistakes", last_mistakes_);
  }

  void load_state(const nn::Archive& a) override {
    perceptron_ = nn::load_one_vs_rest(a, "perceptron.");
    last_mistakes_ = a.real("state.last_mistakes");
  }

 private:
  double accuracy(const nn::Matrix<double>& x, const std::vector<int>& labels) const;
  nn::Matrix<double> weights() const;

  const NnSettings& s_;
  nn::Rng& rng_;
  NnDataset data_;
  nn::Matrix<double> train_xd_, test_xd_;  ///< the images in double
  nn::OneVsRest perceptron_;
  double last_mistakes_ = kNnMissing;  ///< updates in the last epoch, summed over the classes
};

// The fraction of columns of `x` whose largest one-vs-rest score is their label's (the scores
// of all classes as one matrix product; ties go to the lower class, as in OneVsRest::predict).
double PerceptronRun::accuracy(const nn::Matrix<double>& x, const std::vector<int>& labels) const {
  if (x.cols() == 0) return kNnMissing;
  const nn::Matrix<double> w = weights();  // classes × (inputs + 1)
  const Eigen::Index d = x.rows();
  const nn::Matrix<double> scores = (w.leftCols(d) * x).colwise() + w.col(d);
  long right = 0;
  for (Eigen::Index k = 0; k < x.cols(); ++k) {
    Eigen::Index best = 0;
    scores.col(k).maxCoeff(&best);
    right += best == labels[static_cast<std::size_t>(k)];
  }
  return static_cast<double>(right) / static_cast<double>(x.cols());
}

// One row per class: the weights of the inputs, then the bias.
nn::Matrix<double> PerceptronRun::weights() const {
  const auto& units = perceptron_.units();
  nn::Matrix<double> w(static_cast<Eigen::Index>(units.size()),
                       units.empty() ? 0 : units.front().weights().size());
  for (std::size_t c = 0; c < units.size(); ++c)
    w.row(static_cast<Eigen::Index>(c)) = units[c].weights().transpose();
  return w;
}

}  // namespace

std::unique_ptr<NnModelRun> make_perceptron_run(const NnSettings& s, nn::Rng& rng) {
  return std::make_unique<PerceptronRun>(s, rng);
}

}  // namespace fickle
