// Each lever moves its outcome in the expected direction, as the mean of 50 paired replicates
// (same seeds, so the baseline and the lever share every random draw they can). Slow-ish
// (about ten seconds per lever on two cores); tagged [slow] and still run in CI.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

constexpr std::uint32_t kReplicates = 50;

RunResults run_scenario(const std::string& name) {
  io::Scenario s = io::load_scenario("embedded:valenciennes/" + name + ".toml");
  s.run.replicates = kReplicates;
  return run(s.territory, s.parameters, s.run, s.interventions);
}

const RunResults& baseline() {
  static const RunResults r = run_scenario("baseline");
  return r;
}

struct Paired {
  double mean = 0;
  double se = 0;  ///< standard error of the mean
};

/// Mean over replicates of (lever - baseline) of an indicator for all QPVs, averaged over
/// the months from `from` (index) to the end.
Paired paired(const RunResults& lever, std::string_view indicator, std::size_t from,
              std::uint32_t q) {
  const IndicatorSpec& spec = *find_indicator(indicator);
  std::vector<double> d;
  for (std::uint32_t rep = 0; rep < kReplicates; ++rep) {
    double sum = 0;
    for (std::size_t m = from; m < lever.months.size(); ++m) {
      sum += lever.indicator(spec, rep, q, m) - baseline().indicator(spec, rep, q, m);
    }
    d.push_back(sum / static_cast<double>(lever.months.size() - from));
  }
  Paired p;
  for (double x : d) p.mean += x / kReplicates;
  double var = 0;
  for (double x : d) var += (x - p.mean) * (x - p.mean) / (kReplicates - 1);
  p.se = std::sqrt(var / kReplicates);
  return p;
}

std::size_t month_of(const RunResults& r, Date d) {
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    if (r.months[m] == d) return m;
  }
  FAIL("month not in the run");
  return 0;
}

}  // namespace

TEST_CASE("+5 % crèche places raise under-3 coverage and do not lower single parents' employment",
          "[model][levers][slow]") {
  const RunResults lever = run_scenario("creche_plus5");
  const std::uint32_t all = lever.partitions - 1;
  const std::size_t from = month_of(lever, {2027, 9, 1});
  const Paired coverage = paired(lever, "creche_coverage", from, all);
  const Paired single = paired(lever, "employment_rate_single_parents", from, all);
  const Paired waitlist = paired(lever, "creche_waitlist", from, all);
  WARN("creche_coverage: " << coverage.mean << " (se " << coverage.se << ")");
  WARN("employment_rate_single_parents: " << single.mean << " (se " << single.se << ")");
  WARN("creche_waitlist: " << waitlist.mean << " (se " << waitlist.se << ")");
  CHECK(coverage.mean > 3 * coverage.se);
  CHECK(coverage.mean > 0.003);         // 14 places for about 2,200 children under 3
  CHECK(single.mean > -2 * single.se);  // not lower (within sampling error)
  CHECK(waitlist.mean < 0);
}

TEST_CASE("the screening truck raises breast-screening coverage in the QPVs it visits",
          "[model][levers][slow]") {
  const RunResults lever = run_scenario("screening_truck");
  const std::uint32_t all = lever.partitions - 1;
  const std::size_t from = month_of(lever, {2026, 6, 1});  // after mammography starts on board
  const Paired breast = paired(lever, "screening_breast", from, all);
  const Paired cervical = paired(lever, "screening_cervical", from, all);
  WARN("screening_breast: " << breast.mean << " (se " << breast.se << ")");
  CHECK(breast.mean > 3 * breast.se);
  CHECK(breast.mean > 0.005);
  // The truck does mammographies only: other programmes do not move.
  CHECK(std::abs(cervical.mean) < 1e-9);
  // Spending: passages x cost, the same in every replicate.
  std::int64_t spent = 0;
  for (std::size_t y = 0; y < lever.years; ++y)
    spent += lever.spent(0, all, static_cast<std::size_t>(Lever::screening_truck), y);
  const std::int64_t passages = [&] {
    std::int64_t n = 0;
    for (std::size_t m = 0; m < lever.months.size(); ++m)
      n += lever.row(0, all, m)[static_cast<std::size_t>(Counter::truck_passages)];
    return n;
  }();
  CHECK(spent == passages * Cents::from_euros(2000).count());
  CHECK(passages == 12 * 7);  // 24 a year x 0.5, 2024 to 2030
}

TEST_CASE("transport aid lowers the share of job seekers refusing offers for mobility",
          "[model][levers][slow]") {
  const RunResults lever = run_scenario("transport_aid");
  const std::uint32_t all = lever.partitions - 1;
  const std::size_t from = month_of(lever, {2026, 1, 1});
  const Paired refusal = paired(lever, "refusal_mobility_share", from, all);
  const Paired employment = paired(lever, "employment_rate", from, all);
  const Paired licences = paired(lever, "licence_holders", from, all);
  WARN("refusal_mobility_share: " << refusal.mean << " (se " << refusal.se << ")");
  WARN("employment_rate: " << employment.mean << " (se " << employment.se << ")");
  WARN("licence_holders: " << licences.mean << " (se " << licences.se << ")");
  CHECK(refusal.mean < -3 * refusal.se);
  CHECK(licences.mean > 0);
}
