"""Helpers for bench/fractional_history.sh: the cost of the Caputo history (issue 5, Performance).

  run LABEL RUN_DIR WALL_S TIME_V LOG_VIEW OUT   results of one fickle run -> OUT (JSON): summary.json,
                                                 peak RSS (/usr/bin/time -v), PETSc -log_view events
  project-direct N N_PREV DIR                    projected wall time (s) of direct at N steps: fast's
                                                 wall at N + (direct − fast solve_s at N_PREV)·(N/N_PREV)²
  report DIR LOAD0 LOAD1 CELLS STEPS...          merge DIR/*.json (and *.skip / *.fail) into the report

Run files in DIR are named <label>-<steps>.json, label ∈ fick, fast, fast_uniform, direct.
"""
import json
import math
import re
import sys
from pathlib import Path

import yaml

BYTES = 8   # one PetscScalar (real, double)
MIB = 2 ** 20


def sig(x, digits=4):
    return None if x is None else float(f"{x:.{digits}g}")


def log_view_events(path):
    """{event: (count, time_s)} of stage 0 of a PETSc -log_view text file ({} if none)."""
    try:
        text = Path(path).read_text()
    except OSError:
        return {}
    m = re.search(r"--- Event Stage 0: Main Stage\n(.*?)(?:--- Event Stage 1|^-{20,})", text, re.S | re.M)
    if not m:
        return {}
    events = {}
    for name, count, t in re.findall(r"^(\w+)\s+(\d+)\s+[\d.]+\s+([\d.eE+-]+)", m.group(1), re.M):
        events[name] = (int(count), float(t))
    return events


def peak_rss_kib(path):
    try:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", Path(path).read_text())
    except OSError:
        return None
    return int(m.group(1)) if m else None


def run(label, run_dir, wall, time_v, log_view, out):
    run_dir = Path(run_dir)
    s = json.loads((run_dir / "summary.json").read_text())
    case = yaml.safe_load((run_dir / "resolved.yaml").read_text())
    steps, solve, cells = int(s["steps"]), float(s["solve_s"]), int(s["cells"])
    res = {"kind": s["kind"], "steps": steps, "wall_s": round(float(wall), 3),
           "fickle_wall_s": sig(s.get("wall_s")), "solve_s": sig(solve),
           "solve_s_per_step": sig(solve / steps),
           # rows of series.csv (errors against the exact solution every step), snapshots and the
           # final checkpoint: inside fickle's wall_s, outside solve_s
           "outside_solve_s": sig(float(s["wall_s"]) - solve),
           "iterations_per_step": sig(s["linear_iterations"] / steps, 3),
           "l2_rel": s.get("errors", {}).get("l2_rel"), "solver": s.get("solver")}
    if s["kind"] == "fractional":
        n_exp = int(s.get("n_exp") or 0)
        history = s["history"]
        vectors = steps if history == "direct" else n_exp   # direct: u^k − u^{k−1}, k = 1..N
        res.update({"history": history, "mesh": s["mesh"], "n_exp": n_exp,
                    "kernel_error": sig(s.get("kernel_error"), 2),
                    "operator_assemblies": s.get("operator_assemblies"),
                    "history_vectors": vectors,
                    "history_mib": sig(vectors * cells * BYTES / MIB)})
    else:
        res.update({"scheme": s.get("scheme"), "dt": s.get("dt")})
    rss = peak_rss_kib(time_v)
    res["peak_rss_mib"] = sig(rss / 1024) if rss else None
    ckpt = run_dir / "checkpoint"
    if ckpt.is_dir():   # fickle checkpoints at the end: u, δ and the whole history
        res["checkpoint_mib"] = sig(sum(f.stat().st_size for f in ckpt.iterdir()) / MIB)
    ev = log_view_events(log_view)
    if "KSPSolve" in ev:
        ksp = ev["KSPSolve"][1]
        pc = ev.get("PCSetUp", (0, 0.0))[1]
        res.update({
            # the linear solves, preconditioner set-up (ICC refactorisation) included
            "ksp_s_per_step": sig(ksp / steps),
            "pc_setup_s_per_step": sig(pc / steps),
            # fractional: the history (+ right-hand side and operator shift); fick: TS/SNES bookkeeping
            "outside_ksp_s_per_step": sig((solve - ksp) / steps)})
        if s["kind"] == "fractional":   # H_n = Σ w v: direct over N vectors, fast over n_exp
            res["vec_maxpy_s_per_step"] = sig(ev.get("VecMAXPY", (0, 0.0))[1] / steps)
    Path(out).write_text(json.dumps(res))


def load(d, label, n):
    f = Path(d) / f"{label}-{n}.json"
    return json.loads(f.read_text()) if f.exists() else None


def project_direct(n, n_prev, d):
    fast, fast_prev, direct_prev = load(d, "fast", n), load(d, "fast", n_prev), load(d, "direct", n_prev)
    if not (fast and fast_prev and direct_prev):
        print("nan")
        return
    # solve_s, not wall_s: the excess is then free of start-up noise (~0.6 s per process)
    excess = max(0.0, direct_prev["solve_s"] - fast_prev["solve_s"])
    print(f"{fast['wall_s'] + excess * (int(n) / int(n_prev)) ** 2:.1f}")


def exponent(a, b, key):
    """Growth exponent p of key ∝ N^p between runs a and b."""
    if not a or not b or a.get(key) is None or b.get(key) is None or a[key] <= 0 or b[key] <= 0:
        return None
    # key is per step for the *_per_step figures: total = per_step · N
    ta = a[key] * (a["steps"] if key.endswith("_per_step") else 1)
    tb = b[key] * (b["steps"] if key.endswith("_per_step") else 1)
    return round(math.log(tb / ta) / math.log(b["steps"] / a["steps"]), 3)


def report(d, load0, load1, cells, *steps):
    d = Path(d)
    c = int(cells)
    res = {"problem": f"time-fractional (Caputo, L1) diffusion, alpha = 0.5, K = 1, {c}x{c} cells on the "
                      "unit square, u = 0 on the faces, u0 = sin(pi x) sin(pi y), to t = 0.1; exact "
                      "E_alpha(-2 K pi^2 t^alpha) u0. Fick reference: same grid, D = K, backward Euler, "
                      "same number of (uniform) steps. 1 rank.",
           "cells": c * c,
           # timings are only comparable on an otherwise idle machine (2 cores here)
           "load_avg_1min_at_start": float(load0), "load_avg_1min_at_end": float(load1)}
    skip = d / "fickle.skip"
    if skip.exists():
        res["runs"], res["runs_reason"] = None, skip.read_text().strip()
        print(json.dumps(res, indent=2, ensure_ascii=False))
        return
    runs = {}
    for n in steps:
        row = {}
        for label in ("fick", "fast", "fast_uniform", "direct"):
            r = load(d, label, n)
            for ext in ("skip", "fail"):
                f = d / f"{label}-{n}.{ext}"
                if f.exists():
                    row[label], row[f"{label}_reason"] = None, f.read_text().strip()
            if r is not None:
                row[label] = r
        runs[n] = row
    res["runs"] = runs

    def get(label, n):
        return runs.get(n, {}).get(label)

    pairs = list(zip(steps, steps[1:]))
    res["growth_exponent"] = {
        # ≈ 1: linear in N_t (fast); ≈ 2 at large N_t (direct). solve_s is the whole step, so the
        # linear solves (the same for both) dilute direct's exponent at small N_t.
        "fast_solve_s": {f"{a}-{b}": exponent(get("fast", a), get("fast", b), "solve_s") for a, b in pairs},
        "direct_solve_s": {f"{a}-{b}": exponent(get("direct", a), get("direct", b), "solve_s") for a, b in pairs},
        # the time outside the linear solves: the history itself (+ rhs and operator shift)
        "fast_outside_ksp": {f"{a}-{b}": exponent(get("fast", a), get("fast", b), "outside_ksp_s_per_step")
                             for a, b in pairs},
        "direct_outside_ksp": {f"{a}-{b}": exponent(get("direct", a), get("direct", b), "outside_ksp_s_per_step")
                               for a, b in pairs},
        "fick_solve_s": {f"{a}-{b}": exponent(get("fick", a), get("fick", b), "solve_s") for a, b in pairs}}

    # issue 5: fast per step <= 2 x a plain Fick step x max(1, N_exp/10)
    crit, holds = {}, []
    for n in steps:
        fast, fick = get("fast", n), get("fick", n)
        if not fast or not fick:
            crit[n] = None
            continue
        ratio = fast["solve_s_per_step"] / fick["solve_s_per_step"]
        limit = 2 * max(1.0, fast["n_exp"] / 10)
        crit[n] = {"fast_step_over_fick_step": round(ratio, 3), "n_exp": fast["n_exp"],
                   "n_exp_over_10": fast["n_exp"] / 10, "limit_2_max_1_n_exp_over_10": round(limit, 2),
                   "holds": ratio <= limit}
        if fast.get("outside_ksp_s_per_step") is not None:
            # the history alone (time outside the linear solve) against a whole Fick step
            crit[n]["fast_history_over_fick_step"] = round(fast["outside_ksp_s_per_step"] / fick["solve_s_per_step"], 3)
        if fast.get("iterations_per_step") and fick.get("iterations_per_step"):
            crit[n]["fast_iterations_over_fick_iterations"] = round(
                fast["iterations_per_step"] / fick["iterations_per_step"], 2)
        holds.append(ratio <= limit)
    res["criterion"] = crit
    res["criterion_holds"] = all(holds) if holds else None

    res["direct_over_fast_solve_s"] = {n: round(get("direct", n)["solve_s"] / get("fast", n)["solve_s"], 2)
                                       for n in steps if get("direct", n) and get("fast", n)}
    # |l2_rel(fast) − l2_rel(direct)| <= ||u_fast − u_direct|| / ||u_exact||: fast equals direct to
    # the kernel tolerance (1e-9) if this is below it
    res["l2_rel_fast_minus_direct"] = {n: float(f"{get('fast', n)['l2_rel'] - get('direct', n)['l2_rel']:.3g}")
                                       for n in steps if get("direct", n) and get("fast", n)}
    res["peak_rss_mib"] = {n: {k: (get(k, n) or {}).get("peak_rss_mib") for k in ("fick", "fast", "direct")}
                           for n in steps}
    res["history_mib"] = {n: {k: (get(k, n) or {}).get("history_mib") for k in ("fast", "direct")}
                          for n in steps}
    for n in steps:
        if get("fast_uniform", n) and get("fast", n):
            g, u = get("fast", n), get("fast_uniform", n)
            res[f"fast_uniform_vs_graded_{n}"] = {
                "solve_s_per_step": {"graded": g["solve_s_per_step"], "uniform": u["solve_s_per_step"]},
                "operator_assemblies": {"graded": g["operator_assemblies"], "uniform": u["operator_assemblies"]},
                "pc_setup_s_per_step": {"graded": g.get("pc_setup_s_per_step"), "uniform": u.get("pc_setup_s_per_step")},
                "iterations_per_step": {"graded": g["iterations_per_step"], "uniform": u["iterations_per_step"]},
                "n_exp": {"graded": g["n_exp"], "uniform": u["n_exp"]},
                "l2_rel": {"graded": g["l2_rel"], "uniform": u["l2_rel"]}}
    print(json.dumps(res, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"run": run, "project-direct": project_direct, "report": report}[cmd](*args)
