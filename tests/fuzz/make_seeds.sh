#!/usr/bin/env bash
# Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/<target>/ from the project's
# own files: scenarios, territories and calibrations as they are in the tree, the workshop request
# bodies the server tests send, and results files made with the tiny scenario (2 replicates,
# three months: seeds/) by QPVSIM, a qpvsim built from this tree. Seeds are overwritten by name;
# regression inputs (crash-*, leak-*, timeout-*, oom-*) are left alone.
# Usage: tests/fuzz/make_seeds.sh QPVSIM       e.g. tests/fuzz/make_seeds.sh build/qpvsim
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 QPVSIM" >&2; exit 2; }
qpvsim=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$here/corpus
tiny=$root/tests/data/tiny
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Several files in one input, as the targets split them (common.hpp split_files).
joined() {  # joined NAME FILE [NAME FILE]...
  local first=1
  while [ $# -gt 0 ]; do
    [ $first -eq 1 ] || echo
    first=0
    echo "==> $1 <=="
    cat "$2"
    shift 2
  done
}

mkdir -p "$corpus"/{scenario,territory,calibration,workshop,run_file,comparison_file,posterior_file}

for f in baseline transport_aid creche_plus5 screening_truck combined; do
  cp "$root/scenarios/valenciennes/$f.toml" "$corpus/scenario/valenciennes_$f.toml"
done
for f in baseline variant levers same later_end; do
  cp "$tiny/$f.toml" "$corpus/scenario/tiny_$f.toml"
done

joined qpv.csv "$tiny/territory/qpv.csv" marginals.csv "$tiny/territory/marginals.csv" \
  > "$corpus/territory/tiny.csv"
v=$root/scenarios/territories/valenciennes
joined qpv.csv "$v/qpv.csv" marginals.csv "$v/marginals.csv" > "$corpus/territory/valenciennes.csv"

for c in "tiny:$tiny/calibration" "valenciennes:$root/calibration/valenciennes"; do
  d=${c#*:}
  joined calibration.toml "$d/calibration.toml" targets.toml "$d/targets.toml" \
    priors.toml "$d/priors.toml" > "$corpus/calibration/${c%%:*}.toml"
done

# POST /api/runs bodies of tests/app/test_serve.cpp and test_serve_allocation.cpp.
w=$corpus/workshop
echo '{"client": "t1", "qpv": ["QN05923M", "QN05924M"], "levers": {"screening_truck": {"passages_per_year": 48}}}' > "$w/truck48.json"
echo '{"levers": {"transport_aid": [{"aid": "transit_pass"}, {"aid": "driving_licence"}, {"aid": "car_rental", "places": 80}], "creche_places": {"increase": 0.1, "reached_by": "2028-09-01"}, "screening_truck": {}}}' > "$w/all_levers.json"
echo '{"levers": {"transport_aid": {"aid": "transit_pass", "budget_eur_per_year": 50000}}}' > "$w/budget.json"
echo '{"qpv": ["QN05923M", "QN05924M", "QN05925M", "QN05926M"], "levers": {"transport_aid": [{"aid": "transit_pass", "places": 600}, {"aid": "driving_licence", "budget_eur_per_year": 50000}], "creche_places": {"increase": 0.1, "reached_by": "2026-09-01", "avip_share": 0.3}, "screening_truck": {"passages_per_year": 48, "qpv_share": 0.75}}}' > "$w/rerun.json"
echo '{"levers": {"screening_truck": {"passages_per_year": 500}}}' > "$w/refused_passages.json"
echo '{"levers": {"creche_places": {"reached_by": "2027-02-30"}}}' > "$w/refused_date.json"
echo '{"levers": {"transport_aid": {"aid": "x\"\nbase = \"/etc/passwd"}}}' > "$w/escaped_text.json"
echo '{"qpv": "all", "levers": {}}' > "$w/no_lever.json"
echo '{"client": "panel", "allocation": {"envelope_eur_per_year": 600000, "shares": {"transport_aid": 0.5, "creche_places": 0.4, "screening_truck": 0.1}, "targeting": "need"}}' > "$w/allocation_need.json"
echo '{"client": "panel", "allocation": {"envelope_eur_per_year": 600000, "shares": {"transport_aid": 0.5, "creche_places": 0.4, "screening_truck": 0.1}, "targeting": "population"}}' > "$w/allocation_population.json"

# Results files: run, comparison, posterior (and its CSV export). Run from the top of the tree,
# so that the files record the scenarios' paths relative to it.
cd "$root"
s=tests/fuzz/seeds
"$qpvsim" run "$s/short_baseline.toml" --replicates 2 --threads 1 -q -o "$work/run.h5"
"$qpvsim" run "$s/short_levers.toml" --replicates 2 --threads 1 -q -o "$work/run_levers.h5"
"$qpvsim" compare "$s/short_baseline.toml" "$s/short_levers.toml" --replicates 2 --threads 1 -q \
  -o "$work/comparison.h5"
"$qpvsim" calibrate tests/data/tiny/calibration/calibration.toml --threads 1 -q -o "$work/posterior.h5"
"$qpvsim" export "$work/posterior.h5" --csv "$work/csv" > /dev/null
cp "$work/run.h5" "$corpus/run_file/tiny_baseline.h5"
cp "$work/run_levers.h5" "$corpus/run_file/tiny_levers.h5"
cp "$work/comparison.h5" "$corpus/comparison_file/tiny_levers.h5"
cp "$work/posterior.h5" "$corpus/posterior_file/tiny.h5"
cp "$work/csv/posterior.csv" "$corpus/posterior_file/tiny.csv"
cp "$root/calibration/valenciennes/posterior.csv" "$corpus/posterior_file/valenciennes.csv"

for d in "$corpus"/*/; do
  printf '%-18s %3d files %6d kB\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)" \
    "$(du -sk "$d" | cut -f1)"
done
