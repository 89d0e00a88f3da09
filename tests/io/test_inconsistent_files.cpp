// Files that are sound HDF5 and sealed like any qpvsim file, but whose content a qpvsim file
// cannot hold: lengths that disagree, weights that are not finite, sizes beyond any run. Each is
// refused with a ReadError or InputError naming the file and the dataset, before anything reads
// past an array's end or allocates for sizes the file does not hold.
#include <hdf5.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "analysis/comparison_file.hpp"
#include "calibration/posterior.hpp"
#include "sim/core/error.hpp"
#include "sim/io/posterior_io.hpp"
#include "tests/support/hdf5_rewrite.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_files.hpp"

namespace {

using namespace qpv;
using test::H5Object;
using test::object;
using Objects = std::vector<H5Object>;

/// The message of the ReadError or InputError that `read` throws on `file` (a test failure if it
/// throws nothing or something else).
template <class Read>
std::string refusal(const std::string& file, Read read) {
  try {
    read(file);
  } catch (const ReadError& e) {
    return e.what();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("nothing refused " << file);
  return "";
}

void read_posterior(const std::string& f) {
  calibration::read_posterior_file(f);
}
void draw_from_posterior(const std::string& f) {
  io::read_posterior(f);
}
void read_results(const std::string& f) {
  analysis::read_comparison_file(f);
}

}  // namespace

TEST_CASE("A posterior whose theta has fewer rows than weights is refused", "[io][damage]") {
  const test::TempDir dir("qpvsim-inconsistent");
  const std::string file = (dir / "p.h5").string();
  test::rewrite(test::tiny_posterior_file(), file, [](Objects& objects) {
    for (const char* path : {"/generations/0/theta", "/posterior/theta"}) {
      H5Object& theta = object(objects, path);
      theta.shape[0] -= 1;
      theta.doubles.resize(theta.shape[0] * theta.shape[1]);
    }
  });
  const std::string msg = refusal(file, read_posterior);
  CHECK_THAT(msg, Catch::Contains(file) && Catch::Contains("/generations/0/weight"));
  CHECK_THAT(refusal(file, draw_from_posterior), Catch::Contains(file));
}

TEST_CASE("Posterior weights that are not finite and positive are refused", "[io][damage]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const std::vector<double>& bad :
       {std::vector<double>{nan}, {-0.5}, {inf}, {0.0, 0.0, 0.0}}) {
    const test::TempDir dir("qpvsim-inconsistent");
    const std::string file = (dir / "p.h5").string();
    test::rewrite(test::tiny_posterior_file(), file, [&](Objects& objects) {
      for (const char* group : {"/generations/1/weight", "/posterior/weight"}) {
        H5Object& weight = object(objects, group);
        if (bad.size() == 1) weight.doubles.back() = bad[0];
        if (bad.size() > 1) std::fill(weight.doubles.begin(), weight.doubles.end(), 0.0);
      }
    });
    INFO("weights " << bad.front());
    CHECK_THAT(refusal(file, read_posterior), Catch::Contains("/generations/1/weight"));
    CHECK_THAT(refusal(file, draw_from_posterior), Catch::Contains("/posterior/weight"));
  }
}

TEST_CASE("A generations column shorter than the index is refused", "[io][damage]") {
  const test::TempDir dir("qpvsim-inconsistent");
  const std::string file = (dir / "p.h5").string();
  test::rewrite(test::tiny_posterior_file(), file, [](Objects& objects) {
    H5Object& ess = object(objects, "/generations/ess");
    ess.doubles.pop_back();
    ess.shape = {ess.doubles.size()};
  });
  CHECK_THAT(refusal(file, read_posterior), Catch::Contains("/generations/ess"));
}

TEST_CASE("A predictive check with fewer statistics than draws is refused", "[io][damage]") {
  const test::TempDir dir("qpvsim-inconsistent");
  const std::string file = (dir / "p.h5").string();
  test::rewrite(test::tiny_posterior_file(), file, [](Objects& objects) {
    H5Object& stats = object(objects, "/predictive/statistics");
    stats.shape[0] -= 1;
    stats.doubles.resize(stats.shape[0] * stats.shape[1]);
  });
  CHECK_THAT(refusal(file, read_posterior), Catch::Contains("/predictive/statistics"));
}

TEST_CASE("A run file with an empty list of communes is refused", "[io][damage]") {
  const test::TempDir dir("qpvsim-inconsistent");
  const std::string file = (dir / "r.h5").string();
  test::rewrite(test::tiny_run_file(), file,
                [](Objects& objects) { object(objects, "/territory/communes").strings.clear(); });
  CHECK_THAT(refusal(file, read_results), Catch::Contains("/territory/communes"));
}

TEST_CASE("A run file claiming more replicates than it holds is refused before allocating",
          "[io][damage]") {
  // 100,000 replicates fit the bound on cells but not the datasets; a million do not fit it.
  for (const auto& [replicates, where] :
       {std::pair<std::int64_t, std::string>{100'000, "/counts/"}, {1'000'000, "/meta"}}) {
    const test::TempDir dir("qpvsim-inconsistent");
    const std::string file = (dir / "r.h5").string();
    test::rewrite(test::tiny_run_file(), file, [&](Objects& objects) {
      for (io::Attribute& a : object(objects, "/meta").attributes)
        if (a.name == "replicates") a.value = replicates;
    });
    CHECK_THAT(refusal(file, read_results), Catch::Contains(file) && Catch::Contains(where));
  }
}

TEST_CASE("A file without an integrity block or declaring too many values is refused",
          "[io][damage]") {
  const test::TempDir dir("qpvsim-inconsistent");
  const std::string file = (dir / "huge.h5").string();
  {  // 1e6 x 16 x 84 doubles (10 GB) declared, none written: a file of a few KB
    const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t dims[3] = {1'000'000, 16, 84}, chunk[3] = {1, 16, 84};
    const hid_t space = H5Screate_simple(3, dims, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 3, chunk);
    const hid_t d = H5Dcreate2(f, "x", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    REQUIRE(d >= 0);
    H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Fclose(f);
  }
  // Not written by Hdf5Sink: no integrity block, refused unless QPVSIM_READ_UNSEALED=1.
  CHECK_THAT(refusal(file, [](const std::string& f) { io::Hdf5Reader h5(f); }),
             Catch::Contains("integrity block") && Catch::Contains("QPVSIM_READ_UNSEALED"));
  ::setenv("QPVSIM_READ_UNSEALED", "1", 1);
  const io::Hdf5Reader h5(file);
  ::unsetenv("QPVSIM_READ_UNSEALED");
  CHECK(h5.shape("/x") == std::vector<std::size_t>{1'000'000, 16, 84});
  try {
    h5.doubles("/x");
    FAIL("read");
  } catch (const ReadError& e) {
    CHECK_THAT(e.what(), Catch::Contains("1344000000 values"));
  }
}

TEST_CASE("A results path that is not a regular file is refused without blocking", "[io][damage]") {
  const test::TempDir dir("qpvsim-inconsistent");
  const std::string fifo = (dir / "pipe.h5").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);  // opening it to read would wait for a writer
  CHECK_THAT(refusal(fifo, read_results), Catch::Contains("not a regular file"));
}
