// Reads back HDF5 result files (those written by Hdf5Sink, or any with the same kinds of
// content): groups, numeric and string datasets, scalar attributes. Used by tests and tools.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/io/result_sink.hpp"

namespace qpv::io {

/// A read-only view of an HDF5 file. Paths are '/'-separated, a missing leading '/' is implied.
/// Every failure, including a missing path, throws qpv::ReadError naming the file and path.
/// Not thread-safe (nor is serial HDF5).
class Hdf5Reader {
 public:
  /// A row-major numeric array; shape is empty for a scalar dataset.
  struct DoubleArray {
    std::vector<std::size_t> shape;
    std::vector<double> values;
  };
  /// Same as DoubleArray, for integer datasets.
  struct IntegerArray {
    std::vector<std::size_t> shape;
    std::vector<std::int64_t> values;
  };

  /// Most values one dataset may hold: 2^25 (256 MiB of float64). The largest qpvsim writes is
  /// an indicator of a 10,000-replicate run, 10,000 x 16 QPV x 84 months = 13.4 million values;
  /// a damaged dataspace declaring more is refused before anything is allocated for it.
  static constexpr std::size_t kMaxValues = std::size_t{1} << 25;

  /// Opens `file` read-only; throws ReadError if it does not exist, is not an HDF5 file, or its
  /// integrity block (hdf5_integrity.hpp) does not match its content.
  explicit Hdf5Reader(const std::filesystem::path& file);
  ~Hdf5Reader();

  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  /// True if `path` names a group or dataset ("/" always exists).
  bool exists(const std::string& path) const;
  /// Names (not paths) of the group's members, sorted.
  std::vector<std::string> children(const std::string& group) const;
  /// Any integer or float dataset, converted to double.
  DoubleArray doubles(const std::string& path) const;
  /// An integer dataset; float datasets are refused rather than silently truncated.
  IntegerArray integers(const std::string& path) const;
  /// The shape of a dataset, without reading its values.
  std::vector<std::size_t> shape(const std::string& path) const;
  /// A dataset of strings (variable- or fixed-length), flattened.
  std::vector<std::string> strings(const std::string& path) const;
  /// A scalar attribute of a group or dataset: int64 for integer types, double for floats,
  /// std::string for strings.
  AttributeValue attribute(const std::string& object_path, const std::string& name) const;
  /// What a path holds.
  enum class Content { group, integers, doubles, strings, other };
  Content content(const std::string& path) const;
  /// Names of the object's attributes, sorted.
  std::vector<std::string> attribute_names(const std::string& object_path) const;
  /// True if the object has the attribute; the object itself must exist.
  bool has_attribute(const std::string& object_path, const std::string& name) const;

  const std::filesystem::path& path() const { return file_path_; }

 private:
  /// Throws unless `path` exists; returns it normalized.
  std::string require(const std::string& path) const;

  std::filesystem::path file_path_;
  std::int64_t file_ = -1;  // an hid_t; spelled int64_t so this header does not need <hdf5.h>
};

/// A string attribute of a group or dataset, or "" if it holds a number. Throws like
/// Hdf5Reader::attribute if it is missing.
std::string text_attribute(const Hdf5Reader& h5, const std::string& object,
                           const std::string& name);

/// The `kind` attribute of /meta that says what a qpvsim file is ("posterior", "comparison",
/// "sensitivity"...), or "" if /meta has none or it is not a string.
std::string file_kind(const Hdf5Reader& h5);
/// The same for the file at `path`; "" too if it cannot be opened as an HDF5 file.
std::string file_kind(const std::filesystem::path& path);

/// Throws ReadError "reading '<file>', '<path>': <what>": the file says something a qpvsim file
/// cannot (a length that disagrees with another, a value out of range).
[[noreturn]] void fail_reading(const Hdf5Reader& h5, const std::string& path,
                               const std::string& what);

/// Throws ReadError naming the file and `path` unless `found` (a dataset's shape) is `expected`;
/// `because` says what the expected shape follows from ("one value per particle").
void require_shape(const Hdf5Reader& h5, const std::string& path,
                   const std::vector<std::size_t>& found, const std::vector<std::size_t>& expected,
                   const std::string& because);

/// Sets one field of every record from a column read back, the inverse of column()
/// (result_sink.hpp): `field` is a member pointer or a function set(row, value). `values` holds
/// at least one value per row.
template <class Row, class Values, class Field>
void fill_column(std::vector<Row>& rows, const Values& values, Field field) {
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if constexpr (std::is_member_object_pointer_v<Field>)
      rows[k].*field = values[k];
    else
      field(rows[k], values[k]);
  }
}

}  // namespace qpv::io
