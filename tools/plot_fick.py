#!/usr/bin/python3
"""Plots of a finished fick or fractional run (RUN/plots/*.png):
  u.png       1D: u(x) at the first, middle and last snapshot (the exact solution dashed when the
              case has one); 2D/3D: u on the (middle z-) slice at the first and last snapshot, a
              diverging colour map centred on 0 when u is negative somewhere (nothing is clipped);
  errors.png  the relative L2 and max errors against time, only when the case has an exact
              solution (series.csv l2_rel);
  mass.png    the relative drift of the mass against time.
Titles carry the case's title, axes its units (units: in case.yaml).

Usage: tools/plot_fick.py RUN_DIR        (uses Debian's python3-vtk9, -matplotlib and -yaml)
"""
import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plot_common import RunInfo, cell_array, diverging_or_not, fitted, snapshots  # noqa: E402


def plot_line(run, info, shots, out):
    picked = sorted({0, len(shots) // 2, len(shots) - 1})
    fig, ax = plt.subplots(figsize=(6.4, 4), constrained_layout=True)
    for i in picked:
        t, path = shots[i]
        u, x, _, _ = cell_array(path, "u")
        centres = 0.5 * (x[1:] + x[:-1])
        line, = ax.plot(centres, u[0, 0], "-", label=f"t = {t:g}")
        exact, _, _, _ = cell_array(path, "u_exact") if path.suffix != ".hdf" else (None,) * 4
        if exact is not None:
            ax.plot(centres, exact[0, 0], "--", color=line.get_color(), lw=1,
                    label=f"exact, t = {t:g}")
    ax.axhline(0, color="0.7", lw=0.6)
    ax.set_xlabel(info.label("x", "length"))
    ax.set_ylabel(info.label("u", "u"))
    ax.set_title(fitted(f"{info.title}: u(x)"), fontsize=10)
    ax.legend(fontsize=8)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_slices(run, info, shots, dim, out):
    (t0, first), (t1, last) = shots[0], shots[-1]
    u0, x, y, _ = cell_array(first, "u")
    u1, _, _, _ = cell_array(last, "u")
    u0, u1 = u0[u0.shape[0] // 2], u1[u1.shape[0] // 2]
    cmap, vmin, vmax = diverging_or_not(np.concatenate([u0.ravel(), u1.ravel()]))
    fig, axes = plt.subplots(1, 2, figsize=(9, 4), constrained_layout=True)
    where = " (middle z-slice)" if dim == 3 else ""
    for ax, u, t in ((axes[0], u0, t0), (axes[1], u1, t1)):
        image = ax.imshow(u, origin="lower", extent=(x[0], x[-1], y[0], y[-1]), vmin=vmin,
                          vmax=vmax, cmap=cmap, aspect="equal")
        ax.set_title(f"t = {t:g}{where}", fontsize=10)
        ax.set_xlabel(info.label("x", "length"))
        ax.set_ylabel(info.label("y", "length"))
    fig.colorbar(image, ax=axes, shrink=0.8, label=info.label("u", "u"))
    fig.suptitle(fitted(info.title, 80), fontsize=11)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    run = Path(sys.argv[1] if len(sys.argv) > 1 else "cases/fick-gaussian/output")
    plots = run / "plots"
    plots.mkdir(exist_ok=True)
    info = RunInfo(run)
    shots = snapshots(run, "u")
    u, _, y, z = cell_array(shots[0][1], "u")
    dim = 1 + (u.shape[1] > 1) + (u.shape[0] > 1)
    if dim == 1:
        plot_line(run, info, shots, plots / "u.png")
    else:
        plot_slices(run, info, shots, dim, plots / "u.png")
    written = [plots / "u.png"]

    with open(run / "series.csv") as f:
        rows = list(csv.DictReader(f))
    t = np.array([float(r["t"]) for r in rows])
    if "l2_rel" in rows[0]:  # an exact solution only
        fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
        ax.semilogy(t[1:], [float(r["l2_rel"]) for r in rows[1:]], label="relative L2 error")
        ax.semilogy(t[1:], [float(r["linf_rel"]) for r in rows[1:]], label="relative max error")
        ax.set_xlabel(info.label("t", "time"))
        ax.set_ylabel("relative error")
        ax.legend(fontsize=8)
        ax.set_title(fitted(f"{info.title}: error against the exact solution"), fontsize=10)
        fig.savefig(plots / "errors.png", dpi=110)
        plt.close(fig)
        written.append(plots / "errors.png")
    mass = np.array([float(r["mass"]) for r in rows])
    drift = np.abs(mass - mass[0]) / max(abs(mass[0]), 1e-300)
    fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    ax.semilogy(t[1:], np.maximum(drift[1:], 1e-17), label="|M(t) − M(0)| / |M(0)|")
    ax.set_xlabel(info.label("t", "time"))
    ax.set_ylabel("relative change of the mass")
    ax.legend(fontsize=8)
    ax.set_title(fitted(f"{info.title}: mass (changes by the boundary fluxes and sources)"),
                 fontsize=10)
    fig.savefig(plots / "mass.png", dpi=110)
    plt.close(fig)
    written.append(plots / "mass.png")
    print("plots: " + " ".join(str(p) for p in written))


if __name__ == "__main__":
    main()
