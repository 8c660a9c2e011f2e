#!/usr/bin/env bash
# Peak memory (max RSS) of the Stokes solver on the cases of issue 18's memory target: the
# interpolated and staircase sphere at 64³ (the target: ≤ 0.8 GB), the sphere at 32³, the
# two-cylinder channel and the cavity; with another fickle binary (BASE, e.g. an older build) run
# alternately in the same invocation for a before/after ratio. Also the outer iterations, set-up
# and solve seconds and the drag (the answer must not change). Prints one JSON object on stdout.
#
# Usage: bench/stokes_memory.sh [BUILD_DIR] [BASE_FICKLE]   (default: build; no base)
#   BENCH_CASES="sphere64 staircase64 sphere32 channel cavity"   which rows
# One rank, OMP_NUM_THREADS=1, no plots, faces written (the issue's command). Max RSS from
# /usr/bin/time -f %M (GNU time, Debian package `time`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$root" && realpath -m "${1:-build}")
fickles=("$build_dir/fickle")
[[ -n ${2:-} ]] && fickles+=("$(realpath "$2")")
rows=${BENCH_CASES:-sphere64 staircase64 sphere32 channel cavity}
export OMP_NUM_THREADS=1 FICKLE_PLOTS=off
for f in "${fickles[@]}"; do [[ -x $f ]] || { echo "no fickle binary at $f" >&2; exit 1; }; done
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }

# The case and --set arguments of a row, into the array `args`.
row_args() {
  local sphere=(--set "grid.cells=[64,64,64]")
  case $1 in
    sphere64) args=("$root/cases/stokes-sphere-drag" "${sphere[@]}") ;;
    staircase64)
      args=("$root/cases/stokes-sphere-drag" "${sphere[@]}"
        --set "obstacles=[{shape: sphere, center: [0.5, 0.5, 0.5], radius: 0.2}]") ;;
    sphere32) args=("$root/cases/stokes-sphere-drag") ;;
    channel) args=("$root/cases/stokes-channel") ;;
    cavity) args=("$root/cases/stokes-cavity") ;;
    *) echo "unknown row $1" >&2; exit 1 ;;
  esac
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
results=$scratch/results.jsonl
load0=$(cut -d' ' -f1 /proc/loadavg)
for row in $rows; do
  for i in "${!fickles[@]}"; do
    out=$scratch/run
    rm -rf "$out"
    echo "$row with ${fickles[$i]}" >&2
    row_args "$row"
    /usr/bin/time -f "%M" -o "$scratch/rss" "${fickles[$i]}" run "${args[@]}" -o "$out" \
      > "$scratch/log" 2>&1 || { tail -20 "$scratch/log" >&2; exit 1; }
    python3 - "$out/summary.json" "$row" "$i" "$(tail -1 "$scratch/rss")" >> "$results" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
drag = [d.get("reference", {}).get("K_measured", d["force"][0]) for d in s.get("drag", [])]
print(json.dumps({"case": sys.argv[2], "binary": "fickle" if sys.argv[3] == "0" else "base",
                  "max_rss_kb": int(sys.argv[4]), "outer_iterations": s["outer_iterations"],
                  "setup_s": s["setup_s"], "solve_s": s["solve_s"], "drag": drag}))
PY
  done
done
python3 - "$results" "$load0" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
out = {"benchmark": "Stokes solver peak memory (max RSS), 1 rank", "load_average_at_start":
       float(sys.argv[2]), "target": "interpolated sphere 64³ ≤ 800 MB (issue 18)", "rows": rows}
base = {r["case"]: r for r in rows if r["binary"] == "base"}
if base:
    out["rss_ratio_base_over_fickle"] = {r["case"]: round(base[r["case"]]["max_rss_kb"] /
                                         r["max_rss_kb"], 3) for r in rows
                                         if r["binary"] == "fickle" and r["case"] in base}
print(json.dumps(out, indent=1))
PY
