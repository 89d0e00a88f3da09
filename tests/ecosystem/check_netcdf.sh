#!/bin/sh
# ctest entry ecosystem.netcdf: results files are netCDF-4 files as netCDF-C reads them, and every
# indicator and count names its axes.
#   - `ncdump -h` (Debian's netcdf-bin) reads a run, a comparison, a posterior, a sensitivity
#     and an allocation file of the tiny territory without error, and finds no array without
#     named axes (netCDF-C names those "phony_dim_N");
#   - `h5dump -H` shows a DIMENSION_LIST on every dataset of /indicators and /counts but the
#     coordinate variables (replicate, qpv, qpv_name is attached too, month), which are the scales.
#
#   check_netcdf.sh QPVSIM SOURCE_DIR WORK_DIR
#
# Exits 77 (skipped) when ncdump or h5dump is missing.
set -eu
qpvsim=$1 source=$2 work=$3
for tool in ncdump h5dump; do
  command -v "$tool" > /dev/null || { echo "skipped: $tool is missing (setup.sh installs it)"; exit 77; }
done
mkdir -p "$work"
tiny=$source/tests/data/tiny
"$qpvsim" run "$tiny/baseline.toml" -o "$work/run.h5" --replicates 2 --threads 1 > /dev/null
"$qpvsim" compare "$tiny/baseline.toml" "$tiny/levers.toml" -o "$work/comparison.h5" \
  --replicates 2 --threads 1 > /dev/null
"$qpvsim" calibrate "$tiny/calibration/calibration.toml" -o "$work/posterior.h5" --threads 1 -q
"$qpvsim" sensitivity "$tiny/sensitivity.toml" -o "$work/sensitivity.h5" --threads 1 -q
"$qpvsim" allocate "$tiny/allocation.toml" -o "$work/allocation.h5" --threads 1 -q
for f in run comparison posterior sensitivity allocation; do
  ncdump -h "$work/$f.h5" > "$work/$f.cdl" || { echo "ncdump -h failed on $f.h5"; exit 1; }
  if grep -q phony_dim "$work/$f.cdl"; then
    echo "$f.h5: arrays without dimension scales:"; grep -B1 phony_dim "$work/$f.cdl" | head; exit 1
  fi
done
for f in run comparison; do
  grep -q 'double employment_rate(replicate, qpv, month)' "$work/$f.cdl" ||
    { echo "$f.cdl: no employment_rate(replicate, qpv, month)"; exit 1; }
done

# Datasets of a group in h5dump -H's output, each with "yes" if it has a DIMENSION_LIST.
dimension_lists() {
  h5dump -H -g "$2" "$1" | awk '
    /^ *DATASET "/ { if (name != "") print name, seen; name = $2; seen = "no" }
    /ATTRIBUTE "DIMENSION_LIST"/ { seen = "yes" }
    END { if (name != "") print name, seen }'
}
status=0
for group in /indicators /counts; do
  dimension_lists "$work/run.h5" "$group" > "$work/dims.txt"
  total=$(wc -l < "$work/dims.txt")
  missing=$(grep -v -E '^"(replicate|qpv|month)" ' "$work/dims.txt" | grep -c ' no$' || true)
  echo "$group: $total datasets, $missing without DIMENSION_LIST (coordinates excepted)"
  [ "$total" -gt 3 ] && [ "$missing" -eq 0 ] || status=1
done
exit $status
