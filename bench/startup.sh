#!/usr/bin/env bash
# Start-up time of fickle: the process alone (`fickle --version`: loading the libraries), `fickle
# check` on every ready case, and the set-up part of `fickle run`
# (the process's wall time less the time steps and the output, from summary.json) for a one-step
# fick 64³ run and a one-step particles run; each with fickle's singleton start-up settings
# (app/run/mpi_startup.hpp) and with Open MPI's defaults (FICKLE_MPI_DEFAULTS=1), the median of
# 5 runs. Prints JSON. Usage: bench/startup.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
fickle=$(realpath "${1:-build}")/fickle
export FICKLE_PLOTS=off   # the end-of-run pictures (matplotlib, ~1.5 s) are not set-up
check_fickle fick || exit 1

# median CMD...: the median wall time of 5 runs of CMD (output discarded)
median() {
  local times=()
  for _ in 1 2 3 4 5; do times+=("$(timed /dev/null "$@")"); done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 3p
}
# setup_s CASE SETS...: process wall time less solve_s and output_s of a run
setup_s() {
  local best=1e9
  for _ in 1 2 3; do
    local wall
    wall=$(timed "$TMP/run.log" "$fickle" run "$@" -o "$TMP/run")
    best=$(/usr/bin/python3 -c "import json,sys; s=json.load(open('$TMP/run/summary.json'));
print(min($best, $wall - s['solve_s'] - s.get('output_s', 0)))")
    rm -rf "$TMP/run"
  done
  echo "$best"
}

rows=()
for mode in quick defaults; do
  if [[ $mode == defaults ]]; then export FICKLE_MPI_DEFAULTS=1; else unset FICKLE_MPI_DEFAULTS; fi
  for c in cases/*/; do
    name=$(basename "$c")
    log "check $name ($mode)"
    rows+=("{\"mode\": \"$mode\", \"what\": \"check $name\", \"s\": $(median "$fickle" check "$c")}")
  done
  log "process start ($mode)"
  rows+=("{\"mode\": \"$mode\", \"what\": \"process start (fickle --version)\", \"s\": $(median "$fickle" --version)}")
  log "run set-up ($mode)"
  rows+=("{\"mode\": \"$mode\", \"what\": \"run set-up fick-gaussian\", \"s\": $(setup_s cases/fick-gaussian --set time.end=0.01 --set output.every=0)}")
  rows+=("{\"mode\": \"$mode\", \"what\": \"run set-up particles-brownian\", \"s\": $(setup_s cases/particles-brownian --set time.end=0.001 --set output.every=0 --set output.sample=0)}")
done
unset FICKLE_MPI_DEFAULTS
printf '%s\n' "${rows[@]}" | /usr/bin/python3 -c "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
quick = {r['what']: r['s'] for r in rows if r['mode'] == 'quick'}
slow = {r['what']: r['s'] for r in rows if r['mode'] == 'defaults'}
checks = [v for k, v in quick.items() if k.startswith('check ')]
print(json.dumps({'benchmark': 'start-up: fickle check and the set-up of fickle run, 1 process',
                  'load_average_at_start': $load0,
                  'seconds': quick, 'seconds_with_open_mpi_defaults': slow,
                  'check_max_s': max(checks), 'check_median_s': sorted(checks)[len(checks) // 2],
                  'speedup_over_open_mpi_defaults': {k: round(slow[k] / quick[k], 2) for k in quick}},
                 indent=1))
"
