// The month's counts: the stocks of the first of the month, counted over every row by the
// portable loops below or, on AVX2 CPUs, by census_avx2.cpp; and the month's flows.
#include "sim/model/indicators/census.hpp"

#include "sim/model/indicators.hpp"

namespace qpv::model {
namespace census {
namespace {

// The portable loops. Conditions are 0/1 bytes summed without branches (qualifying rows are
// scattered: a branch on them would be mispredicted often), in loops the compiler can
// vectorise; each loop reads few columns. Each function counts into a local copy of the
// counts: behind a reference, the counters could alias the byte columns read, and the loops
// would not be vectorised (about twice slower).

/// Residents, employment by age, sex and diploma; the start-date cohort.
void count_employment(const Persons& p, std::uint32_t first, PersonCounts& out) {
  PersonCounts counts = out;  // a local copy (see above)
  const auto n = static_cast<std::uint32_t>(p.size());
  const std::uint8_t* alive = p.alive.data();
  const std::uint8_t* age_of = p.age.data();
  const Activity* activity = p.activity.data();
  const Sex* sex = p.sex.data();
  const std::uint8_t* res = p.resident.data();
  {
    const std::uint8_t* cohort = p.cohort.data();
    for (std::uint32_t i = first; i < n; ++i) {
      const std::uint8_t employed = activity[i] == Activity::employed;
      const std::uint8_t working_age = static_cast<std::uint8_t>(age_of[i] - 15) <= 49;  // 15-64
      const std::uint8_t in_cohort = alive[i] & cohort[i] & working_age;
      const std::uint8_t wa = res[i] & working_age;
      const std::uint8_t female = sex[i] == Sex::female;
      counts.cohort_n += in_cohort;
      counts.cohort_employed += in_cohort & employed;
      counts.population += res[i];
      counts.wa_n += wa;
      counts.wa_employed += wa & employed;
      counts.women += wa & female;
      counts.women_employed += wa & female & employed;
    }
  }
  const Diploma* diploma = p.diploma.data();
  for (std::uint32_t i = first; i < n; ++i) {
    const std::uint8_t employed = activity[i] == Activity::employed;
    const std::uint8_t age = age_of[i];
    const std::uint8_t young = res[i] & (static_cast<std::uint8_t>(age - 15) <= 9);   // 15-24
    const std::uint8_t older = res[i] & (static_cast<std::uint8_t>(age - 50) <= 14);  // 50-64
    const std::uint8_t no_diploma =
        res[i] & (static_cast<std::uint8_t>(age - 15) <= 49) & (diploma[i] == Diploma::none);
    counts.young_n += young;
    counts.young_employed += young & employed;
    counts.older_n += older;
    counts.older_employed += older & employed;
    counts.no_diploma_n += no_diploma;
    counts.no_diploma_employed += no_diploma & employed;
  }
  out = counts;
}

/// Adults and their licences, under-3s and their crèche places, transport-aid beneficiaries.
void count_licences_and_care(const Persons& p, std::uint32_t first, PersonCounts& out) {
  PersonCounts counts = out;  // a local copy (see above)
  const auto n = static_cast<std::uint32_t>(p.size());
  const std::uint8_t* age_of = p.age.data();
  const std::uint8_t* res = p.resident.data();
  const std::uint8_t* licence = p.licence.data();
  const std::uint8_t* creche = p.creche_place.data();
  const std::int16_t* aid = p.aid_programme.data();
  for (std::uint32_t i = first; i < n; ++i) {
    const std::uint8_t adult = res[i] & (age_of[i] >= 18);
    const std::uint8_t under_3 = res[i] & (age_of[i] < 3);
    counts.adults += adult;
    counts.licensed += adult & licence[i];
    counts.under_3s += under_3;
    counts.in_creche += under_3 & creche[i];
    counts.aided += res[i] & (aid[i] >= 0);
  }
  out = counts;
}

/// Job seekers, those who refused offers, and those who cannot drive.
void count_job_seekers(const Population& pop, std::uint32_t first, const Windows& windows,
                       PersonCounts& out) {
  PersonCounts counts = out;  // a local copy (see above)
  const Persons& p = pop.persons;
  const auto n = static_cast<std::uint32_t>(p.size());
  const Activity* activity = p.activity.data();
  const std::uint8_t* res = p.resident.data();
  {
    const Time* refused_mobility_at = p.last_refusal[0].data();
    const Time* refused_childcare_at = p.last_refusal[1].data();
    const std::uint8_t* refused_in_search = p.refused_mobility_in_search.data();
    for (std::uint32_t i = first; i < n; ++i) {
      const unsigned seeker = res[i] & (activity[i] == Activity::job_seeker);
      counts.seekers += seeker;
      counts.refused_mobility +=
          seeker & (refused_mobility_at[i].seconds_since_epoch() > windows.year_ago);
      counts.refused_mobility_search += seeker & refused_in_search[i];
      counts.refused_childcare +=
          seeker & (refused_childcare_at[i].seconds_since_epoch() > windows.year_ago);
    }
  }
  // Every row has a household (Population::add_member), so the look-up needs no branch.
  const std::uint8_t* licence = p.licence.data();
  const std::uint32_t* household = p.household.data();
  const std::uint8_t* car = pop.households.car.data();
  for (std::uint32_t i = first; i < n; ++i) {
    const unsigned seeker = res[i] & (activity[i] == Activity::job_seeker);
    const unsigned drives = (licence[i] != 0) & (car[household[i]] != 0);
    counts.seekers_no_licence_or_car += seeker & (drives ^ 1U);
  }
  out = counts;
}

/// People eligible for each screening programme, and those up to date.
void count_screening(const Persons& p, std::uint32_t first, const Windows& windows,
                     PersonCounts& out) {
  PersonCounts counts = out;  // a local copy (see above)
  const auto n = static_cast<std::uint32_t>(p.size());
  const std::uint8_t* age_of = p.age.data();
  const Sex* sex = p.sex.data();
  const std::uint8_t* res = p.resident.data();
  const Time* breast_at = p.last_screening[0].data();
  const Time* cervical_at = p.last_screening[1].data();
  const Time* colorectal_at = p.last_screening[2].data();
  for (std::uint32_t i = first; i < n; ++i) {
    const unsigned age = age_of[i];
    const unsigned female = sex[i] == Sex::female;
    const unsigned age_50_74 = res[i] & (age - 50U <= 24U);
    const unsigned breast = age_50_74 & female;
    const unsigned cervical = res[i] & female & (age - 25U <= 40U);
    const std::int64_t cervical_since = age < 30 ? windows.cytology : windows.hpv;
    counts.breast_n += breast;
    counts.breast_ok += breast & (breast_at[i].seconds_since_epoch() > windows.breast);
    counts.cervical_n += cervical;
    counts.cervical_ok += cervical & (cervical_at[i].seconds_since_epoch() > cervical_since);
    counts.colorectal_n += age_50_74;
    counts.colorectal_ok +=
        age_50_74 & (colorectal_at[i].seconds_since_epoch() > windows.colorectal);
  }
  out = counts;
}

/// Adds the stocks counted to a row of counters.
void add_stocks(const PersonCounts& persons, const HouseholdCounts& households, std::int64_t* row) {
  add_count(row, Counter::population, persons.population);
  add_count(row, Counter::persons_15_64, persons.wa_n);
  add_count(row, Counter::employed_15_64, persons.wa_employed);
  add_count(row, Counter::women_15_64, persons.women);
  add_count(row, Counter::employed_women_15_64, persons.women_employed);
  add_count(row, Counter::persons_15_24, persons.young_n);
  add_count(row, Counter::employed_15_24, persons.young_employed);
  add_count(row, Counter::persons_50_64, persons.older_n);
  add_count(row, Counter::employed_50_64, persons.older_employed);
  add_count(row, Counter::persons_15_64_no_diploma, persons.no_diploma_n);
  add_count(row, Counter::employed_15_64_no_diploma, persons.no_diploma_employed);
  add_count(row, Counter::cohort_15_64, persons.cohort_n);
  add_count(row, Counter::cohort_employed_15_64, persons.cohort_employed);
  add_count(row, Counter::adults_18_plus, persons.adults);
  add_count(row, Counter::licence_holders_18_plus, persons.licensed);
  add_count(row, Counter::children_under_3, persons.under_3s);
  add_count(row, Counter::children_under_3_in_creche, persons.in_creche);
  add_count(row, Counter::aid_beneficiaries, persons.aided);
  add_count(row, Counter::job_seekers, persons.seekers);
  add_count(row, Counter::job_seekers_no_licence_or_car, persons.seekers_no_licence_or_car);
  add_count(row, Counter::job_seekers_refused_mobility_12m, persons.refused_mobility);
  add_count(row, Counter::job_seekers_refused_mobility_search, persons.refused_mobility_search);
  add_count(row, Counter::job_seekers_refused_childcare_12m, persons.refused_childcare);
  add_count(row, Counter::eligible_breast, persons.breast_n);
  add_count(row, Counter::up_to_date_breast, persons.breast_ok);
  add_count(row, Counter::eligible_cervical, persons.cervical_n);
  add_count(row, Counter::up_to_date_cervical, persons.cervical_ok);
  add_count(row, Counter::eligible_colorectal, persons.colorectal_n);
  add_count(row, Counter::up_to_date_colorectal, persons.colorectal_ok);
  add_count(row, Counter::households, households.households);
  add_count(row, Counter::households_with_car, households.with_car);
  add_count(row, Counter::single_parent_households, households.single_parent);
  add_count(row, Counter::single_parents_15_64, households.heads);
  add_count(row, Counter::employed_single_parents_15_64, households.heads_employed);
}

/// Counts person rows [first, size) into `counts`: the portable version, for machines without
/// AVX2 and for the rows after the last whole block of 32.
void count_persons(const Population& pop, std::uint32_t first, const Windows& windows,
                   PersonCounts& counts) {
  count_employment(pop.persons, first, counts);
  count_licences_and_care(pop.persons, first, counts);
  count_job_seekers(pop, first, windows, counts);
  count_screening(pop.persons, first, windows, counts);
}

/// Counts household rows [first, size) into `out`, portably.
void count_households(const Population& pop, std::uint32_t first, HouseholdCounts& out) {
  HouseholdCounts counts = out;  // a local copy (see above)
  const Households& households = pop.households;
  const auto nh = static_cast<std::uint32_t>(households.size());
  const std::uint8_t* members = households.members.data();
  const std::uint8_t* living = households.resident.data();
  const std::uint8_t* car = households.car.data();
  const HouseholdType* type = households.type.data();
  const std::uint32_t* head_of = households.head.data();
  const std::uint8_t* age_of = pop.persons.age.data();
  const Activity* activity = pop.persons.activity.data();
  for (std::uint32_t hh = first; hh < nh; ++hh) {
    const std::uint8_t here = living[hh] & (members[hh] != 0);
    counts.households += here;
    counts.with_car += here & car[hh];
    counts.single_parent += here & (type[hh] == HouseholdType::single_parent);
  }
  for (std::uint32_t hh = first; hh < nh; ++hh) {
    if (!(living[hh] && members[hh] != 0 && type[hh] == HouseholdType::single_parent)) continue;
    const std::uint32_t head = head_of[hh];  // a household with members has a head
    counts.add_head(age_of[head], activity[head]);
  }
  out = counts;
}

}  // namespace
}  // namespace census

void record_stocks(const Population& pop, Time now, std::int64_t* out, Simd simd) {
  // This runs every month over every row: the AVX2 version counts the whole blocks of 32 rows,
  // the portable one the rest (all of them without AVX2).
  const census::Windows windows(now);
  census::PersonCounts persons;
  census::HouseholdCounts households;
  std::uint32_t first_person = 0, first_household = 0;
#ifdef QPVSIM_STOCKS_AVX2
  if (simd == Simd::automatic && census::cpu_has_avx2()) {
    first_person = census::count_persons_avx2(pop, windows, persons);
    first_household = census::count_households_avx2(pop, households);
  }
#else
  (void)simd;
#endif
  census::count_persons(pop, first_person, windows, persons);
  census::count_households(pop, first_household, households);
  census::add_stocks(persons, households, out);
}

void record_flows(const Flows& flows, std::int64_t* out) {
  for (std::size_t c = Flows::kFirst; c < Flows::kEnd; ++c)
    add_count(out, static_cast<Counter>(c), flows[static_cast<Counter>(c)]);
}

}  // namespace qpv::model
