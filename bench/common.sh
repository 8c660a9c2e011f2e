# Sourced by the benchmarks: a scratch directory, the load average at the start, progress lines on
# stderr, and `timed`.

# Open MPI refuses to run as root (CI) unless told it may.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
res=$TMP/results
mkdir "$res"
load0=$(cut -d' ' -f1 /proc/loadavg)   # reported: other work on the machine skews the timings

log() { echo "[bench] $*" >&2; }

# timed LOG CMD...: run CMD with output to LOG and print its wall time in seconds; on failure show
# the log tail and return 1 (under `set -e`, outside a condition, that ends the script).
timed() {
  local logfile=$1 t0=$EPOCHREALTIME; shift
  if ! "$@" >"$logfile" 2>&1; then
    log "failed: $*"; tail -20 "$logfile" >&2; return 1
  fi
  awk "BEGIN { print $EPOCHREALTIME - $t0 }"
}

# fail STEM LOG: record a failed run for the report ($res/STEM.fail with the log's tail).
fail() {
  { echo "run failed:"; tail -5 "$2"; } >"$res/$1.fail"
}

# check_fickle KIND: when $fickle is missing or has no case kind KIND, say why in
# $res/fickle.skip (the report turns it into null with a reason) and return 1.
check_fickle() {
  local why=""
  if [[ ! -x $fickle ]]; then
    why="no fickle binary at $fickle (build it first)"
  # The listing is read whole first: grep -q stops at the first match, and under pipefail the
  # SIGPIPE that then ends `fickle list` (its ready cases still to print) would read as failure.
  elif ! grep -Eq "^\s+$1\s" <<<"$("$fickle" list 2>/dev/null)"; then
    why="$fickle has no '$1' case kind (fickle list)"
  fi
  [[ -z $why ]] && return 0
  log "$why; skipping fickle"
  echo "$why" >"$res/fickle.skip"
  return 1
}

# json_with_wall LOG WALL: the last line of LOG that is a JSON object (a peer script's report), with
# "wall_s": WALL (the whole process, as `timed` measured it) added; on stdout.
json_with_wall() {
  grep '^{' "$1" | tail -1 | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin); d["wall_s"] = float(sys.argv[1]); print(json.dumps(d))' "$2"
}
