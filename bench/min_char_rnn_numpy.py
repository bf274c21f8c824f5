"""min-char-rnn's training step in numpy, for `npm run bench` (bench/rnn.bench.ts starts it).

Reads a JSON file {kind, params: {name: rows}, data: [ids], seqLength, learningRate, seconds, minSteps},
trains exactly like Karpathy's min-char-rnn.py (the loss and gradients of one chunk, clip to [-5, 5],
Adagrad), for about `seconds`, and prints one JSON line:
{"firstLoss": ..., "steps": ..., "seconds": ..., "cpuSeconds": ...}.
kind "rnn" is min-char-rnn's lossFun; "lstm" and "gru" the same step with the gated cells' equations.
"""
import json
import os
import sys
import time

import numpy as np

# The numpy functions that made the tests' golden values: one numpy reference for the whole project.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden"))
from make_golden import GRU_NAMES, LSTM_NAMES, gru_loss_fun, loss_fun, lstm_loss_fun  # noqa: E402

RNN_NAMES = ["Wxh", "Whh", "Why", "bh", "by"]


def loss_and_gradients(kind, params, inputs, targets, state):
    """(loss, {d + name: gradient}, the state to carry) for one chunk."""
    if kind == "rnn":
        loss, *grads, h = loss_fun(*(params[n] for n in RNN_NAMES), inputs, targets, state[0])
        return loss, dict(zip(("d" + n for n in RNN_NAMES), grads)), [h]
    if kind == "lstm":
        loss, grads, h, c = lstm_loss_fun(params, inputs, targets, state[0], state[1])
        return loss, grads, [h, c]
    loss, grads, h = gru_loss_fun(params, inputs, targets, state[0])
    return loss, grads, [h]


def main(path):
    with open(path) as f:
        spec = json.load(f)
    kind = spec.get("kind", "rnn")
    names = {"rnn": RNN_NAMES, "lstm": LSTM_NAMES, "gru": GRU_NAMES}[kind]
    params = {n: np.array(spec["params"][n], dtype=np.float64) for n in names}
    data, T, lr = spec["data"], spec["seqLength"], spec["learningRate"]
    mems = {n: np.zeros_like(params[n]) for n in names}
    H = params["Why"].shape[1]
    zeros = lambda: [np.zeros((H, 1)) for _ in range(2 if kind == "lstm" else 1)]
    state = zeros()
    p, n, first = 0, 0, None
    start, cpu = time.perf_counter(), time.process_time()
    while n < spec["minSteps"] or time.perf_counter() - start < spec["seconds"]:
        if p + T + 1 > len(data):
            p, state = 0, zeros()
        inputs, targets = data[p : p + T], data[p + 1 : p + T + 1]
        loss, grads, state = loss_and_gradients(kind, params, inputs, targets, state)
        if first is None:
            first = loss
        for name in names:
            dparam, mem = grads["d" + name], mems[name]
            np.clip(dparam, -5, 5, out=dparam)
            mem += dparam * dparam
            params[name] += -lr * dparam / np.sqrt(mem + 1e-8)
        p += T
        n += 1
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"firstLoss": float(first), "steps": n, "seconds": seconds, "cpuSeconds": cpu_seconds}))


if __name__ == "__main__":
    main(sys.argv[1])
