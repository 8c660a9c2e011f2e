#!/usr/bin/python3
"""Plots of a finished fick run: the field on the middle slice at the first and last snapshot, and
the error and mass against time from series.csv. Writes RUN/plots/*.png.

Usage: tools/plot_fick.py RUN_DIR        (uses Debian's python3-vtk9 and python3-matplotlib)
"""
import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from vtkmodules.util.numpy_support import vtk_to_numpy  # noqa: E402
from vtkmodules.vtkIOXML import vtkXMLPRectilinearGridReader  # noqa: E402


def snapshots(run):
    """(time, path) of every snapshot listed in u.pvd (VTK 9.1's Python has no PVD reader)."""
    root = ET.parse(run / "u.pvd").getroot()
    return [(float(d.get("timestep")), run / d.get("file")) for d in root.iter("DataSet")]


def middle_slice(pvtr):
    """The cell array u on the middle z (3D) slice as a 2D array, and the grid's extent."""
    reader = vtkXMLPRectilinearGridReader()
    reader.SetFileName(str(pvtr))
    reader.Update()
    grid = reader.GetOutput()
    nx, ny, nz = (max(n - 1, 1) for n in grid.GetDimensions())
    u = vtk_to_numpy(grid.GetCellData().GetArray("u")).reshape(nz, ny, nx)
    x = vtk_to_numpy(grid.GetXCoordinates())
    y = vtk_to_numpy(grid.GetYCoordinates())
    return u[nz // 2], (x[0], x[-1], y[0] if ny > 1 else 0, y[-1] if ny > 1 else 1)


def main():
    run = Path(sys.argv[1] if len(sys.argv) > 1 else "cases/fick-gaussian/output")
    plots = run / "plots"
    plots.mkdir(exist_ok=True)
    shots = snapshots(run)
    (t0, first), (t1, last) = shots[0], shots[-1]
    u0, extent = middle_slice(first)
    u1, _ = middle_slice(last)

    fig, axes = plt.subplots(1, 2, figsize=(9, 4), constrained_layout=True)
    vmax = max(u0.max(), u1.max())
    for ax, u, t in ((axes[0], u0, t0), (axes[1], u1, t1)):
        image = ax.imshow(u, origin="lower", extent=extent, vmin=0, vmax=vmax, cmap="viridis",
                          aspect="equal" if u.shape[0] > 1 else "auto")
        ax.set_title(f"u on the middle slice, t = {t:g}")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    fig.colorbar(image, ax=axes, shrink=0.8)
    fig.savefig(plots / "u_slices.png", dpi=110)

    with open(run / "series.csv") as f:
        rows = list(csv.DictReader(f))
    t = np.array([float(r["t"]) for r in rows])
    fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    if "l2_rel" in rows[0]:
        ax.semilogy(t[1:], [float(r["l2_rel"]) for r in rows[1:]], label="relative L2 error")
        ax.semilogy(t[1:], [float(r["linf_rel"]) for r in rows[1:]], label="relative max error")
    mass = np.array([float(r["mass"]) for r in rows])
    drift = np.abs(mass - mass[0]) / max(abs(mass[0]), 1e-300)
    ax.semilogy(t[1:], np.maximum(drift[1:], 1e-17), label="|mass drift| (relative)")
    ax.set_xlabel("t")
    ax.legend()
    ax.set_title("errors against the exact solution, and mass")
    fig.savefig(plots / "errors.png", dpi=110)
    print(f"plots: {plots / 'u_slices.png'} {plots / 'errors.png'}")


if __name__ == "__main__":
    main()
