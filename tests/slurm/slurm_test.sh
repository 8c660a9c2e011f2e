#!/usr/bin/env bash
# A real one-machine Slurm (Debian's slurm-wlm and munge, started here without systemd) runs
# tools/slurm/fickle-run.sbatch; the job is signalled as Slurm signals it before a time limit
# (scancel --signal=USR1 --batch), checkpoints, requeues itself and finishes. The particles must
# be bit-identical to an uninterrupted run, and the log must show the requeued job continuing.
# Usage: slurm_test.sh FICKLE SOURCE_DIR. Exit 77 (skipped) without root or without Slurm.
set -u
fickle=$1
source_dir=$2
if [ "$(id -u)" -ne 0 ] || ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
  echo "skipped: needs root and the slurm-wlm and munge packages (tools/setup.sh installs them)"
  exit 77
fi
work=$(mktemp -d /tmp/fickle-slurm.XXXXXX)
chmod 755 "$work"  # munged runs as the munge user
export SLURM_CONF=$work/slurm.conf
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI runs as root
cleanup() {
  [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2> /dev/null
  [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2> /dev/null
  [ -f "$work/munge/munged.pid" ] && kill "$(cat "$work/munge/munged.pid")" 2> /dev/null
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; for f in "$work"/job.out "$work"/log/*.log "$work"/run/log.txt; do [ -f "$f" ] && { echo "--- $f"; tail -30 "$f"; }; done; exit 1; }

# munge: its own socket and key; Slurm talks to it through AuthInfo.
mkdir -p "$work"/{munge,state,spool,log}
chown munge:munge "$work/munge"
[ -f /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2> /dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
runuser -u munge -- /usr/sbin/munged --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/seed" --force || fail "munged did not start"
# Ports of our own, so that no Slurm of the machine is disturbed.
port=$((17000 + RANDOM % 2000))
cat > "$SLURM_CONF" << CONF
ClusterName=fickletest
SlurmctldHost=$(hostname)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=$port
SlurmdPort=$((port + 1))
ReturnToService=2
JobRequeue=1
NodeName=$(hostname) CPUs=$(nproc) RealMemory=1024 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
/usr/sbin/slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
/usr/sbin/slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
for _ in $(seq 60); do sinfo -h -o %t 2> /dev/null | grep -q idle && break; sleep 0.5; done
sinfo -h -o %t | grep -q idle || fail "the Slurm node did not come up"

# A particle run of some seconds on 2 ranks, and its uninterrupted reference.
mkdir -p "$work/case"
cat > "$work/case/case.yaml" << 'CASE'
kind: particles
model: brownian
count: 40000
grid: {cells: [32, 32]}
physics: {D: 0.01}
initial: {type: point, center: [0.5, 0.5]}
time: {dt: 0.001, end: 1.5}
output: {every: 200, sample: 0, progress_seconds: 0.2}
CASE
mpiexec -n 2 --oversubscribe "$fickle" run "$work/case" -o "$work/reference" > "$work/reference.out" 2>&1 ||
  fail "the reference run failed: $(cat "$work/reference.out")"

job=$(CASE="$work/case" OUT="$work/run" FICKLE="$fickle" MPIEXEC="mpiexec --oversubscribe" \
  sbatch --parsable --output="$work/job.out" --export=ALL "$source_dir/tools/slurm/fickle-run.sbatch") ||
  fail "sbatch refused the job"
echo "submitted job $job"
for _ in $(seq 600); do grep -q "step " "$work/run/log.txt" 2> /dev/null && break; sleep 0.1; done
grep -q "step " "$work/run/log.txt" 2> /dev/null || fail "the job did not start running"
scancel --signal=USR1 --batch "$job" || fail "scancel could not signal the job"
for _ in $(seq 1200); do
  [ -z "$(squeue -h -j "$job" 2> /dev/null)" ] && break
  # Slurm holds a requeued job back for a while (its begin time); the test need not wait for it.
  if [ "$(squeue -h -j "$job" -o %r 2> /dev/null)" = "BeginTime" ]; then
    scontrol update JobId="$job" StartTime=now > /dev/null 2>&1
  fi
  sleep 0.25
done
[ -z "$(squeue -h -j "$job" 2> /dev/null)" ] || fail "the job did not finish"

grep -q "requeueing $job" "$work/job.out" || fail "the job did not requeue itself"
grep -q "continuing from the checkpoint" "$work/run/log.txt" || fail "the requeued job did not continue"
grep -q '"status": "done"' "$work/run/summary.json" || fail "the run did not finish"
state() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['state']['file'])" "$1/checkpoint/meta.json"; }
cmp "$work/run/checkpoint/$(state "$work/run")" "$work/reference/checkpoint/$(state "$work/reference")" ||
  fail "the particles differ from the uninterrupted run"
echo "ok: the job was signalled at step $(grep -o 'stopped by signal [0-9]* at step [0-9]*' "$work/run/log.txt" | grep -o '[0-9]*$'), requeued, and finished bit-identical to the uninterrupted run"
