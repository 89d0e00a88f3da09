#include <catch2/catch.hpp>
#include <memory>
#include <numeric>

#include "sim/io/scenario.hpp"
#include "sim/model/childcare.hpp"
#include "sim/model/simulation.hpp"
#include "tests/support/scenarios.hpp"

using namespace qpv;
using namespace qpv::model;
using qpv::test::valenciennes;

namespace {

Intervention plus(double increase, Date start, Date reached, Ramp ramp, double avip = 0.0) {
  CrechePlaces c;
  c.increase = increase;
  c.start = start;
  c.reached_by = reached;
  c.ramp = ramp;
  c.avip_share = avip;
  c.cost_per_place_year = Cents::from_euros(17000);
  c.investment_per_place = Cents::from_euros(26000);
  Intervention i;
  i.detail = c;
  return i;
}

/// A partition of QPV `q` with a hand-made population.
struct Harness {
  Partition part;
  Harness(const io::Scenario& s, std::uint32_t q, const std::vector<Intervention>& interventions)
      : part{s.territory, q,      s.territory.qpvs[q], s.parameters, s.run, 0, {}, Population{},
             {},          &flows, Spending(2024, 2030)} {
    for (std::size_t k = 0; k < interventions.size(); ++k)
      part.interventions.emplace_back(k, &interventions[k]);
  }
  Flows flows;
};

}  // namespace

TEST_CASE("largest-remainder splits sum exactly and follow the weights", "[model][childcare]") {
  const auto parts = split_largest_remainder(14, std::vector<double>(15, 18.0));
  CHECK(std::accumulate(parts.begin(), parts.end(), std::int64_t{0}) == 14);
  for (auto p : parts) CHECK((p == 0 || p == 1));
  const auto uneven = split_largest_remainder(10, {1.0, 3.0, 6.0});
  CHECK(uneven == std::vector<std::int64_t>{1, 3, 6});
  CHECK(split_largest_remainder(5, {0.0, 0.0}) == std::vector<std::int64_t>{3, 2});
}

TEST_CASE("+5 % crèche places open on their ramp, rounded half up on the QPVs together",
          "[model][childcare]") {
  const io::Scenario& s = valenciennes();
  const std::vector<Intervention> step = {plus(0.05, {2024, 1, 1}, {2027, 9, 1}, Ramp::step)};
  const std::vector<Intervention> linear = {plus(0.05, {2024, 1, 1}, {2027, 9, 1}, Ramp::linear)};
  std::int64_t extra = 0;
  for (std::uint32_t q = 0; q < s.territory.qpvs.size(); ++q) {
    Harness h(s, q, step);
    const Childcare c(h.part);
    const std::int64_t base = s.territory.qpvs[q].creche_places;
    CHECK(c.capacity(Time::at({2027, 8, 1})) == base);  // step: nothing before the date
    extra += c.capacity(Time::at({2027, 9, 1})) - base;
    Harness hl(s, q, linear);
    const Childcare cl(hl.part);
    std::int64_t previous = base;
    for (Date d{2024, 1, 1}; d <= Date{2028, 1, 1}; d = first_of_next_month(d)) {
      const std::int64_t now = cl.capacity(Time::at(d));
      CHECK(now >= previous);  // a ramp never closes places
      previous = now;
    }
    CHECK(previous == c.capacity(Time::at({2027, 9, 1})));
  }
  CHECK(extra == 14);  // 5 % of 270 places = 13.5, rounded half up
}

TEST_CASE("the waitlist serves single parents first, AVIP places go to job-seeking parents",
          "[model][childcare]") {
  io::Scenario s = valenciennes();
  const std::vector<Intervention> none;
  Harness h(s, 0, none);
  Population& pop = h.part.pop;
  // Three families with a baby: a couple, a single parent, a job-seeking couple.
  auto family = [&](HouseholdType type, Activity parent) {
    const std::uint32_t hh = pop.households.add(type, false, false);
    const std::uint32_t adult = pop.add_member(hh);
    pop.persons.age[adult] = 30;
    pop.persons.activity[adult] = parent;
    const std::uint32_t baby = pop.add_member(hh);
    pop.persons.age[baby] = 1;
    pop.persons.birth_day[baby] = static_cast<std::int32_t>(Date{2023, 1, 1}.days_since_epoch());
    return baby;
  };
  const auto couple = family(HouseholdType::couple_with_children, Activity::employed);
  const auto single = family(HouseholdType::single_parent, Activity::employed);
  const auto seekers = family(HouseholdType::couple_with_children, Activity::job_seeker);
  s.parameters.set(Param::creche_demand_share, 1.0);
  Harness h2(s, 0, none);
  h2.part.pop = pop;
  // The QPV's 18 places, minus 17 already held by older children, leave one free place.
  for (int k = 0; k < 17; ++k) {
    const std::uint32_t hh =
        h2.part.pop.households.add(HouseholdType::couple_with_children, false, false);
    const std::uint32_t child = h2.part.pop.add_member(hh);
    h2.part.pop.persons.age[child] = 2;
    h2.part.pop.persons.creche_place[child] = 1;
  }
  Childcare c(h2.part);
  AgentStreams people(StreamKey{1, 0, 0, 7});
  c.init(h2.part, people);
  c.monthly(h2.part, Time::at({2024, 2, 1}));
  CHECK(h2.part.pop.persons.creche_place[single] == 1);
  CHECK(h2.part.pop.persons.creche_place[couple] == 0);
  CHECK(h2.part.pop.persons.creche_place[seekers] == 0);
  std::int64_t row[kCounterCount] = {};
  c.record(h2.part, Time::at({2024, 2, 1}), row);
  CHECK(row[static_cast<std::size_t>(Counter::creche_waitlist)] == 2);
  CHECK(row[static_cast<std::size_t>(Counter::creche_places)] == 18);
  CHECK(h2.flows[Counter::creche_admissions] == 1);
}

TEST_CASE("crèche places are never over-filled, children leave at school entry and costs add up",
          "[model][childcare]") {
  io::Scenario s = valenciennes();
  s.run.replicates = 2;
  s.interventions = {plus(0.05, {2024, 1, 1}, {2027, 9, 1}, Ramp::linear, 0.2)};
  const auto r = run(s.territory, s.parameters, s.run, s.interventions);
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    for (std::uint32_t q = 0; q < r.partitions; ++q) {
      for (std::size_t m = 0; m < r.months.size(); ++m) {
        const auto* row = r.row(rep, q, m);
        REQUIRE(row[static_cast<std::size_t>(Counter::children_under_3_in_creche)] <=
                row[static_cast<std::size_t>(Counter::creche_places)]);
      }
    }
  }
  // Spending of the whole territory: 14 new places, each paid a twelfth of 17,000 € a month
  // while open, plus 26,000 € when it opens. Reconstruct it from the capacity series.
  const std::uint32_t all = r.partitions - 1;
  std::int64_t expected = 0, opened = 0;
  const std::int64_t base = 270, per_month = Cents::from_euros(17000.0 / 12).count();
  for (std::size_t m = 0; m < r.months.size(); ++m) {
    const std::int64_t open =
        r.row(0, all, m)[static_cast<std::size_t>(Counter::creche_places)] - base;
    expected += open * per_month +
                std::max<std::int64_t>(0, open - opened) * Cents::from_euros(26000).count();
    opened = std::max(opened, open);
  }
  std::int64_t spent = 0;
  for (std::size_t y = 0; y < r.years; ++y)
    spent += r.spent(0, all, static_cast<std::size_t>(Lever::creche_places), y);
  CHECK(opened == 14);
  CHECK(spent == expected);
}

TEST_CASE("a linear ramp opens places across QPVs one at a time", "[model][childcare]") {
  const io::Scenario& s = valenciennes();
  const std::vector<Intervention> linear = {plus(0.05, {2024, 9, 1}, {2027, 9, 1}, Ramp::linear)};
  std::vector<Childcare> pools;
  std::vector<std::unique_ptr<Harness>> harnesses;
  for (std::uint32_t q = 0; q < s.territory.qpvs.size(); ++q) {
    harnesses.push_back(std::make_unique<Harness>(s, q, linear));
    pools.emplace_back(harnesses.back()->part);
  }
  // Halfway through the ramp, half of the 14 places are open across the territory.
  auto open_total = [&](Date d) {
    std::int64_t extra = 0;
    for (std::uint32_t q = 0; q < pools.size(); ++q) {
      extra += pools[q].capacity(Time::at(d)) - s.territory.qpvs[q].creche_places;
    }
    return extra;
  };
  CHECK(open_total({2024, 8, 1}) == 0);
  CHECK(open_total({2026, 3, 15}) == 7);  // 560 of 1,095 days: 7.2 places
  CHECK(open_total({2027, 9, 1}) == 14);
}
