// Where results go. Every results file (run, comparison, calibration, sensitivity) is written
// through this interface; the HDF5 writer (sim/io/hdf5_sink) is one implementation, MemorySink
// (tests) another.
//
// The layout is a tree of groups addressed by '/'-separated paths ("/indicators/population"),
// holding n-dimensional numeric datasets, string datasets and scalar attributes: the common
// ground of HDF5, h5py and what a test wants to inspect. Nothing is visible to a reader until
// commit() succeeds; a sink destroyed without commit() leaves nothing behind.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace qpv::io {

using AttributeValue = std::variant<std::int64_t, double, std::string>;

struct Attribute {
  std::string name;
  AttributeValue value;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;

  /// An attribute on a group (created if needed), e.g. ("/meta", {"seed", 42}).
  virtual void attribute(const std::string& group, const Attribute& attr) = 0;
  /// A row-major array of doubles with the given shape, and its attributes (label_fr, unit...).
  virtual void doubles(const std::string& path, const std::vector<std::size_t>& shape,
                       const std::vector<double>& values,
                       const std::vector<Attribute>& attrs = {}) = 0;
  /// A row-major array of 64-bit integers (counts, cents, YYYYMM months).
  virtual void integers(const std::string& path, const std::vector<std::size_t>& shape,
                        const std::vector<std::int64_t>& values,
                        const std::vector<Attribute>& attrs = {}) = 0;
  /// A 1-D array of UTF-8 strings (a single string is a one-element array).
  virtual void strings(const std::string& path, const std::vector<std::string>& values,
                       const std::vector<Attribute>& attrs = {}) = 0;
  /// Makes the 1-D dataset at `path` a dimension scale: the coordinate variable of the axis
  /// named after the path's last component, as netCDF-4 readers see it (netcdf_axes.hpp).
  virtual void scale(const std::string& path) = 0;
  /// Names the axes of the dataset at `path`: `scales` holds one dimension scale's path per
  /// axis, in order. Both must have been written.
  virtual void dimensions(const std::string& path, const std::vector<std::string>& scales) = 0;
  /// Makes everything written visible atomically. Throws qpv::OutputError on failure.
  virtual void commit() = 0;
};

/// The values `field` takes over `rows`, in order: one column of a table of records, as a
/// results file stores a table (one dataset per field). `field` is a member pointer or a
/// function of a row.
template <class Row, class Field>
auto column(const std::vector<Row>& rows, Field field) {
  std::vector<std::decay_t<std::invoke_result_t<Field, const Row&>>> values;
  values.reserve(rows.size());
  for (const Row& row : rows) values.push_back(std::invoke(field, row));
  return values;
}

}  // namespace qpv::io
