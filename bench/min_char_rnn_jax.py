"""min-char-rnn's training step jit-compiled by JAX on one CPU thread, for `npm run bench`.

Bench-only: JAX is never a dependency of the course or its tests. The bench runs this file with
.bench/jax/bin/python when that environment exists, made once with
    python3 -m venv .bench/jax && .bench/jax/bin/pip install jax
Same input and output as min_char_rnn_numpy.py (kind "rnn" only): the same lossFun (the loss summed over
the steps, full BPTT by jax.grad through lax.scan), clip to [-5, 5], Adagrad, all in one jitted step, in
float64 so that the first loss agrees with the other implementations.
"""
import os

# One thread: XLA's CPU backend otherwise uses every core (flags from the project's notes on this machine).
os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

jax.config.update("jax_enable_x64", True)

NAMES = ("Wxh", "Whh", "Why", "bh", "by")


def loss_fn(params, inputs, targets, hprev):
    Wxh, Whh, Why, bh, by = params

    def step(h, xy):
        x, y = xy
        h = jnp.tanh(Wxh[:, x][:, None] + Whh @ h + bh)  # (H, 1): Wxh·onehot(x) is a column pick
        scores = Why @ h + by  # (V, 1)
        return h, jax.nn.logsumexp(scores) - scores[y, 0]  # −log softmax(scores)[y]

    hlast, losses = jax.lax.scan(step, hprev, (inputs, targets))
    return jnp.sum(losses), hlast


def make_step(learning_rate):
    grad_fn = jax.value_and_grad(loss_fn, has_aux=True)

    @jax.jit
    def train_step(params, mems, inputs, targets, hprev):
        (loss, hlast), grads = grad_fn(params, inputs, targets, hprev)
        grads = [jnp.clip(g, -5, 5) for g in grads]
        mems = [m + g * g for m, g in zip(mems, grads)]
        params = [p - learning_rate * g / jnp.sqrt(m + 1e-8) for p, g, m in zip(params, grads, mems)]
        return params, mems, loss, hlast

    return train_step


def main(path):
    with open(path) as f:
        spec = json.load(f)
    params = [jnp.asarray(np.array(spec["params"][k], dtype=np.float64)) for k in NAMES]
    data, T = spec["data"], spec["seqLength"]
    mems = [jnp.zeros_like(p) for p in params]
    hprev = jnp.zeros((params[1].shape[0], 1))
    train_step = make_step(spec["learningRate"])
    chunks = [(jnp.asarray(data[p : p + T]), jnp.asarray(data[p + 1 : p + T + 1])) for p in range(0, len(data) - T, T)]
    train_step(params, mems, *chunks[0], hprev)[2].block_until_ready()  # compile before the clock starts
    n, first = 0, None
    start, cpu = time.perf_counter(), time.process_time()
    while n < spec["minSteps"] or time.perf_counter() - start < spec["seconds"]:
        if n % len(chunks) == 0:
            hprev = jnp.zeros_like(hprev)
        params, mems, loss, hprev = train_step(params, mems, *chunks[n % len(chunks)], hprev)
        if first is None:
            first = float(loss)
        n += 1
    loss.block_until_ready()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"firstLoss": first, "steps": n, "seconds": seconds, "cpuSeconds": cpu_seconds}))


if __name__ == "__main__":
    main(sys.argv[1])
