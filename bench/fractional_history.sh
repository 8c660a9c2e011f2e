#!/usr/bin/env bash
# The cost of the Caputo history of the `fractional` kind (issue 5, Performance): the time-fractional
# case with 10³, 10⁴, 10⁵ steps, history `direct` (one vector per step, O(N²) work) and `fast`
# (sum of exponentials, n_exp vectors), against a plain Fick step (backward Euler, same grid and
# number of steps). Prints one JSON object on stdout; progress goes to stderr.
#
# Usage: bench/fractional_history.sh [BUILD_DIR]     (default: build, relative to the repo root)
#   BENCH_CELLS=32 BENCH_STEPS="1000 10000" bench/fractional_history.sh   a quick, smaller run
#   BENCH_UNIFORM_STEPS=10000    step count of the extra `fast` run on a uniform time mesh ("" : none)
#   BENCH_DIRECT_MAX_S=180       skip `direct` at N steps when its projected wall time exceeds this
# A missing fickle binary (or one without the `fractional` kind) is reported as null with a reason,
# not an error; so is a run that fails (with the tail of its log) or a skipped `direct` run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$root" && realpath -m "${1:-build}")
fickle=$build_dir/fickle
cases=$root/bench/fractional
py="/usr/bin/python3 $cases/history.py"   # Debian's python3 (has python3-yaml), not pyenv's
cells=${BENCH_CELLS:-64}
steps_list=${BENCH_STEPS:-1000 10000 100000}
uniform_steps=${BENCH_UNIFORM_STEPS-10000}
direct_max=${BENCH_DIRECT_MAX_S:-180}
export OMP_NUM_THREADS=1
# PETSc's event log (-log_view) splits each step into the linear solve and the rest (the history);
# its overhead is a few percent on both kinds alike.
petsc_options=${PETSC_OPTIONS:-}

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Peak RSS of the process through GNU time (Debian package `time`); without it, RSS is null.
timev=()
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null; then
  timev_ok=1
else
  timev_ok=0
  log "/usr/bin/time (GNU time) not found (apt-get install time): peak RSS will be null"
fi

# run_case LABEL STEPS CASE_DIR SET...: one fickle run, results into $res/LABEL-STEPS.json
run_case() {
  local label=$1 n=$2 case_dir=$3 out=$TMP/$1-$2 wall; shift 3
  local tv=$TMP/$label-$n.time lv=$TMP/$label-$n.log_view
  [[ $timev_ok == 1 ]] && timev=(/usr/bin/time -v -o "$tv") || timev=()
  log "$label, $n steps ($cells x $cells cells)"
  if wall=$(cd "$root" && PETSC_OPTIONS="$petsc_options -log_view :$lv" \
              timed "$out.log" "${timev[@]}" "$fickle" run "$case_dir" -o "$out" \
              --set "grid.cells=[$cells,$cells]" --set "time.steps=$n" "$@"); then
    $py run "$label" "$out" "$wall" "$tv" "$lv" "$res/$label-$n.json"
    log "  wall $wall s"
  else
    fail "$label-$n" "$out.log"
  fi
  rm -rf "$out/fields" "$out/checkpoint"   # direct's checkpoint holds the whole history
}

check_fickle fractional || true

# For each N, back to back: Fick, fast (graded), fast (uniform, at one N), direct. Direct is skipped
# when its projected wall time (fast's at N plus direct's excess of solve_s over fast at the previous
# N, times (N/N_prev)²: that excess is the O(N²) history) exceeds BENCH_DIRECT_MAX_S. The projection
# runs low (~2× at 64², 10³ → 10⁴) while the previous N's history still fitted in the CPU caches.
prev=
if [[ ! -e $res/fickle.skip ]]; then
  for n in $steps_list; do
    run_case fick "$n" "$cases/fick"
    run_case fast "$n" "$cases/caputo" --set time.history=fast
    if [[ $n == "$uniform_steps" ]]; then
      run_case fast_uniform "$n" "$cases/caputo" --set time.history=fast --set time.mesh=uniform
    fi
    if [[ -n $prev ]]; then
      proj=$($py project-direct "$n" "$prev" "$res")
      if [[ -e $res/direct-$prev.skip ]]; then
        echo "skipped: direct was already skipped at $prev steps" >"$res/direct-$n.skip"
        log "direct, $n steps: skipped (skipped at $prev steps)"
        prev=$n; continue
      elif [[ $proj == nan ]]; then
        echo "not run: no fast/direct results at $prev steps to project from" >"$res/direct-$n.skip"
        log "direct, $n steps: skipped (nothing to project from)"
        prev=$n; continue
      elif awk "BEGIN { exit !($proj > $direct_max) }"; then
        echo "skipped: projected wall time ${proj} s > ${direct_max} s (fast's wall at $n steps +" \
             "(direct - fast solve_s at $prev steps) x ($n/$prev)^2); history would be $n vectors of" \
             "$((cells * cells)) cells, $(awk "BEGIN { printf \"%.0f\", $n * $cells * $cells * 8 / 2^20 }") MiB" \
             >"$res/direct-$n.skip"
        log "direct, $n steps: skipped (projected ${proj} s > ${direct_max} s)"
        prev=$n; continue
      fi
      log "direct, $n steps: projected ${proj} s"
    fi
    run_case direct "$n" "$cases/caputo" --set time.history=direct
    prev=$n
  done
fi

# The 1-minute load average at the end covers roughly the last run: well above 1 means other work
# shared the machine (2 cores, the benchmark uses one).
# shellcheck disable=SC2086
$py report "$res" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$cells" $steps_list
