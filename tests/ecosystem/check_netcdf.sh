#!/bin/sh
# ctest entry ecosystem.netcdf: a run file and a comparison file are netCDF-4 files as netCDF-C
# reads them, and every indicator and count names its axes.
#   - `ncdump -h` (Debian's netcdf-bin) reads both without error;
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
for f in run comparison; do
  ncdump -h "$work/$f.h5" > "$work/$f.cdl" || { echo "ncdump -h failed on $f.h5"; exit 1; }
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
