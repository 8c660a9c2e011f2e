#include "solvers/swimmer/bead_swimmer.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace fickle {
namespace {

constexpr double kPi = std::numbers::pi;

// The xx component of the mobility between spheres i and j at distance r along the line (§8.5):
// self 1/(6πηa_i); Oseen 1/(4πηr) (the Stokeslet (I + r̂r̂)/(8πηr) along r̂); Rotne–Prager
// 1/(4πηr) [1 − (a_i² + a_j²)/(3r²)].
double mobility(const BeadSwimmer& s, int i, int j, double r) {
  const double eta = s.viscosity;
  if (i == j) return 1 / (6 * kPi * eta * s.radii[i]);
  const double oseen = 1 / (4 * kPi * eta * r);
  if (s.hydrodynamics == BeadHydrodynamics::oseen) return oseen;
  const double ai = s.radii[i], aj = s.radii[j];
  return oseen * (1 - (ai * ai + aj * aj) / (3 * r * r));
}

// Gaussian elimination with partial pivoting on a small dense system (N + 1 ≤ a few dozen).
std::vector<double> solve_dense(std::vector<std::vector<double>> A, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t p = k;
    for (std::size_t i = k + 1; i < n; ++i)
      if (std::abs(A[i][k]) > std::abs(A[p][k])) p = i;
    std::swap(A[k], A[p]);
    std::swap(b[k], b[p]);
    for (std::size_t i = k + 1; i < n; ++i) {
      const double f = A[i][k] / A[k][k];
      for (std::size_t j = k; j < n; ++j) A[i][j] -= f * A[k][j];
      b[i] -= f * b[k];
    }
  }
  std::vector<double> x(n);
  for (std::size_t k = n; k-- > 0;) {
    double sum = b[k];
    for (std::size_t j = k + 1; j < n; ++j) sum -= A[k][j] * x[j];
    x[k] = sum / A[k][k];
  }
  return x;
}

}  // namespace

double BeadSwimmer::omega() const {
  return 2 * kPi / period;
}

BeadState bead_state(const BeadSwimmer& s, double theta) {
  const int n = s.spheres();
  BeadState st;
  st.x.assign(n, 0.0);
  std::vector<double> rate(n, 0.0);  // ẋ_i − ẋ_0 = Σ_{k<i} dL_k/dt
  for (int k = 0; k + 1 < n; ++k) {
    const double length = s.arm_length[k] + s.amplitude[k] * std::cos(theta - s.phase[k]);
    const double dlength = -s.amplitude[k] * s.omega() * std::sin(theta - s.phase[k]);
    st.x[k + 1] = st.x[k] + length;
    rate[k + 1] = rate[k] + dlength;
    if (length <= s.radii[k] + s.radii[k + 1])
      throw std::invalid_argument("the spheres of arm " + std::to_string(k + 1) +
                                  " overlap: L - xi <= a_i + a_j");
  }
  // Unknowns f_0 … f_{n−1}, U = ẋ_0: Σ_j M_ij f_j − U = rate_i, Σ_j f_j = 0.
  std::vector<std::vector<double>> A(n + 1, std::vector<double>(n + 1, 0.0));
  std::vector<double> b(n + 1, 0.0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) A[i][j] = mobility(s, i, j, std::abs(st.x[i] - st.x[j]));
    A[i][n] = -1;
    b[i] = rate[i];
  }
  for (int j = 0; j < n; ++j) A[n][j] = 1;
  const auto solution = solve_dense(std::move(A), std::move(b));
  st.force.assign(solution.begin(), solution.begin() + n);
  st.velocity.resize(n);
  for (int i = 0; i < n; ++i) {
    st.velocity[i] = solution[n] + rate[i];
    st.centroid_velocity += st.velocity[i] / n;
  }
  return st;
}

double displacement_per_cycle(const BeadSwimmer& s, int points) {
  // θ_m = 2πm/points for m in (−points/2, points/2]: the pairs ±θ are evaluated at exactly
  // opposite phases. For a reciprocal stroke (all φ_k equal, or differing by π) the shape at −θ
  // is the shape at θ run backwards: U(−θ) = −U(θ), and each pair sums to zero.
  const double dt = s.period / points;
  double sum = bead_state(s, 0).centroid_velocity;
  for (int m = 1; 2 * m < points; ++m) {
    const double theta = 2 * kPi * m / points;
    sum += bead_state(s, theta).centroid_velocity + bead_state(s, -theta).centroid_velocity;
  }
  if (points % 2 == 0) sum += bead_state(s, kPi).centroid_velocity;
  return sum * dt;
}

std::optional<double> law_displacement_per_cycle(const BeadSwimmer& s) {
  if (s.spheres() == 2) return 0.0;
  if (s.spheres() != 3) return std::nullopt;
  const double a1 = s.radii[0], a2 = s.radii[1], a3 = s.radii[2];
  const double L1 = s.arm_length[0], L2 = s.arm_length[1];
  const double K = 3 * a1 * a2 * a3 / ((a1 + a2 + a3) * (a1 + a2 + a3)) *
                   (1 / (L1 * L1) + 1 / (L2 * L2) - 1 / ((L1 + L2) * (L1 + L2)));
  // V0 = (K/2) ξ1 ξ2 ω sin(φ2 − φ1) over T = 2π/ω.
  return kPi * K * s.amplitude[0] * s.amplitude[1] * std::sin(s.phase[1] - s.phase[0]);
}

std::array<double, 3> bead_flow(const BeadSwimmer& s, const BeadState& state,
                                const std::array<double, 3>& r) {
  std::array<double, 3> u{0, 0, 0};
  for (int i = 0; i < s.spheres(); ++i) {
    // Stokeslet of the force f x̂ at x_i: f/(8πη|d|) (x̂ + d_x d/|d|²).
    const std::array<double, 3> d{r[0] - state.x[i], r[1], r[2]};
    const double dist = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (dist < s.radii[i]) continue;  // inside a sphere: no point-force flow there
    const double f = state.force[i] / (8 * kPi * s.viscosity * dist);
    for (int k = 0; k < 3; ++k) u[k] += f * ((k == 0 ? 1.0 : 0.0) + d[0] * d[k] / (dist * dist));
  }
  return u;
}

}  // namespace fickle
