// Rewrites a qpvsim HDF5 file through Hdf5Reader and Hdf5Sink with some objects changed: how the
// tests and the fuzz targets make files that are sound HDF5, sealed like any qpvsim file, but
// whose content is inconsistent (lengths that disagree, weights that are not finite...).
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_sink.hpp"

namespace qpv::test {

/// A group (no values) or a dataset of integers, doubles or strings, with its attributes.
struct H5Object {
  std::string path;
  io::Hdf5Reader::Content content = io::Hdf5Reader::Content::group;
  std::vector<std::size_t> shape;
  std::vector<std::int64_t> integers;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<io::Attribute> attributes;
};

/// The attributes with which libhdf5's dimension scales (H5DS) tie arrays to their axes: object
/// references, which the rewrite does not copy (the copy has no dimension scales).
inline bool is_dimension_scale_attribute(const std::string& name) {
  return name == "CLASS" || name == "NAME" || name == "REFERENCE_LIST" || name == "DIMENSION_LIST";
}

/// Every group and dataset of `h5` below `group`, depth first in name order.
inline void read_objects(const io::Hdf5Reader& h5, const std::string& group,
                         std::vector<H5Object>& out) {
  using Content = io::Hdf5Reader::Content;
  for (const std::string& name : h5.children(group)) {
    H5Object o;
    o.path = (group == "/" ? "" : group) + "/" + name;
    o.content = h5.content(o.path);
    for (const std::string& a : h5.attribute_names(o.path))
      if (!is_dimension_scale_attribute(a)) o.attributes.push_back({a, h5.attribute(o.path, a)});
    if (o.content == Content::integers) {
      auto a = h5.integers(o.path);
      o.shape = a.shape;
      o.integers = a.values;
    } else if (o.content == Content::doubles) {
      auto a = h5.doubles(o.path);
      o.shape = a.shape;
      o.doubles = a.values;
    } else if (o.content == Content::strings) {
      o.strings = h5.strings(o.path);
    }
    out.push_back(o);
    if (o.content == Content::group) read_objects(h5, o.path, out);
  }
}

/// Writes `objects` as a new file at `to`: groups get their attributes; a dataset whose shape
/// does not match its values is written flat (the sink checks shapes).
inline void write_objects(const std::vector<H5Object>& objects, const std::string& to) {
  using Content = io::Hdf5Reader::Content;
  io::Hdf5Sink sink(to, 1);
  for (const H5Object& o : objects) {
    if (o.content == Content::group) {
      for (const io::Attribute& a : o.attributes) sink.attribute(o.path, a);
    } else if (o.content == Content::integers) {
      sink.integers(o.path, o.shape, o.integers, o.attributes);
    } else if (o.content == Content::doubles) {
      sink.doubles(o.path, o.shape, o.doubles, o.attributes);
    } else if (o.content == Content::strings) {
      sink.strings(o.path, o.strings, o.attributes);
    }
  }
  sink.commit();
}

/// Copies the file `from` to `to`, letting `edit` change the objects first (change, erase, add).
inline void rewrite(const std::string& from, const std::string& to,
                    const std::function<void(std::vector<H5Object>&)>& edit) {
  std::vector<H5Object> objects;
  {
    const io::Hdf5Reader h5(from);
    for (const std::string& a : h5.attribute_names("/")) {
      if (objects.empty()) objects.push_back(H5Object{.path = "/"});
      objects.front().attributes.push_back({a, h5.attribute("/", a)});
    }
    read_objects(h5, "/", objects);
  }
  edit(objects);
  write_objects(objects, to);
}

/// The object at `path` in `objects`; throws std::invalid_argument if there is none.
inline H5Object& object(std::vector<H5Object>& objects, const std::string& path) {
  for (H5Object& o : objects)
    if (o.path == path) return o;
  throw std::invalid_argument("no object " + path);
}

}  // namespace qpv::test
