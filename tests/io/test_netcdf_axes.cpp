// The axes of results files as netCDF-4 readers see them (sim/io/netcdf_axes.hpp): every
// indicator and count is attached to the dimension scales of its group, which carry units and
// long_name. tests/ecosystem opens such files with ncdump, xarray and R's hdf5r.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/io/hdf5_reader.hpp"
#include "sim/io/memory_sink.hpp"
#include "sim/io/netcdf_axes.hpp"
#include "sim/io/results_io.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;

namespace {

std::string text(const io::Hdf5Reader& h5, const std::string& path, const std::string& name) {
  return std::get<std::string>(h5.attribute(path, name));
}

}  // namespace

TEST_CASE("units are spelled as UDUNITS spells them where it can", "[io][netcdf]") {
  CHECK(io::udunits("share") == "1");
  CHECK(io::udunits("persons") == "1");
  CHECK(io::udunits("households") == "1");
  CHECK(io::udunits("persons per month") == "1/month");
  CHECK(io::udunits("offers per month") == "1/month");
  CHECK(io::udunits("cents") == "cents");  // no UDUNITS spelling: kept
  CHECK(io::udunits("euros per employment unit") == "euros per employment unit");
}

TEST_CASE("every indicator and count of a run names its axes and has a French long_name", "[io][netcdf]") {
  io::Scenario s =
      io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/baseline.toml");
  s.run.replicates = 2;
  const auto r = model::run(s.territory, s.parameters, s.run, s.interventions);

  io::MemorySink memory;
  io::write_run(s, r, memory);
  const std::vector<std::string> axes = {"/indicators/replicate", "/indicators/qpv",
                                         "/indicators/month"};
  for (const auto& spec : model::indicator_specs())
    CHECK(memory.dimension_lists.at("/indicators/" + std::string(spec.id)) == axes);
  for (const auto& c : model::counter_specs()) {
    const auto& dims = memory.dimension_lists.at("/counts/" + std::string(c.name));
    CHECK(dims == std::vector<std::string>{"/counts/replicate", "/counts/qpv", "/counts/month"});
  }
  for (const std::string& scale : axes)
    CHECK(std::find(memory.scales.begin(), memory.scales.end(), scale) != memory.scales.end());

  test::TempDir dir;
  const std::string file = (dir.path / "run.h5").string();
  io::write_run_file(s, r, file);
  const io::Hdf5Reader h5(file);
  for (const auto& spec : model::indicator_specs()) {
    const std::string path = "/indicators/" + std::string(spec.id);
    INFO(path);
    CHECK(h5.has_attribute(path, "DIMENSION_LIST"));
    CHECK(text(h5, path, "long_name") == spec.label_fr);
    CHECK(text(h5, path, "units") == io::udunits(spec.unit));
  }
  for (const auto& c : model::counter_specs()) {
    const std::string path = "/counts/" + std::string(c.name);
    INFO(path);
    CHECK(h5.has_attribute(path, "DIMENSION_LIST"));
    CHECK(h5.has_attribute(path, "units"));
    // Counters are named by their French label, their English description kept beside it.
    CHECK(text(h5, path, "long_name") == c.label_fr);
    CHECK(text(h5, path, "label_fr") == c.label_fr);
    CHECK(text(h5, path, "description") == c.description);
  }
  // The month axis in CF time from the run's start; /time/month keeps YYYYMM.
  for (const char* scale : {"/indicators/month", "/indicators/qpv", "/indicators/replicate"})
    CHECK(text(h5, scale, "CLASS") == "DIMENSION_SCALE");
  CHECK(text(h5, "/indicators/month", "units") == "days since 2024-01-01");
  CHECK(text(h5, "/indicators/month", "calendar") == "standard");
  const auto days = h5.integers("/indicators/month").values;
  REQUIRE(days.size() == 36);
  CHECK(days[0] == 0);
  CHECK(days[1] == 31);
  CHECK(days[12] == 366);  // 2024 is a leap year
  CHECK(h5.integers("/time/month").values.front() == 202401);
  CHECK(h5.strings("/indicators/qpv") == std::vector<std::string>{"T001", "T002", "ALL"});
  CHECK(h5.integers("/events/handled").shape == std::vector<std::size_t>{2, 2});
  CHECK(h5.strings("/events/qpv") == std::vector<std::string>{"T001", "T002"});
}
