// Reads the `nn` kind's keys (docs/nn.md) into NnSettings: the sections every model has, then
// the model's own, each checked with an error that names file:line:key.
#include "app/kinds/nn/nn_input.hpp"

#include <fmt/format.h>

#include "nn/idx.hpp"

namespace fickle {

namespace {

const std::vector<std::string> kModels{"mlp",       "rbm",        "dbn",      "hopfield",
                                       "boltzmann", "perceptron", "anomalous"};

// data.set: andi: how many trajectories of which lengths and noise (docs/nn.md).
void read_andi(Section& s, NnData& d) {
  d.train_size = s.integer({"train_size", "training trajectories"}, 120000);
  s.require(d.train_size >= 60, "train_size", "a number of training trajectories >= 60");
  d.test_size = s.integer({"test_size", "test trajectories"}, 12000);
  s.require(d.test_size >= 60, "test_size", "a number of test trajectories >= 60");
  const auto lengths = s.integers({"lengths", "[shortest, longest] frames of a trajectory"}, 2,
                                  std::vector<long>{10, 1000});
  s.require(lengths[0] >= 10 && lengths[1] >= lengths[0] && lengths[1] <= 100000, "lengths",
            "[shortest, longest] frames with 10 <= shortest <= longest <= 100000");
  d.min_length = lengths[0], d.max_length = lengths[1];
  d.noise = s.reals({"noise", "localisation noise levels σ, one drawn per trajectory"}, 0,
                    std::vector<double>{0.1, 0.5, 1.0});
  s.require(!d.noise.empty(), "noise", "a list of localisation noise levels sigma >= 0");
  for (double sigma : d.noise) s.require(sigma >= 0, "noise", "noise levels sigma >= 0");
  d.group = s.integer({"group", "trajectories sharing one model and α"}, 8);
  s.require(d.group >= 1 && d.group <= 4096, "group",
            "a number of trajectories sharing one model and alpha in [1, 4096]");
}

NnData read_data(Section s, NnModel model) {
  NnData d;
  std::vector<std::string> allowed;
  std::string fallback;
  switch (model) {
    case NnModel::mlp:
      allowed = {"fashion-mnist", "mnist-format", "parity"};
      fallback = "fashion-mnist";
      break;
    case NnModel::rbm:
      allowed = {"fashion-mnist", "mnist-format", "bars-and-stripes"};
      fallback = "fashion-mnist";
      break;
    case NnModel::dbn:
    case NnModel::perceptron:
      allowed = {"fashion-mnist", "mnist-format"};
      fallback = "fashion-mnist";
      break;
    case NnModel::hopfield:
      allowed = {"random-patterns"};
      fallback = "random-patterns";
      break;
    case NnModel::boltzmann:
      allowed = {"encoder"};
      fallback = "encoder";
      break;
    case NnModel::anomalous:
      allowed = {"andi"};
      fallback = "andi";
      break;
  }
  d.set = s.choice({"set", "the data set"}, allowed, fallback);
  if (d.set == "andi") {
    read_andi(s, d);
    return d;
  }
  if (d.set == "fashion-mnist" || d.set == "mnist-format") {
    d.dir = d.set == "fashion-mnist"
                ? s.text({"dir", "directory of the IDX files (train-images-idx3-ubyte.gz, ...)"},
                         nn::kFashionMnistDir)
                : s.text({"dir", "directory of the IDX files (train-images-idx3-ubyte.gz, ...)"});
    d.train_size = s.integer({"train_size", "training images used (0: all)"}, 0);
    s.require(d.train_size >= 0, "train_size", "a number of images >= 0 (0: all)");
    d.test_size = s.integer({"test_size", "test images used (0: all)"}, 0);
    s.require(d.test_size >= 0, "test_size", "a number of images >= 0 (0: all)");
  } else if (d.set == "bars-and-stripes" || d.set == "parity") {
    d.size = static_cast<int>(
        s.integer({"size", "side of the bars-and-stripes images, or bits of parity"},
                  d.set == "parity" ? 2 : 4));
    s.require(d.size >= 2 && d.size <= 10, "size", "a whole number in [2, 10]");
  }
  return d;
}

void read_backprop(Section s, NnBackprop& b, long default_epochs) {
  b.epochs = s.integer({"epochs", "training epochs"}, default_epochs);
  s.require(b.epochs >= 0, "epochs", "a number of epochs >= 0");
  b.batch = static_cast<int>(s.integer({"batch", "minibatch size"}, 128));
  s.require(b.batch >= 1, "batch", "a minibatch size >= 1");
  const std::string method = s.choice({"optimizer", "the optimiser"}, {"adam", "sgd"}, "adam");
  b.optimizer.method = method == "adam" ? nn::Method::adam : nn::Method::sgd;
  b.optimizer.learning_rate =
      s.real({"learning_rate", "learning rate"}, method == "adam" ? 1e-3 : 0.1);
  s.require(b.optimizer.learning_rate > 0, "learning_rate", "a number > 0");
  if (method == "sgd") {
    b.optimizer.momentum = s.real({"momentum", "momentum (sgd)"}, 0.9);
    s.require(b.optimizer.momentum >= 0 && b.optimizer.momentum < 1, "momentum",
              "a number in [0, 1)");
  } else {
    b.optimizer.beta1 = s.real({"beta1", "Adam's first-moment decay"}, 0.9);
    s.require(b.optimizer.beta1 >= 0 && b.optimizer.beta1 < 1, "beta1", "a number in [0, 1)");
    b.optimizer.beta2 = s.real({"beta2", "Adam's second-moment decay"}, 0.999);
    s.require(b.optimizer.beta2 >= 0 && b.optimizer.beta2 < 1, "beta2", "a number in [0, 1)");
  }
  b.optimizer.weight_decay = s.real({"weight_decay", "L2 weight decay"}, 0.0);
  s.require(b.optimizer.weight_decay >= 0, "weight_decay", "a number >= 0");
  b.validation =
      s.real({"validation", "fraction of the training set held out for validation"}, 0.0);
  s.require(b.validation >= 0 && b.validation < 1, "validation",
            "a fraction of the training set in [0, 1)");
  b.patience = s.integer(
      {"patience", "epochs without a better validation loss before stopping (0: never)"}, 0);
  s.require(b.patience >= 0, "patience", "a number of epochs >= 0 (0: no early stopping)");
  s.require(b.patience == 0 || b.validation > 0, "patience",
            "early stopping needs a validation fraction (training.validation > 0)");
}

void read_rbm(Section s, NnSettings& n) {
  nn::RbmSettings& r = n.rbm;
  n.rbm_epochs = s.integer({"epochs", "training epochs"}, 10);
  s.require(n.rbm_epochs >= 0, "epochs", "a number of epochs >= 0");
  r.batch = static_cast<int>(s.integer({"batch", "minibatch size"}, 100));
  s.require(r.batch >= 1, "batch", "a minibatch size >= 1");
  r.learning_rate = s.real({"learning_rate", "learning rate"}, 0.05);
  s.require(r.learning_rate > 0, "learning_rate", "a number > 0");
  r.k = static_cast<int>(s.integer({"k", "Gibbs steps of contrastive divergence CD-k"}, 1));
  s.require(r.k >= 1, "k", "a number of Gibbs steps >= 1");
  r.persistent = s.boolean({"persistent", "persistent chains (PCD)"}, false);
  r.initial_momentum = s.real({"initial_momentum", "momentum of the first epochs"}, 0.5);
  s.require(r.initial_momentum >= 0 && r.initial_momentum < 1, "initial_momentum",
            "a number in [0, 1)");
  r.final_momentum = s.real({"final_momentum", "momentum after momentum_epochs"}, 0.9);
  s.require(r.final_momentum >= 0 && r.final_momentum < 1, "final_momentum", "a number in [0, 1)");
  r.momentum_epochs =
      static_cast<int>(s.integer({"momentum_epochs", "epochs at the initial momentum"}, 5));
  s.require(r.momentum_epochs >= 0, "momentum_epochs", "a number of epochs >= 0");
  r.weight_decay = s.real({"weight_decay", "L2 weight decay"}, 1e-4);
  s.require(r.weight_decay >= 0, "weight_decay", "a number >= 0");
  r.sparsity_target =
      s.real({"sparsity_target", "target mean hidden activity (0: no sparsity penalty)"}, 0.0);
  s.require(r.sparsity_target >= 0 && r.sparsity_target < 1, "sparsity_target",
            "a mean hidden activity in [0, 1) (0: no sparsity penalty)");
  r.sparsity_cost = s.real({"sparsity_cost", "weight of the sparsity penalty"},
                           r.sparsity_target > 0 ? 0.01 : 0.0);
  s.require(r.sparsity_cost >= 0, "sparsity_cost", "a number >= 0");
  n.sigma = s.real({"sigma", "standard deviation of the initial weights"}, 0.01);
  s.require(n.sigma > 0, "sigma", "a standard deviation > 0");
}

std::vector<int> read_hidden(Section& model, std::vector<long> fallback, bool one) {
  const auto sizes = model.integers({"hidden", "hidden layer sizes"}, one ? 1 : 0, fallback);
  std::vector<int> hidden;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    model.require_entry(sizes[i] >= 1 && sizes[i] <= 100000, "hidden", i,
                        "a layer size in [1, 100000]");
    hidden.push_back(static_cast<int>(sizes[i]));
  }
  return hidden;
}

// mlp: the network's layers, activations and loss, and its training.
void read_mlp(Section& root, Section& model, NnSettings& n) {
  n.hidden = read_hidden(model, {256}, false);
  const std::string activation =
      model.choice({"activation", "hidden activation"}, {"relu", "sigmoid", "tanh"}, "relu");
  n.activation = nn::activation_from_name(activation);
  const bool classes = n.data.set != "parity";
  const std::string out =
      model.choice({"output", "output activation"}, {"softmax", "sigmoid", "linear", "tanh"},
                   classes ? "softmax" : "sigmoid");
  n.output_activation = nn::activation_from_name(out);
  const std::string loss =
      model.choice({"loss", "loss function"}, {"cross-entropy", "squared-error", "absolute-error"},
                   out == "softmax" || out == "sigmoid" ? "cross-entropy" : "squared-error");
  n.loss = nn::loss_from_name(loss);
  if (n.loss == nn::Loss::cross_entropy)
    model.require(out == "softmax" || out == "sigmoid", "output",
                  "softmax or sigmoid with the cross-entropy loss");
  else
    model.require(out != "softmax", "output",
                  "sigmoid, linear or tanh with the squared-error or absolute-error loss");
  if (classes)
    model.require(out == "softmax", "output", "softmax for class labels (" + n.data.set + ")");
  read_backprop(root.section({"training", "training: epochs, batches, optimiser"}), n.training, 10);
}

// rbm: one RBM, then the softmax classifier on its hidden features (labelled data only).
void read_rbm_model(Section& root, Section& model, NnSettings& n) {
  n.hidden = read_hidden(model, {500}, true);
  n.gaussian_visible =
      model.choice({"visible", "visible units: binary, or gaussian (real-valued data)"},
                   {"binary", "gaussian"}, "binary") == "gaussian";
  read_rbm(root.section({"rbm", "RBM training (rbm, each layer of a dbn)"}), n);
  Section training = root.section({"training", "training: epochs, batches, optimiser"});
  read_backprop(training, n.training, n.data.set == "bars-and-stripes" ? 0 : 10);
  if (n.data.set == "bars-and-stripes")
    training.require(n.training.epochs == 0, "epochs",
                     "0: bars-and-stripes has no labels to classify");
}

// hopfield: the capacity sweep's network size, loads and networks per load.
NnHopfield read_hopfield(Section& model) {
  NnHopfield h;
  h.neurons = static_cast<int>(model.integer({"neurons", "neurons N of the network"}, 500));
  model.require(h.neurons >= 10 && h.neurons <= 20000, "neurons", "a number in [10, 20000]");
  h.loads = model.reals({"loads", "loads p/N of the capacity sweep"}, 0,
                        std::vector<double>{0.05, 0.1, 0.138, 0.2});
  model.require(!h.loads.empty(), "loads", "a list of loads p/N");
  for (std::size_t i = 0; i < h.loads.size(); ++i)
    model.require_entry(h.loads[i] > 0 && h.loads[i] <= 2 && h.loads[i] * h.neurons >= 1, "loads",
                        i, "a load p/N in (0, 2] with at least one pattern");
  h.trials = static_cast<int>(model.integer({"trials", "networks per load"}, 10));
  model.require(h.trials >= 2, "trials", "a number of networks per load >= 2");
  h.recall_patterns =
      static_cast<int>(model.integer({"recall_patterns", "patterns recalled per network"}, 10));
  model.require(h.recall_patterns >= 0, "recall_patterns", "a number >= 0");
  return h;
}

// boltzmann: the n-h-n encoder and its learning steps, starts and Gibbs sampling.
void read_boltzmann(Section& root, Section& model, NnSettings& n) {
  n.encoder_units =
      static_cast<int>(model.integer({"encoder", "group size n of the n-h-n encoder"}, 4));
  model.require(n.encoder_units >= 2 && n.encoder_units <= 8, "encoder",
                "the encoder's group size n in [2, 8]");
  n.hidden = read_hidden(model, {2}, true);
  model.require(2 * n.encoder_units + n.hidden[0] <= 20, "hidden",
                "at most 20 units in all (2n + h), for exact likelihoods");
  n.sigma = model.real({"sigma", "standard deviation of the initial weights"}, 1.0);
  model.require(n.sigma > 0, "sigma", "a standard deviation > 0");
  Section training = root.section({"training", "training: epochs, batches, optimiser"});
  n.boltzmann_epochs = training.integer({"epochs", "training epochs"}, 800);
  training.require(n.boltzmann_epochs >= 1, "epochs", "a number of learning steps >= 1");
  n.boltzmann_restarts = training.integer({"restarts", "independent starts (the best is kept)"}, 1);
  training.require(n.boltzmann_restarts >= 1 && n.boltzmann_restarts <= 1000, "restarts",
                   "a number of independent starts from 1 to 1000");
  auto& b = n.boltzmann;
  b.learning_rate = training.real({"learning_rate", "learning rate"}, 0.5);
  training.require(b.learning_rate > 0, "learning_rate", "a number > 0");
  b.expectations = training.choice({"expectations", "how the model's expectations are computed"},
                                   {"gibbs", "exact"}, "gibbs") == "exact"
                       ? nn::Expectations::exact
                       : nn::Expectations::gibbs;
  b.sweeps = static_cast<int>(training.integer({"sweeps", "Gibbs sweeps per estimate"}, 5));
  training.require(b.sweeps >= 1, "sweeps", "a number of Gibbs sweeps >= 1");
  b.chains = static_cast<int>(training.integer({"chains", "Gibbs chains"}, 20));
  training.require(b.chains >= 1, "chains", "a number of Gibbs chains >= 1");
  b.weight_decay = training.real({"weight_decay", "L2 weight decay"}, 0.0);
  training.require(b.weight_decay >= 0, "weight_decay", "a number >= 0");
  const auto noise =
      training.reals({"clamp_noise", "[off, on] probabilities of flipping clamped units"}, 2,
                     std::vector<double>{0.0, 0.0});
  for (std::size_t i = 0; i < 2; ++i)
    training.require_entry(
        noise[i] >= 0 && noise[i] < 0.5, "clamp_noise", i,
        i == 0 ? "an off probability in [0, 0.5)" : "an on probability in [0, 0.5)");
  b.off_noise = noise[0];
  b.on_noise = noise[1];
}

}  // namespace

const char* nn_model_name(NnModel m) {
  return kModels[static_cast<int>(m)].c_str();
}

NnSettings read_nn_settings(Section& root) {
  NnSettings n;
  const long seed = root.integer({"seed", "seed of the weights and the data order"}, 1);
  root.require(seed >= 0, "seed", "a seed >= 0");
  n.seed = static_cast<std::uint64_t>(seed);
  Section model = root.section({"model", "the network and its size"});
  const std::string type = model.choice(Key("type", "the network").example("hopfield"), kModels);
  n.model = static_cast<NnModel>(std::find(kModels.begin(), kModels.end(), type) - kModels.begin());
  n.data = read_data(root.section({"data", "the data set"}), n.model);
  Section output = root.section(keys::output);
  n.output = read_output(output);
  n.filters = output.integer({"filters", "receptive fields in plots/filters.png (0: none)"}, 100);
  output.require(n.filters >= 0, "filters", "a number of receptive fields >= 0 (0: no mosaic)");

  switch (n.model) {
    case NnModel::mlp:
      read_mlp(root, model, n);
      break;
    case NnModel::rbm:
      read_rbm_model(root, model, n);
      break;
    case NnModel::dbn:
      n.hidden = read_hidden(model, {500, 500}, false);
      model.require(!n.hidden.empty(), "hidden", "at least one hidden layer");
      read_rbm(root.section({"rbm", "RBM training (rbm, each layer of a dbn)"}), n);
      read_backprop(root.section({"training", "training: epochs, batches, optimiser"}), n.training,
                    10);
      break;
    case NnModel::hopfield:
      n.hopfield = read_hopfield(model);
      break;
    case NnModel::boltzmann:
      read_boltzmann(root, model, n);
      break;
    case NnModel::perceptron: {
      Section training = root.section({"training", "training: epochs, batches, optimiser"});
      n.perceptron_epochs = training.integer({"epochs", "training epochs"}, 5);
      training.require(n.perceptron_epochs >= 0, "epochs", "a number of epochs >= 0");
      break;
    }
    case NnModel::anomalous:
      // A classifier and one regressor per class (nn/mixture.hpp), all of these layers.
      n.hidden = read_hidden(model, {128, 128}, false);
      model.require(!n.hidden.empty(), "hidden", "at least one hidden layer");
      {
        const long k = model.integer(
            {"classifiers", "classifiers from different initial weights, probabilities averaged"},
            1);
        model.require(k >= 1 && k <= 16, "classifiers", "a number of classifiers in 1-16");
        n.classifiers = static_cast<int>(k);
      }
      {
        const long k = model.integer(
            {"regressors", "regressors per class from different initial weights, averaged"}, 1);
        model.require(k >= 1 && k <= 16, "regressors", "a number of regressors in 1-16");
        n.regressors = static_cast<int>(k);
      }
      n.mixing = model.choice({"mixing", "how the classes' α estimates combine"},
                              {"mean", "median"}, "mean") == "median"
                     ? nn::Mixture::Mixing::median
                     : nn::Mixture::Mixing::mean;
      // The regressors' loss: absolute error trains them to the median of α given the features,
      // which minimises the MAE the task is scored by (docs/science.md §7.7).
      n.alpha_loss =
          nn::loss_from_name(model.choice({"alpha_loss", "loss of the α regressors"},
                                          {"squared-error", "absolute-error"}, "squared-error"));
      n.activation = nn::activation_from_name(
          model.choice({"activation", "hidden activation"}, {"relu", "sigmoid", "tanh"}, "relu"));
      read_backprop(root.section({"training", "training: epochs, batches, optimiser"}), n.training,
                    40);
      break;
  }
  return n;
}

}  // namespace fickle
