#!/usr/bin/env bash
# Scaling on this machine (2 cores) and the communication a rank does, for docs/cluster.md:
#  - strong scaling: the same 3D fick (96³, 20 backward-Euler steps), 3D stokes (the periodic
#    sphere, 32³) and particles (10⁶ Brownian, 200 steps) on 1 and 2 ranks;
#  - weak scaling: the same work per rank (fick 64³ per rank, stokes 32³ per rank, 5·10⁵ particles
#    per rank) on 1 and 2 ranks;
#  - communication per rank and step from PETSc's -log_view (messages and bytes, reductions) for
#    fick 64³ and stokes 32³ on 1, 2, 4 and 8 ranks (4 and 8 oversubscribe the 2 cores: their
#    times mean nothing, their message counts are what a cluster would see).
# Prints JSON. Usage: bench/scaling.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
fickle=$(realpath "${1:-build}")/fickle
check_fickle fick || exit 1

fick="cases/fick-gaussian --set time.end=0.2 --set output.every=0"
stokes="cases/stokes-sphere-drag"
particles="cases/particles-brownian --set count=1000000 --set time.end=2e-2 --set output.every=0 --set output.sample=0"

# run NAME RANKS CASE SETS...: the run's summary.json into $res/NAME.json
run() {
  local name=$1 ranks=$2; shift 2
  log "$name on $ranks rank(s)"
  timed "$TMP/$name.log" mpiexec -n "$ranks" --oversubscribe "$fickle" run "$@" -o "$TMP/$name" > /dev/null
  cp "$TMP/$name/summary.json" "$res/$name.json"
  rm -rf "$TMP/$name"
}
for r in 1 2; do
  run "strong-fick-$r" $r $fick --set "grid.cells=[96,96,96]"
  run "strong-stokes-$r" $r $stokes
  run "strong-particles-$r" $r $particles
  run "weak-fick-$r" $r $fick --set "grid.cells=[$((64 * r)),64,64]"
  run "weak-stokes-$r" $r $stokes --set "grid.cells=[$((32 * r)),32,32]"
  run "weak-particles-$r" $r $particles --set count=$((500000 * r))
done
# Communication: PETSc's own counts of this run's messages and reductions.
for r in 1 2 4 8; do
  for kind in fick stokes; do
    log "communication of $kind on $r rank(s)"
    case $kind in
      fick) args="$fick --set grid.cells=[64,64,64] --set time.end=0.05" ;;
      stokes) args="$stokes" ;;
    esac
    mpiexec -n $r --oversubscribe "$fickle" run $args -o "$TMP/comm" -- -log_view \
      > "$res/comm-$kind-$r.log" 2>&1 || log "failed: $kind on $r ranks"
    cp "$TMP/comm/summary.json" "$res/comm-$kind-$r.json" 2>/dev/null || true
    rm -rf "$TMP/comm"
  done
done
/usr/bin/python3 - "$res" "$load0" <<'PY'
import json, os, re, sys
res, load0 = sys.argv[1], float(sys.argv[2])
def summary(name):
    with open(os.path.join(res, name + ".json")) as f:
        return json.load(f)
def per_step(s):
    return s["solve_s"] / max(1, s.get("steps", 1))
out = {"benchmark": "scaling on this machine, communication per rank", "load_average_at_start": load0}
for kind, key in (("fick", per_step), ("stokes", lambda s: s["solve_s"]), ("particles", per_step)):
    for mode in ("strong", "weak"):
        one, two = summary(f"{mode}-{kind}-1"), summary(f"{mode}-{kind}-2")
        t1, t2 = key(one), key(two)
        entry = {"s_1_rank": t1, "s_2_ranks": t2}
        entry["speedup" if mode == "strong" else "efficiency"] = round(
            t1 / t2 if mode == "strong" else t1 / t2, 3)
        if kind == "stokes":
            entry["outer_iterations"] = [one["outer_iterations"], two["outer_iterations"]]
        if kind == "fick":
            entry["linear_iterations"] = [one["linear_iterations"], two["linear_iterations"]]
        out[f"{mode}_{kind}"] = entry
comm = {}
for kind in ("fick", "stokes"):
    for r in (1, 2, 4, 8):
        text = open(os.path.join(res, f"comm-{kind}-{r}.log")).read()
        def numbers(label):  # the line's numbers: Max, Max/Min[, Avg, Total]
            m = re.search(label + r":(.*)", text)
            return [float(x) for x in m.group(1).split()] if m else []
        count, length, reductions = (numbers("MPI Msg Count"), numbers(r"MPI Msg Len \(bytes\)"),
                                     numbers("MPI Reductions"))
        msgs = count[3] / r if len(count) > 3 else None
        lens = length[3] / r if len(length) > 3 else None
        reds = reductions[0] if reductions else None
        steps = 1
        try:
            steps = max(1, summary(f"comm-{kind}-{r}").get("steps", 1) or 1)
        except FileNotFoundError:
            pass
        comm[f"{kind}_{r}"] = {"messages_per_rank": msgs, "bytes_per_rank": lens,
                               "reductions": reds, "steps": steps}
out["communication"] = comm
print(json.dumps(out, indent=1))
PY
