#!/usr/bin/python3
"""Plots of a particles-against-PDE comparison (a `compare` run, or `fickle compare A B`), from the
CSV files it wrote:

  plots/msd.png         MSD against time, log-log: particles, the PDE's second-moment growth and the
                        particles' exact law when there is one (msd.csv); Lévy flights get the
                        fractional moment ⟨|Δx|^q⟩ of both histograms instead (compare.csv)
  plots/profiles.png    densities along x through the initial centroid at several times, with
                        the ±2σ band of sampling noise around the PDE (profiles.csv)
  plots/difference.png  the L1 and L2 density gaps over time against what sampling noise alone
                        gives, and the z-score (compare.csv)

Usage: tools/plot_compare.py RUN_DIR   (Debian's python3-matplotlib)
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def table(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]} if rows else {}


def plot_msd(run, summary, out):
    fig, ax = plt.subplots(figsize=(6, 4.5))
    if "fractional_moment_order" in summary:  # Lévy: the MSD is infinite
        c = table(run / "compare.csv")
        keep = c["t"] > 0
        q = summary["fractional_moment_order"]
        ax.loglog(c["t"][keep], c["fractional_moment_particles"][keep], "o", label="particles")
        ax.loglog(c["t"][keep], c["fractional_moment_pde"][keep], "-", label="PDE")
        ax.set_ylabel(f"⟨|x − x₀|^{q:g}⟩ (histograms)")
        ax.set_title(f"spread exponents: particles {summary['spread_exponent_particles']:.3f}, "
                     f"PDE {summary['spread_exponent_pde']:.3f}", fontsize=10)
    else:
        m = table(run / "msd.csv")
        keep = m["t"] > 0
        t = m["t"][keep]
        ax.loglog(t, m["msd_particles"][keep], "o", ms=3, label="particles (displacements)")
        if np.isfinite(m["msd_pde"][keep]).any():
            ax.loglog(t, m["msd_pde"][keep], "-", lw=2, label="PDE (second-moment growth)")
        if np.isfinite(m["msd_exact"][keep]).any():
            ax.loglog(t, m["msd_exact"][keep], "k--", lw=1, label="exact law (particles)")
        if not summary.get("msd_comparable", True):
            # In a flow the displacement MSD is not what the PDE predicts; the growth of the
            # second moment about the initial centroid is, on both histograms.
            c = table(run / "compare.csv")
            at = c["t"] > 0
            ax.loglog(c["t"][at], c["second_moment_growth_particles"][at], "s", ms=6, mfc="none",
                      label="particles, second-moment growth (histogram)")
        ax.set_ylabel("MSD")
        if "crossover_time" in summary and summary["crossover_time"]:
            ax.axvline(summary["crossover_time"], color="grey", ls=":",
                       label=f"crossover {summary['crossover_time']:.3g} "
                             f"(exact {summary['crossover_time_exact']:.3g})")
        title = summary.get("title") or ""
        ax.set_title(title[:70], fontsize=9)
    ax.set_xlabel("t")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "msd.png", dpi=120)
    plt.close(fig)


def plot_profiles(run, out):
    p = table(run / "profiles.csv")
    if not p:
        return
    fig, ax = plt.subplots(figsize=(6, 4.5))
    times = sorted(set(p["t"]))
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(times)))
    for t, colour in zip(times, colours):
        at = p["t"] == t
        x, pde, sd = p["x"][at], p["pde_density"][at], p["noise_sd"][at]
        ax.fill_between(x, pde - 2 * sd, pde + 2 * sd, color=colour, alpha=0.2, lw=0)
        ax.plot(x, pde, "-", color=colour, label=f"t = {t:g}")
        ax.plot(x, p["particle_density"][at], ".", color=colour, ms=3)
    ax.set_xlabel("x (through the initial centroid)")
    ax.set_ylabel("density")
    ax.set_title("PDE (lines, ±2σ noise band) and particles (dots)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "profiles.png", dpi=120)
    plt.close(fig)


def plot_difference(run, summary, out):
    c = table(run / "compare.csv")
    keep = c["t"] > 0
    t = c["t"][keep]
    fig, (ax, az) = plt.subplots(1, 2, figsize=(10, 4))
    ax.plot(t, c["l1"][keep], "o-", label="L1 gap")
    ax.plot(t, c["l1_noise"][keep], "--", label="L1 from noise alone")
    ax.plot(t, c["l2"][keep], "s-", label="L2 gap")
    ax.plot(t, c["l2_noise"][keep], ":", label="L2 from noise alone")
    ax.set_xlabel("t")
    ax.set_ylabel("density difference")
    ax.legend(fontsize=8)
    az.plot(t, c["z"][keep], "o-")
    limit = summary.get("z_limit", 3)
    az.axhline(limit, color="red", ls="--", label=f"z = {limit:g}")
    az.axhline(-limit, color="red", ls="--")
    if np.abs(c["z"][keep]).max() > 20:  # far from noise: a log scale past |z| = limit
        az.set_yscale("symlog", linthresh=limit)
    az.set_xlabel("t")
    az.set_ylabel("z: L2² gap above noise, in standard deviations")
    az.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "difference.png", dpi=120)
    plt.close(fig)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run = Path(sys.argv[1])
    if not (run / "compare.csv").exists():
        sys.exit(f"{run}: no compare.csv (not a compare run?)")
    summary = json.loads((run / "compare.json").read_text())
    # summary.json is written after the plots: the title is in resolved.yaml.
    resolved = run / "resolved.yaml"
    if resolved.exists():
        for line in resolved.read_text().splitlines():
            if line.startswith("title:"):
                summary["title"] = line.split(":", 1)[1].strip().strip('"')
                break
    out = run / "plots"
    out.mkdir(exist_ok=True)
    plot_msd(run, summary, out)
    plot_profiles(run, out)
    plot_difference(run, summary, out)
    print(f"plots in {out}")


if __name__ == "__main__":
    main()
