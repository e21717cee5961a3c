#!/usr/bin/env python3
"""FLOPs, bytes and physical-limit estimates per training step for W1..W5.

    python tests/peers/flops.py [--json]

(`approxlab bench` reports each step's GFLOP/s against one core's FMA peak, measured as it runs.)

Counting convention (float ops per full-batch step, N points):
  dense in->out : forward 2*N*in*out (+ N*out bias add)
                  backward dW 2*N*in*out, db N*out, dX 2*N*in*out (dX skipped for the
                  first layer: nobody needs d(loss)/dx)
  tanh          : forward 1 transcendental per element (counted apart, see tanh_evals),
                  backward 3 (h*h, 1-, *d)
  relu          : forward 1, backward 1
  MSE loss      : forward 3N, backward 2N
  optimizer     : per parameter SGD 2, SGD+momentum 4, Adam 12 (incl. 1 sqrt, 1 div)
Bytes: float32 words each step must read/write if every intermediate is materialized
(what numpy / torch / the C reference do), weights and optimizer state included.
"""
import argparse
import json

WORKLOADS = {
    "W1": dict(sizes=[1, 1], acts=[], N=200, opt="sgd", momentum=0.0),
    "W2": dict(sizes=[1, 5, 1], acts=["relu"], N=200, opt="sgd", momentum=0.0),
    "W3": dict(sizes=[1, 50, 1], acts=["tanh"], N=200, opt="sgd", momentum=0.9),
    "W4": dict(sizes=[1, 64, 64, 1], acts=["tanh", "tanh"], N=500, opt="adam"),
    "W5": dict(sizes=[1, 256, 256, 256, 1], acts=["tanh"] * 3, N=1000, opt="adam"),
}
OPT_FLOPS = {"sgd": 2, "momentum": 4, "adam": 12}
OPT_WORDS = {"sgd": 3, "momentum": 5, "adam": 7}  # p r/w, g r, state r/w per param


def count(wl):
    N, s = wl["N"], wl["sizes"]
    L = len(s) - 1
    c = dict(gemm=0, rank1=0, bias=0, act=0, loss=5 * N, opt=0, tanh_evals=0, params=0, words=0,
             gemm_fwd=0, gemm_words=0, ws_words=N)
    opt = "momentum" if wl["opt"] == "sgd" and wl.get("momentum") else wl["opt"]
    for l in range(L):
        i, o = s[l], s[l + 1]
        mm = 2 * N * i * o * (2 if l == 0 else 3)  # fwd + dW (+ dX)
        # layers with in==1 or out==1 are rank-1 / matrix-vector: memory-bound, not GEMMs
        if i == 1 or o == 1:
            c["rank1"] += mm
        else:
            c["gemm"] += mm
            c["gemm_fwd"] += 2 * N * i * o
        c["bias"] += 2 * N * o  # fwd add + db
        c["params"] += i * o + o
        # words: fwd read in-act, write out; bwd read d, read in-act (dW), write dX (+ read W twice)
        w_mm = N * i + N * o + N * o + N * i + (N * i if l > 0 else 0) + 2 * i * o
        c["words"] += w_mm
        if not (i == 1 or o == 1):
            c["gemm_words"] += w_mm  # traffic a measured GEMM time already includes
        c["ws_words"] += N * o  # working set: every activation stays live until backward
        if l < L - 1:
            if wl["acts"][l] == "tanh":
                c["tanh_evals"] += N * o
                c["act"] += 3 * N * o
                c["words"] += 2 * N * o + 3 * N * o  # tanh in place r/w; derivative r a, r/w d
            else:
                c["act"] += 2 * N * o
                c["words"] += 2 * N * o + 3 * N * o
    c["opt"] = OPT_FLOPS[opt] * c["params"]
    c["words"] += OPT_WORDS[opt] * c["params"] + 4 * N
    c["ws_words"] += 2 * N * max(s) + (3 if opt == "adam" else 2) * c["params"]  # 2 delta buffers
    c["total"] = c["gemm"] + c["rank1"] + c["bias"] + c["act"] + c["loss"] + c["opt"]
    c["bytes_f32"] = 4 * c["words"]
    c["optimizer"] = opt
    # simple textbook formula asked for: 6*N*in*out per layer (fwd 2 + bwd 4)
    c["textbook_6Nio"] = sum(6 * N * s[l] * s[l + 1] for l in range(L))
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows = {w: count(wl) for w, wl in WORKLOADS.items()}
    if a.json:
        print(json.dumps(rows))
        return
    print("| workload | params | GEMM flops | rank-1/mat-vec flops | elementwise flops (bias+act+loss+opt) "
          "| tanh evals | total flops | textbook 6·N·in·out | bytes touched (f32, unfused) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for w, c in rows.items():
        el = c["bias"] + c["act"] + c["loss"] + c["opt"]
        print(f"| {w} | {c['params']:,} | {c['gemm']:,} | {c['rank1']:,} | {el:,} | {c['tanh_evals']:,} | "
              f"{c['total']:,} | {c['textbook_6Nio']:,} | {c['bytes_f32']:,} |")


if __name__ == "__main__":
    main()
