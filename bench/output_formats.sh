#!/usr/bin/env bash
# Snapshot output: VTK XML (.pvtr + one .vtr piece per rank) against VTKHDF (one .hdf per
# snapshot, written collectively with parallel HDF5), for a 3D Gaussian on 64³ and 256³ cells, on
# 1 and 2 ranks. Each run writes the initial and the final snapshot of one step; summary.json's
# output_s is the time spent writing them. Prints JSON: seconds per snapshot, MB per snapshot,
# files per snapshot, and the VTKHDF/XML time ratio.
# Usage: bench/output_formats.sh [BUILD_DIR]   (docs/cluster.md has the numbers measured here)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
fickle=$(realpath "${1:-build}")/fickle
check_fickle fick || exit 1

rows=()
for cells in 64 256; do
  for ranks in 1 2; do
    for format in vtk vtkhdf; do
      run=$TMP/run-$cells-$ranks-$format
      log "$cells³ on $ranks rank(s), $format"
      timed "$run.log" mpiexec -n "$ranks" --oversubscribe "$fickle" run cases/fick-gaussian -o "$run" \
        --set "grid.cells=[$cells,$cells,$cells]" --set time.dt=0.01 --set time.end=0.01 \
        --set output.every=1 --set output.format=$format --force > /dev/null
      seconds=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['output_s'] / 2)" "$run/summary.json")
      bytes=$(du -sb "$run/fields" | cut -f1)
      files=$(find "$run/fields" -type f | wc -l)
      rows+=("{\"cells\": $cells, \"ranks\": $ranks, \"format\": \"$format\", \"s_per_snapshot\": $seconds, \"mb_per_snapshot\": $(awk "BEGIN {print $bytes / 2e6}"), \"files_per_snapshot\": $((files / 2))}")
      rm -rf "$run"
    done
  done
done
/usr/bin/python3 - "${rows[@]}" <<'PY'
import json, sys
rows = [json.loads(r) for r in sys.argv[1:]]
ratios = {}
for r in rows:
    if r["format"] == "vtkhdf":
        xml = next(x for x in rows if x["format"] == "vtk" and x["cells"] == r["cells"] and x["ranks"] == r["ranks"])
        ratios[f'{r["cells"]}^3 on {r["ranks"]} rank(s)'] = round(r["s_per_snapshot"] / xml["s_per_snapshot"], 3)
print(json.dumps({"benchmark": "snapshot output, VTK XML vs VTKHDF", "runs": rows,
                  "vtkhdf_over_xml_time": ratios}, indent=1))
PY
