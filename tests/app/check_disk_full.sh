#!/usr/bin/env bash
# A full disk: `qpvsim run` and `qpvsim compare` writing to a 2 MB tmpfs end with exit status 3
# and a message naming the output and the cause, no signal, and no file left behind.
# Mounting a tmpfs needs root: otherwise the test is skipped (exit 77) and says why.
# Usage: check_disk_full.sh QPVSIM
set -u
qpvsim=$1
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: mounting a tmpfs needs root"
  exit 77
fi
disk=$(mktemp -d) logs=$(mktemp -d)
trap 'umount "$disk" 2>/dev/null; rm -rf "$disk" "$logs"' EXIT
if ! mount -t tmpfs -o size=2m tmpfs "$disk" 2>"$logs/mount"; then
  echo "skipped: cannot mount a tmpfs here: $(cat "$logs/mount")"
  exit 77
fi

failures=0
# expect_full NAME OUTPUT COMMAND...: the command must fail with status 3, name OUTPUT and the
# full disk, and leave the tmpfs empty.
expect_full() {
  local name=$1 output=$2
  shift 2
  "$@" >"$logs/out" 2>"$logs/err"
  local status=$?
  local left
  left=$(ls -A "$disk")
  echo "$name: exit status $status; stderr: $(head -c 300 "$logs/err")"
  if [ "$status" -ne 3 ]; then echo "FAIL: $name: expected exit status 3"; failures=$((failures + 1)); fi
  if ! grep -q "$output" "$logs/err" || ! grep -q "No space left on device" "$logs/err"; then
    echo "FAIL: $name: the message does not name $output and the full disk"
    failures=$((failures + 1))
  fi
  if [ -n "$left" ]; then echo "FAIL: $name: left $left"; failures=$((failures + 1)); fi
}

expect_full run "$disk/run.h5" \
  "$qpvsim" run embedded:valenciennes/baseline.toml --replicates 10 --threads 2 -q -o "$disk/run.h5"
expect_full compare "$disk/comparison.h5" \
  "$qpvsim" compare embedded:valenciennes/baseline.toml embedded:valenciennes/transport_aid.toml \
  --replicates 10 --threads 2 -q -o "$disk/comparison.h5" --report "$disk/report.html"
exit $((failures > 0))
