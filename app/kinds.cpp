#include "app/kinds.hpp"

namespace fickle {

const std::vector<KindEntry>& case_kinds() {
  static const std::vector<KindEntry> table{
      {"fick", make_fick_case, "Fick diffusion with drift, 1-3D finite volumes on DMDA, PETSc TS"},
      {"fractional", make_fractional_case,
       "time-fractional (Caputo L1, fast history) and space-fractional (Riesz) diffusion"},
      {"stokes", make_stokes_case,
       "steady Stokes flow on a MAC grid (DMStag): walls, open faces, obstacles, drag"},
      {"particles", make_particles_case,
       "Brownian, Langevin, lattice walks, CTRW and Lévy flights; MSD, histograms"},
      {"compare", make_compare_case,
       "particles against the PDE they converge to: densities, MSD, noise, plots, ParaView"},
      {"nn", make_nn_case,
       "perceptron-family networks: MLP, RBM, DBN, Hopfield, Boltzmann machine"},
  };
  return table;
}

std::vector<std::string> case_kind_names() {
  std::vector<std::string> names;
  for (const auto& k : case_kinds()) names.emplace_back(k.name);
  return names;
}

}  // namespace fickle
