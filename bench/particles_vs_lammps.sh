#!/usr/bin/env bash
# fickle's particle kinds vs LAMMPS (fix nve + fix langevin) on 10⁶ free particles in 3D, 1 and 2
# MPI ranks, in one invocation (bench/README.md, Peer figures: Particles). Also fickle's Brownian
# model, a CTRW with Mittag-Leffler waiting times, and Brownian tracers carried by a 3D Stokes flow
# (the flow is computed first, bench/particles/tracers-flow). Prints one JSON object on stdout; progress
# goes to stderr.
#
# Usage: bench/particles_vs_lammps.sh [BUILD_DIR]     (default: build, relative to the repo root)
#   BENCH_COUNT=100000 BENCH_STEPS=100 bench/particles_vs_lammps.sh   a quick, smaller run
#   (BENCH_STEPS applies to the Langevin/Brownian runs; the CTRW keeps its end time.)
#   BENCH_RANKS=2 bench/particles_vs_lammps.sh                        only the 2-rank runs
#   LMP=/path/to/lmp bench/particles_vs_lammps.sh                     another LAMMPS binary
# A missing fickle binary (or one without the `particles` kind) or a missing LAMMPS is reported as
# null with a reason, not an error; so is a run that fails (with the tail of its log).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$root" && realpath -m "${1:-build}")
fickle=$build_dir/fickle
cases=$root/bench/particles
py="/usr/bin/python3 $cases/particles.py"   # Debian's python3 (has python3-yaml), not pyenv's
lmp=${LMP:-lmp}
count=${BENCH_COUNT:-1000000}
steps=${BENCH_STEPS:-}   # empty: the cases' own (1000)
ranks=${BENCH_RANKS:-1 2}
export OMP_NUM_THREADS=1   # one thread per rank on both sides: per-core rates

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

launcher() {  # $1 = ranks
  [[ $1 -gt 1 ]] && echo mpiexec -n "$1" --oversubscribe
  return 0
}

run_lammps() {  # $1 = ranks
  local n=$1 out=$TMP/lammps-n$1 wall vars
  mkdir -p "$out"
  if ! vars=$($py lammps-vars "$cases/langevin/case.yaml" "$count" "$steps" 2>"$out/vars.err"); then
    fail "lammps_langevin-n$n" "$out/vars.err"; return 0
  fi
  mapfile -t vars <<<"$vars"
  log "LAMMPS fix langevin, $n rank(s), $count particles, ${steps:-default} steps"
  if wall=$(cd "$out" && timed "$out/screen.txt" $(launcher "$n") "$lmp" -in "$cases/in.langevin.lmp" \
              -log "$out/log.lammps" "${vars[@]}"); then
    $py lammps "$out/log.lammps" "$wall" "$cases/langevin/case.yaml" "$res/lammps_langevin-n$n.json"
  else
    fail "lammps_langevin-n$n" "$out/screen.txt"
  fi
}

run_fickle() {  # $1 = model (case directory; tracers_unsorted: tracers never reordered), $2 = ranks
  local model=$1 n=$2 out=$TMP/fickle-$1-n$2 wall sets=(--set "count=$count") case=$1
  if [[ $model == tracers_unsorted ]]; then
    case=tracers
    sets+=(--set "physics.velocity.sort_every=0")
  fi
  [[ $case == tracers ]] && sets+=(--set "physics.velocity.from=$flow")
  if [[ -n $steps && $model != ctrw ]]; then
    sets+=(--set "time.end=$($py end-time "$cases/$case/case.yaml" "$steps")" --set "time.steps=$steps")
  fi
  log "fickle $model, $n rank(s), $count particles"
  if wall=$(cd "$root" && timed "$out.log" $(launcher "$n") "$fickle" run "$cases/$case" -o "$out" "${sets[@]}"); then
    $py fickle "$out" "$wall" "$res/fickle_$model-n$n.json"
  else
    fail "fickle_$model-n$n" "$out.log"
  fi
}

check_fickle particles || true
flow=$TMP/tracers-flow   # the Stokes flow the tracers ride, computed once
if [[ ! -e $res/fickle.skip ]]; then
  log "fickle: the 3D cavity flow for the tracers"
  (cd "$root" && timed "$TMP/flow.log" "$fickle" run "$cases/tracers-flow" -o "$flow" >/dev/null) ||
    fail fickle_tracers-n1 "$TMP/flow.log"
fi
if ! command -v "$lmp" >/dev/null; then
  log "$lmp not found (apt-get install lammps); skipping LAMMPS"
  echo "$lmp not on PATH (Debian package lammps not installed)" >"$res/lammps.skip"
fi
# Same rank count back to back, so the ratios see the same machine state.
for n in $ranks; do
  [[ -e $res/lammps.skip ]] || run_lammps "$n"
  if [[ ! -e $res/fickle.skip ]]; then
    for model in langevin brownian ctrw tracers tracers_unsorted; do run_fickle "$model" "$n"; done
  fi
done

# The 1-minute load average at the end covers roughly the last two runs: well above 2 (2 cores)
# means other work shared the machine.
$py report "$res" "$load0" "$(cut -d' ' -f1 /proc/loadavg)"
