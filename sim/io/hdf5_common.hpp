// Internal helpers shared by the HDF5 writer and reader (not part of the io API): an owning
// handle for HDF5 ids, errors that name the file and object, and path normalisation.
#pragma once

#include <hdf5.h>

#include <filesystem>
#include <string>
#include <utility>

namespace qpv::io::hdf5 {

/// Owns an HDF5 id and closes it with the matching H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&&) = delete;
  Handle(const Handle&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  Closer close_;
};

/// Throws qpv::OutputError (qpv::ReadError if `context` is "reading") "<context> '<file>', '<path>': <what> (<HDF5's innermost message>)".
/// Must run right after the failing call, before another HDF5 call clears the error stack.
[[noreturn]] void fail(const std::string& context, const std::filesystem::path& file,
                       const std::string& path, const std::string& what);

/// "a//b/" -> "/a/b"; the root is "/".
std::string normalize(const std::string& path);

}  // namespace qpv::io::hdf5
