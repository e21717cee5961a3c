#!/usr/bin/env python3
"""Peer benchmark for tiny full-batch 1-D MLP training (MSE loss).

Measures training steps per second of the tools a user would reach for instead of
approxlab: a hand-written numpy MLP, PyTorch eager, JAX (jit of
the whole step), and Keras 3 on the JAX backend. One "step" is a full-batch
forward + backward + parameter update.

    python peers.py --peer numpy|torch|jax|jaxscan|keras|keras-fit \
                    --workload W1..W5 [--dtype float32|float64] [--threads 1|2] --json

prints one JSON line (steps_per_s = median over repeats, initial_loss, final_loss, ...).

All peers start from the *same* initial weights as `approxlab bench`: the
repository's assets/bench/W?.init.bin (read by init_file.py; --init FILE for
another set), so `initial_loss` must agree exactly across peers and with approxlab,
and `loss_100` (the loss after exactly 100 steps) must agree to float rounding;
that is the cross-check that no peer is a no-op or trains something different.
`--draw` draws the weights afresh with numpy from --seed instead (how the
repository's files were made: seed 0), and `--dump-init FILE` writes the data,
the weights and this peer's losses as JSON (`init_file.py pack` packs it).

Thread control: library pools are limited to --threads through environment
variables that are set *before* the framework is imported (OMP/OpenBLAS/MKL, and
XLA_FLAGS for JAX/Keras), plus torch.set_num_threads.  `cpu_per_wall` in the output
(process CPU seconds / wall seconds while timing) shows how many cores the peer
actually kept busy; < 1 means the process was waiting (e.g. preempted by other
load on the machine).  --pin additionally restricts the process to the first
--threads CPUs with sched_setaffinity.
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

WORKLOADS = {
    # sizes: layer widths; acts: activation after each hidden layer (output is linear)
    "W1": dict(sizes=[1, 1], acts=[], N=200, opt="sgd", lr=0.01, momentum=0.0),
    "W2": dict(sizes=[1, 5, 1], acts=["relu"], N=200, opt="sgd", lr=0.01, momentum=0.0),
    "W3": dict(sizes=[1, 50, 1], acts=["tanh"], N=200, opt="sgd", lr=0.01, momentum=0.9),
    "W4": dict(sizes=[1, 64, 64, 1], acts=["tanh", "tanh"], N=500, opt="adam", lr=1e-3),
    "W5": dict(sizes=[1, 256, 256, 256, 1], acts=["tanh"] * 3, N=1000, opt="adam", lr=1e-3),
}
ADAM_B1, ADAM_B2, ADAM_EPS = 0.9, 0.999, 1e-7  # Keras defaults (torch is told eps=1e-7 too)
PEERS = ["numpy", "torch", "jax", "jaxscan", "keras", "keras-fit"]
# jaxscan: steps fused per jitted call with lax.scan (shows XLA compute without
# per-step Python dispatch; not what a typical user writes, hence a separate peer)
SCAN_CHUNK = {"W1": 100, "W2": 100, "W3": 100, "W4": 50, "W5": 10}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--peer", required=True, choices=PEERS)
    p.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    p.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=7, help="timed repeats (median reported), >=5")
    p.add_argument("--min-time", type=float, default=0.5, help="each timed repeat lasts at least this (s)")
    p.add_argument("--init", metavar="FILE",
                   help="initial weights (default: the repository's assets/bench/<workload>.init.bin)")
    p.add_argument("--draw", action="store_true", help="draw the weights with numpy from --seed instead")
    p.add_argument("--seed", type=int, default=0, help="with --draw: numpy's seed")
    p.add_argument("--pin", action="store_true", help="sched_setaffinity to the first --threads CPUs")
    p.add_argument("--json", action="store_true", help="print one JSON line only")
    p.add_argument("--dump-init", metavar="FILE", help="write data, initial weights and reference losses")
    return p.parse_args()


def set_thread_env(n):
    # must happen before numpy / torch / jax are imported
    for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
              "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[v] = str(n)
    flags = os.environ.get("XLA_FLAGS", "")
    flags += (" --xla_cpu_multi_thread_eigen=%s intra_op_parallelism_threads=%d"
              % ("true" if n > 1 else "false", n))
    os.environ["XLA_FLAGS"] = flags.strip()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


# ----------------------------------------------------------------------------- data / init
def make_problem(wl, seed, np):
    """x: N evenly spaced points in [-3, 3]; y = sin(x); weights like Keras would draw them:
    he_normal (truncated normal, Keras 3 VarianceScaling) for ReLU layers, glorot_uniform
    otherwise (tanh and linear layers, Keras' Dense default); biases zero. float64."""
    rng = np.random.default_rng(seed)
    N = wl["N"]
    x = np.linspace(-3.0, 3.0, N).reshape(N, 1)
    y = np.sin(x)
    params = []
    sizes = wl["sizes"]
    for i in range(len(sizes) - 1):
        fi, fo = sizes[i], sizes[i + 1]
        act = wl["acts"][i] if i < len(wl["acts"]) else "linear"
        if act == "relu":
            z = rng.standard_normal((fi, fo))
            while True:  # truncate at 2 sigma
                bad = np.abs(z) > 2.0
                if not bad.any():
                    break
                z[bad] = rng.standard_normal(int(bad.sum()))
            W = z * (math.sqrt(2.0 / fi) / 0.87962566103423978)
        else:
            lim = math.sqrt(6.0 / (fi + fo))
            W = rng.uniform(-lim, lim, (fi, fo))
        params.append((W, np.zeros(fo)))
    return x, y, params


def load_problem(wl, path, np):
    """x, y and the initial weights from an init file (see init_file.py), checked against the workload."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import init_file
    doc = init_file.load(path)
    spec = doc["spec"]
    if spec["sizes"] != wl["sizes"] or spec["acts"] != wl["acts"] or spec["N"] != wl["N"]:
        sys.exit(f"{path}: its network {spec['sizes']} {spec['acts']} N={spec['N']} is not this workload's")
    x = np.asarray(doc["x"], dtype=np.float64).reshape(-1, 1)
    y = np.asarray(doc["y"], dtype=np.float64).reshape(-1, 1)
    params = [(np.asarray(layer["W"], dtype=np.float64), np.asarray(layer["b"], dtype=np.float64))
              for layer in doc["weights"]]
    return x, y, params


def mse64(pred, y, np):
    d = np.asarray(pred, dtype=np.float64).reshape(-1) - y.reshape(-1)
    return float(np.mean(d * d))


# ----------------------------------------------------------------------------- peers
class NumpyPeer:
    """Hand-written vectorized MLP: the few dozen lines a numpy user writes."""

    def __init__(self, wl, x, y, params, dtype, threads):
        import numpy as np
        self.np = np
        dt = np.dtype(dtype)
        self.x, self.y = x.astype(dt), y.astype(dt)
        self.W = [W.astype(dt) for W, _ in params]
        self.b = [b.astype(dt) for _, b in params]
        self.acts, self.opt, self.lr = wl["acts"], wl["opt"], wl["lr"]
        self.mom = wl.get("momentum", 0.0)
        self.t = 0
        if self.opt == "sgd" and self.mom:
            self.vW = [np.zeros_like(w) for w in self.W]
            self.vb = [np.zeros_like(b) for b in self.b]
        if self.opt == "adam":
            self.mW = [np.zeros_like(w) for w in self.W]
            self.mb = [np.zeros_like(b) for b in self.b]
            self.vW = [np.zeros_like(w) for w in self.W]
            self.vb = [np.zeros_like(b) for b in self.b]

    def predict(self, x=None):
        np = self.np
        a = self.x if x is None else x
        for i in range(len(self.W)):
            a = a @ self.W[i] + self.b[i]
            if i < len(self.acts):
                a = np.tanh(a) if self.acts[i] == "tanh" else np.maximum(a, 0)
        return a

    def grads(self):
        np = self.np
        L = len(self.W)
        outs = [self.x]  # activations a_0 .. a_L
        a = self.x
        for i in range(L):
            z = a @ self.W[i]
            z += self.b[i]
            if i < len(self.acts):
                if self.acts[i] == "tanh":
                    np.tanh(z, out=z)
                else:
                    np.maximum(z, 0, out=z)
            a = z
            outs.append(a)
        d = a - self.y
        d *= 2.0 / d.shape[0]  # dMSE/dprediction
        gW, gb = [None] * L, [None] * L
        for i in range(L - 1, -1, -1):
            gW[i] = outs[i].T @ d
            gb[i] = d.sum(axis=0)
            if i > 0:
                d = d @ self.W[i].T
                h = outs[i]
                if self.acts[i - 1] == "tanh":
                    d *= 1.0 - h * h
                else:
                    d *= h > 0
        return gW, gb

    def run(self, k):
        np = self.np
        for _ in range(k):
            gW, gb = self.grads()
            ps, gs = self.W + self.b, gW + gb
            if self.opt == "sgd" and not self.mom:
                for p, g in zip(ps, gs):
                    p -= self.lr * g
            elif self.opt == "sgd":
                for p, g, v in zip(ps, gs, self.vW + self.vb):
                    v *= self.mom
                    v -= self.lr * g
                    p += v
            else:  # Adam, Keras formulation
                self.t += 1
                alpha = self.lr * math.sqrt(1 - ADAM_B2 ** self.t) / (1 - ADAM_B1 ** self.t)
                for p, g, m, v in zip(ps, gs, self.mW + self.mb, self.vW + self.vb):
                    m += (g - m) * (1 - ADAM_B1)
                    v += (g * g - v) * (1 - ADAM_B2)
                    p -= alpha * m / (np.sqrt(v) + ADAM_EPS)

    def sync(self):
        pass

    def loss(self):
        return mse64(self.predict(), self.y.astype(self.np.float64), self.np)


class TorchPeer:
    """PyTorch eager CPU: nn.Sequential + torch.optim + F.mse_loss, the textbook loop."""

    def __init__(self, wl, x, y, params, dtype, threads):
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        torch.set_num_threads(threads)
        try:
            torch.set_num_interop_threads(threads)
        except RuntimeError:
            pass
        self.torch, self.F = torch, F
        tdt = getattr(torch, dtype)
        layers = []
        sizes = wl["sizes"]
        for i in range(len(sizes) - 1):
            lin = nn.Linear(sizes[i], sizes[i + 1]).to(tdt)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(params[i][0].T.copy()))
                lin.bias.copy_(torch.from_numpy(params[i][1]))
            layers.append(lin)
            if i < len(wl["acts"]):
                layers.append(nn.Tanh() if wl["acts"][i] == "tanh" else nn.ReLU())
        self.model = nn.Sequential(*layers)
        self.x = torch.from_numpy(x).to(tdt)
        self.y = torch.from_numpy(y).to(tdt)
        self.y64 = y
        if wl["opt"] == "sgd":
            self.opt = torch.optim.SGD(self.model.parameters(), lr=wl["lr"],
                                       momentum=wl.get("momentum", 0.0))
        else:
            self.opt = torch.optim.Adam(self.model.parameters(), lr=wl["lr"],
                                        betas=(ADAM_B1, ADAM_B2), eps=ADAM_EPS)

    def run(self, k):
        model, opt, F, x, y = self.model, self.opt, self.F, self.x, self.y
        for _ in range(k):
            opt.zero_grad(set_to_none=True)
            loss = F.mse_loss(model(x), y)
            loss.backward()
            opt.step()

    def sync(self):
        pass

    def loss(self):
        import numpy as np
        with self.torch.no_grad():
            return mse64(self.model(self.x).numpy(), self.y64, np)


def _jax_common(wl, params, dtype):
    import jax
    import jax.numpy as jnp
    import numpy as np
    acts = wl["acts"]
    jparams = [(jnp.asarray(W.astype(dtype)), jnp.asarray(b.astype(dtype))) for W, b in params]

    def forward(ps, x):
        h = x
        for i, (W, b) in enumerate(ps):
            h = h @ W + b
            if i < len(acts):
                h = jnp.tanh(h) if acts[i] == "tanh" else jax.nn.relu(h)
        return h

    def loss_fn(ps, x, y):
        return jnp.mean((forward(ps, x) - y) ** 2)

    lr, mom = wl["lr"], wl.get("momentum", 0.0)
    tm = jax.tree_util.tree_map
    if wl["opt"] == "sgd" and not mom:
        state = ()

        def update(ps, g, s):
            return tm(lambda p, gi: p - lr * gi, ps, g), s
    elif wl["opt"] == "sgd":
        state = tm(jnp.zeros_like, jparams)

        def update(ps, g, v):
            v = tm(lambda vi, gi: mom * vi - lr * gi, v, g)
            return tm(lambda p, vi: p + vi, ps, v), v
    else:
        state = (jnp.zeros((), jnp.int32), tm(jnp.zeros_like, jparams), tm(jnp.zeros_like, jparams))

        def update(ps, g, s):
            t, m, v = s
            t = t + 1
            tf = t.astype(jparams[0][0].dtype)
            alpha = lr * jnp.sqrt(1 - ADAM_B2 ** tf) / (1 - ADAM_B1 ** tf)
            m = tm(lambda mi, gi: mi + (gi - mi) * (1 - ADAM_B1), m, g)
            v = tm(lambda vi, gi: vi + (gi * gi - vi) * (1 - ADAM_B2), v, g)
            ps = tm(lambda p, mi, vi: p - alpha * mi / (jnp.sqrt(vi) + ADAM_EPS), ps, m, v)
            return ps, (t, m, v)

    def step(ps, s, x, y):
        loss, g = jax.value_and_grad(loss_fn)(ps, x, y)
        ps, s = update(ps, g, s)
        return ps, s, loss

    return jax, jnp, np, jparams, state, forward, step


class JaxPeer:
    """JAX: @jax.jit over the whole step (value_and_grad + hand-written optimizer)."""

    def __init__(self, wl, x, y, params, dtype, threads, scan_chunk=0):
        jax, jnp, np, ps, state, forward, step = _jax_common(wl, params, dtype)
        self.jax, self.np = jax, np
        self.ps, self.state = ps, state
        self.x, self.y = jnp.asarray(x.astype(dtype)), jnp.asarray(y.astype(dtype))
        self.y64 = y
        self.fwd = jax.jit(forward)
        self.chunk = scan_chunk
        if scan_chunk:
            def multi(ps, s, x, y):
                def body(c, _):
                    p, s2, l = step(c[0], c[1], x, y)
                    return (p, s2), l
                (ps, s), ls = jax.lax.scan(body, (ps, s), None, length=scan_chunk)
                return ps, s, ls[-1]
            self.step = jax.jit(multi)
        else:
            self.step = jax.jit(step)

    def run(self, k):
        ps, s, x, y, f = self.ps, self.state, self.x, self.y, self.step
        n = -(-k // self.chunk) if self.chunk else k
        for _ in range(n):
            ps, s, _l = f(ps, s, x, y)
        self.ps, self.state = ps, s
        return n * self.chunk if self.chunk else k

    def sync(self):
        self.jax.block_until_ready((self.ps, self.state))

    def loss(self):
        return mse64(self.np.asarray(self.fwd(self.ps, self.x)), self.y64, self.np)


class KerasPeer:
    """Keras 3 (JAX backend): Sequential of Dense layers, model.compile(optimizer, 'mse'),
    then model.train_on_batch(x, y) per step (mode 'keras') or
    model.fit(x, y, batch_size=N, epochs=k, verbose=0) (mode 'keras-fit')."""

    def __init__(self, wl, x, y, params, dtype, threads, fit=False):
        import keras
        import numpy as np
        keras.config.set_floatx(dtype)
        keras.utils.set_random_seed(0)
        self.keras, self.np, self.fit_mode = keras, np, fit
        layers = [keras.Input(shape=(1,))]
        for i in range(len(wl["sizes"]) - 1):
            act = wl["acts"][i] if i < len(wl["acts"]) else None
            init = "he_normal" if act == "relu" else "glorot_uniform"
            layers.append(keras.layers.Dense(wl["sizes"][i + 1], activation=act, kernel_initializer=init))
        self.model = keras.Sequential(layers)
        self.model.set_weights([a.astype(dtype) for W, b in params for a in (W, b)])
        if wl["opt"] == "sgd":
            opt = keras.optimizers.SGD(learning_rate=wl["lr"], momentum=wl.get("momentum", 0.0))
        else:
            opt = keras.optimizers.Adam(learning_rate=wl["lr"], beta_1=ADAM_B1, beta_2=ADAM_B2,
                                        epsilon=ADAM_EPS)
        self.model.compile(optimizer=opt, loss="mse")
        self.x, self.y, self.y64, self.N = x.astype(dtype), y.astype(dtype), y, wl["N"]

    def run(self, k):
        if self.fit_mode:
            self.model.fit(self.x, self.y, batch_size=self.N, epochs=k, verbose=0, shuffle=False)
        else:
            m, x, y = self.model, self.x, self.y
            for _ in range(k):
                m.train_on_batch(x, y)

    def sync(self):
        pass  # train_on_batch / fit return host values: already synchronous

    def loss(self):
        pred = self.keras.ops.convert_to_numpy(self.model(self.x, training=False))
        return mse64(pred, self.y64, self.np)


# ----------------------------------------------------------------------------- harness
def pick_idle_cpus(n, window=0.3):
    """The n CPUs (of those allowed) that were most idle over the last `window` seconds."""
    def snap():
        idle = {}
        with open("/proc/stat") as f:
            for line in f:
                if line.startswith("cpu") and line[3].isdigit():
                    p = line.split()
                    v = [int(t) for t in p[1:]]
                    idle[int(p[0][3:])] = (v[3] + v[4], sum(v))
        return idle
    allowed = os.sched_getaffinity(0)
    try:
        s0 = snap()
        time.sleep(window)
        s1 = snap()
        frac = {c: (s1[c][0] - s0[c][0]) / max(1, s1[c][1] - s0[c][1]) for c in s1 if c in allowed}
        return set(sorted(frac, key=lambda c: -frac[c])[:n])
    except (OSError, KeyError, ValueError):
        return set(sorted(allowed)[:n])


def loadavg():
    """1/5/15-min load average plus the CPU pressure-stall 'some avg10' percentage
    (share of the last 10 s in which some runnable task waited for a CPU), if available."""
    out = {}
    try:
        with open("/proc/loadavg") as f:
            out["loadavg"] = [float(v) for v in f.read().split()[:3]]
    except OSError:
        pass
    try:
        with open("/proc/pressure/cpu") as f:
            some = f.readline().split()
            out["cpu_psi_some_avg10"] = float(some[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        pass
    return out


def main():
    a = parse_args()
    if a.repeats < 5:
        sys.exit("--repeats must be >= 5")
    wl = WORKLOADS[a.workload]
    set_thread_env(a.threads)
    if a.pin:
        os.sched_setaffinity(0, pick_idle_cpus(a.threads))
    if a.peer.startswith("keras"):
        os.environ["KERAS_BACKEND"] = "jax"
    if a.dtype == "float64" and (a.peer.startswith("jax") or a.peer.startswith("keras")):
        os.environ["JAX_ENABLE_X64"] = "1"
    load0 = loadavg()

    t_imp = time.perf_counter()
    import numpy as np
    if a.draw:
        x, y, params = make_problem(wl, a.seed, np)
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        default = os.path.join(here, "..", "..", "assets", "bench", f"{a.workload}.init.bin")
        x, y, params = load_problem(wl, a.init or default, np)
    if a.peer == "numpy":
        peer = NumpyPeer(wl, x, y, params, a.dtype, a.threads)
    elif a.peer == "torch":
        peer = TorchPeer(wl, x, y, params, a.dtype, a.threads)
    elif a.peer in ("jax", "jaxscan"):
        peer = JaxPeer(wl, x, y, params, a.dtype, a.threads,
                       scan_chunk=SCAN_CHUNK[a.workload] if a.peer == "jaxscan" else 0)
    else:
        peer = KerasPeer(wl, x, y, params, a.dtype, a.threads, fit=(a.peer == "keras-fit"))
    setup_s = time.perf_counter() - t_imp

    initial_loss = peer.loss()
    total = 0
    # first step(s): includes jit compilation for jax/keras
    first = SCAN_CHUNK[a.workload] if a.peer == "jaxscan" else 1
    t0 = time.perf_counter()
    r = peer.run(first)
    peer.sync()
    first_step_s = time.perf_counter() - t0
    total += r if isinstance(r, int) else first
    # warm-up: reach exactly 100 steps, record the cross-check loss
    r = peer.run(100 - total)
    peer.sync()
    total += r if isinstance(r, int) else 100 - total
    loss_100 = peer.loss()
    assert total == 100, total

    # calibrate the number of steps per timed repeat (>= min_time seconds)
    k = SCAN_CHUNK[a.workload] if a.peer == "jaxscan" else 1
    while True:
        t0 = time.perf_counter()
        r = peer.run(k)
        peer.sync()
        dt = time.perf_counter() - t0
        total += r if isinstance(r, int) else k
        if dt >= 0.1 * a.min_time:
            break
        k *= 4 if dt < 0.01 * a.min_time else 2
    k = max(1, math.ceil(k * 1.25 * a.min_time / dt))
    if a.peer == "jaxscan":
        c = SCAN_CHUNK[a.workload]
        k = -(-k // c) * c

    rates, cpu_ratio, secs = [], [], []
    for _ in range(a.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        r = peer.run(k)
        peer.sync()
        t1, c1 = time.perf_counter(), time.process_time()
        n = r if isinstance(r, int) else k
        total += n
        rates.append(n / (t1 - t0))
        cpu_ratio.append((c1 - c0) / (t1 - t0))
        secs.append(t1 - t0)
    final_loss = peer.loss()
    load1 = loadavg()

    med = statistics.median(rates)
    q = statistics.quantiles(rates, n=4) if len(rates) >= 4 else [min(rates), med, max(rates)]
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    blas = None
    for mod in ("torch", "jax", "jaxlib", "keras"):
        if mod in sys.modules:
            versions[mod] = getattr(sys.modules[mod], "__version__", "?")
    try:
        import threadpoolctl
        blas = [{k2: d.get(k2) for k2 in ("internal_api", "architecture", "num_threads", "version")}
                for d in threadpoolctl.threadpool_info()]
    except Exception:
        pass
    out = dict(
        peer=a.peer, workload=a.workload, dtype=a.dtype, threads=a.threads, pinned=a.pin,
        affinity=sorted(os.sched_getaffinity(0)),
        sizes=wl["sizes"], acts=wl["acts"], N=wl["N"], opt=wl["opt"], lr=wl["lr"],
        steps_per_s=med, steps_per_s_min=min(rates), steps_per_s_max=max(rates),
        steps_per_s_q1=q[0], steps_per_s_q3=q[2],
        spread_pct=100.0 * (max(rates) - min(rates)) / med,
        us_per_step=1e6 / med, repeats=a.repeats, steps_per_repeat=k,
        repeat_s_min=min(secs), cpu_per_wall=statistics.median(cpu_ratio),
        initial_loss=initial_loss, loss_100=loss_100, final_loss=final_loss, total_steps=total,
        loss_decreased=bool(final_loss < initial_loss),
        setup_s=setup_s, first_step_s=first_step_s,
        load_start=load0, load_end=load1, versions=versions, blas_pools=blas,
        openblas_env={v: os.environ.get(v) for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
    )
    if a.dump_init:
        dump = dict(workload=a.workload, spec=wl, seed=a.seed, x=x.reshape(-1).tolist(),
                    y=y.reshape(-1).tolist(),
                    weights=[{"W": W.tolist(), "b": b.tolist()} for W, b in params],
                    adam=dict(beta_1=ADAM_B1, beta_2=ADAM_B2, epsilon=ADAM_EPS,
                              formula="keras: alpha=lr*sqrt(1-b2^t)/(1-b1^t); p-=alpha*m/(sqrt(v)+eps)"),
                    reference=dict(peer=a.peer, dtype=a.dtype, initial_loss=initial_loss,
                                   loss_100=loss_100))
        with open(a.dump_init, "w") as f:
            json.dump(dump, f)
    if a.json:
        print(json.dumps(out))
    else:
        print(f"{a.peer:9s} {a.workload} {a.dtype} threads={a.threads}: "
              f"{med:12.1f} steps/s (min {min(rates):.1f}, max {max(rates):.1f}, "
              f"spread {out['spread_pct']:.1f}%) cpu/wall {out['cpu_per_wall']:.2f}  "
              f"loss {initial_loss:.5f} -> {loss_100:.5f} (100 steps) -> {final_loss:.5f} "
              f"({total} steps)  setup {setup_s:.2f}s first step {first_step_s:.3f}s")


if __name__ == "__main__":
    main()
