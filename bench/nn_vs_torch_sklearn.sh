#!/usr/bin/env bash
# fickle's nn kind against torch and sklearn on Fashion-MNIST, in the same run: the MLP
# 784-256-10 (Adam, batch 128, 10 epochs, float32) and the RBM 784-500 (CD-1). Prints JSON with
# s/epoch, test accuracy and the ratios peer/fickle (> 1: fickle is faster).
# Usage: bench/nn_vs_torch_sklearn.sh [EPOCHS [RBM_EPOCHS]]   (needs dataset-fashion-mnist;
# python3-torch, python3-sklearn and libopenblas0-pthread for the peers, PEERS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-10}
rbm_epochs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/fickle run cases/nn-mlp-fashion -o "$work/mlp" --set training.epochs="$epochs" > /dev/null
build/fickle run cases/nn-rbm-fashion -o "$work/rbm" --set rbm.epochs="$rbm_epochs" \
  --set training.epochs=0 > /dev/null
OMP_NUM_THREADS=1 /usr/bin/python3 bench/nn/peers.py "$epochs" "$rbm_epochs" > "$work/peers.json"
/usr/bin/python3 - "$work" <<'PY'
import json, sys
from pathlib import Path
work = Path(sys.argv[1])
mlp = json.loads((work / "mlp/summary.json").read_text())
rbm = json.loads((work / "rbm/summary.json").read_text())
peers = json.loads((work / "peers.json").read_text())
out = {"fickle_mlp": {"s_per_epoch": mlp["s_per_epoch"], "accuracy": mlp["accuracy"]},
       "fickle_rbm": {"s_per_epoch": rbm["rbm_s_per_epoch"]}, **peers}
for peer, mine in (("torch_mlp", "fickle_mlp"), ("sklearn_mlp", "fickle_mlp"), ("torch_rbm", "fickle_rbm")):
    if isinstance(peers.get(peer), dict):
        out[f"ratio_{peer}_over_fickle"] = peers[peer]["s_per_epoch"] / out[mine]["s_per_epoch"]
print(json.dumps(out, indent=2))
PY
