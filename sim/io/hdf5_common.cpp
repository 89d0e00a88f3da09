#include "sim/io/hdf5_common.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace qpv::io::hdf5 {
namespace {

// The innermost (most specific) message of HDF5's error stack; automatic printing is off.
herr_t take_innermost(unsigned n, const H5E_error2_t* err, void* out) {
  if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
  return 0;
}

}  // namespace

void fail(const std::string& context, const std::filesystem::path& file, const std::string& path,
          const std::string& what) {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_innermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  std::string msg = context + " '" + file.string() + "'";
  if (!path.empty()) msg += ", '" + path + "'";
  msg += ": " + what;
  if (!detail.empty()) msg += " (" + detail + ")";
  if (context == "reading") throw ReadError(msg);
  throw OutputError(msg);
}

std::string normalize(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start) out += "/" + path.substr(start, end - start);
    start = end + 1;
  }
  return out.empty() ? "/" : out;
}

}  // namespace qpv::io::hdf5
