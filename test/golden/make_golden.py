"""Golden values for lossAndGradients, lstmLossAndGradients and gruLossAndGradients, written here in numpy.

Karpathy's min-char-rnn.py (BSD licence) computes the loss and gradients of a vanilla RNN over one chunk
of characters; `loss_fun` below follows its lines one for one (without its clipping, which happens in
the training loop). `lstm_loss_fun` and `gru_loss_fun` are the same loop for D2L's LSTM (forget gate, no
peepholes) and Cho et al.'s GRU (reset before Whh), written independently of src/cells: the LSTM's four
gates are stacked into one (4H, V) and one (4H, H) matrix, as CS231n's assignment writes them. The weights
and token ids come from numpy's own seeded generator and are written to min-char-rnn.json, lstm.json and
gru.json with the results, so the TypeScript tests load the same inputs. The bench imports these functions.

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


LSTM_NAMES = ["Wxi", "Whi", "bi", "Wxf", "Whf", "bf", "Wxo", "Who", "bo", "Wxc", "Whc", "bc", "Why", "by"]
GRU_NAMES = ["Wxz", "Whz", "bz", "Wxr", "Whr", "br", "Wxh", "Whh", "bh", "Why", "by"]


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def softmax_column(y):
    e = np.exp(y - np.max(y))
    return e / np.sum(e)


def steps_back(T, truncate):
    """For each step t (0-based), the steps its loss flows back through: all of them, or the last k."""
    k = T if truncate is None else min(truncate, T)
    return [range(t, max(t - k, -1), -1) for t in range(T)], k >= T


def lstm_loss_fun(p, inputs, targets, hprev, cprev, truncate=None, mask=None):
    """Loss, gradients (dict d + name), h and c after the last step. p: dict of LSTM_NAMES arrays."""
    H, V = p["Wxi"].shape
    Wx = np.vstack([p["Wxi"], p["Wxf"], p["Wxo"], p["Wxc"]])  # (4H, V)
    Wh = np.vstack([p["Whi"], p["Whf"], p["Who"], p["Whc"]])  # (4H, H)
    b = np.vstack([p["bi"], p["bf"], p["bo"], p["bc"]])  # (4H, 1)
    T = len(inputs)
    keep = np.ones(T) if mask is None else np.asarray(mask, dtype=float)
    xs, gates, hs, cs, ps = {}, {}, {-1: np.copy(hprev)}, {-1: np.copy(cprev)}, {}
    loss = 0.0
    for t in range(T):
        xs[t] = np.zeros((V, 1))
        xs[t][inputs[t]] = 1
        a = Wx @ xs[t] + Wh @ hs[t - 1] + b  # (4H, 1) all four gates at once
        g = np.vstack([sigmoid(a[: 3 * H]), np.tanh(a[3 * H :])])  # i, f, o, c~
        gates[t] = g
        cs[t] = g[H : 2 * H] * cs[t - 1] + g[:H] * g[3 * H :]
        hs[t] = g[2 * H : 3 * H] * np.tanh(cs[t])
        ps[t] = softmax_column(p["Why"] @ hs[t] + p["by"])
        loss += -keep[t] * np.log(ps[t][targets[t], 0])
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dWhy, dby = np.zeros_like(p["Why"]), np.zeros_like(p["by"])

    def back(s, dh, dc):  # through step s; returns the gradients on h_{s-1}, c_{s-1}
        nonlocal dWx, dWh, db
        i, f, o, cc = gates[s][:H], gates[s][H : 2 * H], gates[s][2 * H : 3 * H], gates[s][3 * H :]
        tc = np.tanh(cs[s])
        dc = dc + dh * o * (1 - tc**2)
        dg = np.vstack([dc * cc, dc * cs[s - 1], dh * tc, dc * i])  # d i, d f, d o, d c~
        da = dg * np.vstack([i * (1 - i), f * (1 - f), o * (1 - o), 1 - cc**2])  # (4H, 1)
        dWx += da @ xs[s].T
        dWh += da @ hs[s - 1].T
        db += da
        return Wh.T @ da, dc * f

    walks, full = steps_back(T, truncate)
    dhnext, dcnext = np.zeros((H, 1)), np.zeros((H, 1))
    for t in reversed(range(T)):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dy *= keep[t]
        dWhy += dy @ hs[t].T
        dby += dy
        dh = p["Why"].T @ dy
        if full:
            dhnext, dcnext = back(t, dh + dhnext, dcnext)
        else:
            dc = np.zeros((H, 1))
            for s in walks[t]:
                dh, dc = back(s, dh, dc)
    grads = {"dWhy": dWhy, "dby": dby}
    for n, name in enumerate("ifoc"):
        grads["dWx" + name] = dWx[n * H : (n + 1) * H]
        grads["dWh" + name] = dWh[n * H : (n + 1) * H]
        grads["db" + name] = db[n * H : (n + 1) * H]
    return loss, grads, hs[T - 1], cs[T - 1]


def gru_loss_fun(p, inputs, targets, hprev, truncate=None, mask=None):
    """Loss, gradients (dict d + name) and h after the last step. p: dict of GRU_NAMES arrays."""
    H, V = p["Wxz"].shape
    T = len(inputs)
    keep = np.ones(T) if mask is None else np.asarray(mask, dtype=float)
    xs, zs, rs, hts, hs, ps = {}, {}, {}, {}, {-1: np.copy(hprev)}, {}
    loss = 0.0
    for t in range(T):
        xs[t] = np.zeros((V, 1))
        xs[t][inputs[t]] = 1
        zs[t] = sigmoid(p["Wxz"] @ xs[t] + p["Whz"] @ hs[t - 1] + p["bz"])
        rs[t] = sigmoid(p["Wxr"] @ xs[t] + p["Whr"] @ hs[t - 1] + p["br"])
        hts[t] = np.tanh(p["Wxh"] @ xs[t] + p["Whh"] @ (rs[t] * hs[t - 1]) + p["bh"])
        hs[t] = zs[t] * hs[t - 1] + (1 - zs[t]) * hts[t]
        ps[t] = softmax_column(p["Why"] @ hs[t] + p["by"])
        loss += -keep[t] * np.log(ps[t][targets[t], 0])
    grads = {"d" + name: np.zeros_like(p[name]) for name in GRU_NAMES}

    def back(s, dh):  # through step s; returns the gradient on h_{s-1}
        z, r, ht, hp = zs[s], rs[s], hts[s], hs[s - 1]
        dht = dh * (1 - z)
        daz = dh * (hp - ht) * z * (1 - z)
        dah = dht * (1 - ht**2)
        drh = p["Whh"].T @ dah
        dar = drh * hp * r * (1 - r)
        for g, da, h_in in (("z", daz, hp), ("r", dar, hp), ("h", dah, r * hp)):
            grads["dWx" + g] += da @ xs[s].T
            grads["dWh" + g] += da @ h_in.T
            grads["db" + g] += da
        return dh * z + drh * r + p["Whz"].T @ daz + p["Whr"].T @ dar

    walks, full = steps_back(T, truncate)
    dhnext = np.zeros((H, 1))
    for t in reversed(range(T)):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dy *= keep[t]
        grads["dWhy"] += dy @ hs[t].T
        grads["dby"] += dy
        dh = p["Why"].T @ dy
        if full:
            dhnext = back(t, dh + dhnext)
        else:
            for s in walks[t]:
                dh = back(s, dh)
    return loss, grads, hs[T - 1]


def gated_case(kind, name, seed, V, H, T, scale, truncate=None, mask=None):
    rng = np.random.default_rng(seed)
    names, fun = (LSTM_NAMES, lstm_loss_fun) if kind == "lstm" else (GRU_NAMES, gru_loss_fun)
    params = {}
    for n in names:
        rows = V if n in ("Why", "by") else H
        cols = 1 if n.startswith("b") else (H if n.startswith("Wh") else V)
        params[n] = rng.standard_normal((rows, cols)) * scale
    hprev = np.tanh(rng.standard_normal((H, 1)))
    inputs = [int(i) for i in rng.integers(0, V, T)]
    targets = [int(i) for i in rng.integers(0, V, T)]
    out = {"name": name, "params": {n: a.tolist() for n, a in params.items()}, "inputs": inputs, "targets": targets,
           "hPrev": hprev.tolist(), "truncate": truncate, "mask": mask}
    if kind == "lstm":
        cprev = rng.standard_normal((H, 1))
        loss, grads, hlast, clast = fun(params, inputs, targets, hprev, cprev, truncate, mask)
        out.update({"cPrev": cprev.tolist(), "cLast": clast.tolist()})
    else:
        loss, grads, hlast = fun(params, inputs, targets, hprev, truncate, mask)
    out.update({"loss": float(loss), "grads": {n: a.tolist() for n, a in grads.items()}, "hLast": hlast.tolist()})
    return out


def gated_cases(kind):
    return [
        gated_case(kind, "V 7, H 5, T 12", 11, 7, 5, 12, 0.5),
        gated_case(kind, "one time step (V 5, H 3, T 1)", 12, 5, 3, 1, 0.5),
        gated_case(kind, "one hidden unit (V 6, H 1, T 7)", 13, 6, 1, 7, 0.8),
        gated_case(kind, "saturated gates (V 6, H 4, T 9, weights ~3)", 14, 6, 4, 9, 3.0),
        gated_case(kind, "masked: padding at the end and one step inside (V 7, H 5, T 10)", 15, 7, 5, 10, 0.5,
                   mask=[1, 1, 1, 0, 1, 1, 1, 0, 0, 0]),
        gated_case(kind, "truncated to 3 steps (V 7, H 5, T 10)", 16, 7, 5, 10, 0.5, truncate=3),
        gated_case(kind, "truncated to 1 step, masked (V 6, H 4, T 8)", 17, 6, 4, 8, 0.5, truncate=1,
                   mask=[0, 1, 1, 1, 1, 1, 0, 0]),
        gated_case(kind, "truncated to 4 steps, masked (V 7, H 5, T 11)", 18, 7, 5, 11, 0.7, truncate=4,
                   mask=[1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0]),
    ]


if __name__ == "__main__":
    cases = [
        case("min-char-rnn sizes scaled down (V 13, H 8, T 25)", 1, 13, 8, 25, 0.5),
        case("one time step (V 5, H 3, T 1)", 2, 5, 3, 1, 0.5),
        case("one hidden unit (V 6, H 1, T 7)", 3, 6, 1, 7, 0.8),
        case("saturated tanh (V 7, H 4, T 9)", 4, 7, 4, 9, 3.0),
    ]
    here = os.path.dirname(os.path.abspath(__file__))
    for file, file_cases in (("min-char-rnn.json", cases), ("lstm.json", gated_cases("lstm")), ("gru.json", gated_cases("gru"))):
        out = os.path.join(here, file)
        with open(out, "w") as f:
            json.dump({"source": "test/golden/make_golden.py (numpy " + np.__version__ + ")", "cases": file_cases}, f, indent=1)
        print("wrote", file, "with", len(file_cases), "cases")
