#include "sim/model/indicators.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "sim/model/screening_rules.hpp"

namespace qpv::model {
namespace {

using C = Counter;

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
}};

constexpr bool counters_in_order() {
  for (std::size_t i = 0; i < kCounters.size(); ++i) {
    if (static_cast<std::size_t>(kCounters[i].id) != i) return false;
  }
  return true;
}
static_assert(counters_in_order(), "counter table out of enum order");

const std::vector<IndicatorSpec> kIndicators = {
    {"population", "Population", "persons", C::population, std::nullopt, "residents of the QPV"},
    {"employment_rate", "Taux d'emploi des 15-64 ans", "share", C::employed_15_64, C::persons_15_64,
     "employed / residents aged 15-64"},
    {"employment_rate_women", "Taux d'emploi des femmes (15-64 ans)", "share",
     C::employed_women_15_64, C::women_15_64, "employed women / women aged 15-64"},
    {"employment_rate_single_parents", "Taux d'emploi des parents isolés", "share",
     C::employed_single_parents_15_64, C::single_parents_15_64,
     "employed / heads of single-parent households aged 15-64"},
    {"job_seekers", "Demandeurs d'emploi", "persons", C::job_seekers, std::nullopt,
     "people actively looking for work"},
    {"refusal_mobility_share", "Refus d'offre pour raison de mobilité (12 mois)", "share",
     C::job_seekers_refused_mobility_12m, C::job_seekers,
     "job seekers who refused >= 1 offer for mobility in the past 12 months / job seekers"},
    {"refusal_childcare_share", "Refus d'offre pour raison de garde d'enfant (12 mois)", "share",
     C::job_seekers_refused_childcare_12m, C::job_seekers,
     "job seekers who refused >= 1 offer for childcare in the past 12 months / job seekers"},
    {"households_with_car", "Ménages disposant d'une voiture", "share", C::households_with_car,
     C::households, "households with >= 1 car / households"},
    {"single_parent_households", "Familles monoparentales (part des ménages)", "share",
     C::single_parent_households, C::households, "single-parent households / households"},
    {"creche_coverage", "Enfants de moins de 3 ans accueillis en crèche", "share",
     C::children_under_3_in_creche, C::children_under_3,
     "under-3s holding a crèche place / under-3s"},
    {"creche_waitlist", "Enfants en attente d'une place en crèche", "children", C::creche_waitlist,
     std::nullopt, "waitlist length"},
    {"screening_breast", "Dépistage du cancer du sein à jour (femmes 50-74 ans)", "share",
     C::up_to_date_breast, C::eligible_breast, "eligible women screened in the past 2 years"},
    {"screening_cervical", "Dépistage du cancer du col de l'utérus à jour (femmes 25-65 ans)",
     "share", C::up_to_date_cervical, C::eligible_cervical,
     "eligible women up to date (3 or 5 years)"},
    {"screening_colorectal", "Dépistage du cancer colorectal à jour (50-74 ans)", "share",
     C::up_to_date_colorectal, C::eligible_colorectal,
     "eligible people screened in the past 2 years"},
    {"truck_screenings", "Dépistages réalisés par le camion", "persons per month",
     C::truck_screened, std::nullopt, "mammographies done on the truck in the month"},
    {"aid_beneficiaries", "Bénéficiaires d'une aide à la mobilité", "persons", C::aid_beneficiaries,
     std::nullopt, "residents receiving a transport aid"},
    {"cohort_employment_rate", "Taux d'emploi des habitants de 2024 (où qu'ils vivent)", "share",
     C::cohort_employed_15_64, C::cohort_15_64,
     "employed / start-date residents aged 15-64, wherever they live now"},
    {"licence_holders", "Titulaires du permis de conduire (18 ans et +)", "share",
     C::licence_holders_18_plus, C::adults_18_plus, "residents 18+ with a licence / residents 18+"},
};

}  // namespace

const std::array<CounterSpec, kCounterCount>& counter_specs() {
  return kCounters;
}
const std::vector<IndicatorSpec>& indicator_specs() {
  return kIndicators;
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

void record_stocks(const Population& pop, Time now, std::int64_t* out) {
  const Persons& p = pop.persons;
  const Households& h = pop.households;
  const Time year_ago = now - Duration::whole_days(365);
  auto add = [out](Counter c, std::int64_t v) { out[static_cast<std::size_t>(c)] += v; };
  // Screened after these instants = up to date (screening_up_to_date, one instant per rule).
  auto since = [now](Programme prog, int age) {
    return now - Duration::whole_days(screening_interval_days(prog, age));
  };
  const Time breast_since = since(Programme::breast, 50);
  const Time cytology_since = since(Programme::cervical, 25);
  const Time hpv_since = since(Programme::cervical, 30);
  const Time colorectal_since = since(Programme::colorectal, 50);
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    if (!p.alive[i]) continue;
    const int age = p.age[i];
    const bool employed = p.activity[i] == Activity::employed;
    if (p.cohort[i] && age >= 15 && age <= 64) {
      add(C::cohort_15_64, 1);
      add(C::cohort_employed_15_64, employed);
    }
    if (!h.resident[p.household[i]]) continue;  // place indicators: residents only
    add(C::population, 1);
    if (age >= 15 && age <= 64) {
      add(C::persons_15_64, 1);
      add(C::employed_15_64, employed);
      if (p.sex[i] == Sex::female) {
        add(C::women_15_64, 1);
        add(C::employed_women_15_64, employed);
      }
    }
    if (p.activity[i] == Activity::job_seeker) {
      add(C::job_seekers, 1);
      add(C::job_seekers_refused_mobility_12m, p.last_refusal[i][0] > year_ago);
      add(C::job_seekers_refused_childcare_12m, p.last_refusal[i][1] > year_ago);
    }
    if (age >= 18) {
      add(C::adults_18_plus, 1);
      add(C::licence_holders_18_plus, p.licence[i]);
    }
    if (age < 3) {
      add(C::children_under_3, 1);
      add(C::children_under_3_in_creche, p.creche_place[i]);
    }
    if (age >= 25 && age <= 74) {
      // Programme rules of screening_rules.hpp, unrolled: this loop runs every month for
      // every resident.
      const auto& last = p.last_screening[i];
      const bool female = p.sex[i] == Sex::female;
      if (female && age >= 50) {
        add(C::eligible_breast, 1);
        add(C::up_to_date_breast, last[0] > breast_since);
      }
      if (female && age <= 65) {
        add(C::eligible_cervical, 1);
        add(C::up_to_date_cervical, last[1] > (age < 30 ? cytology_since : hpv_since));
      }
      if (age >= 50) {
        add(C::eligible_colorectal, 1);
        add(C::up_to_date_colorectal, last[2] > colorectal_since);
      }
    }
    add(C::aid_beneficiaries, p.aid_programme[i] >= 0);
  }
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    if (!h.resident[hh] || h.members[hh] == 0) continue;
    add(C::households, 1);
    add(C::households_with_car, h.car[hh]);
    if (h.type[hh] == HouseholdType::single_parent) {
      add(C::single_parent_households, 1);
      const std::uint32_t head = h.head[hh];
      if (p.age[head] >= 15 && p.age[head] <= 64) {
        add(C::single_parents_15_64, 1);
        add(C::employed_single_parents_15_64, p.activity[head] == Activity::employed);
      }
    }
  }
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
