"""Golden values for lossAndGradients: min-char-rnn's lossFun, written here in numpy.

Karpathy's min-char-rnn.py (BSD licence) computes the loss and gradients of a vanilla RNN over one chunk
of characters; `loss_fun` below follows its lines one for one (without its clipping, which happens in
the training loop). The weights and token ids come from numpy's own seeded generator and are written to
min-char-rnn.json with the results, so the TypeScript test loads the same inputs.

Run from the project root:  .venv/bin/python test/golden/make_golden.py
"""
import json
import os

import numpy as np


def loss_fun(Wxh, Whh, Why, bh, by, inputs, targets, hprev):
    vocab_size = Wxh.shape[1]
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0.0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))  # encode in 1-of-k representation
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)  # hidden state
        ys[t] = np.dot(Why, hs[t]) + by  # unnormalized log probabilities for next chars
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))  # probabilities for next chars
        loss += -np.log(ps[t][targets[t], 0])  # softmax (cross-entropy loss)
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1  # backprop into y
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext  # backprop into h
        dhraw = (1 - hs[t] * hs[t]) * dh  # backprop through tanh nonlinearity
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


def case(name, seed, V, H, T, scale):
    rng = np.random.default_rng(seed)
    Wxh = rng.standard_normal((H, V)) * scale
    Whh = rng.standard_normal((H, H)) * scale
    Why = rng.standard_normal((V, H)) * scale
    bh = rng.standard_normal((H, 1)) * scale
    by = rng.standard_normal((V, 1)) * scale
    hprev = np.tanh(rng.standard_normal((H, 1)))
    inputs = [int(i) for i in rng.integers(0, V, T)]
    targets = [int(i) for i in rng.integers(0, V, T)]
    loss, dWxh, dWhh, dWhy, dbh, dby, hlast = loss_fun(Wxh, Whh, Why, bh, by, inputs, targets, hprev)
    as_list = lambda a: a.tolist()
    return {
        "name": name,
        "params": {"Wxh": as_list(Wxh), "Whh": as_list(Whh), "Why": as_list(Why), "bh": as_list(bh), "by": as_list(by)},
        "inputs": inputs,
        "targets": targets,
        "hPrev": as_list(hprev),
        "loss": float(loss),
        "grads": {"dWxh": as_list(dWxh), "dWhh": as_list(dWhh), "dWhy": as_list(dWhy), "dbh": as_list(dbh), "dby": as_list(dby)},
        "hLast": as_list(hlast),
    }


if __name__ == "__main__":
    cases = [
        case("min-char-rnn sizes scaled down (V 13, H 8, T 25)", 1, 13, 8, 25, 0.5),
        case("one time step (V 5, H 3, T 1)", 2, 5, 3, 1, 0.5),
        case("one hidden unit (V 6, H 1, T 7)", 3, 6, 1, 7, 0.8),
        case("saturated tanh (V 7, H 4, T 9)", 4, 7, 4, 9, 3.0),
    ]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "min-char-rnn.json")
    with open(out, "w") as f:
        json.dump({"source": "test/golden/make_golden.py (numpy " + np.__version__ + ")", "cases": cases}, f, indent=1)
    print("wrote", out, "with", len(cases), "cases")
