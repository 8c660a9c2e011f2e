#!/usr/bin/env bash
# Outer iterations and time of the Stokes solver in a long 2D channel with and without the coarse
# Stokes part of its Schur preconditioner (docs/science.md §4.7): cases/stokes-channel (4 × 1, two
# cylinders, open ends) at several grids, `solver.coarse_cells` automatic (on) against 0 (the
# pressure mass matrix alone), alternately in one invocation. Prints one JSON object on stdout.
#
# Usage: bench/stokes_channel_coarse.sh [BUILD_DIR]     (default: build, relative to the repo root)
#   BENCH_GRIDS="128,32 256,64 512,128 1024,256"   grids (cells along x,y)
#   BENCH_REPEAT=2                                  pairs per grid; times are the minimum
#
# Times: `solve_s` of summary.json (set-up plus solve: the Galerkin coarse system and its LU are
# in the set-up) and the whole process (`wall_s`). One rank, OMP_NUM_THREADS=1, no plots.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$root" && realpath -m "${1:-build}")
fickle=$build_dir/fickle
grids=${BENCH_GRIDS:-128,32 256,64 512,128 1024,256}
repeat=${BENCH_REPEAT:-2}
export OMP_NUM_THREADS=1
export FICKLE_PLOTS=off
[[ -x $fickle ]] || { echo "no fickle binary at $fickle" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
results=$scratch/results.jsonl
for grid in $grids; do
  for ((r = 0; r < repeat; ++r)); do
    for coarse in -1 0; do
      out=$scratch/run
      rm -rf "$out"
      echo "channel [$grid] coarse_cells=$coarse (pass $((r + 1))/$repeat)" >&2
      "$fickle" run "$root/cases/stokes-channel" -o "$out" --set "grid.cells=[$grid]" \
        --set solver.coarse_cells=$coarse --set output.faces=false > /dev/null
      python3 - "$out/summary.json" "$grid" "$coarse" >> "$results" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(json.dumps({"grid": sys.argv[2], "coarse": int(sys.argv[3]) != 0,
                  "outer_iterations": s["outer_iterations"], "coarse_cells": s["coarse_cells"],
                  "solve_s": s["solve_s"], "wall_s": s["wall_s"],
                  "flux": s["flux"]["x+"], "drag": s["drag"][0]["force"][0]}))
EOF
    done
  done
done
python3 - "$results" <<'EOF'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
out = {"case": "cases/stokes-channel", "grids": []}
for grid in dict.fromkeys(r["grid"] for r in runs):
    row = {"cells": [int(n) for n in grid.split(",")]}
    for coarse, name in ((True, "coarse"), (False, "mass_matrix_alone")):
        mine = [r for r in runs if r["grid"] == grid and r["coarse"] == coarse]
        row[name] = {"outer_iterations": mine[0]["outer_iterations"],
                     "coarse_cells": mine[0]["coarse_cells"],
                     "solve_s": min(r["solve_s"] for r in mine),
                     "wall_s": min(r["wall_s"] for r in mine), "flux": mine[0]["flux"],
                     "drag": mine[0]["drag"]}
    a, b = row["coarse"], row["mass_matrix_alone"]
    row["iterations_ratio"] = b["outer_iterations"] / a["outer_iterations"]
    row["solve_speedup"] = b["solve_s"] / a["solve_s"]
    row["flux_relative_difference"] = abs(a["flux"] - b["flux"]) / abs(b["flux"])
    out["grids"].append(row)
print(json.dumps(out, indent=2))
EOF
