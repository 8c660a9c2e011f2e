#!/usr/bin/python3
"""The peers of bench/nn_vs_torch_sklearn.sh on Fashion-MNIST: torch and sklearn train the same
MLP (784-256-10, ReLU, Adam 1e-3, minibatch 128, 10 epochs, float32) and torch the same RBM
(784-500, CD-1, batch 100, lr 0.06, momentum 0.5→0.9, weight decay 1e-4). Prints JSON."""
import gzip
import json
import sys
import time

import numpy as np

DIR = "/usr/share/datasets/fashion-mnist"
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
RBM_EPOCHS = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def idx(name, offset):
    with gzip.open(f"{DIR}/{name}.gz") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


xtr = idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255
ytr = idx("train-labels-idx1-ubyte", 8).astype(np.int64)
xte = idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255
yte = idx("t10k-labels-idx1-ubyte", 8).astype(np.int64)
out = {}

try:
    import torch

    torch.manual_seed(1)
    torch.set_num_threads(1)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    X, Y = torch.from_numpy(xtr), torch.from_numpy(ytr)
    t0 = time.perf_counter()
    for e in range(EPOCHS):
        perm = torch.randperm(len(X))
        for i in range(0, len(X), 128):
            b = perm[i:i + 128]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(X[b]), Y[b])
            loss.backward()
            opt.step()
    s = (time.perf_counter() - t0) / EPOCHS
    with torch.no_grad():
        acc = (net(torch.from_numpy(xte)).argmax(1).numpy() == yte).mean()
    out["torch_mlp"] = {"s_per_epoch": s, "accuracy": float(acc), "threads": 1}

    # RBM CD-1, written out as torch users do.
    W = torch.randn(784, 500) * 0.01
    p = X.mean(0).clamp(0.01, 0.99)
    b, c = torch.log(p / (1 - p)), torch.zeros(500)
    vW, vb, vc = torch.zeros_like(W), torch.zeros_like(b), torch.zeros_like(c)
    t0 = time.perf_counter()
    for e in range(RBM_EPOCHS):
        mom = 0.5 if e < 5 else 0.9
        perm = torch.randperm(len(X))
        for i in range(0, len(X), 100):
            v0 = X[perm[i:i + 100]]
            h0 = torch.sigmoid(v0 @ W + c)
            v1 = torch.sigmoid(torch.bernoulli(h0) @ W.T + b)
            h1 = torch.sigmoid(v1 @ W + c)
            gW = (v0.T @ h0 - v1.T @ h1) / 100 - 1e-4 * W
            vW = mom * vW + 0.06 * gW
            vb = mom * vb + 0.06 * (v0 - v1).mean(0)
            vc = mom * vc + 0.06 * (h0 - h1).mean(0)
            W += vW
            b += vb
            c += vc
    out["torch_rbm"] = {"s_per_epoch": (time.perf_counter() - t0) / RBM_EPOCHS, "threads": 1}
except ImportError:
    out["torch"] = "python3-torch not installed"

try:
    import warnings

    from sklearn.neural_network import MLPClassifier

    warnings.simplefilter("ignore")
    clf = MLPClassifier((256,), batch_size=128, learning_rate_init=1e-3, max_iter=EPOCHS,
                        random_state=1, shuffle=True, tol=0, n_iter_no_change=EPOCHS + 1)
    t0 = time.perf_counter()
    clf.fit(xtr, ytr)
    out["sklearn_mlp"] = {"s_per_epoch": (time.perf_counter() - t0) / EPOCHS,
                          "accuracy": float(clf.score(xte, yte))}
except ImportError:
    out["sklearn"] = "python3-sklearn not installed"

print(json.dumps(out))
