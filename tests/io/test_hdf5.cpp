// Hdf5Sink and Hdf5Reader: round trips, compression, atomic commit, and error reporting.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using qpv::OutputError;
using qpv::io::Attribute;
using qpv::io::Hdf5Reader;
using qpv::io::Hdf5Sink;

struct TempDir : qpv::test::TempDir {
  TempDir() : qpv::test::TempDir("qpvsim-test-hdf5") {}
};

namespace {

const std::string kFrench = "Taux d'emploi des 15-64 ans — femmes";

/// The message of the OutputError thrown by f, or "" (and a test failure) if none was thrown.
template <class F>
std::string output_error(F&& f) {
  try {
    f();
  } catch (const OutputError& e) {
    return e.what();
  }
  FAIL("no qpv::OutputError thrown");
  return "";
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("Hdf5: attributes of all three types round trip", "[io][hdf5]") {
  TempDir dir;
  const fs::path file = dir / "attrs.h5";
  {
    Hdf5Sink sink(file);
    sink.attribute("/meta", {"seed", std::int64_t{42}});
    sink.attribute("/meta", {"min", std::numeric_limits<std::int64_t>::min()});
    sink.attribute("/meta", {"dt", 0.1});
    sink.attribute("/meta", {"label_fr", kFrench});
    sink.attribute("/meta", {"empty", std::string()});
    sink.attribute("/", {"version", std::string("1.0")});
    sink.attribute("a/b/c", {"deep", 1.5});  // intermediate groups, implied leading '/'
    sink.attribute("/meta", {"replaced", std::int64_t{1}});
    sink.attribute("/meta", {"replaced", std::string("now a string")});
    sink.commit();
  }
  Hdf5Reader r(file);
  CHECK(std::get<std::int64_t>(r.attribute("/meta", "seed")) == 42);
  CHECK(std::get<std::int64_t>(r.attribute("/meta", "min")) ==
        std::numeric_limits<std::int64_t>::min());
  CHECK(std::get<double>(r.attribute("/meta", "dt")) == 0.1);
  CHECK(std::get<std::string>(r.attribute("/meta", "label_fr")) == kFrench);
  CHECK(std::get<std::string>(r.attribute("/meta", "empty")).empty());
  CHECK(std::get<std::string>(r.attribute("/", "version")) == "1.0");
  CHECK(std::get<double>(r.attribute("/a/b/c", "deep")) == 1.5);
  CHECK(std::get<std::string>(r.attribute("/meta", "replaced")) == "now a string");
  CHECK(r.has_attribute("/meta", "seed"));
  CHECK_FALSE(r.has_attribute("/meta", "nope"));
  CHECK(r.children("/") == std::vector<std::string>{"a", "meta"});
  CHECK(r.exists("/a/b/c"));
  CHECK(r.exists("a/b/"));
  CHECK_FALSE(r.exists("/a/x/c"));

  const std::string msg = output_error([&] { r.attribute("/meta", "nope"); });
  CHECK_THAT(msg, Catch::Contains("attrs.h5") && Catch::Contains("nope"));
}

TEST_CASE("Hdf5: numeric and string datasets round trip", "[io][hdf5]") {
  TempDir dir;
  const fs::path file = dir / "data.h5";

  // [2][16][84], all values distinct, plus the awkward ones.
  std::vector<double> cube(2 * 16 * 84);
  for (std::size_t i = 0; i < cube.size(); ++i) {
    cube[i] = std::sin(static_cast<double>(i)) * 1e3 + static_cast<double>(i) / 7.0;
  }
  cube[0] = -0.0;
  cube[1] = std::numeric_limits<double>::infinity();
  cube[2] = std::numeric_limits<double>::quiet_NaN();
  cube[3] = std::numeric_limits<double>::denorm_min();
  cube[4] = std::numeric_limits<double>::max();

  const std::vector<std::int64_t> ints = {
      std::numeric_limits<std::int64_t>::min(), -1, 0, 1, 202401,
      std::numeric_limits<std::int64_t>::max()};
  const std::vector<std::string> texts = {kFrench, "", "Île-de-France", "plain ascii"};
  {
    Hdf5Sink sink(file);
    sink.doubles("/indicators/cube", {2, 16, 84}, cube,
                 {{"label_fr", kFrench}, {"unit", std::string("%")}, {"scale", 100.0}});
    sink.integers("/indicators/months", {2, 3}, ints, {{"base", std::int64_t{2024}}});
    sink.strings("/labels/names", texts, {{"lang", std::string("fr")}});
    sink.doubles("/scalar", {}, {3.25});
    sink.doubles("/empty", {0, 5}, {});
    sink.strings("/no_strings", {});
    sink.doubles("/replaced", {1}, {1.0});
    sink.doubles("/replaced", {2}, {2.0, 3.0});
    sink.commit();
  }
  Hdf5Reader r(file);

  const auto c = r.doubles("/indicators/cube");
  CHECK(c.shape == std::vector<std::size_t>{2, 16, 84});
  CHECK(same_bits(c.values, cube));
  CHECK(std::get<std::string>(r.attribute("/indicators/cube", "label_fr")) == kFrench);
  CHECK(std::get<std::string>(r.attribute("/indicators/cube", "unit")) == "%");
  CHECK(std::get<double>(r.attribute("/indicators/cube", "scale")) == 100.0);

  const auto m = r.integers("/indicators/months");
  CHECK(m.shape == std::vector<std::size_t>{2, 3});
  CHECK(m.values == ints);
  CHECK(std::get<std::int64_t>(r.attribute("/indicators/months", "base")) == 2024);
  // Integers read as doubles are converted; doubles are not silently truncated to integers.
  CHECK(r.doubles("/indicators/months").values[4] == 202401.0);
  CHECK_THAT(output_error([&] { r.integers("/indicators/cube"); }),
             Catch::Contains("not an integer"));

  CHECK(r.strings("/labels/names") == texts);
  CHECK(std::get<std::string>(r.attribute("/labels/names", "lang")) == "fr");
  CHECK_THAT(output_error([&] { r.strings("/indicators/cube"); }), Catch::Contains("not a string"));

  const auto s = r.doubles("/scalar");
  CHECK(s.shape.empty());
  CHECK(s.values == std::vector<double>{3.25});
  const auto e = r.doubles("/empty");
  CHECK(e.shape == std::vector<std::size_t>{0, 5});
  CHECK(e.values.empty());
  CHECK(r.strings("/no_strings").empty());
  CHECK(r.doubles("/replaced").values == std::vector<double>{2.0, 3.0});

  CHECK(r.children("/") == std::vector<std::string>{"empty", "indicators", "labels", "no_strings",
                                                    "replaced", "scalar"});
  CHECK(r.children("/indicators") == std::vector<std::string>{"cube", "months"});
  CHECK(r.exists("/indicators/cube"));
  CHECK_FALSE(r.exists("/indicators/cube/below_a_dataset"));
  CHECK_THAT(output_error([&] { r.children("/indicators/cube"); }), Catch::Contains("not a group"));

  const std::string missing = output_error([&] { r.doubles("/indicators/nope"); });
  CHECK_THAT(missing, Catch::Contains("data.h5") && Catch::Contains("/indicators/nope"));
}

TEST_CASE("Hdf5: large datasets are compressed and round trip", "[io][hdf5]") {
  TempDir dir;
  const fs::path file = dir / "big.h5";
  // 200 x 1000 doubles = 1.6 MB raw, so chunks are also split along the leading dimension.
  std::vector<double> big(200 * 1000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<double>(i % 1000) * 0.5;
  // Rows of 1.28 MB: even one leading index exceeds the chunk budget.
  std::vector<double> wide(2 * 400 * 400);
  for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<double>(i / 64);
  std::vector<std::int64_t> counts(300000);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::int64_t>(i % 37);
  {
    Hdf5Sink sink(file);
    sink.doubles("/big", {200, 1000}, big);
    sink.doubles("/wide", {2, 400, 400}, wide);
    sink.integers("/counts", {counts.size()}, counts);
    sink.commit();
  }
  const auto raw_bytes = (big.size() + wide.size() + counts.size()) * 8;
  CHECK(fs::file_size(file) < raw_bytes / 4);

  Hdf5Reader r(file);
  CHECK(same_bits(r.doubles("/big").values, big));
  CHECK(same_bits(r.doubles("/wide").values, wide));
  CHECK(r.integers("/counts").values == counts);
}

TEST_CASE("Hdf5: chunks compressed on 1 or 2 threads make the same file", "[io][hdf5]") {
  TempDir dir;
  // Shapes whose chunks split the leading dimension (with an edge chunk), a middle one (an edge
  // chunk for each leading index) or a 1-D array; values that deflate unevenly.
  std::mt19937_64 gen(11);
  std::vector<double> big(300 * 1000), wide(3 * 400 * 400);
  for (double& x : big) x = std::floor(std::uniform_real_distribution<double>(0, 50)(gen));
  for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<double>(i % 977) / 3.0;
  std::vector<std::int64_t> counts(400000);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<std::int64_t>(gen() % 9);
  auto write = [&](const fs::path& file, int threads) {
    Hdf5Sink sink(file, threads);
    sink.doubles("/big", {300, 1000}, big);
    sink.doubles("/wide", {3, 400, 400}, wide);
    sink.integers("/counts", {counts.size()}, counts);
    sink.commit();
  };
  write(dir / "one.h5", 1);
  write(dir / "two.h5", 2);
  CHECK(fs::file_size(dir / "one.h5") == fs::file_size(dir / "two.h5"));
  for (const char* name : {"one.h5", "two.h5"}) {
    Hdf5Reader r(dir / name);  // HDF5's own filter pipeline decodes the chunks we encoded
    CHECK(same_bits(r.doubles("/big").values, big));
    CHECK(same_bits(r.doubles("/wide").values, wide));
    CHECK(r.integers("/counts").values == counts);
  }
  if (std::system("command -v h5dump >/dev/null 2>&1") == 0) {
    // The datasets declare the filters their chunks went through, as H5Dwrite would have.
    const std::string command = "h5dump -p -H -d /wide '" + (dir / "one.h5").string() + "'";
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char buf[256];
      while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
      CHECK(pclose(pipe) == 0);
    }
    CHECK(out.find("SHUFFLE") != std::string::npos);
    CHECK(out.find("COMPRESSION DEFLATE { LEVEL 1 }") != std::string::npos);
    CHECK(out.find("CHUNKED ( 1, 327, 400 )") != std::string::npos);
  }
}

TEST_CASE("Hdf5: the final file appears only on commit", "[io][hdf5]") {
  TempDir dir;
  const fs::path file = dir / "run.h5";
  Hdf5Sink sink(file);
  CHECK(sink.temp_path().parent_path() == file.parent_path());
  sink.integers("/x", {1}, {7});
  CHECK(fs::exists(sink.temp_path()));
  CHECK_FALSE(fs::exists(file));
  sink.commit();
  CHECK(fs::exists(file));
  CHECK_FALSE(fs::exists(sink.temp_path()));
  CHECK(Hdf5Reader(file).integers("/x").values == std::vector<std::int64_t>{7});
  CHECK_THAT(output_error([&] { sink.integers("/y", {1}, {8}); }),
             Catch::Contains("already committed"));

  // A second run replaces the file atomically: the old results stay readable until commit().
  Hdf5Sink rerun(file);
  rerun.integers("/x", {1}, {8});
  CHECK(Hdf5Reader(file).integers("/x").values == std::vector<std::int64_t>{7});
  rerun.commit();
  CHECK(Hdf5Reader(file).integers("/x").values == std::vector<std::int64_t>{8});
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("Hdf5: a sink destroyed without commit leaves nothing", "[io][hdf5]") {
  TempDir dir;
  const fs::path file = dir / "aborted.h5";
  fs::path temp;
  {
    Hdf5Sink sink(file);
    temp = sink.temp_path();
    sink.doubles("/x", {2}, {1.0, 2.0});
    CHECK(fs::exists(temp));
  }
  CHECK_FALSE(fs::exists(file));
  CHECK_FALSE(fs::exists(temp));

  try {
    Hdf5Sink sink(file);
    sink.doubles("/x", {2}, {1.0, 2.0});
    throw std::runtime_error("model failed");
  } catch (const std::runtime_error&) {
  }
  CHECK_FALSE(fs::exists(file));
  CHECK(fs::is_empty(dir.path));
}

TEST_CASE("Hdf5: errors name the file and the path", "[io][hdf5]") {
  TempDir dir;
  const fs::path file = dir / "errors.h5";
  {
    Hdf5Sink sink(file);
    const std::string msg = output_error([&] { sink.doubles("/bad/shape", {2, 3}, {1.0, 2.0}); });
    CHECK_THAT(msg, Catch::Contains("errors.h5") && Catch::Contains("/bad/shape"));
    sink.doubles("/group/leaf", {1}, {1.0});
    CHECK_THAT(output_error([&] { sink.doubles("/group", {1}, {1.0}); }),
               Catch::Contains("not a dataset"));
    CHECK_THAT(output_error([&] { sink.doubles("/group/leaf/below", {1}, {1.0}); }),
               Catch::Contains("/group/leaf/below"));
  }
  CHECK_THAT(output_error([&] { Hdf5Sink{dir / "no_such_dir" / "x.h5"}; }),
             Catch::Contains("no_such_dir"));

  const fs::path text = dir / "not_hdf5.txt";
  std::ofstream(text) << "just some text\n";
  const std::string msg = output_error([&] { Hdf5Reader{text}; });
  CHECK_THAT(msg, Catch::Contains("not_hdf5.txt") && Catch::Contains("not an HDF5 file"));
  CHECK_THAT(output_error([&] { Hdf5Reader{dir / "missing.h5"}; }),
             Catch::Contains("missing.h5") && Catch::Contains("cannot open"));
}

TEST_CASE("Hdf5: h5dump accepts a committed file", "[io][hdf5]") {
  if (std::system("command -v h5dump >/dev/null 2>&1") != 0) {
    WARN("h5dump not found; skipping");
    return;
  }
  TempDir dir;
  const fs::path file = dir / "dump.h5";
  {
    Hdf5Sink sink(file);
    sink.attribute("/meta", {"label_fr", kFrench});
    sink.doubles("/indicators/x", {2, 2}, {1, 2, 3, 4}, {{"unit", std::string("€")}});
    sink.strings("/labels", {kFrench});
    sink.commit();
  }
  const std::string command = "h5dump -H '" + file.string() + "' >/dev/null 2>&1";
  CHECK(std::system(command.c_str()) == 0);
}
