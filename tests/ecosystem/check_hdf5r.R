# ctest entry ecosystem.hdf5r: the read of check_xarray.py from R with Debian's r-cran-hdf5r.
# The files are the ones check_xarray.py wrote (run.h5 and its CSV export, in WORK_DIR): a value
# selected by QPV code and month (a date, from the CF `units` of the month axis) must be the value
# `qpvsim export` wrote. hdf5r gives arrays with R's axis order, the reverse of HDF5's.
#
#   Rscript check_hdf5r.R WORK_DIR
#
# Exits 77 (skipped) when hdf5r is missing or the files are not there.
args <- commandArgs(trailingOnly = TRUE)
work <- args[1]
if (!requireNamespace("hdf5r", quietly = TRUE)) {
  cat("skipped: hdf5r is not installed (setup.sh installs r-cran-hdf5r)\n")
  quit(status = 77)
}
run_file <- file.path(work, "run.h5")
csv_file <- file.path(work, "run_csv", "indicators_by_replicate.csv")
if (!file.exists(run_file) || !file.exists(csv_file)) {
  cat("skipped: run ecosystem.xarray first, it writes", run_file, "\n")
  quit(status = 77)
}
library(hdf5r)

f <- H5File$new(run_file, mode = "r")
rate <- f[["indicators/employment_rate"]]
qpv <- f[["indicators/qpv"]][]
origin <- sub("days since ", "", h5attr(f[["indicators/month"]], "units"))
month <- as.Date(f[["indicators/month"]][], origin = origin)
stopifnot(identical(rate$dims, c(length(month), length(qpv), f[["indicators/replicate"]]$dims)))
# The dimension scales attached to the array, in HDF5's order: replicate, qpv, month.
scales <- rate$attr_open("DIMENSION_LIST")$read()
names <- vapply(scales, function(r) r$dereference(obj = f)[[1]]$get_obj_name(), "")
stopifnot(identical(names, c("/indicators/replicate", "/indicators/qpv", "/indicators/month")))

replicate <- 1  # 0-based, as in the file and the CSV
value <- rate[month == as.Date("2026-06-01"), qpv == "QN05923M", replicate + 1]
rows <- read.csv(csv_file, stringsAsFactors = FALSE)
expected <- rows$value[rows$scenario == "baseline" & rows$replicate == replicate &
                       rows$qpv_code == "QN05923M" & rows$month == "2026-06" &
                       rows$indicator == "employment_rate"]
stopifnot(length(expected) == 1, identical(value, expected))
cat(sprintf("run.h5 indicators: employment_rate(QN05923M, 2026-06-01, replicate %d) = %.17g, as in the CSV export\n",
            replicate, value))
f$close_all()
cat("ecosystem.hdf5r: ok\n")
