#!/usr/bin/env bash
# Run every available peer (numpy, torch, jax, jaxscan, keras, keras-fit) and approxlab's own
# `bench` over W1..W5, all from the repository's initial weights (assets/bench), and write a
# markdown table.  Each measurement is its own process (peers.py --json, approxlab bench --json),
# so thread settings and imports never leak between peers.
#
#   bash tests/peers/run_peers.sh          # all peers, all workloads, 2 passes
#   PASSES=1 PEERS="numpy jax" WORKLOADS="W3 W5" bash tests/peers/run_peers.sh
#
# Environment knobs:
#   VENV       python venv made by setup_peers.sh          (default /tmp/benchvenv)
#   PASSES     how many times the whole grid is repeated   (default 2; cells show the median)
#   PEERS      which peers                                  (default: all that import)
#   WORKLOADS  which workloads                              (default: W1 W2 W3 W4 W5)
#   CONFIGS    dtype:threads:workloads triples              (default below)
#   REPEATS    timed repeats per run (>=5)                  (default 7)
#   MIN_TIME   seconds per timed repeat                     (default 0.5)
#   OUT        output folder                                (default /tmp/approxlab-peers/<timestamp>)
#   APPROXLAB  approxlab binary, "" to leave it out          (default: target/release/approxlab, built
#              with cargo build --release if missing)
# Output: $OUT/results.jsonl (one JSON object per run), $OUT/table.md, $OUT/env.txt
set -u
cd "$(dirname "$0")"
VENV=${VENV:-/tmp/benchvenv}
PY="$VENV/bin/python"
PASSES=${PASSES:-2}
WORKLOADS=${WORKLOADS:-"W1 W2 W3 W4 W5"}
# dtype:threads:which-workloads ("all" = every workload in $WORKLOADS); threads "1p" = 1 thread
# with the process pinned (sched_setaffinity) to the most idle CPU, a strict one-core number
CONFIGS=${CONFIGS:-"float32:1:all float32:1p:all float64:1:all float32:2:W4,W5"}
REPEATS=${REPEATS:-7}
MIN_TIME=${MIN_TIME:-0.5}
OUT=${OUT:-/tmp/approxlab-peers/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

if [ ! -x "$PY" ]; then
  echo "no venv at $VENV: run setup_peers.sh first" >&2
  exit 1
fi

if [ -z "${PEERS:-}" ]; then
  PEERS=""
  "$PY" -c "import numpy" 2>/dev/null && PEERS="$PEERS numpy"
  "$PY" -c "import torch" 2>/dev/null && PEERS="$PEERS torch"
  "$PY" -c "import jax" 2>/dev/null && PEERS="$PEERS jax jaxscan"
  KERAS_BACKEND=jax "$PY" -c "import keras" 2>/dev/null && PEERS="$PEERS keras keras-fit"
fi
echo "peers:$PEERS" | tee "$OUT/env.txt"
{
  echo "date: $(date -Is)"; uname -a; nproc
  lscpu | grep -E 'Model name|^CPU\(s\)|Thread|MHz|L1d|L2|L3|Flags' | sed 's/^Flags:.*/Flags: (see lscpu)/'
  echo -n "avx2/avx512f/fma: "; grep -o -w -E 'avx2|avx512f|fma' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-<unset>}"
  "$PY" -m pip list 2>/dev/null | grep -i -E '^(numpy|torch|jax|jaxlib|keras|threadpoolctl) '
} >> "$OUT/env.txt"

psi() { sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null; }

for pass in $(seq 1 "$PASSES"); do
  for cfg in $CONFIGS; do
    dtype=${cfg%%:*}; rest=${cfg#*:}; threads=${rest%%:*}; which=${rest#*:}
    pinflag=""
    if [ "${threads%p}" != "$threads" ]; then threads=${threads%p}; pinflag="--pin"; fi
    for wl in $WORKLOADS; do
      if [ "$which" != "all" ] && [[ ",$which," != *",$wl,"* ]]; then continue; fi
      for peer in $PEERS; do
        printf 'pass %s  %-9s %s %s threads=%s  (load %s, cpu psi %s%%) ... ' "$pass" "$peer" "$wl" \
          "$dtype" "$threads${pinflag:+ (pinned)}" "$(cut -d' ' -f1 /proc/loadavg)" "$(psi)"
        err=$(mktemp)
        line=$(timeout 600 "$PY" peers.py --peer "$peer" --workload "$wl" --dtype "$dtype" \
               --threads "$threads" $pinflag --repeats "$REPEATS" --min-time "$MIN_TIME" --json 2>"$err" | tail -1)
        rc=$?
        if [ $rc -eq 0 ] && [ "${line:0:1}" = "{" ]; then
          echo "$line" | "$PY" -c "import json,sys; d=json.loads(sys.stdin.read()); d['pass']=$pass; print(json.dumps(d))" \
            >> "$OUT/results.jsonl"
          echo "$line" | "$PY" -c "import json,sys; d=json.loads(sys.stdin.read()); print('%.1f steps/s, loss %.4g -> %.4g' % (d['steps_per_s'], d['initial_loss'], d['final_loss']))"
        else
          msg=$(tail -3 "$err" | tr '\n"\\' '  /' | cut -c1-300)
          echo "FAILED (rc=$rc): $msg"
          printf '{"peer":"%s","workload":"%s","dtype":"%s","threads":%s,"pass":%s,"error":"rc=%s %s"}\n' \
            "$peer" "$wl" "$dtype" "$threads" "$pass" "$rc" "$msg" >> "$OUT/results.jsonl"
        fi
        rm -f "$err"
      done
    done
  done
done

APPROXLAB=${APPROXLAB-../../target/release/approxlab}
if [ -n "$APPROXLAB" ]; then
  if [ ! -x "$APPROXLAB" ]; then (cd ../.. && cargo build --release -q) || exit 1; fi
  for pass in $(seq 1 "$PASSES"); do
    for cfg in $CONFIGS; do
      dtype=${cfg%%:*}; rest=${cfg#*:}; threads=${rest%%:*}; which=${rest#*:}
      flags="--threads $threads"
      if [ "${threads%p}" != "$threads" ]; then flags="--pin"; fi
      case $dtype in float64) flags="$flags --dtype f64";; *) flags="$flags --dtype f32";; esac
      for wl in $WORKLOADS; do
        if [ "$which" != "all" ] && [[ ",$which," != *",$wl,"* ]]; then continue; fi
        printf 'pass %s  %-9s %s %s %s ... ' "$pass" approxlab "$wl" "$dtype" "$flags"
        line=$("$APPROXLAB" bench --workload "$wl" --json $flags --repeats "$REPEATS" --min-time "$MIN_TIME" \
               | tail -1)
        if [ "${line:0:1}" = "{" ]; then
          echo "$line" | "$PY" -c "import json,sys; d=json.loads(sys.stdin.read()); d['pass']=$pass; print(json.dumps(d))" \
            >> "$OUT/results.jsonl"
          echo "$line" | "$PY" -c "import json,sys; d=json.loads(sys.stdin.read()); print('%.1f steps/s' % d['steps_per_s'])"
        else
          echo "FAILED"
        fi
      done
    done
  done
fi

"$PY" make_table.py "$OUT/results.jsonl" > "$OUT/table.md"
echo
cat "$OUT/table.md"
echo
echo "wrote $OUT/results.jsonl and $OUT/table.md"
