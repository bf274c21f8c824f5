"""min-char-rnn's training step in numpy, for `npm run bench` (bench/rnn.bench.ts starts it).

Reads a JSON file {params: {Wxh, Whh, Why, bh, by}, data: [ids], seqLength, learningRate, seconds,
minSteps}, trains exactly like Karpathy's min-char-rnn.py (lossFun, clip to [-5, 5], Adagrad), for about
`seconds`, and prints one JSON line: {"firstLoss": ..., "steps": ..., "seconds": ..., "cpuSeconds": ...}.
"""
import json
import os
import sys
import time

import numpy as np

# The same numpy lossFun that made the tests' golden values: one numpy reference for the whole project.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden"))
from make_golden import loss_fun  # noqa: E402


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
