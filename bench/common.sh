# Sourced by the benchmarks: a scratch directory, the load average at the start, progress lines on
# stderr, and `timed`.

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
