#!/usr/bin/env bash
# The time to reach 1% drag error for Stokes flow through a simple cubic array of spheres
# (a = 0.2 L, solid fraction 0.0335, against Hasimoto's K): fickle's cases/stokes-sphere-drag
# (interpolated surface, MAC grid N³) vs DOLFINx on a body-fitted gmsh mesh of one octant of the
# cell (bench/stokes/sphere_dolfinx.py, Taylor–Hood P2-P1, MUMPS; the symmetry reduction is
# described there and in bench/README.md). Prints one JSON object on stdout; progress on stderr.
#
# Usage: bench/stokes_sphere_vs_dolfinx.sh [BUILD_DIR]      (default: build, relative to the repo root)
#   BENCH_FICKLE_N="16 20 24 28 32"     fickle grids (N³ cells)
#   BENCH_DOLFINX_MESHES="0.2:0.4:2 0.15:0.3:2 0.1:0.2:2 0.08:0.16:2 0.05:0.1:2 0.1:0.2:1 0.05:0.1:1"
#                                       DOLFINx meshes, H_SPHERE:H_FAR:GEOMETRY_ORDER (mesh size on
#                                       the sphere and far from it; 2 = curved 10-node tetrahedra)
#   BENCH_REPEAT=2                      passes over all runs (interleaved); times are the minimum
#   BENCH_TARGET=0.01                   the drag error to reach (|K_measured/K - 1|)
#
# Runs are serial (1 rank each) and one at a time. DOLFINx and gmsh (Debian's python3-dolfinx 0.5.2
# and python3-gmsh 4.8.4 on Debian 12) are installed with apt-get when missing and the script runs
# as root. A missing fickle binary or DOLFINx, or a failing run, is reported as null with a reason,
# not an error.
#
# Times compared: `wall_s`, the whole process as the user waits for it (fickle: `fickle run`, case
# reading to summary.json, with its velocity output but no plots; DOLFINx: python start, imports,
# gmsh meshing, assembly, MUMPS, drag; FFCx's form compilation is cached by a warm-up run first),
# and `compute_s` (fickle: solve_s, which includes its setup_s; DOLFINx: mesh_s + assemble_s +
# solve_s).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$root" && realpath -m "${1:-build}")
fickle=$build_dir/fickle
fickle_n=${BENCH_FICKLE_N:-16 20 24 28 32}
dolfinx_meshes=${BENCH_DOLFINX_MESHES:-0.2:0.4:2 0.15:0.3:2 0.1:0.2:2 0.08:0.16:2 0.05:0.1:2 0.1:0.2:1 0.05:0.1:1}
repeat=${BENCH_REPEAT:-2}
target=${BENCH_TARGET:-0.01}
py=/usr/bin/python3   # Debian's python3 (has dolfinx, gmsh, numpy), not pyenv's
sphere=$root/bench/stokes/sphere_dolfinx.py
export OMP_NUM_THREADS=1   # serial on both sides
export FICKLE_PLOTS=off    # fickle's end-of-run pictures are not part of the comparison

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# --- DOLFINx + gmsh -------------------------------------------------------------------------------
have_dolfinx() { "$py" -c 'import dolfinx, gmsh' >/dev/null 2>&1; }
if ! have_dolfinx; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing python3-dolfinx python3-gmsh (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-dolfinx python3-gmsh >"$TMP/apt.log" 2>&1 ||
      tail -5 "$TMP/apt.log" >&2
  fi
  have_dolfinx ||
    echo "dolfinx or gmsh not importable by $py (apt-get install python3-dolfinx python3-gmsh)" >"$res/dolfinx.skip"
fi

run_dolfinx() {  # $1 = H_SPHERE:H_FAR:ORDER, $2 = pass
  local hs hf order wall stem
  IFS=: read -r hs hf order <<<"$1"
  stem=dolfinx-$hs-$hf-$order-$2
  log "DOLFINx octant, h_sphere $hs, h_far $hf, geometry order $order (pass $2)"
  if wall=$(timed "$TMP/$stem.log" "$py" "$sphere" "$hs" "$hf" "$order"); then
    json_with_wall "$TMP/$stem.log" "$wall" >"$res/$stem.json"
  else
    fail "$stem" "$TMP/$stem.log"
  fi
}

# --- fickle ---------------------------------------------------------------------------------------
check_fickle stokes || true

run_fickle() {  # $1 = N, $2 = pass
  local n=$1 stem=fickle-$1-$2 wall
  log "fickle stokes-sphere-drag, ${n}³ (pass $2)"
  # A diverged solve still writes summary.json (status "diverged"): keep it for the reason.
  wall=$(cd "$root" && timed "$TMP/$stem.log" "$fickle" run cases/stokes-sphere-drag -o "$TMP/$stem" \
    --set "grid.cells=[$n,$n,$n]" --set output.faces=false) || wall=null
  if [[ -e $TMP/$stem/summary.json ]]; then
    "$py" -c '
import json, sys
d = json.load(open(sys.argv[1])); d["process_wall_s"] = json.loads(sys.argv[2]); print(json.dumps(d))' \
      "$TMP/$stem/summary.json" "$wall" >"$res/$stem.json"
  else
    fail "$stem" "$TMP/$stem.log"
  fi
}

# --- runs, one at a time, the passes interleaved --------------------------------------------------
if [[ ! -e $res/dolfinx.skip ]]; then
  # FFCx compiles the forms on first use (~10 s per geometry order, cached in ~/.cache/fenics): a
  # warm-up run per order keeps that out of the measured processes.
  for order in $(tr ' ' '\n' <<<"$dolfinx_meshes" | cut -d: -f3 | sort -u); do
    log "DOLFINx warm-up (form compilation), geometry order $order"
    timed "$TMP/dolfinx-warmup-$order.log" "$py" "$sphere" 0.2 0.4 "$order" >/dev/null ||
      fail "dolfinx-warmup-$order" "$TMP/dolfinx-warmup-$order.log"
  done
fi
for pass in $(seq 1 "$repeat"); do
  if [[ ! -e $res/fickle.skip ]]; then
    for n in $fickle_n; do run_fickle "$n" "$pass"; done
  fi
  if [[ ! -e $res/dolfinx.skip ]]; then
    for m in $dolfinx_meshes; do run_dolfinx "$m" "$pass"; done
  fi
done

"$py" "$root/bench/stokes/sphere_report.py" "$res" "$target" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" \
  "$fickle_n" "$dolfinx_meshes" "$repeat"
