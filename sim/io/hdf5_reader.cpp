#include "sim/io/hdf5_reader.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <type_traits>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/io/hdf5_common.hpp"
#include "sim/io/hdf5_integrity.hpp"

namespace qpv::io {
namespace {

using hdf5::Handle;
using hdf5::normalize;

static_assert(std::is_same_v<hid_t, std::int64_t>, "the header stores hid_t as std::int64_t");

/// Error context for one object of the file.
struct Where {
  const std::filesystem::path& file;
  std::string path;

  [[noreturn]] void fail(const std::string& what) const { hdf5::fail("reading", file, path, what); }
  Handle check(hid_t id, Handle::Closer close, const char* what) const {
    if (id < 0) fail(what);
    return Handle(id, close);
  }
  void check(herr_t status, const char* what) const {
    if (status < 0) fail(what);
  }
};

std::vector<std::size_t> shape_of(const Where& w, hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) w.fail("cannot read dataspace");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) {
    w.check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "cannot read shape");
  }
  return {dims.begin(), dims.end()};
}

/// The number of values of a dataset or attribute, refused above kMaxValues before anything is
/// allocated for them.
std::size_t point_count(const Where& w, hid_t space) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) w.fail("cannot read dataspace");
  if (static_cast<std::size_t>(n) > Hdf5Reader::kMaxValues)
    w.fail("declares " + std::to_string(n) + " values, more than the " +
           std::to_string(Hdf5Reader::kMaxValues) + " a qpvsim file holds in one dataset");
  return static_cast<std::size_t>(n);
}

template <class T>
void read_numeric(const Where& w, hid_t file, hid_t mem_type, bool integers_only,
                  std::vector<std::size_t>& shape, std::vector<T>& values) {
  Handle dataset =
      w.check(H5Dopen2(file, w.path.c_str(), H5P_DEFAULT), H5Dclose, "cannot open dataset");
  Handle type = w.check(H5Dget_type(dataset.get()), H5Tclose, "cannot read datatype");
  const H5T_class_t cls = H5Tget_class(type.get());
  if (integers_only && cls != H5T_INTEGER) w.fail("not an integer dataset");
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) w.fail("not a numeric dataset");
  Handle space = w.check(H5Dget_space(dataset.get()), H5Sclose, "cannot read dataspace");
  shape = shape_of(w, space.get());
  values.resize(point_count(w, space.get()));
  if (!values.empty()) {
    w.check(H5Dread(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            "cannot read dataset");
  }
}

/// Reads `count` strings of `file_type` (variable- or fixed-length) through `read`, which is
/// H5Dread or H5Aread bound to the object; `space` is its dataspace, needed to free the buffers.
std::vector<std::string> read_strings(const Where& w, hid_t file_type, hid_t space,
                                      std::size_t count,
                                      const std::function<herr_t(hid_t, void*)>& read) {
  if (H5Tget_class(file_type) != H5T_STRING) w.fail("not a string dataset or attribute");
  const htri_t variable = H5Tis_variable_str(file_type);
  const std::size_t size = H5Tget_size(file_type);
  const H5T_cset_t cset = H5Tget_cset(file_type);
  const H5T_str_t pad = H5Tget_strpad(file_type);
  if (variable < 0 || size == 0 || cset < 0 || pad < 0) w.fail("cannot read string type");

  Handle mem = w.check(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
  w.check(H5Tset_size(mem.get(), variable > 0 ? H5T_VARIABLE : size), "cannot set string size");
  w.check(H5Tset_cset(mem.get(), cset), "cannot set string encoding");

  std::vector<std::string> out;
  out.reserve(count);
  if (variable > 0) {
    std::vector<char*> buf(count, nullptr);
    // HDF5 allocates each string; free them even if the read fails halfway or copying throws.
    struct Reclaim {
      hid_t type, space;
      void* buf;
      ~Reclaim() {
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(type, space, H5P_DEFAULT, buf);
#else
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, buf);
#endif
      }
    } reclaim{mem.get(), space, buf.data()};
    w.check(read(mem.get(), buf.data()), "cannot read strings");
    for (const char* s : buf) out.emplace_back(s != nullptr ? s : "");
  } else {
    w.check(H5Tset_strpad(mem.get(), pad), "cannot set string padding");
    std::vector<char> buf(size * count);
    w.check(read(mem.get(), buf.data()), "cannot read strings");
    for (std::size_t i = 0; i < count; ++i) {
      const char* s = buf.data() + i * size;
      std::string str(s, strnlen(s, size));
      if (pad == H5T_STR_SPACEPAD) str.erase(str.find_last_not_of(' ') + 1);
      out.push_back(std::move(str));
    }
  }
  return out;
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  try {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  } catch (...) {  // exceptions must not cross HDF5's C frames
    return -1;
  }
}

}  // namespace

Hdf5Reader::Hdf5Reader(const std::filesystem::path& file) : file_path_(file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr noise
  hdf5::verify(file);                           // before libhdf5 parses it (hdf5_integrity.hpp)
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(file.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(file.c_str());
#endif
  if (is_hdf5 < 0) hdf5::fail("reading", file_path_, "", "cannot open");
  if (is_hdf5 == 0)
    hdf5::fail("reading", file_path_, "", "not an HDF5 file (expected a qpvsim results file)");
  file_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) hdf5::fail("reading", file_path_, "", "cannot open");
}

Hdf5Reader::~Hdf5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

bool Hdf5Reader::exists(const std::string& path) const {
  const std::string p = normalize(path);
  if (p == "/") return true;
  // One component at a time: H5Lexists fails, rather than returning false, below a missing link.
  for (std::size_t slash = p.find('/', 1);; slash = p.find('/', slash + 1)) {
    if (H5Lexists(file_, p.substr(0, slash).c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) break;
  }
  return H5Oexists_by_name(file_, p.c_str(), H5P_DEFAULT) > 0;  // false for dangling links
}

std::string Hdf5Reader::require(const std::string& path) const {
  std::string p = normalize(path);
  if (!exists(p)) hdf5::fail("reading", file_path_, p, "no such group or dataset");
  return p;
}

std::vector<std::string> Hdf5Reader::children(const std::string& group) const {
  const Where w{file_path_, require(group)};
  Handle obj = w.check(H5Oopen(file_, w.path.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
  if (H5Iget_type(obj.get()) != H5I_GROUP) w.fail("not a group");
  std::vector<std::string> names;
  w.check(H5Literate(obj.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names),
          "cannot list group");
  std::sort(names.begin(), names.end());  // byte order, whatever order the index used
  return names;
}

Hdf5Reader::DoubleArray Hdf5Reader::doubles(const std::string& path) const {
  DoubleArray out;
  read_numeric(Where{file_path_, require(path)}, file_, H5T_NATIVE_DOUBLE, false, out.shape,
               out.values);
  return out;
}

Hdf5Reader::IntegerArray Hdf5Reader::integers(const std::string& path) const {
  IntegerArray out;
  read_numeric(Where{file_path_, require(path)}, file_, H5T_NATIVE_INT64, true, out.shape,
               out.values);
  return out;
}

std::vector<std::size_t> Hdf5Reader::shape(const std::string& path) const {
  const Where w{file_path_, require(path)};
  Handle dataset =
      w.check(H5Dopen2(file_, w.path.c_str(), H5P_DEFAULT), H5Dclose, "cannot open dataset");
  Handle space = w.check(H5Dget_space(dataset.get()), H5Sclose, "cannot read dataspace");
  return shape_of(w, space.get());
}

std::vector<std::string> Hdf5Reader::strings(const std::string& path) const {
  const Where w{file_path_, require(path)};
  Handle dataset =
      w.check(H5Dopen2(file_, w.path.c_str(), H5P_DEFAULT), H5Dclose, "cannot open dataset");
  Handle type = w.check(H5Dget_type(dataset.get()), H5Tclose, "cannot read datatype");
  Handle space = w.check(H5Dget_space(dataset.get()), H5Sclose, "cannot read dataspace");
  const std::size_t count = point_count(w, space.get());
  if (count == 0) return {};
  return read_strings(w, type.get(), space.get(), count, [&](hid_t mem, void* buf) {
    return H5Dread(dataset.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
  });
}

Hdf5Reader::Content Hdf5Reader::content(const std::string& path) const {
  const Where w{file_path_, require(path)};
  Handle obj = w.check(H5Oopen(file_, w.path.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
  if (H5Iget_type(obj.get()) == H5I_GROUP) return Content::group;
  if (H5Iget_type(obj.get()) != H5I_DATASET) return Content::other;
  Handle type = w.check(H5Dget_type(obj.get()), H5Tclose, "cannot read datatype");
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER:
      return Content::integers;
    case H5T_FLOAT:
      return Content::doubles;
    case H5T_STRING:
      return Content::strings;
    default:
      return Content::other;
  }
}

std::vector<std::string> Hdf5Reader::attribute_names(const std::string& object_path) const {
  const Where w{file_path_, require(object_path)};
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
    try {
      static_cast<std::vector<std::string>*>(out)->emplace_back(name);
      return 0;
    } catch (...) {  // exceptions must not cross HDF5's C frames
      return -1;
    }
  };
  w.check(H5Aiterate_by_name(file_, w.path.c_str(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect,
                             &names, H5P_DEFAULT),
          "cannot list attributes");
  std::sort(names.begin(), names.end());
  return names;
}

bool Hdf5Reader::has_attribute(const std::string& object_path, const std::string& name) const {
  const Where w{file_path_, require(object_path)};
  const htri_t found = H5Aexists_by_name(file_, w.path.c_str(), name.c_str(), H5P_DEFAULT);
  if (found < 0) w.fail("cannot query attribute '" + name + "'");
  return found > 0;
}

AttributeValue Hdf5Reader::attribute(const std::string& object_path,
                                     const std::string& name) const {
  if (!has_attribute(object_path, name)) {
    hdf5::fail("reading", file_path_, normalize(object_path), "no attribute '" + name + "'");
  }
  const Where w{file_path_, normalize(object_path)};
  const std::string what = "attribute '" + name + "'";
  const hid_t id = H5Aopen_by_name(file_, w.path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) w.fail("cannot open " + what);
  Handle attr(id, H5Aclose);
  Handle type = w.check(H5Aget_type(attr.get()), H5Tclose, "cannot read attribute type");
  Handle space = w.check(H5Aget_space(attr.get()), H5Sclose, "cannot read attribute dataspace");
  if (point_count(w, space.get()) != 1) w.fail(what + " is not a scalar");

  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER: {
      std::int64_t value = 0;
      if (H5Aread(attr.get(), H5T_NATIVE_INT64, &value) < 0) w.fail("cannot read " + what);
      return value;
    }
    case H5T_FLOAT: {
      double value = 0;
      if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) w.fail("cannot read " + what);
      return value;
    }
    case H5T_STRING: {
      auto read = [&](hid_t mem, void* buf) { return H5Aread(attr.get(), mem, buf); };
      return read_strings(w, type.get(), space.get(), 1, read).front();
    }
    default:
      w.fail(what + " has an unsupported type");
  }
}

std::string text_attribute(const Hdf5Reader& h5, const std::string& object,
                           const std::string& name) {
  const AttributeValue value = h5.attribute(object, name);
  const auto* text = std::get_if<std::string>(&value);
  return text != nullptr ? *text : std::string();
}

void fail_reading(const Hdf5Reader& h5, const std::string& path, const std::string& what) {
  throw ReadError("reading '" + h5.path().string() + "', '" + hdf5::normalize(path) + "': " + what);
}

void require_shape(const Hdf5Reader& h5, const std::string& path,
                   const std::vector<std::size_t>& found, const std::vector<std::size_t>& expected,
                   const std::string& because) {
  if (found == expected) return;
  auto text = [](const std::vector<std::size_t>& shape) {
    std::string out;
    for (std::size_t d : shape) out += (out.empty() ? "" : " x ") + std::to_string(d);
    return "[" + out + "]";
  };
  fail_reading(
      h5, path,
      "has shape " + text(found) + " where " + text(expected) + " was expected (" + because + ")");
}

std::string file_kind(const Hdf5Reader& h5) {
  if (!h5.exists("/meta") || !h5.has_attribute("/meta", "kind")) return {};
  return text_attribute(h5, "/meta", "kind");
}

std::string file_kind(const std::filesystem::path& path) {
  try {
    return file_kind(Hdf5Reader(path));
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace qpv::io
