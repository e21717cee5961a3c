#!/usr/bin/env bash
# Writes that fail: every file `approxlab train` writes (model, session, curves CSV, loss CSV, Keras
# script) into a real full disk (a 256 KB tmpfs filled up, and one with 16 KB left so the write starts and
# fails midway) and into a read-only folder (the tmpfs remounted read-only). Each must exit non-zero with
# one sentence naming the file, keep the old file byte for byte and leave no temporary file behind.
# Runs in a private mount namespace (unshare) where it can, else as root in this one. Prints a PASS/FAIL
# line per case and "disk: N passed, N failed".
#
# Usage: disk_check.sh APPROXLAB_BINARY
set -u
app=$(realpath "$1")
if [ -z "${DISK_CHECK_INSIDE:-}" ] && unshare -rm true 2>/dev/null; then
  DISK_CHECK_INSIDE=1 exec unshare -rm "$0" "$app"
fi
dir=$(mktemp -d)
if ! mount -t tmpfs -o size=256k tmpfs "$dir"; then
  echo "FAIL cannot mount a small tmpfs to fill (neither unshare -rm nor root works here)"
  echo "disk: 0 passed, 1 failed"
  exit 1
fi
trap 'umount "$dir" 2>/dev/null; rmdir "$dir" 2>/dev/null' EXIT
passed=0 failed=0
verdict() { # name ok message
  if [ "$2" = 1 ]; then echo "PASS $1"; passed=$((passed + 1)); else echo "FAIL $1: $3"; failed=$((failed + 1)); fi
}
one_case() { # case-name flag file [extra train flags]
  local name=$1 flag=$2 file=$3; shift 3
  local out rc ok=1 why=""
  out=$("$app" train --steps 1 --width 256 --depth 2 "$@" "$flag" "$file" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -eq 0 ]; then ok=0; why="exit 0"; fi
  if [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ] || ! printf '%s' "$out" | grep -q "cannot write"; then
    ok=0; why="$why; message: $out"
  fi
  if ! cmp -s "$file" "$dir/../old.$$"; then ok=0; why="$why; the old file changed"; fi
  if ls -a "$dir" | grep -q '\.part$'; then ok=0; why="$why; a temporary file was left"; fi
  verdict "$name $flag (said: ${out:0:120})" "$ok" "$why"
}
for flag in --save-model --save-session --csv --loss-csv --export-keras; do
  file="$dir/kept${flag//-/_}"
  mount -o remount,rw "$dir"
  rm -f "$dir"/*
  "$app" train --steps 1 --width 2 --depth 1 "$flag" "$file" >/dev/null 2>&1
  cp "$file" "$dir/../old.$$"
  dd if=/dev/zero of="$dir/filler" bs=4k 2>/dev/null
  one_case "full disk" "$flag" "$file"
  if [ "$flag" != --loss-csv ]; then # one step's loss history fits in 16 KB: only a full disk stops it
    truncate -s -16K "$dir/filler"
    one_case "16 KB left" "$flag" "$file"
  fi
  rm -f "$dir/filler"
  mount -o remount,ro "$dir"
  one_case "read-only folder" "$flag" "$file"
done
rm -f "$dir/../old.$$"
echo "disk: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
