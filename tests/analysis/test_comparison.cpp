// Scenario comparison: pairing by replicate (common random numbers), distributions of paired
// differences, cost per result, and what cannot be compared.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "analysis/comparison.hpp"
#include "analysis/comparison_file.hpp"
#include "sim/app/jobs.hpp"
#include "sim/core/error.hpp"
#include "sim/io/hdf5_sink.hpp"
#include "tests/support/scenarios.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;
using namespace qpv::analysis;
using qpv::app::run_comparison;

namespace {

const std::string kTiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";

io::Scenario tiny(const std::string& name) {
  return io::load_scenario(kTiny + name);
}

double variance(const std::vector<double>& v) {
  double mean = 0;
  for (double x : v) mean += x / static_cast<double>(v.size());
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean) / static_cast<double>(v.size() - 1);
  return var;
}

}  // namespace

TEST_CASE("a scenario identical to the baseline differs from it by exactly zero",
          "[analysis][comparison]") {
  const Comparison c = run_comparison({tiny("baseline.toml"), tiny("same.toml")});
  REQUIRE(c.scenarios.size() == 2);
  CHECK(c.scenarios[1].id == "same");
  CHECK(c.results(0).counters == c.results(1).counters);
  for (const auto& spec : model::indicator_specs()) {
    for (std::uint32_t q = 0; q <= c.all_qpvs(); ++q) {
      for (const double d : paired_differences(c, 1, spec, q, months_of_year(c, 0))) {
        if (!std::isnan(d)) CHECK(d == 0.0);
      }
      for (const Distribution& d : difference_trajectory(c, 1, spec, q)) {
        if (d.n == 0) continue;
        CHECK(d.mean == 0.0);
        CHECK(d.q05 == 0.0);
        CHECK(d.q95 == 0.0);
        // Not better: equal.
        if (spec.better != model::Better::neither) CHECK(d.share_better == 0.0);
      }
    }
  }
  for (Effect e : kEffects) {
    const CostEffectiveness ce = cost_effectiveness(c, 1, e, c.all_qpvs());
    CHECK(ce.extra_cost.mean == 0.0);
    CHECK(ce.extra_effect.mean == 0.0);
    CHECK(std::isnan(ce.euros_per_unit));
    CHECK_FALSE(ce.interval);
  }
}

TEST_CASE("common random numbers: paired differences spread far less than unpaired ones",
          "[analysis][comparison][slow]") {
  // The truck lever's breast-screening coverage, all QPVs, 2026-2030: the variance of
  // truck_r - base_r (same seed) against truck'_r - base_r, truck' run with another seed.
  io::Scenario base = qpv::test::valenciennes();
  REQUIRE(base.uncertainty == model::Uncertainty::full);  // parameters drawn too, as runs do
  base.run.replicates = 30;
  io::Scenario truck = io::load_scenario("embedded:valenciennes/screening_truck.toml");
  const Comparison paired = run_comparison({base, truck});
  io::Scenario other_seed = base;
  other_seed.run.seed = base.run.seed + 1;
  const Comparison unpaired_truck = run_comparison({other_seed, truck});

  const auto& spec = *model::find_indicator("screening_breast");
  const MonthRange range{months_of_year(paired, 2026).first, paired.months.size() - 1};
  const std::vector<double> d_paired =
      paired_differences(paired, 1, spec, paired.all_qpvs(), range);
  const std::vector<double> truck_other =
      indicator_values(unpaired_truck, 1, spec, paired.all_qpvs(), range);
  const std::vector<double> base_values =
      indicator_values(paired, 0, spec, paired.all_qpvs(), range);
  std::vector<double> d_unpaired;
  for (std::size_t r = 0; r < base_values.size(); ++r)
    d_unpaired.push_back(truck_other[r] - base_values[r]);
  const double ratio = variance(d_unpaired) / variance(d_paired);
  WARN("variance of unpaired / paired differences of screening_breast (truck lever): " << ratio);
  CHECK(ratio >= 4.0);
  // Both estimate the same effect: they agree within the unpaired estimate's noise (4 standard
  // errors of its mean; under full uncertainty each replicate's effect varies with its draws).
  CHECK(distribution(d_paired).mean > 0.05);
  const double se = std::sqrt(variance(d_unpaired) / static_cast<double>(d_unpaired.size()));
  CHECK(std::abs(distribution(d_unpaired).mean - distribution(d_paired).mean) < 4 * se);
}

TEST_CASE("distributions: mean, type-7 quantiles and the share that does better",
          "[analysis][comparison]") {
  std::vector<double> v;
  for (int k = 0; k <= 100; ++k) v.push_back(k - 20);  // -20 .. 80
  v.push_back(std::nan(""));
  const Distribution up = distribution(v, model::Better::higher);
  CHECK(up.n == 101);
  CHECK(up.mean == Approx(30.0));
  CHECK(up.q05 == Approx(-15.0));
  CHECK(up.q50 == Approx(30.0));
  CHECK(up.q95 == Approx(75.0));
  CHECK(up.share_better == Approx(80.0 / 101));  // 1 .. 80
  const Distribution down = distribution(v, model::Better::lower);
  CHECK(down.share_better == Approx(20.0 / 101));
  CHECK(std::isnan(distribution(v).share_better));
  const Distribution none = distribution({std::nan("")});
  CHECK(none.n == 0);
  CHECK(std::isnan(none.mean));
}

TEST_CASE("how sure we are, in words for elected officials", "[analysis][comparison]") {
  CHECK(futures_fr(0.9) == "dans 9 futurs sur 10");
  CHECK(futures_fr(0.86) == "dans 9 futurs sur 10");
  CHECK(futures_fr(0.5) == "dans 5 futurs sur 10");
  CHECK(futures_fr(0.1) == "dans 1 futur sur 10");
  CHECK(futures_fr(1.0) == "dans tous les futurs simulés");
  CHECK(futures_fr(0.97) == "dans presque tous les futurs simulés");
  CHECK(futures_fr(0.0) == "dans aucun des futurs simulés");
  CHECK(futures_fr(0.02) == "dans presque aucun des futurs simulés");
  CHECK(futures_fr(std::nan("")).empty());
}

TEST_CASE("a table's certainty says when published evaluations found no effect",
          "[analysis][comparison]") {
  const model::IndicatorSpec& employment = *model::find_indicator("employment_rate");
  const std::optional<PublishedEvidence> unknown;
  const std::optional<PublishedEvidence> none_found = PublishedEvidence{true, "(Abebe, 2021)"};
  CHECK(futures_short_fr(employment, 1.0, unknown) == "dans tous les futurs simulés");
  CHECK(futures_short_fr(employment, 1.0, none_found) ==
        "dans 10 futurs simulés sur 10 (effet nul selon des évaluations publiées)");
  CHECK(futures_short_fr(employment, 0.7, none_found) ==
        "dans 7 futurs sur 10 (effet nul selon des évaluations publiées)");
  CHECK(futures_short_fr(employment, std::nan(""), none_found).empty());
  CHECK(futures_short_fr(*model::find_indicator("population"), 1.0, none_found).empty());
}

TEST_CASE("cost per result: extra spending over the extra effect, replicate by replicate",
          "[analysis][comparison]") {
  // A comparison built by hand: one QPV, 2 replicates, 12 months of 2024.
  auto results = [](std::int64_t employed, std::int64_t cents) {
    model::RunResults r;
    for (int m = 1; m <= 12; ++m) r.months.push_back(Date{2024, m, 1});
    r.replicates = 2;
    r.partitions = 2;
    r.first_year = 2024;
    r.years = 1;
    r.counters.assign(2 * 2 * 12 * model::kCounterCount, 0);
    r.spending.assign(2 * 2 * model::kLevers, 0);
    for (std::uint32_t rep = 0; rep < 2; ++rep) {
      for (std::uint32_t q = 0; q < 2; ++q) {
        for (std::size_t m = 0; m < 12; ++m) {
          r.counters[r.offset(rep, q, m) +
                     static_cast<std::size_t>(model::Counter::employed_15_64)] =
              employed + rep;  // replicate 1 employs one more person every month
        }
        r.spending[r.spending_offset(rep, q)] = cents * (rep + 1);  // transport aid
      }
    }
    r.events.assign(2, 0);
    return r;
  };
  std::vector<ScenarioRun> runs(2);
  runs[0].id = "base";
  runs[0].record.qpv_codes = {"Q1", "ALL"};
  runs[0].record.results = results(100, 0);
  runs[1].id = "alt";
  runs[1].record.qpv_codes = {"Q1", "ALL"};
  runs[1].record.results = results(103, 1'200'000);  // 12,000 EUR, 24,000 EUR
  const Comparison c = make_comparison(std::move(runs));
  const CostEffectiveness ce = cost_effectiveness(c, 1, Effect::employment, 0);
  // 3 more people employed for 12 months: 3 person-years in both replicates.
  CHECK(ce.extra_effect.mean == Approx(3.0));
  CHECK(ce.extra_cost.mean == Approx(18000.0));
  CHECK(ce.euros_per_unit == Approx(6000.0));
  REQUIRE(ce.interval);
  CHECK(ce.q05 == Approx(4000.0 + 0.05 * 4000.0));  // ratios 4,000 and 8,000
  CHECK(ce.q95 == Approx(4000.0 + 0.95 * 4000.0));
  // No effect at all: no cost per result.
  const CostEffectiveness none = cost_effectiveness(c, 1, Effect::childcare, 0);
  CHECK(std::isnan(none.euros_per_unit));
  CHECK_FALSE(none.interval);
}

TEST_CASE("scenarios with different territories or horizons cannot be compared",
          "[analysis][comparison]") {
  try {
    check_comparable({tiny("baseline.toml"), qpv::test::valenciennes()});
    FAIL("different territories were accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("territory") != std::string::npos);
    CHECK(std::string(e.what()).find("baseline.toml") != std::string::npos);
  }
  try {
    check_comparable({tiny("baseline.toml"), tiny("later_end.toml")});
    FAIL("different horizons were accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("later_end.toml") != std::string::npos);
    CHECK(std::string(e.what()).find("2027-12-31") != std::string::npos);
  }
  CHECK_NOTHROW(check_comparable({tiny("baseline.toml"), tiny("variant.toml")}));
}

TEST_CASE("a comparison file reads back as the comparison that wrote it",
          "[analysis][comparison][hdf5]") {
  const Comparison c = run_comparison({tiny("baseline.toml"), tiny("variant.toml")});
  qpv::test::TempDir dir;
  const std::string file = (dir.path / "c.h5").string();
  write_comparison_file(c, file);
  const Comparison back = read_comparison_file(file);
  REQUIRE(back.scenarios.size() == 2);
  CHECK(back.scenarios[1].id == "variant");
  CHECK(back.seed == c.seed);
  CHECK(back.months == c.months);
  CHECK(back.qpv_names == c.qpv_names);
  for (std::size_t s = 0; s < 2; ++s) {
    CHECK(back.results(s).counters == c.results(s).counters);
    CHECK(back.results(s).spending == c.results(s).spending);
    CHECK(back.scenarios[s].record.intervention_kinds == c.scenarios[s].record.intervention_kinds);
    // Each replicate's parameters, and where they come from.
    CHECK(back.results(s).parameter_values == c.results(s).parameter_values);
    CHECK(back.scenarios[s].record.parameter_drawn_from ==
          c.scenarios[s].record.parameter_drawn_from);
    CHECK(back.scenarios[s].record.parameter_roles == c.scenarios[s].record.parameter_roles);
    CHECK(back.scenarios[s].record.uncertainty == "full");
  }
  // A run file reads as a comparison of one scenario.
  const io::Scenario s = tiny("baseline.toml");
  const std::string run_file = (dir.path / "run.h5").string();
  io::write_run_file(s, model::run(s.territory, s.parameters, io::plan_for(s), s.interventions),
                     run_file);
  const Comparison one = read_comparison_file(run_file);
  REQUIRE(one.scenarios.size() == 1);
  CHECK(one.scenarios[0].id == "baseline");
  CHECK(one.results(0).counters == c.results(0).counters);
}

TEST_CASE("a file that is not a qpvsim results file is refused clearly",
          "[analysis][comparison][hdf5]") {
  qpv::test::TempDir dir;
  const std::string text = (dir.path / "notes.h5").string();
  std::ofstream(text) << "not HDF5\n";
  const std::string other = (dir.path / "other.h5").string();
  {
    io::Hdf5Sink sink(other);
    sink.doubles("/x", {2}, {1, 2});
    sink.commit();
  }
  for (const std::string& f : {text, other, (dir.path / "missing.h5").string()}) {
    try {
      (void)read_comparison_file(f);
      FAIL("accepted " << f);
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(f) != std::string::npos);
    } catch (const ReadError& e) {
      CHECK(std::string(e.what()).find(f) != std::string::npos);
    }
  }
}
