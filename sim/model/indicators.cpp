#include "sim/model/indicators.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/model/screening_rules.hpp"

namespace qpv::model {
namespace {

using C = Counter;
using B = Better;

constexpr std::array<CounterSpec, kCounterCount> kCounters{{
    {C::population, "population", "persons", "residents"},
    {C::households, "households", "households", "households"},
    {C::persons_15_64, "persons_15_64", "persons", "residents aged 15-64"},
    {C::employed_15_64, "employed_15_64", "persons", "employed residents aged 15-64"},
    {C::women_15_64, "women_15_64", "persons", "women aged 15-64"},
    {C::employed_women_15_64, "employed_women_15_64", "persons", "employed women aged 15-64"},
    {C::single_parents_15_64, "single_parents_15_64", "persons",
     "heads of single-parent households aged 15-64"},
    {C::employed_single_parents_15_64, "employed_single_parents_15_64", "persons",
     "employed heads of single-parent households aged 15-64"},
    {C::job_seekers, "job_seekers", "persons", "people looking for work"},
    {C::job_seekers_refused_mobility_12m, "job_seekers_refused_mobility_12m", "persons",
     "job seekers who refused an offer for mobility in the past 12 months"},
    {C::job_seekers_refused_childcare_12m, "job_seekers_refused_childcare_12m", "persons",
     "job seekers who refused an offer for childcare in the past 12 months"},
    {C::households_with_car, "households_with_car", "households",
     "households with at least one car"},
    {C::single_parent_households, "single_parent_households", "households",
     "single-parent households"},
    {C::adults_18_plus, "adults_18_plus", "persons", "residents aged 18 or more"},
    {C::licence_holders_18_plus, "licence_holders_18_plus", "persons",
     "residents 18+ with a driving licence"},
    {C::children_under_3, "children_under_3", "children", "children under 3"},
    {C::children_under_3_in_creche, "children_under_3_in_creche", "children",
     "children under 3 holding a crèche place"},
    {C::creche_places, "creche_places", "places", "crèche places of the QPV's pool"},
    {C::creche_waitlist, "creche_waitlist", "children", "children on the crèche waitlist"},
    {C::eligible_breast, "eligible_breast", "persons", "women 50-74"},
    {C::up_to_date_breast, "up_to_date_breast", "persons",
     "women 50-74 screened in the past 2 years"},
    {C::eligible_cervical, "eligible_cervical", "persons", "women 25-65"},
    {C::up_to_date_cervical, "up_to_date_cervical", "persons",
     "women 25-65 up to date (3 years, or 5 from 30)"},
    {C::eligible_colorectal, "eligible_colorectal", "persons", "people 50-74"},
    {C::up_to_date_colorectal, "up_to_date_colorectal", "persons",
     "people 50-74 screened in the past 2 years"},
    {C::aid_beneficiaries, "aid_beneficiaries", "persons", "residents receiving a transport aid"},
    {C::cohort_15_64, "cohort_15_64", "persons",
     "start-date residents aged 15-64, wherever they live"},
    {C::cohort_employed_15_64, "cohort_employed_15_64", "persons",
     "employed start-date residents aged 15-64, wherever they live"},
    {C::offers, "offers", "offers per month", "job offers received"},
    {C::hires, "hires", "persons per month", "offers accepted"},
    {C::job_ends, "job_ends", "persons per month", "jobs ended (not renewed)"},
    {C::search_entries, "search_entries", "persons per month",
     "inactive people who started looking for work"},
    {C::search_exits, "search_exits", "persons per month", "job seekers who stopped looking"},
    {C::refusals_mobility, "refusals_mobility", "offers per month", "offers refused for mobility"},
    {C::refusals_childcare, "refusals_childcare", "offers per month",
     "offers refused for childcare"},
    {C::refusals_health, "refusals_health", "offers per month", "offers refused for health"},
    {C::screened_breast, "screened_breast", "persons per month", "breast screenings"},
    {C::screened_cervical, "screened_cervical", "persons per month", "cervical screenings"},
    {C::screened_colorectal, "screened_colorectal", "persons per month", "colorectal screenings"},
    {C::truck_passages, "truck_passages", "passages per month",
     "screening-truck passages in the QPV"},
    {C::truck_screened, "truck_screened", "persons per month", "mammographies done on the truck"},
    {C::truck_reached, "truck_reached", "persons per month",
     "residents reached by a truck passage"},
    {C::aid_enrolments, "aid_enrolments", "persons per month", "new transport-aid beneficiaries"},
    {C::licences_obtained, "licences_obtained", "persons per month",
     "driving licences obtained with aid"},
    {C::births, "births", "persons per month", "births"},
    {C::deaths, "deaths", "persons per month", "deaths of residents"},
    {C::departures, "departures", "persons per month", "residents moving out"},
    {C::arrivals, "arrivals", "persons per month", "newcomers moving in"},
    {C::creche_admissions, "creche_admissions", "children per month",
     "children given a crèche place"},
    {C::quarter_employed, "quarter_employed", "persons",
     "residents 15-64 employed at the start of the quarter just ended (first month of a quarter)"},
    {C::quarter_employed_to_job_seeker, "quarter_employed_to_job_seeker", "persons",
     "of them, job seekers now"},
    {C::quarter_fixed_term, "quarter_fixed_term", "persons",
     "residents 15-64 on a fixed-term contract at the start of the quarter just ended"},
    {C::quarter_fixed_term_to_job_seeker, "quarter_fixed_term_to_job_seeker", "persons",
     "of them, job seekers now"},
    {C::quarter_permanent, "quarter_permanent", "persons",
     "residents 15-64 on a permanent contract at the start of the quarter just ended"},
    {C::quarter_permanent_to_job_seeker, "quarter_permanent_to_job_seeker", "persons",
     "of them, job seekers now"},
    {C::quarter_job_seekers, "quarter_job_seekers", "persons",
     "residents 15-64 looking for work at the start of the quarter just ended"},
    {C::quarter_job_seekers_to_employed, "quarter_job_seekers_to_employed", "persons",
     "of them, employed now"},
    {C::quarter_inactive, "quarter_inactive", "persons",
     "inactive residents 15-64 at the start of the quarter just ended"},
    {C::quarter_inactive_to_employed, "quarter_inactive_to_employed", "persons",
     "of them, employed now"},
}};

constexpr bool counters_in_order() {
  for (std::size_t i = 0; i < kCounters.size(); ++i) {
    if (static_cast<std::size_t>(kCounters[i].id) != i) return false;
  }
  return true;
}
static_assert(counters_in_order(), "counter table out of enum order");

const std::vector<IndicatorSpec> kIndicators = {
    {"population", "Population", "persons", C::population, std::nullopt, "residents of the QPV",
     B::neither},
    {"employment_rate", "Taux d'emploi des 15-64 ans", "share", C::employed_15_64, C::persons_15_64,
     "employed / residents aged 15-64", B::higher},
    {"employment_rate_women", "Taux d'emploi des femmes (15-64 ans)", "share",
     C::employed_women_15_64, C::women_15_64, "employed women / women aged 15-64", B::higher},
    {"employment_rate_single_parents", "Taux d'emploi des parents isolés", "share",
     C::employed_single_parents_15_64, C::single_parents_15_64,
     "employed / heads of single-parent households aged 15-64", B::higher},
    {"job_seekers", "Demandeurs d'emploi", "persons", C::job_seekers, std::nullopt,
     "people actively looking for work", B::neither},
    {"refusal_mobility_share", "Refus d'offre pour raison de mobilité (12 mois)", "share",
     C::job_seekers_refused_mobility_12m, C::job_seekers,
     "job seekers who refused >= 1 offer for mobility in the past 12 months / job seekers",
     B::lower},
    {"refusal_childcare_share", "Refus d'offre pour raison de garde d'enfant (12 mois)", "share",
     C::job_seekers_refused_childcare_12m, C::job_seekers,
     "job seekers who refused >= 1 offer for childcare in the past 12 months / job seekers",
     B::lower},
    {"households_with_car", "Ménages disposant d'une voiture", "share", C::households_with_car,
     C::households, "households with >= 1 car / households", B::higher},
    {"single_parent_households", "Familles monoparentales (part des ménages)", "share",
     C::single_parent_households, C::households, "single-parent households / households",
     B::neither},
    {"creche_coverage", "Enfants de moins de 3 ans accueillis en crèche", "share",
     C::children_under_3_in_creche, C::children_under_3,
     "under-3s holding a crèche place / under-3s", B::higher},
    {"creche_waitlist", "Enfants en attente d'une place en crèche", "children", C::creche_waitlist,
     std::nullopt, "waitlist length", B::lower},
    {"screening_breast", "Dépistage du cancer du sein à jour (femmes 50-74 ans)", "share",
     C::up_to_date_breast, C::eligible_breast, "eligible women screened in the past 2 years",
     B::higher},
    {"screening_cervical", "Dépistage du cancer du col de l'utérus à jour (femmes 25-65 ans)",
     "share", C::up_to_date_cervical, C::eligible_cervical,
     "eligible women up to date (3 or 5 years)", B::higher},
    {"screening_colorectal", "Dépistage du cancer colorectal à jour (50-74 ans)", "share",
     C::up_to_date_colorectal, C::eligible_colorectal,
     "eligible people screened in the past 2 years", B::higher},
    {"truck_screenings", "Dépistages réalisés par le camion", "persons per month",
     C::truck_screened, std::nullopt, "mammographies done on the truck in the month", B::higher},
    {"aid_beneficiaries", "Bénéficiaires d'une aide à la mobilité", "persons", C::aid_beneficiaries,
     std::nullopt, "residents receiving a transport aid", B::neither},
    {"cohort_employment_rate", "Taux d'emploi des habitants de 2024 (où qu'ils vivent)", "share",
     C::cohort_employed_15_64, C::cohort_15_64,
     "employed / start-date residents aged 15-64, wherever they live now", B::higher},
    {"transition_unemployed_to_employed", "Demandeurs d'emploi en emploi le trimestre suivant",
     "share", C::quarter_job_seekers_to_employed, C::quarter_job_seekers,
     "job seekers 15-64 at the start of a quarter who are employed at its end / those job "
     "seekers (first month of each quarter)",
     B::higher},
    {"transition_employed_to_unemployed", "Personnes en emploi au chômage le trimestre suivant",
     "share", C::quarter_employed_to_job_seeker, C::quarter_employed,
     "employed 15-64 at the start of a quarter who are job seekers at its end / those employed",
     B::lower},
    {"transition_fixed_term_to_unemployed", "Salariés en CDD au chômage le trimestre suivant",
     "share", C::quarter_fixed_term_to_job_seeker, C::quarter_fixed_term,
     "fixed-term employees 15-64 at the start of a quarter who are job seekers at its end / "
     "those employees",
     B::lower},
    {"transition_permanent_to_unemployed", "Salariés en CDI au chômage le trimestre suivant",
     "share", C::quarter_permanent_to_job_seeker, C::quarter_permanent,
     "permanent employees 15-64 at the start of a quarter who are job seekers at its end / "
     "those employees",
     B::lower},
    {"transition_inactive_to_employed", "Inactifs en emploi le trimestre suivant", "share",
     C::quarter_inactive_to_employed, C::quarter_inactive,
     "inactive 15-64 at the start of a quarter who are employed at its end / those inactive",
     B::higher},
    {"licence_holders", "Titulaires du permis de conduire (18 ans et +)", "share",
     C::licence_holders_18_plus, C::adults_18_plus, "residents 18+ with a licence / residents 18+",
     B::higher},
};

}  // namespace

const std::array<CounterSpec, kCounterCount>& counter_specs() {
  return kCounters;
}
const std::vector<IndicatorSpec>& indicator_specs() {
  return kIndicators;
}

std::string_view better_name(Better b) {
  switch (b) {
    case Better::higher:
      return "higher";
    case Better::lower:
      return "lower";
    case Better::neither:
      return "neither";
  }
  return "neither";
}

const IndicatorSpec* find_indicator(std::string_view id) {
  for (const auto& s : kIndicators) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

double indicator_value(const IndicatorSpec& spec, const std::int64_t* counters) {
  const auto num = static_cast<double>(counters[static_cast<std::size_t>(spec.numerator)]);
  if (!spec.denominator) return num;
  const auto den = static_cast<double>(counters[static_cast<std::size_t>(*spec.denominator)]);
  return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
}

// Integer counting only, so the AVX2 clone (chosen at load time where the CPU has it) gives the
// same counts as the default one, with fewer instructions.
__attribute__((target_clones("avx2", "default"))) void record_stocks(const Population& pop,
                                                                     Time now, std::int64_t* out) {
  const Persons& p = pop.persons;
  const Households& h = pop.households;
  // This runs every month over every row, so it is written to be cheap: conditions are 0/1
  // bytes summed without branches (rows that qualify are scattered: a branch on them would be
  // mispredicted often); the loops over byte columns have no indirection and no 64-bit value,
  // so the compiler vectorises them; the date conditions (64-bit) are checked only for the
  // rows listed by the first pass.
  const auto n = static_cast<std::uint32_t>(p.size());
  const std::uint8_t* alive = p.alive.data();
  const std::uint8_t* age_of = p.age.data();
  const Activity* activity = p.activity.data();
  const Sex* sex = p.sex.data();
  std::int64_t c[kCounterCount] = {};
  auto put = [&c](Counter k, std::int64_t v) { c[static_cast<std::size_t>(k)] += v; };

  // Residents (alive, in a household living in the QPV): place indicators count only them.
  const std::uint8_t* res = p.resident.data();

  {
    const std::uint8_t* cohort = p.cohort.data();
    std::uint32_t population = 0, wa_n = 0, wa_employed = 0, women = 0, women_employed = 0,
                  cohort_n = 0, cohort_employed = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint8_t employed = activity[i] == Activity::employed;
      const std::uint8_t working_age = static_cast<std::uint8_t>(age_of[i] - 15) <= 49;  // 15-64
      const std::uint8_t in_cohort = alive[i] & cohort[i] & working_age;
      const std::uint8_t wa = res[i] & working_age;
      const std::uint8_t female = sex[i] == Sex::female;
      cohort_n += in_cohort;
      cohort_employed += in_cohort & employed;
      population += res[i];
      wa_n += wa;
      wa_employed += wa & employed;
      women += wa & female;
      women_employed += wa & female & employed;
    }
    put(C::population, population);
    put(C::persons_15_64, wa_n);
    put(C::employed_15_64, wa_employed);
    put(C::women_15_64, women);
    put(C::employed_women_15_64, women_employed);
    put(C::cohort_15_64, cohort_n);
    put(C::cohort_employed_15_64, cohort_employed);
  }
  {
    const std::uint8_t* licence = p.licence.data();
    const std::uint8_t* creche = p.creche_place.data();
    std::uint32_t adults = 0, licensed = 0, under_3s = 0, in_creche = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint8_t adult = res[i] & (age_of[i] >= 18);
      const std::uint8_t under_3 = res[i] & (age_of[i] < 3);
      adults += adult;
      licensed += adult & licence[i];
      under_3s += under_3;
      in_creche += under_3 & creche[i];
    }
    put(C::adults_18_plus, adults);
    put(C::licence_holders_18_plus, licensed);
    put(C::children_under_3, under_3s);
    put(C::children_under_3_in_creche, in_creche);
  }
  {
    const std::int16_t* aid = p.aid_programme.data();
    std::uint32_t aided = 0;
    for (std::uint32_t i = 0; i < n; ++i) aided += res[i] & (aid[i] >= 0);
    put(C::aid_beneficiaries, aided);
  }

  // Date conditions: 64-bit comparisons, over every row as well (vectorised in the AVX2 clone).
  const std::int64_t year_ago = (now - Duration::whole_days(365)).seconds_since_epoch();
  {
    const Time* refused_mobility_at = p.last_refusal[0].data();
    const Time* refused_childcare_at = p.last_refusal[1].data();
    std::uint32_t seekers = 0, refused_mobility = 0, refused_childcare = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const unsigned seeker = res[i] & (activity[i] == Activity::job_seeker);
      seekers += seeker;
      refused_mobility += seeker & (refused_mobility_at[i].seconds_since_epoch() > year_ago);
      refused_childcare += seeker & (refused_childcare_at[i].seconds_since_epoch() > year_ago);
    }
    put(C::job_seekers, seekers);
    put(C::job_seekers_refused_mobility_12m, refused_mobility);
    put(C::job_seekers_refused_childcare_12m, refused_childcare);
  }
  {
    // Programme rules of screening_rules.hpp, unrolled: screened after these instants = up to
    // date (screening_up_to_date, one instant per rule).
    auto since = [now](Programme prog, int age) {
      return (now - Duration::whole_days(screening_interval_days(prog, age))).seconds_since_epoch();
    };
    const std::int64_t breast_since = since(Programme::breast, 50);
    const std::int64_t cytology_since = since(Programme::cervical, 25);
    const std::int64_t hpv_since = since(Programme::cervical, 30);
    const std::int64_t colorectal_since = since(Programme::colorectal, 50);
    const Time* breast_at = p.last_screening[0].data();
    const Time* cervical_at = p.last_screening[1].data();
    const Time* colorectal_at = p.last_screening[2].data();
    std::uint32_t breast_n = 0, breast_ok = 0, cervical_n = 0, cervical_ok = 0, colorectal_n = 0,
                  colorectal_ok = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const unsigned age = age_of[i];
      const unsigned female = sex[i] == Sex::female;
      const unsigned age_50_74 = res[i] & (age - 50U <= 24U);
      const unsigned breast = age_50_74 & female;
      const unsigned cervical = res[i] & female & (age - 25U <= 40U);
      const std::int64_t cervical_since = age < 30 ? cytology_since : hpv_since;
      breast_n += breast;
      breast_ok += breast & (breast_at[i].seconds_since_epoch() > breast_since);
      cervical_n += cervical;
      cervical_ok += cervical & (cervical_at[i].seconds_since_epoch() > cervical_since);
      colorectal_n += age_50_74;
      colorectal_ok += age_50_74 & (colorectal_at[i].seconds_since_epoch() > colorectal_since);
    }
    put(C::eligible_breast, breast_n);
    put(C::up_to_date_breast, breast_ok);
    put(C::eligible_cervical, cervical_n);
    put(C::up_to_date_cervical, cervical_ok);
    put(C::eligible_colorectal, colorectal_n);
    put(C::up_to_date_colorectal, colorectal_ok);
  }

  {
    // Households living in the QPV with at least one member; heads of single-parent ones.
    const auto nh = static_cast<std::uint32_t>(h.size());
    const std::uint8_t* members = h.members.data();
    const std::uint8_t* living = h.resident.data();
    const std::uint8_t* car = h.car.data();
    const HouseholdType* type = h.type.data();
    std::uint32_t households = 0, with_car = 0, single_parent = 0;
    for (std::uint32_t hh = 0; hh < nh; ++hh) {
      const std::uint8_t here = living[hh] & (members[hh] != 0);
      households += here;
      with_car += here & car[hh];
      single_parent += here & (type[hh] == HouseholdType::single_parent);
    }
    put(C::households, households);
    put(C::households_with_car, with_car);
    put(C::single_parent_households, single_parent);
    std::uint32_t heads = 0, heads_employed = 0;
    const std::uint32_t* head_of = h.head.data();
    for (std::uint32_t hh = 0; n > 0 && hh < nh; ++hh) {  // row 0 must exist (see below)
      const unsigned single =
          living[hh] & (members[hh] != 0) & (type[hh] == HouseholdType::single_parent);
      const std::uint32_t head = single ? head_of[hh] : 0;  // an empty household has no head
      const unsigned working_age = single & (age_of[head] - 15U <= 49U);
      heads += working_age;
      heads_employed += working_age & (activity[head] == Activity::employed);
    }
    put(C::single_parents_15_64, heads);
    put(C::employed_single_parents_15_64, heads_employed);
  }
  for (std::size_t k = 0; k < kCounterCount; ++k) out[k] += c[k];
}

namespace {

/// Labour-market status for quarter-to-quarter transitions (stored + 1; 0 = not counted).
enum QuarterStatus : std::uint8_t { kPermanent = 1, kFixedTerm, kJobSeeker, kInactive, kOther };

/// The status from a person's activity and contract, in byte arithmetic without branches, so
/// that the loops over every row below are vectorised.
inline std::uint8_t quarter_status(Activity activity, Contract contract) {
  static_assert(static_cast<int>(Activity::employed) == 0 &&
                static_cast<int>(Activity::job_seeker) == 1 &&
                static_cast<int>(Activity::inactive) == 2);
  const auto a = static_cast<std::uint8_t>(activity);
  const std::uint8_t fixed = contract == Contract::fixed_term;
  return static_cast<std::uint8_t>((a == 0) * (kPermanent + fixed) + (a == 1) * kJobSeeker +
                                   (a == 2) * kInactive + (a > 2) * kOther);
}

}  // namespace

// Integer byte arithmetic only: the AVX2 clone gives the same results as the default one.
__attribute__((target_clones("avx2", "default"))) void snapshot_quarter(
    const Population& pop, std::vector<std::uint8_t>& status) {
  const Persons& p = pop.persons;
  const std::size_t n = p.size();
  status.resize(n);
  const std::uint8_t* res = p.resident.data();
  const std::uint8_t* age = p.age.data();
  const Activity* activity = p.activity.data();
  const Contract* contract = p.contract.data();
  std::uint8_t* out = status.data();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t counted = res[i] & (static_cast<std::uint8_t>(age[i] - 15) <= 49);  // 15-64
    out[i] = static_cast<std::uint8_t>(quarter_status(activity[i], contract[i]) *
                                       counted);
  }
}

__attribute__((target_clones("avx2", "default"))) void record_transitions(
    const Population& pop, const std::vector<std::uint8_t>& status, std::int64_t* out) {
  const Persons& p = pop.persons;
  const std::size_t n = status.size();  // rows added since the snapshot were not counted then
  const std::uint8_t* before = status.data();
  const std::uint8_t* alive = p.alive.data();
  const Activity* activity = p.activity.data();
  const Contract* contract = p.contract.data();
  std::uint32_t permanent = 0, permanent_out = 0, fixed = 0, fixed_out = 0, seekers = 0,
                seekers_hired = 0, inactive = 0, inactive_hired = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t now = quarter_status(activity[i], contract[i]);
    const std::uint8_t b = before[i];
    const std::uint8_t searching = now == kJobSeeker;
    const std::uint8_t hired = (now == kPermanent) | (now == kFixedTerm);
    const std::uint8_t was_permanent = alive[i] & (b == kPermanent);
    const std::uint8_t was_fixed = alive[i] & (b == kFixedTerm);
    const std::uint8_t was_seeker = alive[i] & (b == kJobSeeker);
    const std::uint8_t was_inactive = alive[i] & (b == kInactive);
    permanent += was_permanent;
    permanent_out += was_permanent & searching;
    fixed += was_fixed;
    fixed_out += was_fixed & searching;
    seekers += was_seeker;
    seekers_hired += was_seeker & hired;
    inactive += was_inactive;
    inactive_hired += was_inactive & hired;
  }
  auto add = [out](Counter c, std::int64_t v) { out[static_cast<std::size_t>(c)] += v; };
  add(C::quarter_employed, permanent + fixed);
  add(C::quarter_employed_to_job_seeker, permanent_out + fixed_out);
  add(C::quarter_permanent, permanent);
  add(C::quarter_permanent_to_job_seeker, permanent_out);
  add(C::quarter_fixed_term, fixed);
  add(C::quarter_fixed_term_to_job_seeker, fixed_out);
  add(C::quarter_job_seekers, seekers);
  add(C::quarter_job_seekers_to_employed, seekers_hired);
  add(C::quarter_inactive, inactive);
  add(C::quarter_inactive_to_employed, inactive_hired);
}

void record_flows(const Flows& f, std::int64_t* out) {
  auto add = [out](Counter c, std::int64_t v) { out[static_cast<std::size_t>(c)] += v; };
  add(C::offers, f.offers);
  add(C::hires, f.hires);
  add(C::job_ends, f.job_ends);
  add(C::search_entries, f.search_entries);
  add(C::search_exits, f.search_exits);
  add(C::refusals_mobility, f.refusals[0]);
  add(C::refusals_childcare, f.refusals[1]);
  add(C::refusals_health, f.refusals[2]);
  add(C::screened_breast, f.screened[0]);
  add(C::screened_cervical, f.screened[1]);
  add(C::screened_colorectal, f.screened[2]);
  add(C::truck_passages, f.truck_passages);
  add(C::truck_screened, f.truck_screened);
  add(C::truck_reached, f.truck_reached);
  add(C::aid_enrolments, f.aid_enrolments);
  add(C::licences_obtained, f.licences_obtained);
  add(C::births, f.births);
  add(C::deaths, f.deaths);
  add(C::departures, f.departures);
  add(C::arrivals, f.arrivals);
  add(C::creche_admissions, f.creche_admissions);
}

}  // namespace qpv::model
