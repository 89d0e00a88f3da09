// The HDF5 ResultSink (HDF5 C API). The file is built in memory; commit() seals it (its
// integrity block, hdf5_integrity.hpp), writes it to "<final>.tmp-<pid>" next to the final file
// and renames that over the final path, so a reader sees either the previous file or the
// complete new one, never a partial one. Without commit() the temporary is deleted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/io/result_sink.hpp"

namespace qpv::io {

/// Writes results to an HDF5 file. Paths are '/'-separated ("/indicators/population"; a missing
/// leading '/' is implied) and groups along them are created on demand. Writing a dataset over
/// an existing dataset replaces it. Any failure throws qpv::OutputError naming the file and the
/// path. Not thread-safe (nor is serial HDF5): write from one thread (it compresses on others).
class Hdf5Sink final : public ResultSink {
 public:
  /// Creates (truncating) the temporary file next to `final_path`, whose directory must exist.
  /// Large datasets are compressed on `threads` threads (0: every core); the file does not
  /// depend on it.
  explicit Hdf5Sink(std::filesystem::path final_path, int threads = 0);
  /// If not committed, closes and deletes the temporary file; never throws.
  ~Hdf5Sink() override;

  Hdf5Sink(const Hdf5Sink&) = delete;
  Hdf5Sink& operator=(const Hdf5Sink&) = delete;

  /// Writes a scalar attribute on `group` (created if needed; may also be a dataset), replacing
  /// an attribute of the same name. Strings are stored as variable-length UTF-8.
  void attribute(const std::string& group, const Attribute& attr) override;
  /// Row-major n-D float64 dataset; above 4096 elements it is chunked, shuffled and deflated
  /// (chunks of up to 1 MB, compressed in parallel).
  void doubles(const std::string& path, const std::vector<std::size_t>& shape,
               const std::vector<double>& values,
               const std::vector<Attribute>& attrs = {}) override;
  /// Row-major n-D int64 dataset; compressed like doubles().
  void integers(const std::string& path, const std::vector<std::size_t>& shape,
                const std::vector<std::int64_t>& values,
                const std::vector<Attribute>& attrs = {}) override;
  /// 1-D dataset of variable-length UTF-8 strings.
  void strings(const std::string& path, const std::vector<std::string>& values,
               const std::vector<Attribute>& attrs = {}) override;
  /// Makes the 1-D dataset at `path` a dimension scale named after its last path component
  /// (H5DSset_scale).
  void scale(const std::string& path) override;
  /// Attaches the dimension scales `scales` to the dataset's axes in order (H5DSattach_scale,
  /// which writes its DIMENSION_LIST attribute and the scales' REFERENCE_LIST).
  void dimensions(const std::string& path, const std::vector<std::string>& scales) override;
  /// Flushes and closes the temporary file, writes its integrity block (a checksum that readers
  /// verify, hdf5_integrity.hpp), then renames it to the final path (replacing any
  /// existing file). The sink accepts no more writes afterwards.
  void commit() override;

  /// Where the results appear after commit().
  const std::filesystem::path& final_path() const { return final_path_; }
  /// Where they are written until then.
  const std::filesystem::path& temp_path() const { return temp_path_; }

 private:
  /// The open file id, or throws if the sink was already committed.
  std::int64_t file(const std::string& path) const;
  void write_numeric(const std::string& path, const std::vector<std::size_t>& shape,
                     std::size_t count, const void* data, bool is_double,
                     const std::vector<Attribute>& attrs);

  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  int threads_ = 0;
  std::int64_t file_ = -1;  // an hid_t; spelled int64_t so this header does not need <hdf5.h>
  bool committed_ = false;
};

}  // namespace qpv::io
