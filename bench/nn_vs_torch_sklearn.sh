#!/usr/bin/env bash
# fickle's nn kind against torch and sklearn on Fashion-MNIST, in the same run: the MLP
# 784-256-10 (Adam, batch 128, 10 epochs, float32) and the RBM 784-500 (CD-1). Prints one JSON
# object on stdout (progress on stderr) with s/epoch, test accuracy, the ratios peer/fickle (> 1:
# fickle is faster) and the load average; a missing data set, fickle binary or peer is reported as
# null with a reason, not an error.
# Usage: bench/nn_vs_torch_sklearn.sh [EPOCHS [RBM_EPOCHS [BUILD_DIR]]]   (bench/README.md, Peer
# figures: the peers need python3-torch, python3-sklearn and libopenblas0-pthread; installed here
# when missing and root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
epochs=${1:-10}
rbm_epochs=${2:-3}
fickle=$(cd "$root" && realpath -m "${3:-build}")/fickle
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

fickle_reason=""
if [[ ! -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]]; then
  fickle_reason="dataset-fashion-mnist is not installed"
elif [[ ! -x $fickle ]]; then
  fickle_reason="no fickle binary at $fickle (build first)"
else
  log "fickle MLP, $epochs epochs"
  timed "$TMP/mlp.log" "$fickle" run "$root/cases/nn-mlp-fashion" -o "$TMP/mlp" \
    --set training.epochs="$epochs" > /dev/null || fickle_reason="the fickle MLP run failed"
  log "fickle RBM, $rbm_epochs epochs"
  timed "$TMP/rbm.log" "$fickle" run "$root/cases/nn-rbm-fashion" -o "$TMP/rbm" \
    --set rbm.epochs="$rbm_epochs" --set training.epochs=0 > /dev/null ||
    fickle_reason="the fickle RBM run failed"
fi

if ! /usr/bin/python3 -c "import torch, sklearn" 2> /dev/null && [[ $(id -u) == 0 ]]; then
  log "installing python3-torch, python3-sklearn"
  apt-get install -y python3-torch python3-sklearn libopenblas0-pthread > "$TMP/apt.log" 2>&1 ||
    log "apt-get failed (see bench/README.md); the peers are reported as null"
fi
log "torch and sklearn"
OMP_NUM_THREADS=1 /usr/bin/python3 "$root/bench/nn/peers.py" "$epochs" "$rbm_epochs" \
  > "$TMP/peers.json" 2> "$TMP/peers.log" || echo '{}' > "$TMP/peers.json"

/usr/bin/python3 - "$TMP" "$fickle_reason" "$load0" <<'PY'
import json, os, sys
from pathlib import Path
work, reason, load0 = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
peers = json.loads((work / "peers.json").read_text())
out = {"benchmark": "nn vs torch/sklearn on Fashion-MNIST (1 thread each)"}
if reason:
    out.update({"fickle_mlp": None, "fickle_rbm": None, "fickle_reason": reason})
else:
    mlp = json.loads((work / "mlp/summary.json").read_text())
    rbm = json.loads((work / "rbm/summary.json").read_text())
    out["fickle_mlp"] = {"s_per_epoch": mlp["s_per_epoch"], "accuracy": mlp["accuracy"]}
    out["fickle_rbm"] = {"s_per_epoch": rbm["rbm_s_per_epoch"]}
for peer in ("torch_mlp", "sklearn_mlp", "torch_rbm"):
    out[peer] = peers.get(peer)
    if out[peer] is None:
        out[f"{peer}_reason"] = peers.get(peer.split("_")[0], "the peer script failed")
for peer, mine in (("torch_mlp", "fickle_mlp"), ("sklearn_mlp", "fickle_mlp"),
                   ("torch_rbm", "fickle_rbm")):
    ok = isinstance(out.get(peer), dict) and isinstance(out.get(mine), dict)
    out[f"ratio_{peer}_over_fickle"] = (
        out[peer]["s_per_epoch"] / out[mine]["s_per_epoch"] if ok else None)
out["load_avg_1min_at_start"] = load0
out["load_avg_1min_at_end"] = os.getloadavg()[0]
print(json.dumps(out, indent=2))
PY
