// Indicators computed from the population: monthly stocks, quarter-to-quarter transitions; the
// catalogue's French labels of the counters.
#include <catch2/catch.hpp>
#include <set>
#include <string_view>

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
        p.diploma[i] = static_cast<Diploma>(rng.below(kDiplomas));
        p.licence[i] = rng.bernoulli(0.5);
        p.refused_mobility_in_search[i] = rng.bernoulli(0.4);
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
            Counter::cohort_employed_15_64, Counter::households_with_car, Counter::employed_15_24,
            Counter::employed_50_64, Counter::employed_15_64_no_diploma,
            Counter::job_seekers_no_licence_or_car, Counter::job_seekers_refused_mobility_search}) {
        INFO(counter_specs()[static_cast<std::size_t>(c)].name);
        CHECK(at(portable, c) > 0);
      }
    }
  }
}

TEST_CASE(
    "monthly stocks of a hand-built population: employment by age and diploma, job seekers' "
    "licence, car and mobility refusals",
    "[model][indicators]") {
  // One set of 13 people whose every count is known, repeated: 5 sets make 65 rows, so the
  // vector path counts two blocks of 32 and the portable loop the last row.
  const Time now = Time::at(Date{2026, 3, 1});
  const Time recent = now - Duration::whole_days(30);
  const Time long_ago = now - Duration::whole_days(2 * 365);
  constexpr int kSets = 5;
  Population pop;
  struct Row {
    int age;
    Activity activity;
    Diploma diploma;
    bool licence = false;
    bool refused_in_search = false;    // mobility, during the current search
    Time last_mobility = Time::min();  // last mobility refusal, whichever search
  };
  auto add = [&](std::uint32_t hh, const Row& r) {
    const std::uint32_t i = pop.add_member(hh);
    Persons& p = pop.persons;
    p.age[i] = static_cast<std::uint8_t>(r.age);
    p.activity[i] = r.activity;
    p.diploma[i] = r.diploma;
    p.licence[i] = r.licence;
    p.refused_mobility_in_search[i] = r.refused_in_search;
    p.last_refusal[0][i] = r.last_mobility;
    return i;
  };
  using A = Activity;
  using D = Diploma;
  for (int set = 0; set < kSets; ++set) {
    const std::uint32_t with_car = pop.households.add(HouseholdType::other, true, false);
    add(with_car, {15, A::employed, D::none});  // 15-24, no diploma, employed
    // 15-24 job seeker who can drive; refused during this search, more than 12 months ago.
    add(with_car, {24, A::job_seeker, D::cap_bep, true, true, long_ago});
    add(with_car, {25, A::employed, D::cap_bep, false, true});  // employed: the flag is stale
    // No licence; refused recently, but in an earlier search.
    add(with_car, {49, A::job_seeker, D::bac, false, false, recent});
    add(with_car, {50, A::employed, D::none});  // 50-64, no diploma, employed
    add(with_car, {64, A::inactive, D::none});  // 50-64, no diploma, not employed
    add(with_car, {65, A::employed, D::none});  // past 64: in none of the rates
    add(with_car, {14, A::child, D::none});     // under 15: in none of the rates
    const std::uint32_t dead = add(with_car, {22, A::employed, D::none});
    pop.remove(dead);
    const std::uint32_t no_car = pop.households.add(HouseholdType::other, false, false);
    // A licence but no car at home (a rental car would not count either).
    const std::uint32_t renter = add(no_car, {30, A::job_seeker, D::higher, true, true, recent});
    pop.persons.car_rental[renter] = 1;
    add(no_car, {40, A::employed, D::bac});
    const std::uint32_t gone = pop.households.add(HouseholdType::other, true, false);
    add(gone, {20, A::job_seeker, D::none, false, true, recent});
    add(gone, {55, A::employed, D::none});
    pop.move_out(gone);  // no longer residents: counted nowhere
  }
  REQUIRE(pop.persons.size() == 13 * kSets);

  for (const Simd simd : {Simd::automatic, Simd::off}) {
    INFO((simd == Simd::off ? "portable" : "vector (when the CPU has AVX2)"));
    std::vector<std::int64_t> row(kCounterCount, 0);
    record_stocks(pop, now, row.data(), simd);
    CHECK(at(row, Counter::persons_15_64) == 8 * kSets);
    CHECK(at(row, Counter::employed_15_64) == 4 * kSets);
    CHECK(at(row, Counter::persons_15_24) == 2 * kSets);
    CHECK(at(row, Counter::employed_15_24) == 1 * kSets);
    CHECK(at(row, Counter::persons_50_64) == 2 * kSets);
    CHECK(at(row, Counter::employed_50_64) == 1 * kSets);
    CHECK(at(row, Counter::persons_15_64_no_diploma) == 3 * kSets);
    CHECK(at(row, Counter::employed_15_64_no_diploma) == 2 * kSets);
    CHECK(at(row, Counter::job_seekers) == 3 * kSets);
    CHECK(at(row, Counter::job_seekers_no_licence_or_car) == 2 * kSets);
    CHECK(at(row, Counter::job_seekers_refused_mobility_search) == 2 * kSets);
    CHECK(at(row, Counter::job_seekers_refused_mobility_12m) == 2 * kSets);  // not the same two

    auto value = [&](std::string_view id) {
      const IndicatorSpec* spec = find_indicator(id);
      REQUIRE(spec != nullptr);
      return indicator_value(*spec, row.data());
    };
    CHECK(value("employment_rate_15_24") == Approx(0.5));
    CHECK(value("employment_rate_50_64") == Approx(0.5));
    CHECK(value("employment_rate_no_diploma") == Approx(2.0 / 3.0));
    CHECK(value("job_seekers_no_licence_or_car") == Approx(2.0 / 3.0));
    CHECK(value("refusal_mobility_search_share") == Approx(2.0 / 3.0));
  }
}

TEST_CASE("the new labour-market indicators say which way is better", "[model][indicators]") {
  for (const std::string_view id :
       {"employment_rate_15_24", "employment_rate_50_64", "employment_rate_no_diploma"}) {
    INFO(id);
    const IndicatorSpec* spec = find_indicator(id);
    REQUIRE(spec != nullptr);
    CHECK(spec->better == Better::higher);
    CHECK(spec->unit == "share");
  }
  for (const std::string_view id :
       {"job_seekers_no_licence_or_car", "refusal_mobility_search_share"}) {
    INFO(id);
    const IndicatorSpec* spec = find_indicator(id);
    REQUIRE(spec != nullptr);
    CHECK(spec->better == Better::lower);
    CHECK(spec->unit == "share");
    CHECK(spec->denominator == Counter::job_seekers);
  }
}

TEST_CASE("every counter has a French label of its own beside its English description",
          "[model][indicators]") {
  std::set<std::string_view> labels;
  for (const auto& c : counter_specs()) {
    INFO(c.name);
    CHECK(!c.label_fr.empty());
    CHECK(!c.description.empty());
    CHECK(labels.insert(c.label_fr).second);  // two counters with one label could not be told apart
  }
  CHECK(labels.size() == kCounterCount);
}
