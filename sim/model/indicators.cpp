#include "sim/model/indicators.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/model/screening_rules.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

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
    {C::persons_15_24, "persons_15_24", "persons", "residents aged 15-24"},
    {C::employed_15_24, "employed_15_24", "persons", "employed residents aged 15-24"},
    {C::persons_50_64, "persons_50_64", "persons", "residents aged 50-64"},
    {C::employed_50_64, "employed_50_64", "persons", "employed residents aged 50-64"},
    {C::persons_15_64_no_diploma, "persons_15_64_no_diploma", "persons",
     "residents aged 15-64 with no diploma"},
    {C::employed_15_64_no_diploma, "employed_15_64_no_diploma", "persons",
     "employed residents aged 15-64 with no diploma"},
    {C::job_seekers, "job_seekers", "persons", "people looking for work"},
    {C::job_seekers_no_licence_or_car, "job_seekers_no_licence_or_car", "persons",
     "job seekers with no driving licence or no car in their household"},
    {C::job_seekers_refused_mobility_12m, "job_seekers_refused_mobility_12m", "persons",
     "job seekers who refused an offer for mobility in the past 12 months"},
    {C::job_seekers_refused_mobility_search, "job_seekers_refused_mobility_search", "persons",
     "job seekers who refused an offer for mobility since their current search began"},
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
    {"employment_rate_15_24", "Taux d'emploi des 15-24 ans", "share", C::employed_15_24,
     C::persons_15_24, "employed / residents aged 15-24", B::higher},
    {"employment_rate_50_64", "Taux d'emploi des 50-64 ans", "share", C::employed_50_64,
     C::persons_50_64, "employed / residents aged 50-64", B::higher},
    {"employment_rate_no_diploma", "Taux d'emploi des personnes sans diplôme (15-64 ans)", "share",
     C::employed_15_64_no_diploma, C::persons_15_64_no_diploma,
     "employed / residents aged 15-64 with no diploma", B::higher},
    {"job_seekers", "Demandeurs d'emploi", "persons", C::job_seekers, std::nullopt,
     "people actively looking for work", B::neither},
    {"job_seekers_no_licence_or_car", "Demandeurs d'emploi sans permis ou sans voiture", "share",
     C::job_seekers_no_licence_or_car, C::job_seekers,
     "job seekers with no driving licence, or no car in their household (a rental car from a "
     "transport aid does not count) / job seekers",
     B::lower},
    {"refusal_mobility_share", "Refus d'offre pour raison de mobilité (12 mois)", "share",
     C::job_seekers_refused_mobility_12m, C::job_seekers,
     "job seekers who refused >= 1 offer for mobility in the past 12 months / job seekers",
     B::lower},
    {"refusal_mobility_search_share",
     "Refus d'offre pour raison de mobilité (depuis le début de la recherche)", "share",
     C::job_seekers_refused_mobility_search, C::job_seekers,
     "job seekers who refused >= 1 offer for mobility since their current job search began / "
     "job seekers (a new search starts afresh; for people already searching when they entered "
     "the simulation, at its start or as newcomers, earlier refusals are unknown)",
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

namespace {

/// The instants the date conditions of the stocks compare with: refused, or screened, after
/// them (strictly) counts. Screening follows the programme rules of screening_rules.hpp, one
/// instant per rule (screening_up_to_date).
struct Windows {
  std::int64_t year_ago, breast, cytology, hpv, colorectal;
  explicit Windows(Time now) {
    auto since = [now](Programme prog, int age) {
      return (now - Duration::whole_days(screening_interval_days(prog, age))).seconds_since_epoch();
    };
    year_ago = (now - Duration::whole_days(365)).seconds_since_epoch();
    breast = since(Programme::breast, 50);
    cytology = since(Programme::cervical, 25);
    hpv = since(Programme::cervical, 30);
    colorectal = since(Programme::colorectal, 50);
  }
};

/// The stocks counted over person rows, by name; add_to() adds them to a row of counters.
struct PersonCounts {
  std::uint32_t population = 0, wa_n = 0, wa_employed = 0, women = 0, women_employed = 0,
                young_n = 0, young_employed = 0, older_n = 0, older_employed = 0, no_diploma_n = 0,
                no_diploma_employed = 0, cohort_n = 0, cohort_employed = 0, adults = 0,
                licensed = 0, under_3s = 0, in_creche = 0, aided = 0, seekers = 0,
                seekers_no_licence_or_car = 0, refused_mobility = 0, refused_mobility_search = 0,
                refused_childcare = 0, breast_n = 0, breast_ok = 0, cervical_n = 0, cervical_ok = 0,
                colorectal_n = 0, colorectal_ok = 0;
  void add_to(std::int64_t* c) const {
    add_count(c, C::population, population);
    add_count(c, C::persons_15_64, wa_n);
    add_count(c, C::employed_15_64, wa_employed);
    add_count(c, C::women_15_64, women);
    add_count(c, C::employed_women_15_64, women_employed);
    add_count(c, C::persons_15_24, young_n);
    add_count(c, C::employed_15_24, young_employed);
    add_count(c, C::persons_50_64, older_n);
    add_count(c, C::employed_50_64, older_employed);
    add_count(c, C::persons_15_64_no_diploma, no_diploma_n);
    add_count(c, C::employed_15_64_no_diploma, no_diploma_employed);
    add_count(c, C::cohort_15_64, cohort_n);
    add_count(c, C::cohort_employed_15_64, cohort_employed);
    add_count(c, C::adults_18_plus, adults);
    add_count(c, C::licence_holders_18_plus, licensed);
    add_count(c, C::children_under_3, under_3s);
    add_count(c, C::children_under_3_in_creche, in_creche);
    add_count(c, C::aid_beneficiaries, aided);
    add_count(c, C::job_seekers, seekers);
    add_count(c, C::job_seekers_no_licence_or_car, seekers_no_licence_or_car);
    add_count(c, C::job_seekers_refused_mobility_12m, refused_mobility);
    add_count(c, C::job_seekers_refused_mobility_search, refused_mobility_search);
    add_count(c, C::job_seekers_refused_childcare_12m, refused_childcare);
    add_count(c, C::eligible_breast, breast_n);
    add_count(c, C::up_to_date_breast, breast_ok);
    add_count(c, C::eligible_cervical, cervical_n);
    add_count(c, C::up_to_date_cervical, cervical_ok);
    add_count(c, C::eligible_colorectal, colorectal_n);
    add_count(c, C::up_to_date_colorectal, colorectal_ok);
  }
};

/// The stocks counted over household rows: households living in the QPV with at least one
/// member, and the heads of single-parent ones.
struct HouseholdCounts {
  std::uint32_t households = 0, with_car = 0, single_parent = 0, heads = 0, heads_employed = 0;
  /// The head of a single-parent household living in the QPV.
  void add_head(unsigned age, Activity activity) {
    const unsigned working_age = age - 15U <= 49U;
    heads += working_age;
    heads_employed += working_age & (activity == Activity::employed);
  }
  void add_to(std::int64_t* c) const {
    add_count(c, C::households, households);
    add_count(c, C::households_with_car, with_car);
    add_count(c, C::single_parent_households, single_parent);
    add_count(c, C::single_parents_15_64, heads);
    add_count(c, C::employed_single_parents_15_64, heads_employed);
  }
};

/// Counts person rows [first, size) into k: the portable version, for machines without AVX2
/// and for the rows after the last whole block of 32. Conditions are 0/1 bytes summed without
/// branches (qualifying rows are scattered: a branch on them would be mispredicted often), in
/// loops the compiler can vectorise.
void count_persons(const Population& pop, std::uint32_t first, const Windows& w, PersonCounts& k) {
  const Persons& p = pop.persons;
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
      k.cohort_n += in_cohort;
      k.cohort_employed += in_cohort & employed;
      k.population += res[i];
      k.wa_n += wa;
      k.wa_employed += wa & employed;
      k.women += wa & female;
      k.women_employed += wa & female & employed;
    }
  }
  {
    const Diploma* diploma = p.diploma.data();
    for (std::uint32_t i = first; i < n; ++i) {
      const std::uint8_t employed = activity[i] == Activity::employed;
      const std::uint8_t age = age_of[i];
      const std::uint8_t young = res[i] & (static_cast<std::uint8_t>(age - 15) <= 9);   // 15-24
      const std::uint8_t older = res[i] & (static_cast<std::uint8_t>(age - 50) <= 14);  // 50-64
      const std::uint8_t no_diploma =
          res[i] & (static_cast<std::uint8_t>(age - 15) <= 49) & (diploma[i] == Diploma::none);
      k.young_n += young;
      k.young_employed += young & employed;
      k.older_n += older;
      k.older_employed += older & employed;
      k.no_diploma_n += no_diploma;
      k.no_diploma_employed += no_diploma & employed;
    }
  }
  {
    const std::uint8_t* licence = p.licence.data();
    const std::uint8_t* creche = p.creche_place.data();
    const std::int16_t* aid = p.aid_programme.data();
    for (std::uint32_t i = first; i < n; ++i) {
      const std::uint8_t adult = res[i] & (age_of[i] >= 18);
      const std::uint8_t under_3 = res[i] & (age_of[i] < 3);
      k.adults += adult;
      k.licensed += adult & licence[i];
      k.under_3s += under_3;
      k.in_creche += under_3 & creche[i];
      k.aided += res[i] & (aid[i] >= 0);
    }
  }
  {
    const Time* refused_mobility_at = p.last_refusal[0].data();
    const Time* refused_childcare_at = p.last_refusal[1].data();
    const std::uint8_t* refused_in_search = p.refused_mobility_in_search.data();
    for (std::uint32_t i = first; i < n; ++i) {
      const unsigned seeker = res[i] & (activity[i] == Activity::job_seeker);
      k.seekers += seeker;
      k.refused_mobility += seeker & (refused_mobility_at[i].seconds_since_epoch() > w.year_ago);
      k.refused_mobility_search += seeker & refused_in_search[i];
      k.refused_childcare += seeker & (refused_childcare_at[i].seconds_since_epoch() > w.year_ago);
    }
  }
  {
    // Every row has a household (Population::add_member), so the look-up needs no branch.
    const std::uint8_t* licence = p.licence.data();
    const std::uint32_t* household = p.household.data();
    const std::uint8_t* car = pop.households.car.data();
    for (std::uint32_t i = first; i < n; ++i) {
      const unsigned seeker = res[i] & (activity[i] == Activity::job_seeker);
      const unsigned drives = (licence[i] != 0) & (car[household[i]] != 0);
      k.seekers_no_licence_or_car += seeker & (drives ^ 1U);
    }
  }
  {
    const Time* breast_at = p.last_screening[0].data();
    const Time* cervical_at = p.last_screening[1].data();
    const Time* colorectal_at = p.last_screening[2].data();
    for (std::uint32_t i = first; i < n; ++i) {
      const unsigned age = age_of[i];
      const unsigned female = sex[i] == Sex::female;
      const unsigned age_50_74 = res[i] & (age - 50U <= 24U);
      const unsigned breast = age_50_74 & female;
      const unsigned cervical = res[i] & female & (age - 25U <= 40U);
      const std::int64_t cervical_since = age < 30 ? w.cytology : w.hpv;
      k.breast_n += breast;
      k.breast_ok += breast & (breast_at[i].seconds_since_epoch() > w.breast);
      k.cervical_n += cervical;
      k.cervical_ok += cervical & (cervical_at[i].seconds_since_epoch() > cervical_since);
      k.colorectal_n += age_50_74;
      k.colorectal_ok += age_50_74 & (colorectal_at[i].seconds_since_epoch() > w.colorectal);
    }
  }
}

/// Counts household rows [first, size) into k, portably.
void count_households(const Population& pop, std::uint32_t first, HouseholdCounts& k) {
  const Households& h = pop.households;
  const auto nh = static_cast<std::uint32_t>(h.size());
  const std::uint8_t* members = h.members.data();
  const std::uint8_t* living = h.resident.data();
  const std::uint8_t* car = h.car.data();
  const HouseholdType* type = h.type.data();
  const std::uint32_t* head_of = h.head.data();
  const std::uint8_t* age_of = pop.persons.age.data();
  const Activity* activity = pop.persons.activity.data();
  for (std::uint32_t hh = first; hh < nh; ++hh) {
    const std::uint8_t here = living[hh] & (members[hh] != 0);
    k.households += here;
    k.with_car += here & car[hh];
    k.single_parent += here & (type[hh] == HouseholdType::single_parent);
  }
  for (std::uint32_t hh = first; hh < nh; ++hh) {
    if (!(living[hh] && members[hh] != 0 && type[hh] == HouseholdType::single_parent)) continue;
    const std::uint32_t head = head_of[hh];  // a household with members has a head
    k.add_head(age_of[head], activity[head]);
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define QPVSIM_STOCKS_AVX2 1

// The AVX2 version: 32 rows at a time, each condition as a 32-bit mask (one bit per row, from
// byte comparisons and _mm256_movemask_epi8, or 64-bit date comparisons and
// _mm256_movemask_pd), counted with popcount. The same conditions as the portable loops above,
// on the same integers: the counts are the same (a test checks it on random populations).
#define QPVSIM_AVX2 __attribute__((target("avx2,popcnt")))

QPVSIM_AVX2 inline __m256i load32(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
/// Rows whose 0/1 byte is 1.
QPVSIM_AVX2 inline std::uint32_t bits_set(const std::uint8_t* col) {
  return static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpgt_epi8(load32(col), _mm256_setzero_si256())));
}
/// Rows whose byte equals x.
QPVSIM_AVX2 inline std::uint32_t bits_equal(__m256i v, std::uint8_t x) {
  return static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(x)))));
}
/// Rows whose byte is in [lo, hi] (unsigned): (v - lo) wraps, then min(d, hi - lo) == d.
QPVSIM_AVX2 inline std::uint32_t bits_between(__m256i v, std::uint8_t lo, std::uint8_t hi) {
  const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8(static_cast<char>(lo)));
  const __m256i span = _mm256_set1_epi8(static_cast<char>(hi - lo));
  return static_cast<std::uint32_t>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d, span), d)));
}
/// Four rows' comparisons time > since, as 64-bit masks.
QPVSIM_AVX2 inline __m256i after4(const Time* col, __m256i since) {
  return _mm256_cmpgt_epi64(load32(col), since);
}
/// Rows whose time is strictly after `since` (seconds). The eight comparisons of 4 rows are
/// narrowed to one byte per row by saturating packs (0 or -1 stay 0 or -1), which interleave
/// rows by 128-bit lane: a permutation of 64-bit blocks and one of bytes within each lane put
/// them back in order (rows 0 1 4 5 8 9 12 13 | 2 3 6 7 ... after the packs).
QPVSIM_AVX2 inline std::uint32_t bits_after(const Time* col, std::int64_t since) {
  static_assert(sizeof(Time) == sizeof(std::int64_t));
  const __m256i s = _mm256_set1_epi64x(since);
  const __m256i a0 = _mm256_packs_epi32(after4(col, s), after4(col + 4, s));
  const __m256i a1 = _mm256_packs_epi32(after4(col + 8, s), after4(col + 12, s));
  const __m256i a2 = _mm256_packs_epi32(after4(col + 16, s), after4(col + 20, s));
  const __m256i a3 = _mm256_packs_epi32(after4(col + 24, s), after4(col + 28, s));
  const __m256i b0 = _mm256_packs_epi16(a0, a1), b1 = _mm256_packs_epi16(a2, a3);
  const __m256i c = _mm256_permute4x64_epi64(_mm256_packs_epi16(b0, b1), 0xD8);
  const __m256i order = _mm256_setr_epi8(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15,  //
                                         0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15);
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_shuffle_epi8(c, order)));
}
/// Rows whose 16-bit value is >= 0.
QPVSIM_AVX2 inline std::uint32_t bits_non_negative(const std::int16_t* col) {
  const __m256i minus_one = _mm256_set1_epi16(-1);
  const __m256i lo = _mm256_cmpgt_epi16(load32(col), minus_one);
  const __m256i hi = _mm256_cmpgt_epi16(load32(col + 16), minus_one);
  // Packing interleaves the two halves by 128-bit lane; the permutation puts rows back in order.
  const __m256i packed = _mm256_permute4x64_epi64(_mm256_packs_epi16(lo, hi), 0xD8);
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(packed));
}

/// Counts the whole blocks of 32 person rows into k; returns the first row not counted.
QPVSIM_AVX2 std::uint32_t count_persons_avx2(const Population& pop, const Windows& w,
                                             PersonCounts& out) {
  const Persons& p = pop.persons;
  const std::uint8_t* car = pop.households.car.data();
  const std::uint32_t* household = p.household.data();
  const auto n = static_cast<std::uint32_t>(p.size());
  PersonCounts k = out;  // a local copy: the counters stay in registers, not behind a reference
  static_assert(static_cast<int>(Sex::female) == 1);
  constexpr auto kEmployed = static_cast<std::uint8_t>(Activity::employed);
  constexpr auto kSeeker = static_cast<std::uint8_t>(Activity::job_seeker);
  auto count = [](std::uint32_t mask) { return static_cast<unsigned>(__builtin_popcount(mask)); };
  std::uint32_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i age = load32(&p.age[i]);
    const __m256i activity = load32(&p.activity[i]);
    const std::uint32_t res = bits_set(&p.resident[i]);
    const std::uint32_t employed = bits_equal(activity, kEmployed);
    const std::uint32_t female = bits_set(reinterpret_cast<const std::uint8_t*>(&p.sex[i]));
    const std::uint32_t working_age = bits_between(age, 15, 64);
    const std::uint32_t in_cohort = bits_set(&p.alive[i]) & bits_set(&p.cohort[i]) & working_age;
    const std::uint32_t wa = res & working_age;
    k.cohort_n += count(in_cohort);
    k.cohort_employed += count(in_cohort & employed);
    k.population += count(res);
    k.wa_n += count(wa);
    k.wa_employed += count(wa & employed);
    k.women += count(wa & female);
    k.women_employed += count(wa & female & employed);
    const std::uint32_t young = res & bits_between(age, 15, 24);
    const std::uint32_t older = res & bits_between(age, 50, 64);
    const std::uint32_t no_diploma =
        wa & bits_equal(load32(&p.diploma[i]), static_cast<std::uint8_t>(Diploma::none));
    k.young_n += count(young);
    k.young_employed += count(young & employed);
    k.older_n += count(older);
    k.older_employed += count(older & employed);
    k.no_diploma_n += count(no_diploma);
    k.no_diploma_employed += count(no_diploma & employed);

    const std::uint32_t adult = res & bits_between(age, 18, 255);
    const std::uint32_t under_3 = res & bits_between(age, 0, 2);
    k.adults += count(adult);
    k.licensed += count(adult & bits_set(&p.licence[i]));
    k.under_3s += count(under_3);
    k.in_creche += count(under_3 & bits_set(&p.creche_place[i]));
    k.aided += count(res & bits_non_negative(&p.aid_programme[i]));

    const std::uint32_t seeker = res & bits_equal(activity, kSeeker);
    k.seekers += count(seeker);
    k.refused_mobility += count(seeker & bits_after(&p.last_refusal[0][i], w.year_ago));
    k.refused_childcare += count(seeker & bits_after(&p.last_refusal[1][i], w.year_ago));
    k.refused_mobility_search += count(seeker & bits_set(&p.refused_mobility_in_search[i]));
    // Job seekers with a licence are few (about one in 32 rows): their household's car, one by
    // one. The first three without a branch on how many there are (a loop's exit would be a coin
    // flip to the processor): lane 31 stands in for a missing one and counts for nothing.
    std::uint32_t licensed = seeker & bits_set(&p.licence[i]);
    unsigned drivers = 0;
    for (int step = 0; step < 3; ++step) {
      const auto lane = static_cast<unsigned>(__builtin_ctz(licensed | 0x8000'0000U));
      drivers += static_cast<unsigned>(licensed != 0) & (car[household[i + lane]] != 0);
      licensed &= licensed - 1;
    }
    for (; licensed != 0; licensed &= licensed - 1)
      drivers += car[household[i + static_cast<unsigned>(__builtin_ctz(licensed))]] != 0;
    k.seekers_no_licence_or_car += count(seeker) - drivers;

    const std::uint32_t age_50_74 = res & bits_between(age, 50, 74);
    const std::uint32_t breast = age_50_74 & female;
    const std::uint32_t cervical = res & female & bits_between(age, 25, 65);
    const std::uint32_t under_30 = bits_between(age, 0, 29);
    const Time* cervical_at = &p.last_screening[1][i];
    const std::uint32_t cervical_up = (under_30 & bits_after(cervical_at, w.cytology)) |
                                      (~under_30 & bits_after(cervical_at, w.hpv));
    k.breast_n += count(breast);
    k.breast_ok += count(breast & bits_after(&p.last_screening[0][i], w.breast));
    k.cervical_n += count(cervical);
    k.cervical_ok += count(cervical & cervical_up);
    k.colorectal_n += count(age_50_74);
    k.colorectal_ok += count(age_50_74 & bits_after(&p.last_screening[2][i], w.colorectal));
  }
  out = k;
  return i;
}

/// Counts the whole blocks of 32 household rows into k; returns the first row not counted.
QPVSIM_AVX2 std::uint32_t count_households_avx2(const Population& pop, HouseholdCounts& out) {
  const Households& h = pop.households;
  HouseholdCounts k = out;  // a local copy, as above
  const auto nh = static_cast<std::uint32_t>(h.size());
  const std::uint8_t* age_of = pop.persons.age.data();
  const Activity* activity = pop.persons.activity.data();
  std::uint32_t hh = 0;
  for (; hh + 32 <= nh; hh += 32) {
    const std::uint32_t here = bits_set(&h.resident[hh]) & ~bits_equal(load32(&h.members[hh]), 0);
    const std::uint32_t single =
        here &
        bits_equal(load32(&h.type[hh]), static_cast<std::uint8_t>(HouseholdType::single_parent));
    k.households += static_cast<unsigned>(__builtin_popcount(here));
    k.with_car += static_cast<unsigned>(__builtin_popcount(here & bits_set(&h.car[hh])));
    k.single_parent += static_cast<unsigned>(__builtin_popcount(single));
    for (std::uint32_t m = single; m != 0; m &= m - 1) {  // the heads, one by one
      const std::uint32_t head = h.head[hh + static_cast<unsigned>(__builtin_ctz(m))];
      k.add_head(age_of[head], activity[head]);
    }
  }
  out = k;
  return hh;
}

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  return has;
}
#endif

}  // namespace

void record_stocks(const Population& pop, Time now, std::int64_t* out, Simd simd) {
  // This runs every month over every row: see the two versions above.
  const Windows windows(now);
  PersonCounts persons;
  HouseholdCounts households;
  std::uint32_t first_person = 0, first_household = 0;
#ifdef QPVSIM_STOCKS_AVX2
  if (simd == Simd::automatic && cpu_has_avx2()) {
    first_person = count_persons_avx2(pop, windows, persons);
    first_household = count_households_avx2(pop, households);
  }
#else
  (void)simd;
#endif
  count_persons(pop, first_person, windows, persons);
  count_households(pop, first_household, households);
  persons.add_to(out);
  households.add_to(out);
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
    out[i] = static_cast<std::uint8_t>(quarter_status(activity[i], contract[i]) * counted);
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
  add_count(out, C::quarter_employed, permanent + fixed);
  add_count(out, C::quarter_employed_to_job_seeker, permanent_out + fixed_out);
  add_count(out, C::quarter_permanent, permanent);
  add_count(out, C::quarter_permanent_to_job_seeker, permanent_out);
  add_count(out, C::quarter_fixed_term, fixed);
  add_count(out, C::quarter_fixed_term_to_job_seeker, fixed_out);
  add_count(out, C::quarter_job_seekers, seekers);
  add_count(out, C::quarter_job_seekers_to_employed, seekers_hired);
  add_count(out, C::quarter_inactive, inactive);
  add_count(out, C::quarter_inactive_to_employed, inactive_hired);
}

void record_flows(const Flows& f, std::int64_t* out) {
  add_count(out, C::offers, f.offers);
  add_count(out, C::hires, f.hires);
  add_count(out, C::job_ends, f.job_ends);
  add_count(out, C::search_entries, f.search_entries);
  add_count(out, C::search_exits, f.search_exits);
  add_count(out, C::refusals_mobility, f.refusals[0]);
  add_count(out, C::refusals_childcare, f.refusals[1]);
  add_count(out, C::refusals_health, f.refusals[2]);
  add_count(out, C::screened_breast, f.screened[0]);
  add_count(out, C::screened_cervical, f.screened[1]);
  add_count(out, C::screened_colorectal, f.screened[2]);
  add_count(out, C::truck_passages, f.truck_passages);
  add_count(out, C::truck_screened, f.truck_screened);
  add_count(out, C::truck_reached, f.truck_reached);
  add_count(out, C::aid_enrolments, f.aid_enrolments);
  add_count(out, C::licences_obtained, f.licences_obtained);
  add_count(out, C::births, f.births);
  add_count(out, C::deaths, f.deaths);
  add_count(out, C::departures, f.departures);
  add_count(out, C::arrivals, f.arrivals);
  add_count(out, C::creche_admissions, f.creche_admissions);
}

}  // namespace qpv::model
