#!/usr/bin/env bash
# Create the benchmark venv and install the peers (numpy, PyTorch, JAX, Keras 3).
# Rerunnable; only PyPI is needed.  Usage: bash tests/peers/setup_peers.sh   (VENV=/path to override)
#
# Notes from the first install (2 cores, PyPI only):
# - numpy + threadpoolctl + jax (pulls the CPU jaxlib) + keras: ~15 s, ~0.6 GB.
# - torch: PyPI only has the CUDA build for linux x86_64 (the +cpu wheels live on
#   PyTorch's own index, which this machine cannot reach).  `pip install torch` pulls
#   ~3.0 GB of wheels (torch 539 MB + nvidia-* CUDA 13 libs + triton 286 MB) and makes the venv
#   ~6 GB, but it installs in ~70 s and runs fine on CPU.  `pip install --no-deps torch`
#   (1.4 GB) does NOT work: `import torch` raises "libcublasLt.so.*[0-9] not found",
#   because torch preloads its CUDA libraries at import.
# - torch is skipped unless SKIP_TORCH=0 (3 GB download); the harness then just leaves that peer out.
set -u
VENV=${VENV:-/tmp/benchvenv}
PYTHON=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" || { echo "venv creation failed" >&2; exit 1; }
fi
PIP="$VENV/bin/pip"
"$PIP" install -q --upgrade pip >/dev/null 2>&1 || true

status=0
echo "== numpy, threadpoolctl, jax, keras"
"$PIP" install -q numpy threadpoolctl jax keras || { echo "core install failed" >&2; status=1; }

if [ "${SKIP_TORCH:-1}" != 1 ]; then
  echo "== torch (CUDA build from PyPI, used on CPU; ~3.0 GB download)"
  if ! "$PIP" install -q torch; then
    echo "pip install torch failed; torch peer will be skipped" >&2
  fi
fi

echo "== import check"
"$VENV/bin/python" - <<'PY'
import importlib, os
os.environ.setdefault("KERAS_BACKEND", "jax")
for m in ("numpy", "threadpoolctl", "jax", "jaxlib", "keras", "torch"):
    try:
        mod = importlib.import_module(m)
        print(f"  {m:14s} {getattr(mod, '__version__', '?')}")
    except Exception as e:  # noqa: BLE001
        print(f"  {m:14s} NOT AVAILABLE: {type(e).__name__}: {str(e)[:120]}")
PY
du -sh "$VENV" 2>/dev/null
exit $status
