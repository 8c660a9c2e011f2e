// The `swimmer` case kind: a bead swimmer in Stokes flow (solvers/swimmer, docs/science.md
// §8.5–8.6), the spheres' arms following a prescribed stroke. The swimmer is quasi-static and
// force-free, so a run is a quadrature over the stroke, not a time loop: it writes the motion over
// `cycles` cycles (series.csv), the spheres and the Oseen flow on a plane through the axis over
// one cycle (spheres.pvd, flow.pvd for ParaView) and summary.json with the displacement per cycle
// and the analytic law's.
#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <optional>

#include "app/input/case_sections.hpp"
#include "app/kinds/case_kind.hpp"
#include "app/kinds/swimmer/resolved_swimmer.hpp"
#include "app/run/run_directory.hpp"
#include "core/on_root.hpp"
#include "meshes/dmda.hpp"
#include "meshes/vtk_fields.hpp"
#include "meshes/vtk_particles.hpp"
#include "solvers/swimmer/bead_swimmer.hpp"

namespace fickle {
namespace {

constexpr double kPi = std::numbers::pi;

class SwimmerCase final : public CaseKind {
 public:
  void read(Section& root) override {
    Section s = root.section({"swimmer", "the bead swimmer: spheres on a line joined by arms"});
    s_.radii = s.reals(
        Key("radii", "radius of each sphere, in order along x").example("[0.1, 0.1, 0.1]"), 0);
    const std::size_t n = s_.radii.size();
    s.require(n >= 2 && n <= 32, "radii", "the radii of 2 to 32 spheres on a line");
    for (std::size_t i = 0; i < n; ++i)
      s.require_entry(s_.radii[i] > 0, "radii", i, "a radius > 0");
    s_.arm_length = s.reals(Key("arm_length", "mean length of each arm").example("[1, 1]"), n - 1);
    s_.amplitude =
        s.reals(Key("amplitude", "stroke amplitude of each arm").example("[0.3, 0.3]"), n - 1);
    s_.phase = s.reals({"phase", "phase of the stroke of each arm [degrees]"}, n - 1,
                       std::vector<double>(n - 1, 0.0));
    for (std::size_t k = 0; k + 1 < n; ++k) {
      s.require_entry(s_.amplitude[k] >= 0, "amplitude", k, "an amplitude >= 0");
      // The arm never brings two spheres into contact: L − ξ > a_k + a_{k+1}.
      s.require_entry(s_.arm_length[k] - s_.amplitude[k] > s_.radii[k] + s_.radii[k + 1],
                      "arm_length", k,
                      fmt::format("an arm longer than amplitude + the two radii ({:g})",
                                  s_.amplitude[k] + s_.radii[k] + s_.radii[k + 1]));
      s_.phase[k] *= kPi / 180;  // degrees in the case, radians inside
    }
    s_.viscosity = s.real({"viscosity", "fluid viscosity"}, 1.0);
    s.require(s_.viscosity > 0, "viscosity", "a viscosity > 0");
    s_.period = s.real({"period", "stroke period [time]"}, 1.0);
    s.require(s_.period > 0, "period", "a stroke period > 0");
    s_.hydrodynamics = s.choice({"hydrodynamics", "mobility of the spheres"},
                                {"oseen", "rotne-prager"}, "oseen") == "oseen"
                           ? BeadHydrodynamics::oseen
                           : BeadHydrodynamics::rotne_prager;
    points_ = s.integer({"points_per_cycle", "quadrature points per cycle of the bead model"}, 256);
    s.require(points_ >= 8 && points_ <= 1000000, "points_per_cycle",
              "a number of quadrature points per cycle from 8 to 10^6");
    const bool stokes =
        s.choice({"resolve", "the spheres as beads (point forces) or as bodies on a Stokes grid"},
                 {"beads", "stokes"}, "beads") == "stokes";
    if (stokes) {
      resolved_ = read_resolved_swimmer(root, s, s_, points_);
      return;
    }
    cycles_ = s.integer({"cycles", "stroke cycles simulated"}, 3);
    s.require(cycles_ >= 1 && cycles_ <= 10000, "cycles", "a number of cycles from 1 to 10000");
    Section output = root.section(keys::output);
    frames_ = output.integer({"frames_per_cycle", "ParaView frames over one cycle"}, 16);
    output.require(frames_ >= 0 && frames_ <= 1000, "frames_per_cycle",
                   "a number of ParaView frames over one cycle from 0 to 1000");
    const std::vector<long> plane =
        output.integers({"flow_plane", "[cells along x, cells across] of the flow plane"}, 2,
                        std::vector<long>{64, 32});
    output.require(plane[0] >= 2 && plane[1] >= 2 && plane[0] * plane[1] <= 1000000, "flow_plane",
                   "[cells along x, cells across] of the flow plane, each >= 2, at most 10^6");
    plane_ = {plane[0], plane[1]};
  }

  std::vector<Footprint> footprint() const override {
    if (resolved_) return {resolved_->footprint};
    return {};
  }

  void run(RunContext& ctx) override {
    if (resolved_) {
      run_resolved_swimmer(ctx, *resolved_);
    } else {
      run_beads(ctx);
    }
    summarise_swimmer(ctx.summary);
  }

 private:
  void run_beads(RunContext& ctx) {
    const double per_cycle = displacement_per_cycle(s_, static_cast<int>(points_));
    // The quadrature's own error: the same with half the points (spectral: round-off).
    const double coarse = displacement_per_cycle(s_, static_cast<int>(points_ / 2));
    ctx.mark_started();
    ctx.log->line(fmt::format(
        "swimmer: {} spheres, {} hydrodynamics, displacement per cycle {:.6g}", s_.spheres(),
        s_.hydrodynamics == BeadHydrodynamics::oseen ? "Oseen" : "Rotne–Prager", per_cycle));
    on_root(ctx.comm, [&] { write_series(ctx.run_dir); });
    if (frames_ > 0) write_frames(ctx);
    nlohmann::json& out = ctx.summary;
    out["resolve"] = "beads";
    out["cycles"] = cycles_;
    out["points_per_cycle"] = points_;
    out["displacement_per_cycle"] = per_cycle;
    out["quadrature_error"] = std::abs(per_cycle - coarse);
    out["mean_velocity"] = per_cycle / s_.period;
  }

  // The keys of both modes: the geometry, the law, and the grid's or the beads' error against it.
  void summarise_swimmer(nlohmann::json& out) const {
    const double per_cycle = out["displacement_per_cycle"].get<double>();
    out["spheres"] = s_.spheres();
    out["hydrodynamics"] = s_.hydrodynamics == BeadHydrodynamics::oseen ? "oseen" : "rotne-prager";
    out["period"] = s_.period;
    out["reciprocal"] = reciprocal();
    if (const auto law = law_displacement_per_cycle(s_)) {
      out["law_displacement_per_cycle"] = *law;
      out["law_mean_velocity"] = *law / s_.period;
      if (*law != 0) out["law_relative_error"] = (per_cycle - *law) / std::abs(*law);
    }
    double smallest = s_.arm_length[0];
    for (std::size_t k = 0; k < s_.arm_length.size(); ++k)
      smallest = std::min(smallest, s_.arm_length[k]);
    double largest_a = 0, largest_xi = 0;
    for (double a : s_.radii) largest_a = std::max(largest_a, a);
    for (double x : s_.amplitude) largest_xi = std::max(largest_xi, x);
    out["radius_over_arm"] = largest_a / smallest;
    out["amplitude_over_arm"] = largest_xi / smallest;
  }

  // All arms in phase or in antiphase: a stroke that retraces its path (§8.6).
  bool reciprocal() const {
    for (double p : s_.phase) {
      const double d = std::remainder(p - s_.phase[0], kPi);
      if (std::abs(d) > 1e-12) return false;
    }
    return true;
  }

  // One row per quadrature point over `cycles`: the position of the first sphere integrated by
  // the trapezoidal rule, the centroid, each arm and each sphere's force.
  void write_series(const std::filesystem::path& dir) const {
    std::vector<std::string> columns{"t", "x_first", "x_centroid", "velocity"};
    for (int k = 0; k + 1 < s_.spheres(); ++k) columns.push_back(fmt::format("arm_{}", k + 1));
    for (int i = 0; i < s_.spheres(); ++i) columns.push_back(fmt::format("force_{}", i + 1));
    Series series(dir / "series.csv", columns);
    const double dt = s_.period / static_cast<double>(points_);
    double x = 0, previous = 0;
    for (long n = 0; n <= cycles_ * points_; ++n) {
      const double theta = 2 * kPi * static_cast<double>(n % points_) / points_;
      const BeadState st = bead_state(s_, theta);
      if (n > 0) x += 0.5 * (previous + st.velocity[0]) * dt;
      previous = st.velocity[0];
      double centroid = 0;
      for (double xi : st.x) centroid += (x + xi) / s_.spheres();
      std::vector<double> row{static_cast<double>(n) * dt, x, centroid, st.centroid_velocity};
      for (int k = 0; k + 1 < s_.spheres(); ++k) row.push_back(st.x[k + 1] - st.x[k]);
      for (double f : st.force) row.push_back(f);
      series.add(row);
    }
    series.flush();
  }

  // Over one cycle: the spheres (with their forces) as points, and the flow they drive on the
  // plane z = 0 about the swimmer as a cell field (velocity and speed: ParaView streamlines), in
  // the frame of the first sphere. The plane is split over the ranks like any cell field.
  void write_frames(RunContext& ctx) const {
    double length = 0;
    for (double L : s_.arm_length) length += L;
    Grid plane;
    plane.dim = 2;
    plane.cells = {static_cast<std::int32_t>(plane_[0]), static_cast<std::int32_t>(plane_[1]), 1};
    plane.lower = {-0.5 * length, -0.5 * length, 0};
    plane.upper = {1.5 * length, 0.5 * length, 0};
    OwnedDM da = create_cell_dmda(ctx.comm, plane, 0);
    std::array<OwnedVec, 3> u;
    OwnedVec speed;
    for (auto& v : u) FICKLE_PETSC(DMCreateGlobalVector(da, v.out()));
    FICKLE_PETSC(DMCreateGlobalVector(da, speed.out()));
    const OwnedBox box = owned_box(da);
    PointSeries spheres(ctx.comm, ctx.run_dir, "spheres", "swimmer", ctx.vtk);
    FieldSeries flow(ctx.run_dir, "flow", plane, da, ctx.vtk);
    for (long f = 0; f < frames_; ++f) {
      const double t = s_.period * static_cast<double>(f) / static_cast<double>(frames_);
      const BeadState st = bead_state(s_, 2 * kPi * static_cast<double>(f) / frames_);
      std::array<PetscScalar*, 4> a{};
      for (int k = 0; k < 3; ++k) FICKLE_PETSC(VecGetArray(u[k], &a[k]));
      FICKLE_PETSC(VecGetArray(speed, &a[3]));
      for_each_owned_cell(box, [&](PetscInt i, PetscInt j, PetscInt, PetscInt n) {
        const auto w = bead_flow(s_, st, {plane.centre(0, i), plane.centre(1, j), 0});
        for (int k = 0; k < 3; ++k) a[k][n] = w[k];
        a[3][n] = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
      });
      for (int k = 0; k < 3; ++k) FICKLE_PETSC(VecRestoreArray(u[k], &a[k]));
      FICKLE_PETSC(VecRestoreArray(speed, &a[3]));
      flow.write(static_cast<int>(f), t, {{"speed", speed}}, {{"velocity", {u[0], u[1], u[2]}}});
      PointCloud beads;
      beads.vectors.push_back({"force", {}});
      beads.vectors.push_back({"velocity", {}});
      if (ctx.rank == 0)
        for (int i = 0; i < s_.spheres(); ++i) {
          beads.id.push_back(i);
          beads.position.push_back({st.x[i], 0, 0});
          beads.vectors[0].values.push_back({st.force[i], 0, 0});
          beads.vectors[1].values.push_back({st.velocity[i], 0, 0});
        }
      spheres.write(static_cast<int>(f), t, beads);
    }
  }

  BeadSwimmer s_;
  std::optional<ResolvedSwimmer> resolved_;
  long cycles_ = 3, points_ = 256, frames_ = 16;
  std::array<long, 2> plane_{64, 32};
};

}  // namespace

std::unique_ptr<CaseKind> make_swimmer_case() {
  return std::make_unique<SwimmerCase>();
}

}  // namespace fickle
