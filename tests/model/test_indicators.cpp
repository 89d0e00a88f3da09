// Indicators computed from the population: quarter-to-quarter transitions.
#include <catch2/catch.hpp>

#include "sim/model/indicators.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

std::int64_t at(const std::vector<std::int64_t>& row, Counter c) {
  return row[static_cast<std::size_t>(c)];
}

}  // namespace

TEST_CASE("quarter transitions count status changes of residents 15-64 between two dates",
          "[model][indicators]") {
  Population pop;
  const std::uint32_t hh = pop.households.add(HouseholdType::other, false, false);
  auto person = [&](int age, Activity a, Contract c = Contract::none) {
    const std::uint32_t i = pop.add_member(hh);
    pop.persons.age[i] = static_cast<std::uint8_t>(age);
    pop.persons.activity[i] = a;
    pop.persons.contract[i] = c;
    return i;
  };
  const auto seeker_hired = person(30, Activity::job_seeker);
  const auto seeker_still = person(30, Activity::job_seeker);
  const auto fixed_lost = person(40, Activity::employed, Contract::fixed_term);
  const auto permanent_kept = person(45, Activity::employed, Contract::permanent);
  const auto inactive_hired = person(50, Activity::inactive);
  const auto seeker_died = person(30, Activity::job_seeker);
  const auto too_old = person(70, Activity::retired);
  const auto child = person(10, Activity::child);
  std::vector<std::uint8_t> status;
  snapshot_quarter(pop, status);

  // A quarter later.
  pop.persons.activity[seeker_hired] = Activity::employed;
  pop.persons.contract[seeker_hired] = Contract::fixed_term;
  pop.persons.activity[fixed_lost] = Activity::job_seeker;
  pop.persons.contract[fixed_lost] = Contract::none;
  pop.persons.activity[inactive_hired] = Activity::employed;
  pop.remove(seeker_died);
  pop.persons.activity[too_old] = Activity::employed;  // not counted: not 15-64 at the start
  (void)seeker_still, (void)permanent_kept, (void)child;
  // A newborn after the snapshot is not counted either.
  person(0, Activity::child);

  std::vector<std::int64_t> row(kCounterCount, 0);
  record_transitions(pop, status, row.data());
  CHECK(at(row, Counter::quarter_job_seekers) == 2);  // the one who died is not followed
  CHECK(at(row, Counter::quarter_job_seekers_to_employed) == 1);
  CHECK(at(row, Counter::quarter_employed) == 2);
  CHECK(at(row, Counter::quarter_employed_to_job_seeker) == 1);
  CHECK(at(row, Counter::quarter_fixed_term) == 1);
  CHECK(at(row, Counter::quarter_fixed_term_to_job_seeker) == 1);
  CHECK(at(row, Counter::quarter_permanent) == 1);
  CHECK(at(row, Counter::quarter_permanent_to_job_seeker) == 0);
  CHECK(at(row, Counter::quarter_inactive) == 1);
  CHECK(at(row, Counter::quarter_inactive_to_employed) == 1);
  const IndicatorSpec& u_to_e = *find_indicator("transition_unemployed_to_employed");
  CHECK(indicator_value(u_to_e, row.data()) == Approx(0.5));
}
