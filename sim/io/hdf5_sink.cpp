#include "sim/io/hdf5_sink.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <type_traits>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/io/files.hpp"
#include "sim/io/hdf5_common.hpp"
#include "sim/io/hdf5_integrity.hpp"

namespace qpv::io {
namespace {

using hdf5::Handle;
using hdf5::normalize;

static_assert(std::is_same_v<hid_t, std::int64_t>, "the header stores hid_t as std::int64_t");

// Datasets larger than this are chunked and compressed; smaller ones gain nothing from it.
constexpr std::size_t kCompressAbove = 4096;
constexpr std::size_t kMaxChunkBytes = 1 << 20;
// Level 1: a 200-replicate results file is 2.5 % larger than at level 4 and written a quarter
// faster (measured: 1.4 s against 1.8 s for the Valenciennes baseline).
constexpr unsigned kDeflateLevel = 1;
// Chunks filtered in parallel before being written in order, this many at a time (bounds the
// memory held by filtered chunks to about this many MB).
constexpr std::size_t kChunksPerBatch = 32;
// The in-memory file grows by this many bytes at a time (fewer copies of a large file).
constexpr std::size_t kMemoryIncrement = std::size_t{8} << 20;
// Chunks are filtered here and written as they are (H5Dwrite_chunk, which skips type
// conversion): the file's types are little-endian, so the memory's must be too.
static_assert(std::endian::native == std::endian::little, "chunks are written in memory order");
// Bytes per value of a numeric dataset: float64 and int64 alike.
constexpr std::size_t kElem = 8;
static_assert(sizeof(double) == kElem && sizeof(std::int64_t) == kElem);

class Writer {
 public:
  Writer(const std::filesystem::path& file_name, hid_t file, std::string path)
      : file_name_(file_name), file_(file), path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& what) const {
    hdf5::fail("HDF5 output", file_name_, path_, what);
  }

  /// Wraps a newly returned id, throwing if the call failed.
  Handle check(hid_t id, Handle::Closer close, const char* what) const {
    if (id < 0) fail(what);
    return Handle(id, close);
  }
  void check(herr_t status, const char* what) const {
    if (status < 0) fail(what);
  }

  /// Link creation properties: UTF-8 names, missing parent groups created.
  Handle link_props() const {
    Handle lcpl = check(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "cannot create property list");
    check(H5Pset_create_intermediate_group(lcpl.get(), 1), "cannot set link properties");
    check(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "cannot set link properties");
    return lcpl;
  }

  Handle utf8_string_type() const {
    Handle type = check(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
    check(H5Tset_size(type.get(), H5T_VARIABLE), "cannot create string type");
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot create string type");
    return type;
  }

  /// True if the path exists. Checks one component at a time, because H5Lexists fails rather
  /// than returning false below a missing link, and so that a dataset in the way of a group gets
  /// a clear message instead of HDF5's "message type not found".
  bool exists() const {
    for (std::size_t slash = path_.find('/', 1);; slash = path_.find('/', slash + 1)) {
      const std::string prefix = path_.substr(0, slash);
      if (prefix.size() > 1 && H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
      if (slash == std::string::npos) return true;
      Handle obj = check(H5Oopen(file_, prefix.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
      if (H5Iget_type(obj.get()) != H5I_GROUP) fail("'" + prefix + "' is not a group");
    }
  }

  /// The group (or dataset) at the path, creating groups as needed.
  Handle open_or_create_group() const {
    if (exists()) {
      return check(H5Oopen(file_, path_.c_str(), H5P_DEFAULT), H5Oclose, "cannot open object");
    }
    Handle lcpl = link_props();
    return check(H5Gcreate2(file_, path_.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                 "cannot create group");
  }

  /// Makes room for a new dataset: an existing dataset is unlinked, anything else is an error.
  void remove_existing_dataset() const {
    if (path_ == "/") fail("the root group cannot be a dataset");
    if (!exists()) return;
    {
      Handle obj = check(H5Oopen(file_, path_.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
      if (H5Iget_type(obj.get()) != H5I_DATASET) fail("exists and is not a dataset");
    }
    check(H5Ldelete(file_, path_.c_str(), H5P_DEFAULT), "cannot replace existing dataset");
  }

  /// The existing dataset at the path.
  Handle open_dataset() const {
    if (!exists()) fail("no such dataset");
    Handle obj = check(H5Oopen(file_, path_.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
    if (H5Iget_type(obj.get()) != H5I_DATASET) fail("is not a dataset");
    return obj;
  }

  Handle create_dataset(hid_t type, hid_t space, hid_t dcpl) const {
    remove_existing_dataset();
    Handle lcpl = link_props();
    return check(H5Dcreate2(file_, path_.c_str(), type, space, lcpl.get(), dcpl, H5P_DEFAULT),
                 H5Dclose, "cannot create dataset");
  }

  void write_attribute(hid_t obj, const Attribute& attr) const {
    const std::string what = "attribute '" + attr.name + "'";
    if (attr.name.empty()) fail("attribute name is empty");
    const htri_t exists = H5Aexists(obj, attr.name.c_str());
    if (exists < 0) fail("cannot query " + what);
    if (exists > 0 && H5Adelete(obj, attr.name.c_str()) < 0) fail("cannot replace " + what);

    Handle space = check(H5Screate(H5S_SCALAR), H5Sclose, "cannot create dataspace");
    Handle acpl = check(H5Pcreate(H5P_ATTRIBUTE_CREATE), H5Pclose, "cannot create properties");
    check(H5Pset_char_encoding(acpl.get(), H5T_CSET_UTF8), "cannot set attribute properties");
    auto create = [&](hid_t file_type) {
      const hid_t id =
          H5Acreate2(obj, attr.name.c_str(), file_type, space.get(), acpl.get(), H5P_DEFAULT);
      if (id < 0) fail("cannot create " + what);
      return Handle(id, H5Aclose);
    };
    herr_t status = 0;
    if (const auto* i = std::get_if<std::int64_t>(&attr.value)) {
      status = H5Awrite(create(H5T_STD_I64LE).get(), H5T_NATIVE_INT64, i);
    } else if (const auto* d = std::get_if<double>(&attr.value)) {
      status = H5Awrite(create(H5T_IEEE_F64LE).get(), H5T_NATIVE_DOUBLE, d);
    } else {
      Handle type = utf8_string_type();
      const char* text = std::get<std::string>(attr.value).c_str();
      status = H5Awrite(create(type.get()).get(), type.get(), &text);
    }
    if (status < 0) fail("cannot write " + what);
  }

  void write_attributes(hid_t obj, const std::vector<Attribute>& attrs) const {
    for (const auto& attr : attrs) write_attribute(obj, attr);
  }

 private:
  const std::filesystem::path& file_name_;
  hid_t file_;
  std::string path_;
};

bool deflate_available() {
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) return false;
  unsigned config = 0;
  return H5Zget_filter_info(H5Z_FILTER_DEFLATE, &config) >= 0 &&
         (config & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0;
}

/// The whole dataset, with leading dimensions shrunk until a chunk fits in kMaxChunkBytes
/// (a dimension only shrinks once all the ones before it are down to 1).
std::vector<hsize_t> chunk_shape(const std::vector<std::size_t>& shape, std::size_t elem_size) {
  std::vector<hsize_t> chunk(shape.begin(), shape.end());
  const std::size_t budget = kMaxChunkBytes / elem_size;  // in elements
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    std::size_t inner = 1;
    for (std::size_t j = i + 1; j < chunk.size(); ++j) inner *= chunk[j];
    if (chunk[i] * inner <= budget) break;
    chunk[i] = std::max<std::size_t>(1, budget / inner);
  }
  return chunk;
}

/// One chunk as the dataset's filter pipeline (shuffle, then deflate) would store it. `data` holds
/// the chunk's `bytes` bytes; a chunk at the dataset's edge holds fewer than `chunk_bytes` and is
/// padded with zeros (HDF5 stores whole chunks; a reader ignores what lies outside the extent).
/// Shuffle stores byte 0 of every 8-byte element, then byte 1 of every element, and so on.
/// Returns an empty vector if zlib fails.
std::vector<unsigned char> filter_chunk(const unsigned char* data, std::size_t bytes,
                                        std::size_t chunk_bytes) {
  const std::size_t n = chunk_bytes / kElem, have = bytes / kElem;
  std::vector<unsigned char> shuffled(chunk_bytes, 0);
  for (std::size_t e = 0; e < have; ++e)
    for (std::size_t b = 0; b < kElem; ++b) shuffled[b * n + e] = data[e * kElem + b];
  uLongf size = compressBound(static_cast<uLong>(chunk_bytes));
  std::vector<unsigned char> out(size);
  if (compress2(out.data(), &size, shuffled.data(), static_cast<uLong>(chunk_bytes),
                static_cast<int>(kDeflateLevel)) != Z_OK) {
    return {};
  }
  out.resize(size);
  return out;
}

// HDF5 runs a dataset's filters on one thread as it writes; deflate then takes most of a large
// results file's writing time. The chunks are filtered here instead, on `threads` threads, and
// written in order by H5Dwrite_chunk: the same datasets, filters and chunks as H5Dwrite makes.
// chunk_shape shrinks one dimension k, with the ones before it down to 1 and the ones after it
// whole, so every chunk is one contiguous run of the row-major values: outer index o (over the
// dimensions before k) and block b of dimension k start at value (o * shape[k] + b * chunk[k]) *
// inner, where inner is the number of values per index of dimension k.
void write_chunks(const Writer& w, hid_t dataset, const std::vector<std::size_t>& shape,
                  const std::vector<hsize_t>& chunk, const unsigned char* data, int threads) {
  std::size_t k = 0;  // the dimension chunks split (the last one not whole), or 0
  for (std::size_t d = 0; d < shape.size(); ++d)
    if (chunk[d] < shape[d]) k = d;
  std::size_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < k; ++d) {
    if (chunk[d] != 1) w.fail("internal error: a chunk is not contiguous");
    outer *= shape[d];
  }
  for (std::size_t d = k + 1; d < shape.size(); ++d) inner *= shape[d];
  const std::size_t blocks = (shape[k] + chunk[k] - 1) / chunk[k];  // chunks per outer index
  const std::size_t chunks = outer * blocks;
  const std::size_t chunk_bytes = chunk[k] * inner * kElem;
  auto first_index = [&](std::size_t c) {  // of chunk c's first value, along dimension k
    return c % blocks * chunk[k];
  };

  const engine::TaskRunner runner(threads);
  std::vector<std::vector<unsigned char>> filtered(std::min(chunks, kChunksPerBatch));
  for (std::size_t first = 0; first < chunks; first += kChunksPerBatch) {
    const std::size_t batch = std::min(kChunksPerBatch, chunks - first);
    runner.run(static_cast<std::uint32_t>(batch), 1, [&](engine::TaskKey key) {
      const std::size_t c = first + key.replicate, j = first_index(c);
      const std::size_t begin = (c / blocks * shape[k] + j) * inner * kElem;
      const std::size_t bytes = std::min<std::size_t>(chunk[k], shape[k] - j) * inner * kElem;
      filtered[key.replicate] = filter_chunk(data + begin, bytes, chunk_bytes);
    });
    for (std::size_t i = 0; i < batch; ++i) {
      if (filtered[i].empty()) w.fail("cannot compress a chunk (zlib)");
      const std::size_t c = first + i;
      std::vector<hsize_t> offset(shape.size(), 0);
      offset[k] = first_index(c);
      for (std::size_t d = k, o = c / blocks; d-- > 0;) {
        offset[d] = o % shape[d];
        o /= shape[d];
      }
      w.check(H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, offset.data(), filtered[i].size(),
                             filtered[i].data()),
              "cannot write dataset");
    }
  }
}

}  // namespace

Hdf5Sink::Hdf5Sink(std::filesystem::path final_path, int threads)
    : final_path_(std::move(final_path)),
      temp_path_(final_path_.string() + ".tmp-" + std::to_string(::getpid())),
      threads_(threads) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr noise
  // The temporary is created now so that a folder that cannot be written fails before any work;
  // commit() fills it.
  const int fd = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    hdf5::fail("HDF5 output", final_path_, "",
               "cannot create '" + temp_path_.string() + "': " + std::strerror(errno));
  ::close(fd);
  // libhdf5 writes to memory only (the core driver without a backing store): a full disk or a
  // failing write is then met by commit()'s plain write, never inside libhdf5, whose files left
  // half-closed by a failed write crash it at exit. The user block is where commit() puts the
  // integrity block (hdf5_integrity.hpp).
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (fapl.get() >= 0 && fcpl.get() >= 0 &&
      H5Pset_fapl_core(fapl.get(), kMemoryIncrement, /*backing_store=*/0) >= 0 &&
      H5Pset_userblock(fcpl.get(), hdf5::kIntegrityBlockBytes) >= 0)
    file_ = H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  if (file_ < 0) {
    std::error_code ignored;
    std::filesystem::remove(temp_path_, ignored);
    hdf5::fail("HDF5 output", final_path_, "", "cannot create the file in memory");
  }
}

Hdf5Sink::~Hdf5Sink() {
  if (committed_) return;
  if (file_ >= 0) H5Fclose(file_);
  std::error_code ignored;
  std::filesystem::remove(temp_path_, ignored);
}

std::int64_t Hdf5Sink::file(const std::string& path) const {
  if (file_ < 0) hdf5::fail("HDF5 output", final_path_, path, "the sink was already committed");
  return file_;
}

void Hdf5Sink::attribute(const std::string& group, const Attribute& attr) {
  const Writer w(final_path_, file(group), normalize(group));
  Handle obj = w.open_or_create_group();
  w.write_attribute(obj.get(), attr);
}

void Hdf5Sink::doubles(const std::string& path, const std::vector<std::size_t>& shape,
                       const std::vector<double>& values, const std::vector<Attribute>& attrs) {
  write_numeric(path, shape, values.size(), values.data(), true, attrs);
}

void Hdf5Sink::integers(const std::string& path, const std::vector<std::size_t>& shape,
                        const std::vector<std::int64_t>& values,
                        const std::vector<Attribute>& attrs) {
  write_numeric(path, shape, values.size(), values.data(), false, attrs);
}

void Hdf5Sink::write_numeric(const std::string& path, const std::vector<std::size_t>& shape,
                             std::size_t count, const void* data, bool is_double,
                             const std::vector<Attribute>& attrs) {
  const Writer w(final_path_, file(path), normalize(path));
  std::size_t expected = 1;
  std::string dims;
  for (std::size_t d : shape) {
    expected *= d;
    dims += (dims.empty() ? "" : " x ") + std::to_string(d);
  }
  if (expected != count) {
    w.fail("shape [" + dims + "] needs " + std::to_string(expected) + " values, got " +
           std::to_string(count));
  }

  // An empty shape is a scalar dataset, matching numpy's shape ().
  const std::vector<hsize_t> hdims(shape.begin(), shape.end());
  const hid_t space_id =
      shape.empty() ? H5Screate(H5S_SCALAR)
                    : H5Screate_simple(static_cast<int>(hdims.size()), hdims.data(), nullptr);
  Handle space = w.check(space_id, H5Sclose, "cannot create dataspace");
  Handle dcpl = w.check(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot create properties");
  const bool compress = count > kCompressAbove && deflate_available();
  std::vector<hsize_t> chunk;
  if (compress) {
    chunk = chunk_shape(shape, kElem);
    w.check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
            "cannot set chunking");
    // Shuffle groups bytes of equal significance, which makes deflate far more effective.
    w.check(H5Pset_shuffle(dcpl.get()), "cannot set shuffle filter");
    w.check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "cannot set deflate filter");
  }

  const hid_t file_type = is_double ? H5T_IEEE_F64LE : H5T_STD_I64LE;
  const hid_t mem_type = is_double ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  Handle dataset = w.create_dataset(file_type, space.get(), dcpl.get());
  if (compress) {
    write_chunks(w, dataset.get(), shape, chunk, static_cast<const unsigned char*>(data), threads_);
  } else if (count > 0) {
    w.check(H5Dwrite(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
            "cannot write dataset");
  }
  w.write_attributes(dataset.get(), attrs);
}

void Hdf5Sink::strings(const std::string& path, const std::vector<std::string>& values,
                       const std::vector<Attribute>& attrs) {
  const Writer w(final_path_, file(path), normalize(path));
  const hsize_t n = values.size();
  Handle space = w.check(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot create dataspace");
  Handle type = w.utf8_string_type();
  Handle dataset = w.create_dataset(type.get(), space.get(), H5P_DEFAULT);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(v.c_str());
  if (!pointers.empty()) {
    w.check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
            "cannot write dataset");
  }
  w.write_attributes(dataset.get(), attrs);
}

void Hdf5Sink::scale(const std::string& path) {
  const Writer w(final_path_, file(path), normalize(path));
  Handle dataset = w.open_dataset();
  const std::string p = normalize(path);
  w.check(H5DSset_scale(dataset.get(), p.substr(p.find_last_of('/') + 1).c_str()),
          "cannot make a dimension scale");
}

void Hdf5Sink::dimensions(const std::string& path, const std::vector<std::string>& scales) {
  const Writer w(final_path_, file(path), normalize(path));
  Handle dataset = w.open_dataset();
  Handle space = w.check(H5Dget_space(dataset.get()), H5Sclose, "cannot read dataspace");
  if (H5Sget_simple_extent_ndims(space.get()) != static_cast<int>(scales.size()))
    w.fail("has " + std::to_string(H5Sget_simple_extent_ndims(space.get())) + " axes, " +
           std::to_string(scales.size()) + " dimension scales given");
  for (unsigned axis = 0; axis < scales.size(); ++axis) {
    const Writer s(final_path_, file_, normalize(scales[axis]));
    Handle scale = s.open_dataset();
    w.check(H5DSattach_scale(dataset.get(), scale.get(), axis),
            ("cannot attach the dimension scale '" + scales[axis] + "'").c_str());
  }
}

void Hdf5Sink::commit() {
  const hid_t f = file("");
  if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0) hdf5::fail("HDF5 output", final_path_, "", "cannot flush");
  // The image excludes the user block; the superblock records it, so the block goes first.
  const ssize_t size = H5Fget_file_image(f, nullptr, 0);
  if (size < 0) hdf5::fail("HDF5 output", final_path_, "", "cannot read the file image");
  std::string bytes(hdf5::kIntegrityBlockBytes + static_cast<std::size_t>(size), '\0');
  if (H5Fget_file_image(f, bytes.data() + hdf5::kIntegrityBlockBytes,
                        static_cast<std::size_t>(size)) != size)
    hdf5::fail("HDF5 output", final_path_, "", "cannot read the file image");
  file_ = -1;  // closed (or unusable) from here on; the destructor only removes the temporary
  if (H5Fclose(f) < 0) hdf5::fail("HDF5 output", final_path_, "", "cannot close");
  hdf5::seal(bytes);
  // The same temporary name as the constructor's: written, synced, then renamed.
  write_file_atomically(final_path_.string(), bytes, "results file");
  committed_ = true;
}

}  // namespace qpv::io
