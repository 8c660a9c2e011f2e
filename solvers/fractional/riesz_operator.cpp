#include "solvers/fractional/riesz_operator.hpp"

#include <fftw3.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace fickle {

std::vector<double> fractional_centred_weights(double mu, int count) {
  std::vector<double> g(static_cast<std::size_t>(count));
  g[0] = std::tgamma(mu + 1) / std::pow(std::tgamma(mu / 2 + 1), 2);
  for (int k = 0; k + 1 < count; ++k) g[k + 1] = (1 - (mu + 1) / (mu / 2 + k + 1)) * g[k];
  return g;
}

namespace {

double periodic_symbol(double mu, double h, int m, int n) {
  return -std::pow(h, -mu) * std::pow(std::abs(2 * std::sin(std::numbers::pi * m / n)), mu);
}

}  // namespace

// One axis: the transform of its line length (n, or 2n for the Toeplitz embedding) and the
// eigenvalues of its (embedded) circulant, which multiply the line's spectrum.
struct RieszOperator::Axis {
  int n = 0, length = 0;
  double* line = nullptr;
  fftw_complex* spectrum = nullptr;
  fftw_plan forward = nullptr, backward = nullptr;
  std::vector<double> eigenvalues;  ///< per spectral index, includes −h^{−μ} and 1/length

  Axis(int cells, double h, double mu, bool periodic)
      : n(cells), length(periodic ? cells : 2 * cells) {
    line = fftw_alloc_real(static_cast<std::size_t>(length));
    spectrum = fftw_alloc_complex(static_cast<std::size_t>(length / 2 + 1));
    forward = fftw_plan_dft_r2c_1d(length, line, spectrum, FFTW_ESTIMATE);
    backward = fftw_plan_dft_c2r_1d(length, spectrum, line, FFTW_ESTIMATE);
    eigenvalues.resize(static_cast<std::size_t>(length / 2 + 1));
    if (periodic) {
      for (int m = 0; m <= length / 2; ++m)
        eigenvalues[m] = periodic_symbol(mu, h, m, length) / length;
      return;
    }
    // Circulant of size 2n whose first column is [g_0 .. g_{n−1}, 0, g_{n−1} .. g_1]: its top-left
    // n×n block is the Toeplitz matrix. Its eigenvalues are the (real) transform of that column.
    const auto g = fractional_centred_weights(mu, n);
    for (int j = 0; j < length; ++j) line[j] = j < n ? g[j] : j == n ? 0.0 : g[length - j];
    fftw_execute(forward);
    for (int m = 0; m <= length / 2; ++m)
      eigenvalues[m] = -std::pow(h, -mu) * spectrum[m][0] / length;
  }
  ~Axis() {
    fftw_destroy_plan(forward);
    fftw_destroy_plan(backward);
    fftw_free(line);
    fftw_free(spectrum);
  }

  // out[line] += R u[line] for the line of `stride` starting at `first`.
  void apply_line(const double* u, double* out, std::size_t first, std::size_t stride) {
    for (int j = 0; j < length; ++j) line[j] = j < n ? u[first + j * stride] : 0.0;
    fftw_execute(forward);
    for (int m = 0; m <= length / 2; ++m) {
      spectrum[m][0] *= eigenvalues[m];
      spectrum[m][1] *= eigenvalues[m];
    }
    fftw_execute(backward);
    for (int j = 0; j < n; ++j) out[first + j * stride] += line[j];
  }
};

// The d-dimensional real transform for the circulant solve.
struct RieszOperator::Spectral {
  std::size_t size = 0, complex_size = 0;
  double* field = nullptr;
  fftw_complex* spectrum = nullptr;
  fftw_plan forward = nullptr, backward = nullptr;
  std::vector<double> symbol;  ///< Σ_a periodic symbol, per complex index

  Spectral(const Grid& g, double mu) {
    std::vector<int> dims;  // FFTW is row-major: slowest first, x last
    for (int a = g.dim - 1; a >= 0; --a) dims.push_back(g.cells[a]);
    size = static_cast<std::size_t>(g.cell_count());
    const int nx_half = g.cells[0] / 2 + 1;
    complex_size = size / g.cells[0] * nx_half;
    field = fftw_alloc_real(size);
    spectrum = fftw_alloc_complex(complex_size);
    forward = fftw_plan_dft_r2c(g.dim, dims.data(), field, spectrum, FFTW_ESTIMATE);
    backward = fftw_plan_dft_c2r(g.dim, dims.data(), spectrum, field, FFTW_ESTIMATE);
    symbol.resize(complex_size);
    const int ny = g.dim > 1 ? g.cells[1] : 1, nz = g.dim > 2 ? g.cells[2] : 1;
    std::size_t c = 0;
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx_half; ++i, ++c) {
          symbol[c] = periodic_symbol(mu, g.spacing(0), i, g.cells[0]);
          if (g.dim > 1) symbol[c] += periodic_symbol(mu, g.spacing(1), j, ny);
          if (g.dim > 2) symbol[c] += periodic_symbol(mu, g.spacing(2), k, nz);
        }
  }
  ~Spectral() {
    fftw_destroy_plan(forward);
    fftw_destroy_plan(backward);
    fftw_free(field);
    fftw_free(spectrum);
  }
};

RieszOperator::RieszOperator(const Grid& grid, double mu) : grid_(grid), mu_(mu) {
  if (grid.dim > 2) throw std::invalid_argument("the Riesz operator is 1D or 2D");
  for (int a = 0; a < grid.dim; ++a)
    axes_.push_back(std::make_unique<Axis>(grid.cells[a], grid.spacing(a), mu, grid.periodic[a]));
  spectral_ = std::make_unique<Spectral>(grid, mu);
}

RieszOperator::~RieszOperator() = default;

void RieszOperator::apply(const std::vector<double>& u, std::vector<double>& out) {
  out.assign(u.size(), 0.0);
  const std::size_t nx = grid_.cells[0], ny = grid_.dim > 1 ? grid_.cells[1] : 1;
  for (std::size_t j = 0; j < ny; ++j) axes_[0]->apply_line(u.data(), out.data(), nx * j, 1);
  if (grid_.dim > 1)
    for (std::size_t i = 0; i < nx; ++i) axes_[1]->apply_line(u.data(), out.data(), i, nx);
}

void RieszOperator::solve_circulant(double c, const std::vector<double>& rhs,
                                    std::vector<double>& x) {
  Spectral& s = *spectral_;
  std::copy(rhs.begin(), rhs.end(), s.field);
  fftw_execute(s.forward);
  const double scale = 1.0 / static_cast<double>(s.size);
  for (std::size_t m = 0; m < s.complex_size; ++m) {
    const double factor = scale / (1 - c * s.symbol[m]);
    s.spectrum[m][0] *= factor;
    s.spectrum[m][1] *= factor;
  }
  fftw_execute(s.backward);
  x.assign(s.field, s.field + s.size);
}

double RieszOperator::symbol(const std::array<int, 3>& mode) const {
  double sum = 0;
  for (int a = 0; a < grid_.dim; ++a)
    sum += periodic_symbol(mu_, grid_.spacing(a), mode[a], grid_.cells[a]);
  return sum;
}

}  // namespace fickle
