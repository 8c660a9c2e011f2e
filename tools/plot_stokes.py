#!/usr/bin/python3
"""Pictures of finished stokes runs, from the face velocities the run writes for later cases
(RUN/velocity/, format in solvers/stokes/velocity_file.hpp): the speed |u| at cell centres with
streamlines, the obstacles in grey (2D; the middle z-slice in 3D). Writes RUN/plots/flow.png, or
OUT.png with --out.

Usage: tools/plot_stokes.py RUN_DIR [--out OUT.png]
(uses Debian's python3-matplotlib and python3-yaml)
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plot_common import RunInfo, fitted  # noqa: E402


def face_velocity(run):
    meta = json.loads((run / "velocity" / "velocity.json").read_text())
    data = np.fromfile(run / "velocity" / meta["file"], dtype="<f8")
    comps, offset = [], 0
    for faces in meta["faces"]:
        n = int(np.prod(faces))
        comps.append(data[offset:offset + n].reshape(faces[::-1]))  # [z][y][x] or [y][x]
        offset += n
    return meta, comps


def cell_velocity(meta, comps):
    """Averages each component's two faces to the cell centre ([y][x] arrays, mid-z in 3D)."""
    dim, cells = meta["dim"], meta["cells"]
    out = []
    for a, u in enumerate(comps):
        if dim == 3:
            u = u[cells[2] // 2] if a != 2 else u[cells[2] // 2]
            a_axis = {0: 1, 1: 0, 2: None}[a]
        else:
            a_axis = {0: 1, 1: 0}[a]
        if a_axis is None:  # the z-component at the mid plane: its faces are already in-plane
            out.append(u)
            continue
        n = cells[a]
        lo = np.take(u, range(n), axis=a_axis)
        hi = np.take(u, [(i + 1) % u.shape[a_axis] for i in range(n)], axis=a_axis)
        out.append(0.5 * (lo + hi))
    return out


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    run = Path(argv[0])
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else run / "plots" / "flow.png"
    meta, comps = face_velocity(run)
    u = cell_velocity(meta, comps)
    lower, upper, cells = meta["lower"], meta["upper"], meta["cells"]
    x = np.linspace(lower[0], upper[0], cells[0], endpoint=False) + 0.5 * (upper[0] - lower[0]) / cells[0]
    y = np.linspace(lower[1], upper[1], cells[1], endpoint=False) + 0.5 * (upper[1] - lower[1]) / cells[1]
    speed = np.hypot(u[0], u[1])
    still = speed <= 1e-12 * speed.max()  # inside bodies held still: every face is zero
    speed = np.ma.masked_where(still, speed)
    u = [np.ma.masked_where(still, c) for c in u]
    aspect = (upper[1] - lower[1]) / (upper[0] - lower[0])
    fig, ax = plt.subplots(figsize=(8, max(2.5, 8 * aspect)))
    cmap = matplotlib.colormaps["viridis"].copy()
    cmap.set_bad("0.6")
    image = ax.imshow(speed, origin="lower", extent=[lower[0], upper[0], lower[1], upper[1]],
                      cmap=cmap, interpolation="nearest")
    ax.streamplot(x, y, u[0], u[1], color="white", linewidth=0.7, density=1.4, arrowsize=0.7)
    ax.set_xlim(lower[0], upper[0])
    ax.set_ylim(lower[1], upper[1])
    info = RunInfo(run)
    ax.set_xlabel(info.label("x", "length"))
    ax.set_ylabel(info.label("y", "length"))
    where = " (middle z-slice)" if meta["dim"] == 3 else ""
    ax.set_title(fitted(f"{info.title}: speed |u| and streamlines{where}", 60), fontsize=10)
    fig.colorbar(image, ax=ax, label=info.label("|u|", "velocity"), shrink=0.8)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120, bbox_inches="tight")
    print(f"plot_stokes: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
