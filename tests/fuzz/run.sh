#!/usr/bin/env bash
# Runs the fuzz targets one after the other, each for SECONDS in one process (no -jobs or
# -workers: one worker), from the seeds and regression inputs of tests/fuzz/corpus/<target>/
# with the target's dictionary, and prints per target the executions, executions per second and
# the corpus reached. New inputs go to BUILD_DIR/fuzz/runs/<target>/corpus, not to the tree. Any
# crash, sanitizer report, leak, timeout (-timeout=10 s an input) or memory blow-up
# (-rss_limit_mb=2048, which also caps a single allocation) stops that target, saves the input in
# BUILD_DIR/fuzz/runs/<target>/artifacts/ and makes the script exit 1 once every target has run.
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]   (BUILD_DIR configured with
# -DQPVSIM_FUZZ=ON and `cmake --build BUILD_DIR --target fuzz` run; README.md)
set -uo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(realpath "$1")
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
all=(scenario territory calibration workshop run_file comparison_file posterior_file
     results_content)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

# UBSan prints no stack without this; stop at the first report, as the build asks.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# An allocation larger than the address space fails as it does in the tool (malloc returns
# null, new throws std::bad_alloc) instead of stopping the process; one above 2 GB is still a
# finding (-rss_limit_mb, libFuzzer's malloc limit).
export ASAN_OPTIONS=${ASAN_OPTIONS-allocator_may_return_null=1}
# Leaks of libhdf5's own (lsan.supp); LSAN_OPTIONS set, even empty, replaces this.
export LSAN_OPTIONS=${LSAN_OPTIONS-suppressions=$here/lsan.supp:print_suppressions=0}
# The targets' scratch folders (common.hpp scratch()): on /dev/shm when possible, removed at the
# end even when a crash left them behind.
parent=/dev/shm
[ -d "$parent" ] && [ -w "$parent" ] || parent=${TMPDIR:-/tmp}
QPVSIM_FUZZ_TMP=$(mktemp -d "$parent/qpvsim-fuzz-run.XXXXXX")
export QPVSIM_FUZZ_TMP
trap 'rm -rf "$QPVSIM_FUZZ_TMP"' EXIT

failed=()
total_runs=0
printf '%-16s %12s %9s %14s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  exe=$build/fuzz/fuzz_$t
  if [ ! -x "$exe" ]; then
    echo "$t: no $exe (build it: cmake --build $build --target fuzz)" >&2
    failed+=("$t")
    continue
  fi
  out=$build/fuzz/runs/$t
  mkdir -p "$out/corpus" "$out/artifacts"
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
        -artifact_prefix="$out/artifacts/")
  [ -f "$here/dict/$t.dict" ] && args+=(-dict="$here/dict/$t.dict")
  "$exe" "${args[@]}" "$out/corpus" "$here/corpus/$t" > "$out/log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -n1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/log" | tail -n1)
  corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$out/log" | tail -n1 | cut -d' ' -f2)
  total_runs=$((total_runs + ${runs:-0}))
  if [ $rc -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc), log $out/log"
    failed+=("$t")
  fi
  printf '%-16s %12s %9s %14s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "${corpus:-?}" "$result"
  if [ $rc -ne 0 ]; then
    # The report's first lines name the finding; the input is saved as the artifact.
    grep -m1 -E 'ERROR:|runtime error|qpvsim fuzz:' "$out/log" | sed 's/^/    /'
    grep -m3 -E '^ +#[0-9]+ .* in (qpv::|H5)' "$out/log" | sed 's/^/    /'
    grep -h 'Test unit written to' "$out/log" | sed 's/^/    /'
  fi
done
echo "executions in all: $total_runs"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs in $build/fuzz/runs/<target>/artifacts/;" \
       "minimise one with <target> -minimize_crash=1 -runs=10000 INPUT, README.md)" >&2
  exit 1
fi
