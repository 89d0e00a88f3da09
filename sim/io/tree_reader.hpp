// Internal to results_io.cpp: reads a results tree (the whole file, or one scenario's tree of a
// comparison file) and turns every missing or malformed piece into an InputError naming the file.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace qpv::io {

/// Reads a results tree, turning every missing or malformed piece into an InputError that names
/// the file: the user gave a file that is not (or not wholly) a qpvsim results file.
class TreeReader {
 public:
  TreeReader(const Hdf5Reader& h5, std::string prefix) : h5_(h5), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw InputError(Origin{h5_.path().string()}, prefix_ + path,
                     what + " (expected a results file written by qpvsim run or compare)");
  }
  std::string path(const std::string& p) const { return prefix_ + p; }
  bool exists(const std::string& p) const { return h5_.exists(path(p)); }
  void require(const std::string& p) const {
    if (!h5_.exists(path(p))) fail(p, "missing");
  }
  std::vector<std::string> strings(const std::string& p) const {
    require(p);
    return h5_.strings(path(p));
  }
  std::vector<std::string> strings_or_empty(const std::string& p) const {
    return h5_.exists(path(p)) ? h5_.strings(path(p)) : std::vector<std::string>{};
  }
  Hdf5Reader::IntegerArray integers(const std::string& p) const {
    require(p);
    return h5_.integers(path(p));
  }
  Hdf5Reader::DoubleArray doubles(const std::string& p) const {
    require(p);
    return h5_.doubles(path(p));
  }
  std::vector<std::size_t> shape(const std::string& p) const {
    require(p);
    return h5_.shape(path(p));
  }
  template <class T>
  T attribute(const std::string& object, const std::string& name) const {
    require(object);
    if (!h5_.has_attribute(path(object), name)) fail(object, "attribute '" + name + "' missing");
    const auto v = h5_.attribute(path(object), name);
    if (const T* x = std::get_if<T>(&v)) return *x;
    fail(object, "attribute '" + name + "' has the wrong type");
  }
  std::string string_or(const std::string& object, const std::string& name,
                        const std::string& fallback) const {
    if (!h5_.exists(path(object)) || !h5_.has_attribute(path(object), name)) return fallback;
    const auto v = h5_.attribute(path(object), name);
    const auto* x = std::get_if<std::string>(&v);
    return x ? *x : fallback;
  }

 private:
  const Hdf5Reader& h5_;
  std::string prefix_;
};

}  // namespace qpv::io
