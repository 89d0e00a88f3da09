// libFuzzer target: results files that are sound HDF5, sealed like any qpvsim file, but whose
// content is edited at random: the raw-byte targets cannot get past the integrity block, so
// this one exercises what the readers must check themselves (lengths that disagree, values out
// of range, missing datasets). The input is an edit script applied to one of the seeds (a run,
// a comparison and a posterior of the tiny scenario, read once): its first byte picks the seed,
// then every 4 bytes are one edit (operation, object number, argument). The edited objects are
// written by Hdf5Sink, then read as `qpvsim report` and `qpvsim export` read them.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "tests/fuzz/common.hpp"
#include "tests/support/hdf5_rewrite.hpp"

namespace {

using qpv::test::H5Object;
using Content = qpv::io::Hdf5Reader::Content;

/// The seeds' objects, read once from tests/fuzz/corpus (sealed files of make_seeds.sh).
const std::vector<std::vector<H5Object>>& seeds() {
  static const std::vector<std::vector<H5Object>> all = [] {
    std::vector<std::vector<H5Object>> out;
    const std::string corpus = std::string(QPVSIM_SOURCE_DIR) + "/tests/fuzz/corpus/";
    for (const char* file : {"run_file/tiny_baseline.h5", "comparison_file/tiny_levers.h5",
                             "posterior_file/tiny.h5"}) {
      const qpv::io::Hdf5Reader h5(corpus + file);
      std::vector<H5Object> objects;
      qpv::test::read_objects(h5, "/", objects);
      out.push_back(std::move(objects));
    }
    return out;
  }();
  return all;
}

double special_double(std::uint8_t arg) {
  const double values[] = {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           -1.0,
                           0.0,
                           1e300,
                           -1e300,
                           static_cast<double>(arg) - 128};
  return values[arg % 8];
}

std::int64_t special_integer(std::uint8_t arg) {
  const std::int64_t values[] = {std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min(),
                                 -1,
                                 0,
                                 1,
                                 static_cast<std::int64_t>(arg) * 1'000'003,
                                 100'000,
                                 static_cast<std::int64_t>(arg) - 128};
  return values[arg % 8];
}

/// The number of values in one index of the first dimension.
std::size_t row_size(const H5Object& o) {
  std::size_t n = 1;
  for (std::size_t d = 1; d < o.shape.size(); ++d) n *= o.shape[d];
  return n;
}

/// Changes the first dimension of `o` by `delta` rows (kept >= 0), values cut or repeated.
void resize_rows(H5Object& o, long delta) {
  if (o.content == Content::strings) {
    const long n = std::max(0L, static_cast<long>(o.strings.size()) + delta);
    o.strings.resize(static_cast<std::size_t>(n), o.strings.empty() ? "" : o.strings.back());
    return;
  }
  if (o.shape.empty()) return;
  const long rows = std::max(0L, static_cast<long>(o.shape[0]) + delta);
  o.shape[0] = static_cast<std::size_t>(rows);
  const std::size_t n = o.shape[0] * row_size(o);
  if (o.content == Content::doubles) o.doubles.resize(n, 0.5);
  if (o.content == Content::integers) o.integers.resize(n, 1);
}

void set_value(H5Object& o, std::uint8_t arg) {
  if (o.content == Content::doubles && !o.doubles.empty())
    o.doubles[arg % o.doubles.size()] = special_double(arg / 8);
  if (o.content == Content::integers && !o.integers.empty())
    o.integers[arg % o.integers.size()] = special_integer(arg / 8);
  if (o.content == Content::strings && !o.strings.empty())
    o.strings[arg % o.strings.size()] = arg % 2 ? std::string() : std::string(4000, 'x');
}

void set_attribute(H5Object& o, std::uint8_t arg) {
  if (o.attributes.empty()) return;
  auto& value = o.attributes[arg % o.attributes.size()].value;
  if (std::holds_alternative<std::int64_t>(value)) value = special_integer(arg / 8);
  if (std::holds_alternative<double>(value)) value = special_double(arg / 8);
  if (std::holds_alternative<std::string>(value)) value = std::string(arg % 3 ? "" : "x");
}

void edit(std::vector<H5Object>& objects, std::uint8_t op, std::size_t which, std::uint8_t arg) {
  if (objects.empty()) return;
  const std::size_t k = which % objects.size();
  H5Object& o = objects[k];
  switch (op % 6) {
    case 0:
      objects.erase(objects.begin() + static_cast<std::ptrdiff_t>(k));
      break;
    case 1:
      resize_rows(o, -1 - static_cast<long>(arg % 4));
      break;
    case 2:
      resize_rows(o, 1 + static_cast<long>(arg % 4));
      break;
    case 3:
      set_value(o, arg);
      break;
    case 4:
      set_attribute(o, arg);
      break;
    default:  // flattened to one dimension
      if (o.shape.size() > 1) o.shape = {o.shape[0] * row_size(o)};
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace qpv;
  if (size < 1 || size > 4 * 64 + 1) return 0;  // at most 64 edits
  std::vector<H5Object> objects = seeds()[data[0] % seeds().size()];
  for (std::size_t i = 1; i + 4 <= size; i += 4)
    edit(objects, data[i], std::size_t{data[i + 1]} << 8 | data[i + 2], data[i + 3]);
  const std::string path = (fuzz::scratch() / "content.h5").string();
  bool written = false;
  fuzz::run_input([&] {
    test::write_objects(objects, path);
    written = true;
  });
  if (written) fuzz::run_input([&] { fuzz::report_and_export(path); });
  std::filesystem::remove(path);
  return 0;
}
