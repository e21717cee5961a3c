"""Pictures and GIFs from the real window under a virtual display, read back by Pillow (from PyPI): a
screenshot at 2× has twice the 1× pixels, a plot alone is a part of the window, and `approxlab gif` writes a
100-frame 800×500 GIF under 8 MB whose frames differ. Prints one PASS/FAIL line per check and a closing
"pictures: N passed, N failed" line; exits 1 if any failed.

Usage: python picture_check.py APPROXLAB_BINARY WORKDIR   (DISPLAY set; run by a python with Pillow)
"""

import subprocess
import sys

from PIL import Image, ImageChops

approxlab, workdir = sys.argv[1:3]
passed = failed = 0


def check(name, ok, detail):
    global passed, failed
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
    passed, failed = passed + ok, failed + (not ok)


def run(args):
    done = subprocess.run([approxlab, *args], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"approxlab {' '.join(args)}: {done.stderr.strip()}")


try:
    one, two, fit = (f"{workdir}/{n}.png" for n in ("one", "two", "fit"))
    common = ["--frames", "20", "--steps-per-frame", "50"]
    run(["--screenshot", one, "--scale", "1", *common])
    run(["--screenshot", two, "--scale", "2", *common])
    run(["--screenshot", fit, "--picture", "fit", "--scale", "2", *common])
    a, b, f = Image.open(one), Image.open(two), Image.open(fit)
    check("2x window", b.size == (2 * a.size[0], 2 * a.size[1]), f"1x {a.size}, 2x {b.size}")
    w, h = f.size
    check("fit plot alone at 2x", 0.6 * b.size[0] < w < b.size[0] and 0.3 * b.size[1] < h < 0.6 * b.size[1],
          f"{f.size} of a {b.size} window")
    colours = len(b.convert("RGB").getcolors(maxcolors=1 << 24) or [])
    check("2x picture is drawn", colours > 200, f"{colours} colours")
except Exception as e:  # a failed run is a failed check, with its sentence
    check("pictures", False, str(e))

try:
    gif = f"{workdir}/window.gif"
    run(["gif", gif, "--area", "window", "--size", "800x500", "--frames", "100", "--steps", "5000"])
    im = Image.open(gif)
    size_mb = __import__("os").path.getsize(gif) / 1e6
    check("GIF of 100 frames, 800x500", im.n_frames == 100 and im.size == (800, 500),
          f"{im.n_frames} frames of {im.size}")
    check("GIF under 8 MB", size_mb < 8, f"{size_mb:.2f} MB")
    im.seek(0)
    first = im.convert("RGB")
    im.seek(im.n_frames - 1)
    last = im.convert("RGB")
    check("GIF moves", ImageChops.difference(first, last).getbbox() is not None, "first and last frames differ")
except Exception as e:
    check("GIF", False, str(e))

print(f"pictures: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
