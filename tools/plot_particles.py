#!/usr/bin/python3
"""Plots of finished particles runs: the MSD against time on log-log axes with its band of ±2
standard errors and the exact law when the model has one (series.csv columns msd_standard_error,
msd_exact; for Lévy flights ⟨|Δx|^q⟩, whose MSD is infinite), and the final density on the grid
(the middle slice in 2D/3D, the profile in 1D). Titles carry the case's title, axes its units.
Writes RUN/plots/msd.png and RUN/plots/density.png; with --combined OUT.png it puts the MSD of
several runs side by side in one picture.

Usage: tools/plot_particles.py RUN_DIR [RUN_DIR ...] [--combined OUT.png]
(uses Debian's python3-vtk9, python3-matplotlib and python3-yaml)
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plot_common import RunInfo, cell_array, fitted, snapshots  # noqa: E402


def series(run):
    with open(run / "series.csv") as f:
        rows = [r for r in csv.DictReader(f) if float(r["t"]) > 0]
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def plot_msd(ax, run, width=44):
    s, summary = series(run), json.loads((run / "summary.json").read_text())
    info = RunInfo(run)
    ax.set_xlabel(info.label("t", "time"))
    if "fractional_moment" in s:  # Lévy flights: the MSD is infinite, ⟨|Δx|^q⟩ is not
        q = summary["fractional_moment_order"]
        ax.loglog(s["t"], s["fractional_moment"], "o", ms=3, label="particles")
        ax.loglog(s["t"], s["fractional_moment_exact"], "-", label="exact law")
        ax.set_ylabel(f"⟨|Δx|^{q:g}⟩")
        exponent = summary.get("spread_exponent")
        spread = f", spread ∝ t^{exponent:.3f}" if exponent is not None else ""
        ax.set_title(fitted(f"{info.title} ({summary['model']}{spread})", width), fontsize=9)
        ax.legend(fontsize=8)
        return
    ax.loglog(s["t"], s["msd"], "o", ms=3, label="particles")
    if "msd_standard_error" in s:
        band = 2 * s["msd_standard_error"]
        ax.fill_between(s["t"], np.maximum(s["msd"] - band, s["msd"] * 1e-3), s["msd"] + band,
                        alpha=0.3, lw=0, label="±2 standard errors")
    if "msd_exact" in s:
        ax.loglog(s["t"], s["msd_exact"], "-", label="exact law")
    ax.set_ylabel(info.squared("MSD", "length"))
    exponent = summary.get("msd_exponent")
    slope = f", slope {exponent:.3f}" if exponent is not None else ""
    ax.set_title(fitted(f"{info.title} ({summary['model']}{slope})", width), fontsize=9)
    ax.legend(fontsize=8)


def plot_density(run, out):
    info = RunInfo(run)
    t, last = snapshots(run, "density")[-1]
    rho, x, y, _ = cell_array(last, "density")
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    density = info.label("density", "density")
    if rho.shape[1] == 1:  # 1D: a profile
        ax.plot(0.5 * (x[1:] + x[:-1]), rho[0, 0], "-")
        ax.set_xlabel(info.label("x", "length"))
        ax.set_ylabel(density)
    else:
        image = ax.imshow(rho[rho.shape[0] // 2], origin="lower",
                          extent=(x[0], x[-1], y[0], y[-1]))
        ax.set_xlabel(info.label("x", "length"))
        ax.set_ylabel(info.label("y", "length"))
        fig.colorbar(image, ax=ax, label=density)
    ax.set_title(fitted(f"{info.title}: density at t = {t:g}", 48), fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    args = sys.argv[1:]
    combined = None
    if "--combined" in args:
        i = args.index("--combined")
        combined = Path(args[i + 1])
        del args[i:i + 2]
    runs = [Path(a) for a in args]
    if not runs:
        sys.exit(__doc__)
    for run in runs:
        (run / "plots").mkdir(exist_ok=True)
        fig, ax = plt.subplots(figsize=(5, 4))
        plot_msd(ax, run)
        fig.tight_layout()
        fig.savefig(run / "plots/msd.png", dpi=110)
        plt.close(fig)
        plot_density(run, run / "plots/density.png")
        print(f"wrote {run / 'plots/msd.png'} and {run / 'plots/density.png'}")
    if combined:
        fig, axes = plt.subplots(1, len(runs), figsize=(3.6 * len(runs), 3.4))
        for ax, run in zip(np.atleast_1d(axes), runs):
            plot_msd(ax, run)
        fig.tight_layout()
        fig.savefig(combined, dpi=110)
        print(f"wrote {combined}")


if __name__ == "__main__":
    main()
