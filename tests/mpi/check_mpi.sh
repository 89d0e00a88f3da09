#!/usr/bin/env bash
# Run by ctest (tests mpi.*, tests/CMakeLists.txt): qpvsim under Open MPI's mpirun on this
# machine (loopback), as docs/cluster.md describes it.
#   check_mpi.sh QPVSIM MPIRUN SOURCE_DIR OUT_DIR identical|killed
# identical: `compare` (under uncertainty "full", the default), a small `calibrate` and a small
#            `sensitivity` and a small `allocate` of the tiny territory give the same files for
#            1, 2 and 3 ranks x 1 and 2 threads as one process without mpirun, but for their
#            clock times (allocate: its results file and its recommendation's scenario file).
# killed:    killing one rank of a run mid-way ends the job with mpirun's message naming the
#            rank and leaves no results file, temporary or not.
set -uo pipefail
qpvsim=$1 mpirun=$2 src=$3 out=$4 what=$5
tiny=$src/tests/data/tiny
# Tests run as root in CI's chroot; --oversubscribe: 3 ranks on 2 cores; --bind-to none: each
# rank's TBB threads may use every core.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
launch=("$mpirun" --oversubscribe --bind-to none)
rm -rf "$out" && mkdir -p "$out" && cd "$out" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Everything h5diff reports between two files, but the attributes and datasets allowed to differ.
# A dimension scale's REFERENCE_LIST points to the arrays on its axis, and h5diff compares it by
# comparing their data: /generations/generation's list holds /generations/seconds, the wall time.
# Every array it points to is compared on its own line anyway.
differences() {
  h5diff "$1" "$2" 2>&1 | grep -E "^(attribute|dataset):" |
    grep -vE "<(created_utc|wall_seconds|seconds|seconds_[a-z]+|REFERENCE_LIST) of |</generations/seconds>"
}

if [ "$what" = identical ]; then
  pair=("$tiny/baseline.toml" "$tiny/variant.toml")
  "$qpvsim" compare "${pair[@]}" -o compare_alone.h5 --threads 1 -q || fail "compare without mpirun"
  "$qpvsim" calibrate "$tiny/calibration/calibration.toml" -o calibrate_alone.h5 --threads 1 -q ||
    fail "calibrate without mpirun"
  "$qpvsim" sensitivity "$tiny/sensitivity.toml" -o sensitivity_alone.h5 --threads 1 -q ||
    fail "sensitivity without mpirun"
  "$qpvsim" allocate "$tiny/allocation.toml" -o allocate_alone.h5 --threads 1 -q ||
    fail "allocate without mpirun"
  for ranks in 1 2 3; do
    for threads in 1 2; do
      run="${ranks}x${threads}"
      "${launch[@]}" -np "$ranks" "$qpvsim" compare "${pair[@]}" -o "compare_$run.h5" \
        --threads "$threads" -q 2> "compare_$run.err" || { fail "compare $run"; cat "compare_$run.err"; }
      "${launch[@]}" -np "$ranks" -x QPVSIM_CLUSTER_LOG=1 "$qpvsim" calibrate \
        "$tiny/calibration/calibration.toml" -o "calibrate_$run.h5" --threads "$threads" -q \
        2> "calibrate_$run.err" || { fail "calibrate $run"; cat "calibrate_$run.err"; }
      # The proposals were shared: every rank ran some (dynamic balance, so not a fixed number).
      for ((r = 0; ranks > 1 && r < ranks; ++r)); do
        grep -qE "^rank $r of $ranks: [1-9][0-9]* tasks" "calibrate_$run.err" ||
          { fail "calibrate $run: rank $r ran no proposal"; cat "calibrate_$run.err"; }
      done
      grep -h "^rank" "calibrate_$run.err"
      "${launch[@]}" -np "$ranks" "$qpvsim" sensitivity "$tiny/sensitivity.toml" \
        -o "sensitivity_$run.h5" --threads "$threads" -q 2> "sensitivity_$run.err" ||
        { fail "sensitivity $run"; cat "sensitivity_$run.err"; }
      "${launch[@]}" -np "$ranks" "$qpvsim" allocate "$tiny/allocation.toml" \
        -o "allocate_$run.h5" --threads "$threads" -q 2> "allocate_$run.err" ||
        { fail "allocate $run"; cat "allocate_$run.err"; }
      cmp -s allocate_alone_recommandation.toml "allocate_${run}_recommandation.toml" ||
        fail "allocate on $ranks rank(s) x $threads thread(s): another recommendation"
      for verb in compare calibrate sensitivity allocate; do
        d=$(differences "${verb}_alone.h5" "${verb}_$run.h5")
        if [ -n "$d" ]; then fail "$verb on $ranks rank(s) x $threads thread(s) differs:"; echo "$d"; fi
        [ -f "${verb}_$run.h5" ] && echo "$verb, $ranks rank(s) x $threads thread(s): same results"
      done
      # Only rank 0 writes: no other file than its own.
      extra=$(ls | grep -vE '^(compare|calibrate|sensitivity|allocate)_' || true)
      [ -z "$extra" ] || fail "files written beside the results: $extra"
    done
  done
elif [ "$what" = killed ]; then
  "${launch[@]}" -np 2 "$qpvsim" run embedded:valenciennes/baseline.toml --replicates 400 \
    --threads 1 -o killed.h5 > run.out 2> run.err &
  job=$!
  victim=""
  for _ in $(seq 100); do  # up to 10 s for rank 1 to start
    for p in $(pgrep -f "qpvsim run embedded:valenciennes/baseline.toml" || true); do
      if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then
        victim=$p
      fi
    done
    [ -n "$victim" ] && break
    sleep 0.1
  done
  [ -n "$victim" ] || fail "rank 1 never started"
  sleep 1  # mid-run: the whole run takes several seconds
  [ -n "$victim" ] && kill -9 "$victim"
  wait "$job"
  status=$?
  echo "mpirun exit status after rank 1 was killed: $status"
  cat run.err
  [ "$status" -ne 0 ] || fail "the job ended with status 0"
  grep -q "rank 1" run.err || fail "mpirun's message does not name the killed rank"
  leftovers=$(ls | grep '^killed' || true)
  [ -z "$leftovers" ] || fail "files left behind: $leftovers"
else
  fail "unknown check $what"
fi
[ "$failures" -eq 0 ] && echo "mpi $what: passed" || echo "mpi $what: $failures failure(s)"
[ "$failures" -eq 0 ]
