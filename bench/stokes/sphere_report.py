#!/usr/bin/python3
"""The JSON report of bench/stokes_sphere_vs_dolfinx.sh (one object on stdout).

Usage: sphere_report.py RESULTS_DIR TARGET LOAD0 LOAD1 "FICKLE_N..." "DOLFINX_MESHES..." REPEAT

Each configuration ran REPEAT times; its times are the minimum over the passes (the machine is
shared: the least disturbed run), all passes are listed too. For each code:
  first_below_target: the coarsest run (fewest unknowns) whose |error| < TARGET;
  reliably_below_target: the coarsest run of a refinement sequence (fickle: N; DOLFINx: each geometry
    order by dofs) from which on every finer run of that sequence is below TARGET as well.
Coarsest, not fastest: at these sizes the measured times of neighbouring runs differ by less than
the machine's noise, while the unknowns decide the cost.
The ratios are DOLFINx time / fickle time (> 1: fickle reaches the target sooner).
"""
import json
import os
import sys


def load(res, stem):
    p = os.path.join(res, stem)
    if os.path.exists(p + ".json"):
        return json.load(open(p + ".json")), None
    if os.path.exists(p + ".fail"):
        return None, open(p + ".fail").read().strip()
    return None, "not run"


def skip(res, side):
    p = os.path.join(res, side + ".skip")
    return open(p).read().strip() if os.path.exists(p) else None


def fastest(passes, key):
    times = [p[key] for p in passes if p.get(key) is not None]
    return min(times) if times else None


def passes_of(res, stem, repeat):
    """The results of the passes of one configuration (files STEM-1 ... STEM-REPEAT) and the reason
    the last missing one gave."""
    found, why = [], None
    for r in range(1, repeat + 1):
        d, why_r = load(res, f"{stem}-{r}")
        if d is None:
            why = why_r
        else:
            found.append(d)
    return found, why


def fickle_runs(res, ns, repeat):
    runs = []
    for n in ns:
        passes, (found, why) = [], passes_of(res, f"fickle-{n}", repeat)
        for d in found:
            if d.get("status") != "done":
                why = f"status {d.get('status')} after {d.get('outer_iterations')} outer iterations"
                continue
            ref = d["drag"][0]["reference"]
            # fickle's solve_s is the whole solve, its set-up (assembly, preconditioner) included
            passes.append({"wall_s": d["process_wall_s"], "compute_s": d["solve_s"],
                           "setup_s": d["setup_s"], "solve_s": d["solve_s"],
                           "relative_error": ref["relative_error"], "K_measured": ref["K_measured"],
                           "K": ref["K"], "unknowns": d["unknowns"],
                           "outer_iterations": d["outer_iterations"]})
        row = {"n": n, "cells": n ** 3}
        if not passes:
            row.update(failed=why)
        else:
            last = passes[-1]
            row.update(unknowns=last["unknowns"], outer_iterations=last["outer_iterations"],
                       relative_error=last["relative_error"], K_measured=last["K_measured"],
                       wall_s=fastest(passes, "wall_s"), compute_s=fastest(passes, "compute_s"),
                       setup_s=fastest(passes, "setup_s"), solve_s=fastest(passes, "solve_s"),
                       wall_s_passes=[p["wall_s"] for p in passes])
        runs.append(row)
    return runs


def dolfinx_runs(res, meshes, repeat):
    runs = []
    for m in meshes:
        hs, hf, order = m.split(":")
        passes, why = passes_of(res, f"dolfinx-{hs}-{hf}-{order}", repeat)
        for d in passes:
            d["compute_s"] = d["mesh_s"] + d["assemble_s"] + d["solve_s"]
        row = {"h_sphere": float(hs), "h_far": float(hf), "geometry_order": int(order)}
        if not passes:
            row.update(failed=why)
        else:
            last = passes[-1]
            row.update({k: last[k] for k in (
                "cells", "vertices", "dofs", "relative_error", "K_measured", "U",
                "drag_traction_relative_error", "fluid_volume_error", "sphere_area_error",
                "p_rms_x_planes", "dudx_rms_x_planes", "dudy_rms_y_planes", "div_l2")})
            for key in ("wall_s", "process_s", "compute_s", "mesh_s", "jit_s", "assemble_s",
                        "solve_s", "post_s"):
                row[key] = fastest(passes, key)
            row["wall_s_passes"] = [p["wall_s"] for p in passes]
            row["versions"] = {"dolfinx": last["dolfinx"], "gmsh": last["gmsh"]}
        runs.append(row)
    return runs


def coarsest(runs, target, size_key):
    ok = [r for r in runs if "failed" not in r and abs(r["relative_error"]) < target]
    return min(ok, key=lambda r: r[size_key]) if ok else None


def reliable(runs, target, size_key, group_key=None):
    """Per sequence: the coarsest run from which on all finer (successful) runs are below target;
    over the sequences the coarsest of those."""
    groups = {}
    for r in runs:
        if "failed" not in r:
            groups.setdefault(r.get(group_key) if group_key else 0, []).append(r)
    best = None
    for seq in groups.values():
        seq.sort(key=lambda r: r[size_key])
        pick = None
        for r in reversed(seq):
            if abs(r["relative_error"]) >= target:
                break
            pick = r
        if pick and (best is None or pick[size_key] < best[size_key]):
            best = pick
    return best


def main():
    res, target, load0, load1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    ns = [int(n) for n in sys.argv[5].split()]
    meshes = sys.argv[6].split()
    repeat = int(sys.argv[7])
    out = {"benchmark": "time to reach a drag error below target, Stokes flow through a simple cubic "
                        "array of spheres (a = 0.2 L, phi = 0.0335) against Hasimoto's K: fickle "
                        "cases/stokes-sphere-drag (MAC, interpolated surface) vs DOLFINx Taylor-Hood "
                        "P2-P1 + MUMPS on a gmsh body-fitted mesh of the symmetry octant",
           "target": target, "repeat": repeat, "times": "minimum over the passes",
           "load_avg_1min_at_start": load0, "load_avg_1min_at_end": load1}
    sides = {}
    for side, runs_of in (("fickle", lambda: fickle_runs(res, ns, repeat)),
                          ("dolfinx", lambda: dolfinx_runs(res, meshes, repeat))):
        why = skip(res, side)
        if why:
            out[side], out[side + "_reason"] = None, why
            continue
        runs = runs_of()
        size_key, group = ("n", None) if side == "fickle" else ("dofs", "geometry_order")
        sides[side] = {"runs": runs, "first_below_target": coarsest(runs, target, size_key),
                       "reliably_below_target": reliable(runs, target, size_key, group)}
        out[side] = sides[side]

    ratios = {}
    if "fickle" in sides and "dolfinx" in sides:
        for which in ("first_below_target", "reliably_below_target"):
            f, d = sides["fickle"][which], sides["dolfinx"][which]
            if f and d:
                fp, dp = f["wall_s_passes"], d["wall_s_passes"]
                ratios[which] = {"dolfinx_over_fickle_wall": d["wall_s"] / f["wall_s"],
                                 # pass by pass (both ran in the same pass, minutes apart at most)
                                 "dolfinx_over_fickle_wall_passes":
                                     [b / a for a, b in zip(fp, dp)] if len(fp) == len(dp) else None,
                                 "dolfinx_over_fickle_compute": d["compute_s"] / f["compute_s"],
                                 "fickle": {"n": f["n"], "relative_error": f["relative_error"],
                                            "wall_s": f["wall_s"], "compute_s": f["compute_s"]},
                                 "dolfinx": {"h_sphere": d["h_sphere"], "h_far": d["h_far"],
                                             "geometry_order": d["geometry_order"],
                                             "dofs": d["dofs"],
                                             "relative_error": d["relative_error"],
                                             "wall_s": d["wall_s"], "compute_s": d["compute_s"]}}
            else:
                ratios[which] = None
    out["ratio"] = ratios or None
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
