#include "sim/model/indicators.hpp"

#include <cmath>
#include <limits>
#include <vector>

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
  add(C::population, static_cast<std::int64_t>(p.size()));
  add(C::households, static_cast<std::int64_t>(h.size()));
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const int age = p.age[i];
    const bool employed = p.activity[i] == Activity::employed;
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
  }
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
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
}

}  // namespace qpv::model
