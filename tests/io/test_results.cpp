#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "sim/io/memory_sink.hpp"
#include "sim/io/results_io.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;

using TempDir = qpv::test::TempDir;

TEST_CASE("a run's results round-trip through HDF5 with provenance", "[io][hdf5]") {
  io::Scenario s =
      io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/variant.toml");
  const auto r = model::run(s.territory, s.parameters, s.run, s.interventions);

  io::MemorySink memory;
  io::write_run(s, r, memory);
  TempDir dir;
  const auto file = (dir.path / "run.h5").string();
  io::write_run_file(s, r, file);
  REQUIRE(std::filesystem::exists(file));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    CHECK(entry.path().filename() == "run.h5");  // no temporary file left
  }

  const io::Hdf5Reader h5(file);
  // Indicators [replicate][qpv + total][month], identical to what the sink was given.
  for (const auto& spec : model::indicator_specs()) {
    const std::string path = "/indicators/" + std::string(spec.id);
    const auto a = h5.doubles(path);
    CHECK(a.shape == std::vector<std::size_t>{3, 3, 36});
    const auto& m = memory.double_sets.at(path);
    REQUIRE(a.values.size() == m.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i) {
      if (std::isnan(m.values[i]))
        CHECK(std::isnan(a.values[i]));
      else
        CHECK(a.values[i] == m.values[i]);
    }
    CHECK(std::get<std::string>(h5.attribute(path, "label_fr")) == spec.label_fr);
    CHECK(std::get<std::string>(h5.attribute(path, "unit")) == spec.unit);
  }
  const auto pop = h5.integers("/counts/population");
  CHECK(pop.values == memory.integer_sets.at("/counts/population").values);

  // Provenance: scenario texts as given (variant and its base), seed, version, commit.
  const auto files = h5.strings("/meta/scenario_files");
  REQUIRE(files.size() == 2);
  CHECK(files[0].ends_with("variant.toml"));
  CHECK(files[1].ends_with("baseline.toml"));
  CHECK(h5.strings("/meta/scenario_toml")[0].find("offer_rate = 0.2") != std::string::npos);
  CHECK(std::get<std::int64_t>(h5.attribute("/meta", "seed")) == 7);
  CHECK(std::get<std::int64_t>(h5.attribute("/meta", "replicates")) == 3);
  CHECK(!std::get<std::string>(h5.attribute("/meta", "git_commit")).empty());
  CHECK(!std::get<std::string>(h5.attribute("/meta", "qpvsim_version")).empty());
  const auto names = h5.strings("/meta/parameters/name");
  const auto values = h5.doubles("/meta/parameters/value");
  const auto it = std::find(names.begin(), names.end(), "offer_rate");
  REQUIRE(it != names.end());
  CHECK(values.values[static_cast<std::size_t>(it - names.begin())] == 0.2);
  CHECK(h5.strings("/meta/interventions").size() == 1);

  // Spending per lever [replicate][qpv + total][year] in cents; the total is the QPVs' sum.
  CHECK(h5.integers("/time/year").values == std::vector<std::int64_t>{2024, 2025, 2026});
  for (const char* lever : {"transport_aid", "creche_places", "screening_truck"}) {
    const auto sp = h5.integers(std::string("/spending/") + lever);
    REQUIRE(sp.shape == std::vector<std::size_t>{3, 3, 3});
    for (std::size_t rep = 0; rep < 3; ++rep)
      for (std::size_t y = 0; y < 3; ++y)
        CHECK(sp.values[(rep * 3 + 2) * 3 + y] ==
              sp.values[(rep * 3 + 0) * 3 + y] + sp.values[(rep * 3 + 1) * 3 + y]);
    CHECK(std::get<std::string>(h5.attribute(std::string("/spending/") + lever, "unit")) ==
          "cents");
  }

  // Territory table: the QPVs then "ALL".
  const auto codes = h5.strings("/territory/code");
  CHECK(codes == std::vector<std::string>{"T001", "T002", "ALL"});
  CHECK(h5.integers("/territory/population").values == std::vector<std::int64_t>{300, 250, 550});
  CHECK(h5.integers("/time/month").values.front() == 202401);
}

TEST_CASE("write_run gathers the same arrays on 1 and on 2 threads, cell by cell", "[io]") {
  io::Scenario s =
      io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/variant.toml");
  const auto r = model::run(s.territory, s.parameters, s.run, s.interventions);
  io::MemorySink one, two;
  io::write_run(s, r, one, "", 1);
  io::write_run(s, r, two, "", 2);
  REQUIRE(one.double_sets.size() == two.double_sets.size());
  for (const auto& [path, a] : one.double_sets) {
    const auto& b = two.double_sets.at(path);
    REQUIRE(a.values.size() == b.values.size());
    CHECK(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0);
  }
  CHECK(one.integer_sets.size() == two.integer_sets.size());
  for (const auto& [path, a] : one.integer_sets)
    CHECK(a.values == two.integer_sets.at(path).values);
  // [replicate][qpv][month], as RunResults holds them.
  const auto& spec = model::indicator_specs().front();
  const auto& ind = one.double_sets.at("/indicators/" + std::string(spec.id)).values;
  const auto& cnt =
      one.integer_sets.at("/counts/" + std::string(model::counter_specs().back().name)).values;
  const auto last = static_cast<std::size_t>(model::counter_specs().back().id);
  std::size_t i = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    for (std::uint32_t q = 0; q < r.partitions; ++q)
      for (std::size_t m = 0; m < r.months.size(); ++m, ++i) {
        const double want = r.indicator(spec, rep, q, m);
        CHECK((std::isnan(want) ? std::isnan(ind[i]) : ind[i] == want));
        CHECK(cnt[i] == r.row(rep, q, m)[last]);
      }
  CHECK(i == ind.size());
}

TEST_CASE("a failed write leaves no results file", "[io][hdf5]") {
  io::Scenario s =
      io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/baseline.toml");
  const auto r = model::run(s.territory, s.parameters, s.run, s.interventions);
  CHECK_THROWS(io::write_run_file(s, r, "/nonexistent-dir/x.h5"));
  CHECK(!std::filesystem::exists("/nonexistent-dir/x.h5"));
}

TEST_CASE("a results tree reads back field for field, at the root or below a prefix",
          "[io][hdf5]") {
  io::Scenario s =
      io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/variant.toml");
  const io::RunRecord written =
      io::make_record(s, model::run(s.territory, s.parameters, s.run, s.interventions));
  TempDir dir;
  const auto file = (dir.path / "two.h5").string();
  {
    io::Hdf5Sink sink(file);
    io::write_run(written, sink);
    io::write_run(written, sink, "/scenarios/variant");
    sink.commit();
  }
  const io::Hdf5Reader h5(file);
  for (const std::string prefix : {"", "/scenarios/variant"}) {
    const io::RunRecord read = io::read_run(h5, prefix);
    CHECK(read.name == written.name);
    CHECK(read.description == written.description);
    CHECK(read.file == written.file);
    CHECK(read.seed == written.seed);
    CHECK(read.start == written.start);
    CHECK(read.end == written.end);
    CHECK(read.created_utc == written.created_utc);
    CHECK(read.scenario_toml == written.scenario_toml);
    CHECK(read.territory_csv == written.territory_csv);
    CHECK(read.intervention_kinds == written.intervention_kinds);
    CHECK(read.intervention_kinds == std::vector<std::string>{"creche_places"});
    CHECK(read.planned_budget_cents == written.planned_budget_cents);
    CHECK(read.parameter_names == written.parameter_names);
    CHECK(read.parameter_values == written.parameter_values);
    CHECK(read.parameter_overridden == written.parameter_overridden);
    CHECK(read.qpv_codes == written.qpv_codes);
    CHECK(read.qpv_population == written.qpv_population);
    const model::RunResults& a = read.results;
    const model::RunResults& b = written.results;
    CHECK(a.months == b.months);
    CHECK(a.replicates == b.replicates);
    CHECK(a.partitions == b.partitions);
    CHECK(a.counters == b.counters);
    CHECK(a.spending == b.spending);
    CHECK(a.events == b.events);
    CHECK(a.first_year == b.first_year);
    CHECK(a.years == b.years);
  }
}

TEST_CASE("a file that is not a qpvsim results tree is refused, naming the file", "[io][hdf5]") {
  TempDir dir;
  const auto file = (dir.path / "other.h5").string();
  {
    io::Hdf5Sink sink(file);
    sink.doubles("/data", {3}, {1, 2, 3});
    sink.commit();
  }
  const io::Hdf5Reader h5(file);
  try {
    (void)io::read_run(h5);
    FAIL("read_run accepted a file without results");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("other.h5") != std::string::npos);
    CHECK(std::string(e.what()).find("qpvsim") != std::string::npos);
  }
}
