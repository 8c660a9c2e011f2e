// The `nn` case kind's input (docs/nn.md): data set, model, training schedule, turned into typed
// settings for the nn module. Every key is read here, so errors name file:line:key.
#pragma once

#include <string>
#include <vector>

#include "app/input/case_reader.hpp"
#include "app/input/case_sections.hpp"
#include "nn/boltzmann.hpp"
#include "nn/mixture.hpp"
#include "nn/mlp.hpp"
#include "nn/rbm.hpp"

namespace fickle {

enum class NnModel { mlp, rbm, dbn, hopfield, boltzmann, perceptron, anomalous };
const char* nn_model_name(NnModel m);

struct NnData {
  std::string set = "fashion-mnist";   ///< fashion-mnist | mnist-format | bars-and-stripes | parity
                                       ///< | random-patterns | encoder | andi
  std::string dir;                     ///< of the IDX files
  long train_size = 0, test_size = 0;  ///< 0 = all
  int size = 4;                        ///< bars-and-stripes: n×n images; parity: bits
  // andi: trajectories fickle simulates (particles/andi_set.hpp)
  long min_length = 10, max_length = 1000;
  std::vector<double> noise{0.1, 0.5, 1.0};
  long group = 8;  ///< trajectories sharing a model and α
};

struct NnBackprop {
  long epochs = 10;
  int batch = 128;
  nn::OptimizerSettings optimizer{nn::Method::adam, 1e-3};
  double validation = 0;  ///< fraction of the training set held out
  long patience = 0;      ///< early stopping: epochs without a better validation loss; 0 = off
};

struct NnHopfield {
  int neurons = 500;
  std::vector<double> loads;  ///< p/N, one series row each
  int trials = 10;
  int recall_patterns = 10;  ///< stored patterns settled from per trial
};

struct NnSettings {
  NnModel model = NnModel::mlp;
  NnData data;
  std::uint64_t seed = 1;
  // mlp, dbn (fine-tuning) and rbm (the softmax classifier on the hidden features)
  std::vector<int> hidden;
  nn::Activation activation = nn::Activation::relu;
  nn::Activation output_activation = nn::Activation::softmax;
  nn::Loss loss = nn::Loss::cross_entropy;
  NnBackprop training;
  // rbm, dbn: the RBMs
  nn::RbmSettings rbm;
  long rbm_epochs = 10;  ///< per RBM
  double sigma = 0.01;   ///< initial weights ~ N(0, σ²)
  bool gaussian_visible = false;
  // hopfield
  NnHopfield hopfield;
  // boltzmann (the n-h-n encoder)
  nn::BoltzmannSettings boltzmann;
  long boltzmann_epochs = 500;
  long boltzmann_restarts = 1;  ///< independent starts; the best log-likelihood is kept
  int encoder_units = 4;
  // perceptron (one-vs-rest Rosenblatt): shuffled passes over the training set
  long perceptron_epochs = 5;
  // anomalous: classifiers in the ensemble, the regressors' loss
  int classifiers = 1;
  int regressors = 1;                                      ///< per class, averaged
  nn::Mixture::Mixing mixing = nn::Mixture::Mixing::mean;  ///< how the classes' α combine
  nn::Loss alpha_loss = nn::Loss::squared_error;

  OutputSettings output;
  long filters = 100;  ///< receptive fields in the PNG mosaic (0: none)
};

NnSettings read_nn_settings(Section& root);

}  // namespace fickle
