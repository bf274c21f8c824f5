"""min-char-rnn's training step in numpy, for `npm run bench` (bench/rnn.bench.ts starts it).

Reads a JSON file {params: {Wxh, Whh, Why, bh, by}, data: [ids], seqLength, learningRate, seconds,
minSteps}, trains exactly like Karpathy's min-char-rnn.py (lossFun, clip to [-5, 5], Adagrad), for about
`seconds`, and prints one JSON line: {"firstLoss": ..., "steps": ..., "seconds": ..., "cpuSeconds": ...}.
"""
import json
import sys
import time

import numpy as np


def loss_fun(Wxh, Whh, Why, bh, by, inputs, targets, hprev):
    vocab_size = Wxh.shape[1]
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0.0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


def main(path):
    with open(path) as f:
        spec = json.load(f)
    params = [np.array(spec["params"][k], dtype=np.float64) for k in ("Wxh", "Whh", "Why", "bh", "by")]
    data, T, lr = spec["data"], spec["seqLength"], spec["learningRate"]
    mems = [np.zeros_like(p) for p in params]
    hprev = np.zeros((params[1].shape[0], 1))
    p, n, first = 0, 0, None
    start, cpu = time.perf_counter(), time.process_time()
    while n < spec["minSteps"] or time.perf_counter() - start < spec["seconds"]:
        if p + T + 1 > len(data):
            p, hprev = 0, np.zeros_like(hprev)
        inputs, targets = data[p : p + T], data[p + 1 : p + T + 1]
        loss, *grads, hprev = loss_fun(*params, inputs, targets, hprev)
        if first is None:
            first = loss
        for param, dparam, mem in zip(params, grads, mems):
            np.clip(dparam, -5, 5, out=dparam)
            mem += dparam * dparam
            param += -lr * dparam / np.sqrt(mem + 1e-8)
        p += T
        n += 1
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"firstLoss": float(first), "steps": n, "seconds": seconds, "cpuSeconds": cpu_seconds}))


if __name__ == "__main__":
    main(sys.argv[1])
