"""The benchmark workloads' initial weights, as approxlab keeps them in assets/bench/W?.init.bin.

One file per workload, little-endian throughout:

    b"APXINIT1"                 8 bytes, the magic and format version
    u32                         H, the header's length in bytes
    H bytes of UTF-8 JSON       everything but the arrays: workload, spec (sizes, acts, N, opt, lr,
                                momentum), seed, adam, reference (initial_loss, loss_100 of the numpy peer)
    f64 × N                     x: N evenly spaced points in [-3, 3], both ends included
    f64 × N                     y = sin(x)
    per layer l, input side first:
      f64 × in·out              W, rows = inputs, columns = outputs (a Keras Dense kernel), row-major
      f64 × out                 b

The numbers are the float64 values `peers.py --draw --dump-init` writes as JSON (that JSON is what
`load` returns, and what `approxlab bench --init-dir` and `--load-model` also read), so packing loses
nothing. Usage: python init_file.py pack W1.init.json ... (writes W1.init.bin beside each).
"""
import json
import struct
import sys

MAGIC = b"APXINIT1"


def _layer_shapes(sizes):
    return [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]


def pack(doc):
    """The bytes of one init file, from the JSON document `peers.py --dump-init` writes."""
    header = {k: v for k, v in doc.items() if k not in ("x", "y", "weights")}
    head = json.dumps(header, sort_keys=True).encode()
    n = doc["spec"]["N"]
    values = list(doc["x"]) + list(doc["y"])
    assert len(doc["x"]) == n and len(doc["y"]) == n
    for (fi, fo), layer in zip(_layer_shapes(doc["spec"]["sizes"]), doc["weights"], strict=True):
        assert len(layer["W"]) == fi and all(len(r) == fo for r in layer["W"])
        assert len(layer["b"]) == fo
        values += [v for row in layer["W"] for v in row] + list(layer["b"])
    return MAGIC + struct.pack("<I", len(head)) + head + struct.pack(f"<{len(values)}d", *values)


def unpack(data):
    """The JSON document (x, y, weights[l].W / .b and the header's fields) of an init file's bytes."""
    if data[:8] != MAGIC:
        raise ValueError("not an approxlab init file (no APXINIT1 magic)")
    (h,) = struct.unpack_from("<I", data, 8)
    doc = json.loads(data[12:12 + h].decode())
    body = data[12 + h:]
    n = doc["spec"]["N"]
    shapes = _layer_shapes(doc["spec"]["sizes"])
    count = 2 * n + sum(fi * fo + fo for fi, fo in shapes)
    if len(body) != 8 * count:
        raise ValueError(f"init file holds {len(body)} bytes of numbers, its header needs {8 * count}")
    values = struct.unpack(f"<{count}d", body)
    doc["x"], doc["y"] = list(values[:n]), list(values[n:2 * n])
    at, weights = 2 * n, []
    for fi, fo in shapes:
        W = [list(values[at + r * fo: at + (r + 1) * fo]) for r in range(fi)]
        at += fi * fo
        weights.append({"W": W, "b": list(values[at:at + fo])})
        at += fo
    doc["weights"] = weights
    return doc


def load(path):
    """The JSON document of an init file: a packed .bin, or the .json `--dump-init` writes."""
    with open(path, "rb") as f:
        data = f.read()
    return unpack(data) if data[:8] == MAGIC else json.loads(data)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "pack":
        sys.exit(__doc__)
    for src in sys.argv[2:]:
        with open(src) as f:
            doc = json.load(f)
        dst = src[: -len(".json")] + ".bin" if src.endswith(".json") else src + ".bin"
        packed = pack(doc)
        assert unpack(packed) == doc, "the packed file must read back as the same document"
        with open(dst, "wb") as f:
            f.write(packed)
        print(f"{src} -> {dst}: {len(packed)} bytes")
