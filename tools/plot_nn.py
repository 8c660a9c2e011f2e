#!/usr/bin/python3
"""Training curves of a finished nn run: loss and accuracies (or reconstruction error, the
Hopfield error law, the Boltzmann log-likelihood) against the epoch from series.csv.
Writes RUN/plots/training.png.

Usage: tools/plot_nn.py RUN_DIR [RUN_DIR ...]      (uses Debian's python3-matplotlib)
"""
import csv
import json
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def series(run):
    with open(run / "series.csv") as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


def finite(xs, ys):
    pairs = [(x, y) for x, y in zip(xs, ys) if not math.isnan(y)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def plot(run):
    s, summary = series(run), json.loads((run / "summary.json").read_text())
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    if summary["model"] == "hopfield":
        axes[0].semilogy(s["load"], s["one_step_error"], "o", label="measured")
        axes[0].semilogy(s["load"], s["one_step_error_law"], "-", label="½ erfc(√(N/2p))")
        axes[0].set_xlabel("p/N")
        axes[0].set_ylabel("one-step error")
        axes[1].plot(s["load"], s["recall_error"], "o-")
        axes[1].axvline(0.138, ls="--", c="gray")
        axes[1].set_xlabel("p/N")
        axes[1].set_ylabel("error after settling")
    else:
        for key in ("loss", "validation_loss", "reconstruction_error", "log_likelihood",
                    "pseudo_log_likelihood"):
            if key in s:
                x, y = finite(s["step"], s[key])
                if x:
                    axes[0].plot(x, y, "o-", ms=3, label=key)
        axes[0].set_xlabel("epoch")
        for key in ("train_accuracy", "test_accuracy", "patterns_recalled"):
            if key in s:
                x, y = finite(s["step"], s[key])
                if x:
                    axes[1].plot(x, y, "o-", ms=3, label=key)
        axes[1].set_xlabel("epoch")
    for ax in axes:
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    fig.suptitle(summary.get("title", ""), fontsize=10)
    (run / "plots").mkdir(exist_ok=True)
    fig.tight_layout()
    fig.savefig(run / "plots" / "training.png", dpi=120)
    print(run / "plots" / "training.png")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        plot(Path(arg))
