"""The exported Keras script, run for real: for SGD, momentum, Adam and RMSprop, `approxlab train
--export-keras` writes a script, Keras (JAX backend, CPU, from PyPI) runs it, and its loss after 100 steps
must match approxlab's within 1e-4 relative. Prints one PASS/FAIL line per configuration and a closing
"keras: N passed, N failed" line; exits 1 if any failed.

Usage: python keras_check.py APPROXLAB_BINARY PYTHON_WITH_KERAS WORKDIR
"""

import json
import subprocess
import sys

approxlab, python, workdir = sys.argv[1:4]
configs = [("sgd", "0.1"), ("momentum", "0.05"), ("adam", "0.01"), ("rmsprop", "0.001")]
passed = failed = 0
for optimizer, lr in configs:
    script = f"{workdir}/keras_{optimizer}.py"
    # an interval off-centre: see the script's note on adaptive optimizers and exact zeros
    out = subprocess.run(
        [approxlab, "train", "--optimizer", optimizer, "--lr", lr, "--width", "8", "--domain=-2.5,3",
         "--steps", "100", "--json", "--export-keras", script],
        capture_output=True, text=True, check=True,
    )
    ours = json.loads(out.stdout)["train_loss"]
    run = subprocess.run([python, script], capture_output=True, text=True, timeout=600)
    line = [l for l in run.stdout.splitlines() if l.startswith("loss after")]
    if run.returncode != 0 or not line:
        print(f"FAIL {optimizer}: the script did not run: {run.stderr.strip()[-400:]}")
        failed += 1
        continue
    theirs = float(line[-1].split(":")[1])
    rel = abs(theirs - ours) / max(abs(ours), 1e-12)
    verdict = "PASS" if rel <= 1e-4 else "FAIL"
    print(f"{verdict} {optimizer} lr {lr}: approxlab {ours:.9g}, keras {theirs:.9g}, relative {rel:.1e}")
    passed += verdict == "PASS"
    failed += verdict == "FAIL"
print(f"keras: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
