#!/usr/bin/python3
"""ctest entry ecosystem.xarray: a run file and a comparison file opened as a Python user opens
them, with Debian's python3-xarray and python3-h5netcdf (netCDF-4 semantics: the axes are the
dimension scales qpvsim attaches, docs/comparison.md). A value selected by labels, a QPV code
and a month given as a date, must be the value `qpvsim export` writes for that QPV and month.

    check_xarray.py QPVSIM SOURCE_DIR WORK_DIR

Exits 77 (skipped) when xarray or h5netcdf is missing.
"""
import csv
import pathlib
import subprocess
import sys

try:
    import xarray as xr
    import h5netcdf  # noqa: F401  (the engine xarray is asked for)
except ImportError as e:
    print(f"skipped: {e} (setup.sh installs python3-xarray and python3-h5netcdf)")
    sys.exit(77)

QPV, MONTH, CSV_MONTH, REPLICATE = "QN05923M", "2026-06-01", "2026-06", 1
qpvsim, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
work.mkdir(parents=True, exist_ok=True)
scenarios = source / "scenarios" / "valenciennes"
small = ["--replicates", "2", "--seed", "5", "--threads", "1"]


def qpvsim_run(*args):
    subprocess.run([qpvsim, *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def csv_rows(path, **match):
    with open(path, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == str(v) for k, v in match.items())]


def check(file, group, scenario, csv_dir):
    """The README's snippet on `group`, against the CSV export of the same file."""
    ds = xr.open_dataset(file, group=group, engine="h5netcdf")
    rate = ds["employment_rate"]
    assert rate.dims == ("replicate", "qpv", "month"), rate.dims
    assert str(ds["month"].dtype).startswith("datetime64"), ds["month"].dtype
    assert rate.attrs["units"] == "1" and rate.attrs["long_name"] == rate.attrs["label_fr"]
    value = float(rate.sel(qpv=QPV, month=MONTH, replicate=REPLICATE))
    rows = csv_rows(csv_dir / "indicators_by_replicate.csv", scenario=scenario,
                    replicate=REPLICATE, qpv_code=QPV, month=CSV_MONTH,
                    indicator="employment_rate")
    assert len(rows) == 1, rows
    assert value == float(rows[0]["value"]), (value, rows[0]["value"])
    mean = float(rate.sel(qpv=QPV, month=MONTH).mean("replicate"))
    rows = csv_rows(csv_dir / "indicators.csv", scenario=scenario, qpv_code=QPV,
                    month=CSV_MONTH, indicator="employment_rate")
    assert abs(mean - float(rows[0]["mean"])) <= 1e-12 * abs(mean), (mean, rows[0]["mean"])
    print(f"{file.name} {group}: employment_rate({QPV}, {MONTH}, replicate {REPLICATE}) = "
          f"{value!r}, as in the CSV export")
    ds.close()


run, comparison = work / "run.h5", work / "comparison.h5"
qpvsim_run("run", scenarios / "baseline.toml", "-o", run, *small)
qpvsim_run("compare", scenarios / "baseline.toml", scenarios / "transport_aid.toml",
           "-o", comparison, *small)
for f in (run, comparison):
    qpvsim_run("export", f, "--csv", work / (f.stem + "_csv"), "--all-replicates")

check(run, "indicators", "baseline", work / "run_csv")
check(comparison, "scenarios/transport_aid/indicators", "transport_aid", work / "comparison_csv")

# The comparison's own arrays: paired differences on the same axes, summaries on (qpv, month).
diff = xr.open_dataset(comparison, group="differences/transport_aid/employment_rate",
                       engine="h5netcdf")
assert diff["paired"].dims == ("replicate", "qpv", "month"), diff["paired"].dims
assert diff["mean"].dims == ("qpv", "month"), diff["mean"].dims
rows = csv_rows(work / "comparison_csv" / "differences.csv", scenario="transport_aid",
                qpv_code=QPV, month=CSV_MONTH, indicator="employment_rate")
mean = float(diff["mean"].sel(qpv=QPV, month=MONTH))
assert abs(mean - float(rows[0]["mean"])) <= 1e-12 * max(abs(mean), 1e-300), (mean, rows[0])
# /time keeps YYYYMM; counts and spending carry their own axes.
time = xr.open_dataset(run, group="time", engine="h5netcdf")
assert int(time["month"][0]) == 202401, time["month"].values[:3]
counts = xr.open_dataset(run, group="counts", engine="h5netcdf")
assert counts["employed_15_64"].dims == ("replicate", "qpv", "month")
employed = counts["employed_15_64"].attrs
assert employed["long_name"] == employed["label_fr"] == "actifs occupés de 15 à 64 ans", employed
spending = xr.open_dataset(run, group="spending", engine="h5netcdf")
assert spending["transport_aid"].dims == ("replicate", "qpv", "year")
assert int(spending["year"][0]) == 2024
print("ecosystem.xarray: ok")
