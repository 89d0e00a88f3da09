#include <catch2/catch.hpp>
#include <cmath>

#include "analysis/comparison.hpp"
#include "analysis/summary.hpp"
#include "sim/app/jobs.hpp"
#include "sim/io/scenario.hpp"
#include "tests/support/scenarios.hpp"

using qpv::analysis::distribution;
using qpv::analysis::quantile_sorted;

TEST_CASE("summaries give the mean and the 5 % and 95 % quantiles, ignoring NaN", "[analysis]") {
  std::vector<double> v;
  for (int i = 0; i <= 100; ++i) v.push_back(i);
  v.push_back(std::nan(""));
  const auto s = distribution(v);
  CHECK(s.n == 101u);
  CHECK(s.mean == Approx(50));
  CHECK(s.q05 == Approx(5));
  CHECK(s.q95 == Approx(95));
  CHECK(quantile_sorted({1.0, 2.0}, 0.5) == Approx(1.5));
  CHECK(std::isnan(distribution({std::nan("")}).mean));
}

TEST_CASE("the run summary shows the three dates, every indicator and lever spending",
          "[analysis]") {
  qpv::io::Scenario s = qpv::test::tiny();
  s.run.replicates = 2;
  const auto r = qpv::model::run(s.territory, s.parameters, s.run, s.interventions);
  const std::string table = qpv::analysis::summary_table(r, {0, 0, 0});
  CHECK(table.find("2024-01") != std::string::npos);
  CHECK(table.find("2026-12") != std::string::npos);
  for (const auto& spec : qpv::model::indicator_specs()) {
    CHECK(table.find(std::string(spec.id)) != std::string::npos);
  }
  CHECK(table.find("spending") == std::string::npos);  // nothing spent in the baseline
}

TEST_CASE("the width-ratio table divides the two widths, and names a lever without width",
          "[analysis][uncertainty]") {
  using qpv::analysis::width_ratio_table;
  using qpv::app::run_comparison;
  const std::string tiny = std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/";
  qpv::io::Scenario base = qpv::io::load_scenario(tiny + "baseline.toml");
  base.run.replicates = 6;
  const auto levers = run_comparison({base, qpv::io::load_scenario(tiny + "levers.toml")});
  // The same comparison twice: every ratio is 1.
  const std::string same = width_ratio_table(levers, levers);
  CHECK(same.find("levers - baseline") != std::string::npos);
  CHECK(same.find("1.00\n") != std::string::npos);
  // A variant that changes nothing has no width to divide by: "-", not inf or nan.
  const auto nothing = run_comparison({base, qpv::io::load_scenario(tiny + "same.toml")});
  const std::string none = width_ratio_table(nothing, nothing);
  CHECK(none.find("inf") == std::string::npos);
  CHECK(none.find("nan") == std::string::npos);
  CHECK(none.find(" -\n") != std::string::npos);
  // Comparisons of different shapes are refused.
  CHECK_THROWS_AS(width_ratio_table(levers, run_comparison({base})), std::invalid_argument);
}
