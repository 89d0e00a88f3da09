#include <catch2/catch.hpp>
#include <cmath>

#include "analysis/summary.hpp"
#include "sim/io/scenario.hpp"
#include "tests/support/scenarios.hpp"

using qpv::analysis::quantile_sorted;
using qpv::analysis::summarise;

TEST_CASE("summaries give the mean and the 5 % and 95 % quantiles, ignoring NaN", "[analysis]") {
  std::vector<double> v;
  for (int i = 0; i <= 100; ++i) v.push_back(i);
  v.push_back(std::nan(""));
  const auto s = summarise(v);
  CHECK(s.n == 101u);
  CHECK(s.mean == Approx(50));
  CHECK(s.q05 == Approx(5));
  CHECK(s.q95 == Approx(95));
  CHECK(quantile_sorted({1.0, 2.0}, 0.5) == Approx(1.5));
  CHECK(std::isnan(summarise({std::nan("")}).mean));
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
