"""Helpers for bench/particles_vs_lammps.sh: fickle's particle kinds vs LAMMPS fix langevin.

  lammps-vars CASE_YAML COUNT [STEPS] LAMMPS -var arguments (one token a line) for in.langevin.lmp,
                                      derived from fickle's Langevin case
  end-time CASE_YAML STEPS            time.end of STEPS steps of the case's dt
  lammps LOG WALL_S CASE_YAML OUT     results of one LAMMPS run -> OUT (JSON)
  fickle RUN_DIR WALL_S OUT           results of one fickle run (summary.json, resolved.yaml) -> OUT
  report DIR LOAD0 LOAD1              merge DIR/*.json (and *.skip / *.fail) into the JSON report

Exact laws (docs/science.md §2.2, §2.4, §3.4), d dimensions, D = kT/γ, γ = 6πηa (or physics.D):
  brownian  MSD = d·2D·t
  langevin  MSD = d·2D[t − τ_p(1 − e^{−t/τ_p})], τ_p = m/γ (Maxwellian start)
  ctrw      Mittag-Leffler waiting times, Gaussian jumps: ⟨N(t)⟩ = (t/τ)^α/Γ(1+α), MSD = d·σ²·⟨N(t)⟩
"""
import json
import math
import re
import sys
from pathlib import Path

import yaml

GOAL_PER_CORE_RATIO = 3.0        # fickle / LAMMPS particle-steps per second per core
GOAL_CTRW_JUMPS_PER_CORE = 3e7   # jumps per second per core
GOAL_TRACERS_PER_CORE = 5e7      # tracer steps in a flow per second per core


def load_yaml(path):
    return yaml.safe_load(Path(path).read_text())


def gamma_D(case):
    """Friction γ and diffusivity D of a case's physics section."""
    p = case.get("physics", {})
    kT = float(p.get("kT", 1.0))
    if "D" in p:
        D = float(p["D"])
        return kT / D, D
    g = 6 * math.pi * float(p["viscosity"]) * float(p["radius"])
    return g, kT / g


def time_of(case, steps=None):
    t = case["time"]
    steps = int(steps if steps is not None else t["steps"])
    return float(t["dt"]), steps, float(t["dt"]) * steps


def msd_exact(case, t):
    """Exact MSD at time t for the case's model, and the expected relative standard error of the
    N-particle estimate (None when unknown)."""
    d = len(case["grid"]["cells"])
    n = int(case["count"])
    model = case["model"]
    if isinstance(case.get("physics", {}).get("velocity"), dict):
        return None, None   # carried by a flow: no closed-form MSD
    if model in ("brownian", "langevin"):
        g, D = gamma_D(case)
        if model == "brownian":
            msd = d * 2 * D * t
        else:
            tau = float(case["physics"].get("mass", 1.0)) / g
            msd = d * 2 * D * (t - tau * (1 - math.exp(-t / tau)))
        # Gaussian displacements: rel. s.e. of the mean of |x|² is sqrt(2/(d N))
        # (docs/science.md §2.8)
        return msd, math.sqrt(2 / (d * n))
    if model == "ctrw":
        c = case["ctrw"]
        if c.get("waiting") != "mittag-leffler" or c.get("jump", "gaussian") != "gaussian":
            return None, None
        a, tau, s2 = float(c["alpha"]), float(c["tau"]), float(c["sigma"]) ** 2
        mu = (t / tau) ** a
        en = mu / math.gamma(1 + a)                                   # <N(t)>
        en2 = 2 * mu * mu / math.gamma(1 + 2 * a) + en                # <N(t)^2>, fractional Poisson
        # |x|² given N jumps is σ² χ²(dN): mean dNσ², variance 2dNσ⁴
        var = s2 * s2 * (2 * d * en + d * d * (en2 - en * en))
        msd = d * s2 * en
        return msd, math.sqrt(var / n) / msd
    return None, None


def case_steps(case):
    t = case["time"]
    return int(t["steps"]) if "steps" in t else round(float(t["end"]) / float(t["dt"]))


def end_time(case_yaml, steps):
    """time.end for STEPS steps of the case's dt (for --set time.end=... time.steps=...)."""
    print(repr(float(load_yaml(case_yaml)["time"]["dt"]) * int(steps)))


def lammps_vars(case_yaml, count, steps=""):
    """-var arguments for in.langevin.lmp: same kT, m, τ_p, dt, steps, N and box as the case
    (steps: the case's unless given)."""
    c = load_yaml(case_yaml)
    steps = steps or case_steps(c)
    assert c["model"] == "langevin", c["model"]
    g, _ = gamma_D(c)
    p = c["physics"]
    lo, hi = c["grid"]["lower"], c["grid"]["upper"]
    sides = {float(h) - float(l) for l, h in zip(lo, hi)}
    assert len(sides) == 1 and len(lo) == 3, "LAMMPS box: a 3D cube is expected"
    seed = int(c.get("seed", 7))
    v = {"N": int(count), "steps": int(steps), "L": repr(sides.pop()), "dt": repr(float(c["time"]["dt"])),
         "kT": repr(float(p.get("kT", 1.0))), "mass": repr(float(p.get("mass", 1.0))),
         "damp": repr(float(p.get("mass", 1.0)) / g),
         "seed": 1000 + seed, "vseed": 2000 + seed, "lseed": 3000 + seed}
    for k, x in v.items():
        print("-var", k, x, sep="\n")


def rel(a, b):
    return float(f"{(a - b) / b:.3g}")


def lammps(log, wall, case_yaml, out):
    text = Path(log).read_text()
    m = re.search(r"^Loop time of ([\d.eE+-]+) on (\d+) procs for (\d+) steps with (\d+) atoms", text, re.M)
    if not m:
        raise SystemExit(f"no 'Loop time' line in {log}")
    loop, ranks, steps, atoms = float(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))
    # thermo lines: step time temp c_msd[4] atoms; the last one is the final step
    rows = re.findall(r"^\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s*$", text, re.M)
    last = rows[-1]
    assert int(last[0]) == steps, last
    case = load_yaml(case_yaml)
    case["count"] = int(last[4])
    t = float(last[1])
    exact, se = msd_exact(case, t)
    msd = float(last[3])
    rate = int(last[4]) * steps / loop
    res = {"what": "LAMMPS fix nve + fix langevin (velocity Verlet, uniform random forces), no pair style",
           "ranks": ranks, "count": atoms, "steps": steps, "t_final": t,
           "wall_s": round(float(wall), 3), "loop_s": loop,
           "particle_steps_per_s": float(f"{rate:.4g}"),
           "particle_steps_per_s_per_core": float(f"{rate / ranks:.4g}"),
           "final_temperature": float(last[2]),
           "msd_final": msd, "msd_exact_final": float(f"{exact:.8g}"), "msd_rel_err": rel(msd, exact),
           "msd_rel_std_error_expected": float(f"{se:.2g}")}
    # where LAMMPS spends the loop (avg over ranks, % of loop time): Modify = the two fixes
    res["loop_breakdown_pct"] = {k: float(v) for k, v in re.findall(
        r"^(Pair|Neigh|Comm|Output|Modify|Other)\s*\|.*\|\s*([\d.]+)\s*$", text, re.M)}
    cpu = re.search(r"^([\d.]+)% CPU use with", text, re.M)
    if cpu:   # well below 100%: the rank shared its core with other work
        res["cpu_use_pct"] = float(cpu.group(1))
    nb = re.search(r"^Neighbor list builds = (\d+)", text, re.M)
    if nb:
        res["reneighbourings"] = int(nb.group(1))
    if atoms != int(rows[0][4]):
        res["lost_atoms"] = int(rows[0][4]) - atoms
    Path(out).write_text(json.dumps(res))


def fickle(run_dir, wall, out):
    run_dir = Path(run_dir)
    s = json.loads((run_dir / "summary.json").read_text())
    case = load_yaml(run_dir / "resolved.yaml")
    ranks = int(s.get("ranks", case.get("fickle", {}).get("ranks", 1)))
    steps, count, solve = int(s["steps"]), int(s["count"]), float(s["solve_s"])
    dt, _, _ = time_of(case, steps)
    t = dt * steps
    rate = float(s.get("particle_steps_per_s", count * steps / solve))
    res = {"what": f"fickle particles, model {case['model']}", "ranks": ranks, "count": count,
           "steps": steps, "t_final": t, "wall_s": round(float(wall), 3),
           "fickle_wall_s": s.get("wall_s"), "solve_s": solve,
           "particle_steps_per_s": float(f"{rate:.4g}"),
           "particle_steps_per_s_per_core": float(f"{rate / ranks:.4g}")}
    case["count"] = count
    exact, se = msd_exact(case, t)
    if "msd_final" in s:
        res["msd_final"] = s["msd_final"]
    if exact is not None:
        res["msd_exact_final"] = float(f"{exact:.8g}")
        if "msd_final" in s:
            res["msd_rel_err"] = rel(float(s["msd_final"]), exact)
            res["msd_rel_std_error_expected"] = float(f"{se:.2g}")
        # fickle's own exact value, as a cross-check of the law both sides are scored against
        if s.get("msd_exact_final") is not None and abs(rel(float(s["msd_exact_final"]), exact)) > 1e-6:
            res["fickle_msd_exact_final_differs"] = s["msd_exact_final"]
    if case["model"] == "ctrw":
        jumps = int(s["jumps"])
        jr = float(s.get("jumps_per_s", jumps / solve))
        res.update({"jumps": jumps, "jumps_per_walker": float(f"{jumps / count:.5g}"),
                    "jumps_per_s": float(f"{jr:.4g}"), "jumps_per_s_per_core": float(f"{jr / ranks:.4g}")})
        c = case["ctrw"]
        if c.get("waiting") == "mittag-leffler":
            a = float(c["alpha"])
            res["jumps_per_walker_exact"] = float(f"{(t / float(c['tau'])) ** a / math.gamma(1 + a):.6g}")
    Path(out).write_text(json.dumps(res))


def report(d, load, load_end):
    d = Path(d)
    res = {"problem": {
        "langevin": "free particles in a periodic cube (side 100, density 1), 3D, kT = 1, m = 1, "
                    "tau_p = m/gamma = 1 (LAMMPS damp), D = 1, Maxwellian start, dt = 0.005",
        "brownian": "same particles overdamped (D = kT/gamma = 1), dt = 0.005; Debian's LAMMPS has no "
                    "BROWNIAN package, so its peer is the LAMMPS Langevin run",
        "ctrw": "CTRW, Mittag-Leffler waiting times alpha = 0.5, tau = 1e-4, Gaussian jumps sigma = 1e-3 "
                "per axis, 3D, to t = 1; no LAMMPS peer",
        "tracers": "10^6 Brownian tracers (D = 1e-3) in the 3D lid-driven cavity at Re = 0 on a 24^3 "
                   "MAC grid, reflecting walls, Heun (two multilinear samples of the three "
                   "components per step), dt = 1e-4; its peers are fickle's free Brownian run and "
                   "LAMMPS' free Langevin run; tracers_unsorted: the same run without reordering the "
                   "tracers by cell (physics.velocity.sort_every = 0)",
        "count_and_steps": "see count / steps in each run"},
        # timings are only comparable on an otherwise idle machine (2 cores here)
        "load_avg_1min_at_start": float(load),
        "load_avg_1min_at_end": float(load_end),
        "goals": {"fickle_over_lammps_per_core": GOAL_PER_CORE_RATIO,
                  "ctrw_jumps_per_s_per_core": GOAL_CTRW_JUMPS_PER_CORE,
                  "tracers_per_core": GOAL_TRACERS_PER_CORE}}
    for key in ("lammps_langevin", "fickle_langevin", "fickle_brownian", "fickle_ctrw", "fickle_tracers",
                "fickle_tracers_unsorted"):
        side = key.split("_")[0]
        skip = d / f"{side}.skip"
        if skip.exists():
            res[key], res[f"{key}_reason"] = None, skip.read_text().strip()
            continue
        runs, reasons = {}, {}
        for n in ("1", "2"):
            f, fail = d / f"{key}-n{n}.json", d / f"{key}-n{n}.fail"
            if f.exists():
                runs[n] = json.loads(f.read_text())
            elif fail.exists():
                runs[n] = None
                reasons[n] = fail.read_text().strip()
        res[key] = runs or None
        if reasons:
            res[f"{key}_reason"] = reasons
        elif not runs:
            res[f"{key}_reason"] = "no result (not run)"
    rate = "particle_steps_per_s_per_core"

    def ratios(a, b):
        if not res.get(a) or not res.get(b):
            return None
        r = {n: round(res[a][n][rate] / res[b][n][rate], 3)
             for n in ("1", "2") if res[a].get(n) and res[b].get(n)}
        return r or None

    # > 1: fickle pushes more particle-steps per second per core than LAMMPS
    res["fickle_over_lammps_per_core"] = {
        "langevin": ratios("fickle_langevin", "lammps_langevin"),
        "fickle_brownian_vs_lammps_langevin": ratios("fickle_brownian", "lammps_langevin"),
        "fickle_tracers_vs_lammps_langevin": ratios("fickle_tracers", "lammps_langevin")}
    # the price of the flow: tracer steps against free Brownian steps, same ranks
    res["tracers_over_free_brownian"] = ratios("fickle_tracers", "fickle_brownian")
    # the gain of reordering the tracers by cell (physics.velocity.sort_every, default against 0)
    res["tracers_sorted_over_unsorted"] = ratios("fickle_tracers", "fickle_tracers_unsorted")
    if res.get("fickle_tracers") and res.get("fickle_tracers_unsorted"):  # the same paths: equal
        res["tracers_sorted_same_msd"] = {
            n: r["msd_final"] == res["fickle_tracers_unsorted"][n]["msd_final"]
            for n, r in res["fickle_tracers"].items() if r and res["fickle_tracers_unsorted"].get(n)}
    if res.get("fickle_ctrw"):
        res["ctrw_jumps_per_s_per_core"] = {n: r["jumps_per_s_per_core"]
                                            for n, r in res["fickle_ctrw"].items() if r}
    res["msd_rel_err"] = {k: {n: r.get("msd_rel_err") for n, r in res[k].items() if r}
                          for k in ("lammps_langevin", "fickle_langevin", "fickle_brownian", "fickle_ctrw")
                          if res.get(k)}
    print(json.dumps(res, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"lammps-vars": lammps_vars, "end-time": end_time, "lammps": lammps, "fickle": fickle, "report": report}[cmd](*args)
