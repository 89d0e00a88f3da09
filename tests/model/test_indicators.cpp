// Indicators computed from the population: monthly stocks, quarter-to-quarter transitions.
#include <catch2/catch.hpp>

#include "sim/core/rng.hpp"
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

TEST_CASE("monthly stocks: the vector (AVX2) and portable counts agree on random populations",
          "[model][indicators]") {
  // Rows in blocks of 32 plus a tail, and every condition of record_stocks met by some rows:
  // ages 0-99, every activity, dates on both sides of each window (and exactly on its edge).
  const Time now = Time::at(Date{2026, 3, 1});
  Rng rng(StreamKey{42, 0, 0, 0});
  for (const std::uint32_t households : {0U, 3U, 31U, 32U, 700U}) {
    Population pop;
    for (std::uint32_t h = 0; h < households; ++h) {
      const auto type = static_cast<HouseholdType>(rng.below(kHouseholdTypes));
      const std::uint32_t hh = pop.households.add(type, rng.bernoulli(0.6), rng.bernoulli(0.3));
      const std::uint32_t members = rng.below(5);  // empty households too
      for (std::uint32_t m = 0; m < members; ++m) {
        const std::uint32_t i = pop.add_member(hh);
        Persons& p = pop.persons;
        p.age[i] = static_cast<std::uint8_t>(rng.below(100));
        p.sex[i] = rng.bernoulli(0.5) ? Sex::female : Sex::male;
        p.activity[i] = static_cast<Activity>(rng.below(6));
        p.licence[i] = rng.bernoulli(0.5);
        p.creche_place[i] = rng.bernoulli(0.3);
        p.cohort[i] = rng.bernoulli(0.7);
        p.aid_programme[i] = static_cast<std::int16_t>(rng.below(3)) - 1;
        auto some_time = [&] {
          const std::int64_t days = static_cast<std::int64_t>(rng.below(6 * 365)) - 5 * 365;
          if (rng.bernoulli(0.1)) return Time::min();
          // Now and then exactly on a window's edge: the conditions are strict.
          if (rng.bernoulli(0.05)) return now - Duration::whole_days(365);
          if (rng.bernoulli(0.05)) return now - Duration::whole_days(730);
          return now + Duration::whole_days(days) + Duration::seconds(rng.below(86'400));
        };
        for (auto& col : p.last_refusal) col[i] = some_time();
        for (auto& col : p.last_screening) col[i] = some_time();
      }
      if (rng.bernoulli(0.2)) pop.move_out(hh);
    }
    for (std::uint32_t i = 0; i < pop.persons.size(); ++i) {
      if (rng.bernoulli(0.1)) pop.remove(i);
    }
    std::vector<std::int64_t> fast(kCounterCount, 0), portable(kCounterCount, 0);
    record_stocks(pop, now, fast.data());
    record_stocks(pop, now, portable.data(), Simd::off);
    INFO(pop.persons.size() << " persons, " << households << " households");
    for (std::size_t k = 0; k < kCounterCount; ++k) {
      INFO(counter_specs()[k].name);
      CHECK(fast[k] == portable[k]);
    }
    if (households == 700) {  // the comparison is not vacuous: every stock counts someone
      for (const Counter c :
           {Counter::population, Counter::households, Counter::employed_single_parents_15_64,
            Counter::job_seekers_refused_mobility_12m, Counter::job_seekers_refused_childcare_12m,
            Counter::children_under_3_in_creche, Counter::licence_holders_18_plus,
            Counter::up_to_date_breast, Counter::up_to_date_cervical,
            Counter::up_to_date_colorectal, Counter::aid_beneficiaries,
            Counter::cohort_employed_15_64, Counter::households_with_car}) {
        INFO(counter_specs()[static_cast<std::size_t>(c)].name);
        CHECK(at(portable, c) > 0);
      }
    }
  }
}
