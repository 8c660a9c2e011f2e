"""Helpers for fick_vs_openfoam.sh: the 64³ Gaussian heat problem of bench/README.md (Peer figures)
and docs/science.md §1.6, §1.10.

  write-T FILE                       OpenFOAM initial field 0/T (nonuniform List<scalar>)
  openfoam CASE_DIR LOG WALL_S TOL OUT  results of one laplacianFoam run -> OUT (JSON)
  fickle SUMMARY_JSON WALL_S OUT     results of one fickle run -> OUT (JSON)
  report DIR LOAD                    merge DIR/fickle-n*.json, DIR/openfoam-TOL-n*.json (or *.skip)
"""
import json
import re
import sys
from pathlib import Path

import numpy as np

N, D, SIGMA0, C = 64, 0.01, 0.1, 0.5
STEPS, DT = 50, 0.01


def cell_centres():
    """Cell-centre coordinates along one axis."""
    return (np.arange(N) + 0.5) / N


def axis_factor(x, t):
    """1D Gaussian with mirror images for zero-flux walls on [0,1], times its amplitude."""
    s2 = SIGMA0**2 + 2 * D * t
    g = sum(np.exp(-(x - (2 * n + C))**2 / (2 * s2)) + np.exp(-(x - (2 * n - C))**2 / (2 * s2))
            for n in range(-3, 4))
    return np.sqrt(SIGMA0**2 / s2) * g


def on_grid(f):
    """Separable field f(x) f(y) f(z), flattened in blockMesh cell order (x fastest, z slowest)."""
    return np.einsum("k,j,i->kji", f, f, f).ravel()


def exact(t):
    return on_grid(axis_factor(cell_centres(), t))


def write_T(path):
    # u0 is the plain Gaussian (no mirror images) sampled at cell centres, as in fickle's case.
    u0 = on_grid(np.exp(-(cell_centres() - C)**2 / (2 * SIGMA0**2)))
    values = "\n".join(f"{v:.17g}" for v in u0)
    Path(path).write_text(
        "FoamFile { version 2.0; format ascii; class volScalarField; object T; }\n"
        "dimensions [0 0 0 1 0 0 0];\n"
        f"internalField nonuniform List<scalar> {u0.size}\n(\n{values}\n);\n"
        "boundaryField { walls { type zeroGradient; } }\n")


def read_internal_field(path):
    text = Path(path).read_text()
    m = re.search(r"internalField\s+nonuniform\s+List<scalar>\s*(\d+)\s*\(([^)]*)\)", text)
    return np.array(m.group(2).split(), dtype=float)


def l2_rel(u, t):
    ue = exact(t)
    return float(np.linalg.norm(u - ue) / np.linalg.norm(ue))


def cpu_seconds(path):
    """user + system CPU seconds from /usr/bin/time -f '%U %S'."""
    return sum(float(x) for x in Path(path).read_text().split()[-2:])


def openfoam(case, log, wall, tol, out, cpu):
    log = Path(log).read_text()
    # ExecutionTime (CPU s, cumulative, 0.01 s resolution) is printed after every step. Steps 2..49
    # are timed: step 1 carries the start-up (reading mesh and fields), step 50 the field write.
    exec_times = [float(x) for x in re.findall(r"^ExecutionTime = ([\d.eE+-]+) s", log, re.M)]
    iters = [int(x) for x in re.findall(r"DICPCG:\s+Solving for T,.*No Iterations (\d+)", log)]
    assert len(exec_times) == STEPS and len(iters) == STEPS, (len(exec_times), len(iters))
    u = read_internal_field(Path(case) / f"{STEPS * DT:g}" / "T")
    dump(out, f"laplacianFoam, PCG + DIC, tolerance {tol} (normalised residual), relTol 0",
         float(wall), (exec_times[-2] - exec_times[0]) / (STEPS - 2),
         sum(iters) / STEPS, l2_rel(u, STEPS * DT), cpu_seconds(cpu))


def fickle(summary, wall, out, cpu):
    s = json.loads(Path(summary).read_text())
    dump(out, s["solver"], float(wall), s["solve_s"] / s["steps"], s["linear_iterations"] / s["steps"],
         s["errors"]["l2_rel"], cpu_seconds(cpu))


def dump(out, solver, wall, solve_per_step, iters_per_step, err, cpu):
    Path(out).write_text(json.dumps({
        "solver": solver, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "solve_s_per_step": round(solve_per_step, 5),
        "iterations_per_step": round(iters_per_step, 2), "l2_rel": float(f"{err:.5g}")}))


def report(d, load):
    d = Path(d)
    res = {"problem": f"Gaussian heat pulse, unit cube {N}^3 cells, zero-flux walls, D = {D}, "
                      f"{STEPS} backward-Euler steps of dt = {DT}",
           # timings are only comparable on an otherwise idle machine
           "load_avg_1min_at_start": float(load)}
    runs = {"fickle": "fickle", "fickle_tau_1e-7": "fickle-tau1e-7", "fickle_tau_1e-8": "fickle-tau1e-8",
            "fickle_tau_1e-7_jacobi": "fickle-tau1e-7-jacobi",
            "fickle_tau_1e-8_jacobi": "fickle-tau1e-8-jacobi",
            "openfoam": "openfoam-1e-6", "openfoam_equal_error": "openfoam-1e-10"}
    for key, stem in runs.items():
        skip = d / f"{key.split('_')[0]}.skip"
        if skip.exists():
            res[key], res[f"{key}_reason"] = None, skip.read_text().strip()
        else:
            res[key] = {str(n): json.loads((d / f"{stem}-n{n}.json").read_text()) for n in (1, 2)}
    # > 1: fickle takes less time. "equal_error" compares with OpenFOAM at tolerance 1e-10, where
    # both reach the converged discretisation error 5.9507e-3; fickle with the solution-relative
    # tolerance τ: τ = 1e-7 against OpenFOAM's usual 1e-6 (fickle's error is the closer to the
    # converged one), τ = 1e-8 at equal error; per step and for the whole process.
    pairs = {"default": ("openfoam", "fickle"), "equal_error": ("openfoam_equal_error", "fickle"),
             "tolerance_matched": ("openfoam", "fickle_tau_1e-7"),
             "equal_error_tau": ("openfoam_equal_error", "fickle_tau_1e-8"),
             "tolerance_matched_jacobi": ("openfoam", "fickle_tau_1e-7_jacobi"),
             "equal_error_jacobi": ("openfoam_equal_error", "fickle_tau_1e-8_jacobi")}
    for name, (foam, fick) in pairs.items():
        if res[fick] and res[foam]:
            for what in ("solve_s_per_step", "wall_s", "cpu_s"):
                res[f"openfoam_over_fickle_{what}_{name}"] = {
                    n: round(res[foam][n][what] / res[fick][n][what], 3) for n in ("1", "2")}
    # The per-step ratios under the names of earlier versions of this script, for readers of them.
    for old, name in (("openfoam_over_fickle_solve_per_step", "default"),
                      ("openfoam_over_fickle_solve_per_step_equal_error", "equal_error")):
        if f"openfoam_over_fickle_solve_s_per_step_{name}" in res:
            res[old] = res[f"openfoam_over_fickle_solve_s_per_step_{name}"]
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"write-T": write_T, "openfoam": openfoam, "fickle": fickle, "report": report}[cmd](*args)
