// The axes of a results file as netCDF-4 readers see them (ncdump, xarray with h5netcdf, R's
// hdf5r). A netCDF-4 file is an HDF5 file whose arrays name their axes with dimension scales
// (H5DS): a dimension is the 1-D dataset marked as its scale (its coordinate variable, named like
// the dimension), visible to the arrays of its own group and of the groups below it.
//
// xarray (2023) reads a dimension's coordinate values only from the group it opens, not from a
// parent, so every group that holds arrays gets the coordinate variables of its own axes
// (replicate; qpv, the codes with "ALL", and qpv_name; month as CF time; year), each a dimension
// scale, and every array there is attached to them: `xr.open_dataset(file, group="indicators",
// engine="h5netcdf")` then labels its axes with no other step. The arrays themselves are written
// exactly as before; qpvsim's readers name every dataset they read and never list a group, so the
// added coordinate variables change nothing for them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/io/result_sink.hpp"

namespace qpv::io {

/// What the coordinate variables of a results tree hold.
struct Axes {
  std::size_t replicates = 0;
  /// One per QPV and a last one for all of them ("ALL", "Ensemble des 15 QPV").
  std::vector<std::string> qpv_codes, qpv_names;
  Date origin;               ///< months are counted in days since this date (the run's start)
  std::vector<Date> months;  ///< the first day of every recorded month
  std::vector<std::int64_t> years;
};

/// The axes of a run or comparison: `months` counted in days from `start` (an ISO date; the first
/// month when `start` is not one, as in a file read back from elsewhere), `years` calendar years
/// from `first_year`.
Axes make_axes(std::size_t replicates, std::vector<std::string> qpv_codes,
               std::vector<std::string> qpv_names, std::vector<Date> months,
               const std::string& start, std::size_t years, int first_year);

/// The coordinate variables a group may need. `qpv` and `each_qpv` are both the dimension "qpv":
/// with the last row for all QPVs, or without it (events are counted per QPV only).
enum class Axis : std::uint8_t { replicate, qpv, each_qpv, month, year };

/// Writes the coordinate variables of `axes` into `group`, each a dimension scale with `units`
/// and `long_name`: replicate (0..n-1), qpv (codes) with qpv_name (French names, on the qpv
/// axis), month (days since axes.origin, CF calendar "standard"), year (calendar years).
void write_coordinates(ResultSink& sink, const std::string& group, const Axes& axes,
                       std::initializer_list<Axis> which);

/// Writes `prefix`/time/month (YYYYMM, as results files always held it) and `prefix`/time/year,
/// each the coordinate variable of its own axis: the month axis of /time is labelled by YYYYMM,
/// that of the data groups by dates.
void write_time(ResultSink& sink, const std::string& prefix, const Axes& axes);

/// Attaches the dataset at `path` to the coordinate variables `dims` of its own group, one per
/// axis in order ({"replicate", "qpv", "month"}).
void attach(ResultSink& sink, const std::string& path, const std::vector<std::string_view>& dims);

/// Completes the dataset at `path`, already written: netCDF's attributes (`units`, udunits(unit),
/// unless `unit` is empty; `long_name`) and its axes, the coordinate variables `dims` of its
/// group as attach() takes them.
void describe(ResultSink& sink, const std::string& path, std::string_view unit,
              const std::string& long_name, const std::vector<std::string_view>& dims);

/// Writes a coordinate variable 0..n-1 at `path` (particles, draws...), units "1".
void write_index_coordinate(ResultSink& sink, const std::string& path, std::size_t n,
                            const std::string& long_name);

/// Marks the 1-D dataset at `path` as the coordinate variable of its own axis, the dimension
/// named after its last path component (/posterior/parameter: the dimension "parameter").
void make_coordinate(ResultSink& sink, const std::string& path);

/// `unit` as UDUNITS spells it, for the netCDF attribute `units`: "1" for shares and counts
/// (persons, households, places...), "1/month" for counts per month; units UDUNITS has no
/// spelling for (cents, euros) are returned as they are.
std::string udunits(std::string_view unit);

/// The netCDF attributes of a variable: units (udunits(unit)) and long_name.
std::vector<Attribute> cf_attributes(std::string_view unit, std::string long_name);

/// `attrs` followed by cf_attributes(unit, long_name).
std::vector<Attribute> with_cf(std::vector<Attribute> attrs, std::string_view unit,
                               std::string long_name);

}  // namespace qpv::io
