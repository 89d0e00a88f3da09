// The catalogue of what is recorded: every counter's name, unit, French label and description
// (in Counter order), and the indicators computed from them, with their French labels.
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/model/indicators.hpp"

namespace qpv::model {
namespace {

constexpr std::array<CounterSpec, kCounterCount> kCounters{{
    {Counter::population, "population", "persons", "habitants", "residents"},
    {Counter::households, "households", "households", "ménages", "households"},
    {Counter::persons_15_64, "persons_15_64", "persons", "habitants de 15 à 64 ans",
     "residents aged 15-64"},
    {Counter::employed_15_64, "employed_15_64", "persons", "actifs occupés de 15 à 64 ans",
     "employed residents aged 15-64"},
    {Counter::women_15_64, "women_15_64", "persons", "femmes de 15 à 64 ans", "women aged 15-64"},
    {Counter::employed_women_15_64, "employed_women_15_64", "persons",
     "femmes actives occupées de 15 à 64 ans", "employed women aged 15-64"},
    {Counter::single_parents_15_64, "single_parents_15_64", "persons",
     "parents isolés de 15 à 64 ans", "heads of single-parent households aged 15-64"},
    {Counter::employed_single_parents_15_64, "employed_single_parents_15_64", "persons",
     "parents isolés actifs occupés de 15 à 64 ans",
     "employed heads of single-parent households aged 15-64"},
    {Counter::persons_15_24, "persons_15_24", "persons", "habitants de 15 à 24 ans",
     "residents aged 15-24"},
    {Counter::employed_15_24, "employed_15_24", "persons", "actifs occupés de 15 à 24 ans",
     "employed residents aged 15-24"},
    {Counter::persons_50_64, "persons_50_64", "persons", "habitants de 50 à 64 ans",
     "residents aged 50-64"},
    {Counter::employed_50_64, "employed_50_64", "persons", "actifs occupés de 50 à 64 ans",
     "employed residents aged 50-64"},
    {Counter::persons_15_64_no_diploma, "persons_15_64_no_diploma", "persons",
     "habitants de 15 à 64 ans sans diplôme", "residents aged 15-64 with no diploma"},
    {Counter::employed_15_64_no_diploma, "employed_15_64_no_diploma", "persons",
     "actifs occupés de 15 à 64 ans sans diplôme", "employed residents aged 15-64 with no diploma"},
    {Counter::job_seekers, "job_seekers", "persons", "demandeurs d'emploi",
     "people looking for work"},
    {Counter::job_seekers_no_licence_or_car, "job_seekers_no_licence_or_car", "persons",
     "demandeurs d'emploi sans permis ou sans voiture dans le ménage",
     "job seekers with no driving licence or no car in their household"},
    {Counter::job_seekers_refused_mobility_12m, "job_seekers_refused_mobility_12m", "persons",
     "demandeurs d'emploi ayant refusé une offre pour raison de mobilité (12 derniers mois)",
     "job seekers who refused an offer for mobility in the past 12 months"},
    {Counter::job_seekers_refused_mobility_search, "job_seekers_refused_mobility_search", "persons",
     "demandeurs d'emploi ayant refusé une offre pour raison de mobilité depuis le début de leur "
     "recherche",
     "job seekers who refused an offer for mobility since their current search began"},
    {Counter::job_seekers_refused_childcare_12m, "job_seekers_refused_childcare_12m", "persons",
     "demandeurs d'emploi ayant refusé une offre pour raison de garde d'enfant (12 derniers mois)",
     "job seekers who refused an offer for childcare in the past 12 months"},
    {Counter::households_with_car, "households_with_car", "households",
     "ménages disposant d'au moins une voiture", "households with at least one car"},
    {Counter::single_parent_households, "single_parent_households", "households",
     "familles monoparentales", "single-parent households"},
    {Counter::adults_18_plus, "adults_18_plus", "persons", "habitants de 18 ans et plus",
     "residents aged 18 or more"},
    {Counter::licence_holders_18_plus, "licence_holders_18_plus", "persons",
     "titulaires du permis de conduire de 18 ans et plus", "residents 18+ with a driving licence"},
    {Counter::children_under_3, "children_under_3", "children", "enfants de moins de 3 ans",
     "children under 3"},
    {Counter::children_under_3_in_creche, "children_under_3_in_creche", "children",
     "enfants de moins de 3 ans accueillis en crèche", "children under 3 holding a crèche place"},
    {Counter::creche_places, "creche_places", "places", "places de crèche",
     "crèche places of the QPV's pool"},
    {Counter::creche_waitlist, "creche_waitlist", "children",
     "enfants en attente d'une place en crèche", "children on the crèche waitlist"},
    {Counter::eligible_breast, "eligible_breast", "persons",
     "femmes de 50 à 74 ans (cible du dépistage du cancer du sein)", "women 50-74"},
    {Counter::up_to_date_breast, "up_to_date_breast", "persons",
     "femmes de 50 à 74 ans à jour du dépistage du cancer du sein (2 ans)",
     "women 50-74 screened in the past 2 years"},
    {Counter::eligible_cervical, "eligible_cervical", "persons",
     "femmes de 25 à 65 ans (cible du dépistage du cancer du col de l'utérus)", "women 25-65"},
    {Counter::up_to_date_cervical, "up_to_date_cervical", "persons",
     "femmes de 25 à 65 ans à jour du dépistage du cancer du col de l'utérus (3 ans, 5 ans dès 30 "
     "ans)",
     "women 25-65 up to date (3 years, or 5 from 30)"},
    {Counter::eligible_colorectal, "eligible_colorectal", "persons",
     "personnes de 50 à 74 ans (cible du dépistage du cancer colorectal)", "people 50-74"},
    {Counter::up_to_date_colorectal, "up_to_date_colorectal", "persons",
     "personnes de 50 à 74 ans à jour du dépistage du cancer colorectal (2 ans)",
     "people 50-74 screened in the past 2 years"},
    {Counter::aid_beneficiaries, "aid_beneficiaries", "persons",
     "bénéficiaires d'une aide à la mobilité", "residents receiving a transport aid"},
    {Counter::cohort_15_64, "cohort_15_64", "persons",
     "habitants de 15 à 64 ans au début de la simulation, où qu'ils vivent",
     "start-date residents aged 15-64, wherever they live"},
    {Counter::cohort_employed_15_64, "cohort_employed_15_64", "persons",
     "actifs occupés parmi les habitants de 15 à 64 ans au début de la simulation, où qu'ils "
     "vivent",
     "employed start-date residents aged 15-64, wherever they live"},
    {Counter::offers, "offers", "offers per month", "offres d'emploi reçues dans le mois",
     "job offers received"},
    {Counter::hires, "hires", "persons per month",
     "embauches (offres d'emploi acceptées) dans le mois", "offers accepted"},
    {Counter::job_ends, "job_ends", "persons per month",
     "fins de contrat non renouvelé et pertes d'emploi dans le mois", "jobs ended (not renewed)"},
    {Counter::search_entries, "search_entries", "persons per month",
     "inactifs entrés en recherche d'emploi dans le mois",
     "inactive people who started looking for work"},
    {Counter::search_exits, "search_exits", "persons per month",
     "demandeurs d'emploi ayant cessé leur recherche dans le mois",
     "job seekers who stopped looking"},
    {Counter::refusals_mobility, "refusals_mobility", "offers per month",
     "offres refusées pour raison de mobilité dans le mois", "offers refused for mobility"},
    {Counter::refusals_childcare, "refusals_childcare", "offers per month",
     "offres refusées pour raison de garde d'enfant dans le mois", "offers refused for childcare"},
    {Counter::refusals_health, "refusals_health", "offers per month",
     "offres refusées pour raison de santé dans le mois", "offers refused for health"},
    {Counter::screened_breast, "screened_breast", "persons per month",
     "dépistages du cancer du sein réalisés dans le mois", "breast screenings"},
    {Counter::screened_cervical, "screened_cervical", "persons per month",
     "dépistages du cancer du col de l'utérus réalisés dans le mois", "cervical screenings"},
    {Counter::screened_colorectal, "screened_colorectal", "persons per month",
     "dépistages du cancer colorectal réalisés dans le mois", "colorectal screenings"},
    {Counter::truck_passages, "truck_passages", "passages per month",
     "passages du camion de dépistage dans le mois", "screening-truck passages in the QPV"},
    {Counter::truck_screened, "truck_screened", "persons per month",
     "mammographies réalisées par le camion dans le mois", "mammographies done on the truck"},
    {Counter::truck_reached, "truck_reached", "persons per month",
     "habitants sensibilisés ou dépistés lors d'un passage du camion dans le mois",
     "residents reached by a truck passage"},
    {Counter::aid_enrolments, "aid_enrolments", "persons per month",
     "nouveaux bénéficiaires d'une aide à la mobilité dans le mois",
     "new transport-aid beneficiaries"},
    {Counter::licences_obtained, "licences_obtained", "persons per month",
     "permis de conduire obtenus grâce à une aide à la mobilité dans le mois",
     "driving licences obtained with aid"},
    {Counter::births, "births", "persons per month", "naissances dans le mois", "births"},
    {Counter::deaths, "deaths", "persons per month", "décès d'habitants dans le mois",
     "deaths of residents"},
    {Counter::departures, "departures", "persons per month", "départs d'habitants dans le mois",
     "residents moving out"},
    {Counter::arrivals, "arrivals", "persons per month",
     "arrivées de nouveaux habitants dans le mois", "newcomers moving in"},
    {Counter::creche_admissions, "creche_admissions", "children per month",
     "enfants admis en crèche dans le mois", "children given a crèche place"},
    {Counter::quarter_employed, "quarter_employed", "persons",
     "actifs occupés de 15 à 64 ans au début du trimestre écoulé",
     "residents 15-64 employed at the start of the quarter just ended (first month of a quarter)"},
    {Counter::quarter_employed_to_job_seeker, "quarter_employed_to_job_seeker", "persons",
     "actifs occupés en début de trimestre, demandeurs d'emploi à sa fin",
     "of them, job seekers now"},
    {Counter::quarter_fixed_term, "quarter_fixed_term", "persons",
     "salariés en CDD de 15 à 64 ans au début du trimestre écoulé",
     "residents 15-64 on a fixed-term contract at the start of the quarter just ended"},
    {Counter::quarter_fixed_term_to_job_seeker, "quarter_fixed_term_to_job_seeker", "persons",
     "salariés en CDD en début de trimestre, demandeurs d'emploi à sa fin",
     "of them, job seekers now"},
    {Counter::quarter_permanent, "quarter_permanent", "persons",
     "salariés en CDI de 15 à 64 ans au début du trimestre écoulé",
     "residents 15-64 on a permanent contract at the start of the quarter just ended"},
    {Counter::quarter_permanent_to_job_seeker, "quarter_permanent_to_job_seeker", "persons",
     "salariés en CDI en début de trimestre, demandeurs d'emploi à sa fin",
     "of them, job seekers now"},
    {Counter::quarter_job_seekers, "quarter_job_seekers", "persons",
     "demandeurs d'emploi de 15 à 64 ans au début du trimestre écoulé",
     "residents 15-64 looking for work at the start of the quarter just ended"},
    {Counter::quarter_job_seekers_to_employed, "quarter_job_seekers_to_employed", "persons",
     "demandeurs d'emploi en début de trimestre, en emploi à sa fin", "of them, employed now"},
    {Counter::quarter_inactive, "quarter_inactive", "persons",
     "inactifs de 15 à 64 ans au début du trimestre écoulé",
     "inactive residents 15-64 at the start of the quarter just ended"},
    {Counter::quarter_inactive_to_employed, "quarter_inactive_to_employed", "persons",
     "inactifs en début de trimestre, en emploi à sa fin", "of them, employed now"},
}};

constexpr bool counters_in_order() {
  for (std::size_t i = 0; i < kCounters.size(); ++i) {
    if (static_cast<std::size_t>(kCounters[i].id) != i) return false;
  }
  return true;
}
static_assert(counters_in_order(), "counter table out of enum order");

const std::vector<IndicatorSpec> kIndicators = {
    {"population", "Population", "persons", Counter::population, std::nullopt,
     "residents of the QPV", Better::neither},
    {"employment_rate", "Taux d'emploi des 15-64 ans", "share", Counter::employed_15_64,
     Counter::persons_15_64, "employed / residents aged 15-64", Better::higher},
    {"employment_rate_women", "Taux d'emploi des femmes (15-64 ans)", "share",
     Counter::employed_women_15_64, Counter::women_15_64, "employed women / women aged 15-64",
     Better::higher},
    {"employment_rate_single_parents", "Taux d'emploi des parents isolés", "share",
     Counter::employed_single_parents_15_64, Counter::single_parents_15_64,
     "employed / heads of single-parent households aged 15-64", Better::higher},
    {"employment_rate_15_24", "Taux d'emploi des 15-24 ans", "share", Counter::employed_15_24,
     Counter::persons_15_24, "employed / residents aged 15-24", Better::higher},
    {"employment_rate_50_64", "Taux d'emploi des 50-64 ans", "share", Counter::employed_50_64,
     Counter::persons_50_64, "employed / residents aged 50-64", Better::higher},
    {"employment_rate_no_diploma", "Taux d'emploi des personnes sans diplôme (15-64 ans)", "share",
     Counter::employed_15_64_no_diploma, Counter::persons_15_64_no_diploma,
     "employed / residents aged 15-64 with no diploma", Better::higher},
    {"job_seekers", "Demandeurs d'emploi", "persons", Counter::job_seekers, std::nullopt,
     "people actively looking for work", Better::neither},
    {"job_seekers_no_licence_or_car", "Demandeurs d'emploi sans permis ou sans voiture", "share",
     Counter::job_seekers_no_licence_or_car, Counter::job_seekers,
     "job seekers with no driving licence, or no car in their household (a rental car from a "
     "transport aid does not count) / job seekers",
     Better::lower},
    {"refusal_mobility_share", "Refus d'offre pour raison de mobilité (12 mois)", "share",
     Counter::job_seekers_refused_mobility_12m, Counter::job_seekers,
     "job seekers who refused >= 1 offer for mobility in the past 12 months / job seekers",
     Better::lower},
    {"refusal_mobility_search_share",
     "Refus d'offre pour raison de mobilité (depuis le début de la recherche)", "share",
     Counter::job_seekers_refused_mobility_search, Counter::job_seekers,
     "job seekers who refused >= 1 offer for mobility since their current job search began / "
     "job seekers (a new search starts afresh; for people already searching when they entered "
     "the simulation, at its start or as newcomers, earlier refusals are unknown)",
     Better::lower},
    {"refusal_childcare_share", "Refus d'offre pour raison de garde d'enfant (12 mois)", "share",
     Counter::job_seekers_refused_childcare_12m, Counter::job_seekers,
     "job seekers who refused >= 1 offer for childcare in the past 12 months / job seekers",
     Better::lower},
    {"households_with_car", "Ménages disposant d'une voiture", "share",
     Counter::households_with_car, Counter::households, "households with >= 1 car / households",
     Better::higher},
    {"single_parent_households", "Familles monoparentales (part des ménages)", "share",
     Counter::single_parent_households, Counter::households,
     "single-parent households / households", Better::neither},
    {"creche_coverage", "Enfants de moins de 3 ans accueillis en crèche", "share",
     Counter::children_under_3_in_creche, Counter::children_under_3,
     "under-3s holding a crèche place / under-3s", Better::higher},
    {"creche_waitlist", "Enfants en attente d'une place en crèche", "children",
     Counter::creche_waitlist, std::nullopt, "waitlist length", Better::lower},
    {"screening_breast", "Dépistage du cancer du sein à jour (femmes 50-74 ans)", "share",
     Counter::up_to_date_breast, Counter::eligible_breast,
     "eligible women screened in the past 2 years", Better::higher},
    {"screening_cervical", "Dépistage du cancer du col de l'utérus à jour (femmes 25-65 ans)",
     "share", Counter::up_to_date_cervical, Counter::eligible_cervical,
     "eligible women up to date (3 or 5 years)", Better::higher},
    {"screening_colorectal", "Dépistage du cancer colorectal à jour (50-74 ans)", "share",
     Counter::up_to_date_colorectal, Counter::eligible_colorectal,
     "eligible people screened in the past 2 years", Better::higher},
    {"truck_screenings", "Dépistages réalisés par le camion", "persons per month",
     Counter::truck_screened, std::nullopt, "mammographies done on the truck in the month",
     Better::higher},
    {"aid_beneficiaries", "Bénéficiaires d'une aide à la mobilité", "persons",
     Counter::aid_beneficiaries, std::nullopt, "residents receiving a transport aid",
     Better::neither},
    {"cohort_employment_rate", "Taux d'emploi des habitants de 2024 (où qu'ils vivent)", "share",
     Counter::cohort_employed_15_64, Counter::cohort_15_64,
     "employed / start-date residents aged 15-64, wherever they live now", Better::higher},
    {"transition_unemployed_to_employed", "Demandeurs d'emploi en emploi le trimestre suivant",
     "share", Counter::quarter_job_seekers_to_employed, Counter::quarter_job_seekers,
     "job seekers 15-64 at the start of a quarter who are employed at its end / those job "
     "seekers (first month of each quarter)",
     Better::higher},
    {"transition_employed_to_unemployed", "Personnes en emploi au chômage le trimestre suivant",
     "share", Counter::quarter_employed_to_job_seeker, Counter::quarter_employed,
     "employed 15-64 at the start of a quarter who are job seekers at its end / those employed",
     Better::lower},
    {"transition_fixed_term_to_unemployed", "Salariés en CDD au chômage le trimestre suivant",
     "share", Counter::quarter_fixed_term_to_job_seeker, Counter::quarter_fixed_term,
     "fixed-term employees 15-64 at the start of a quarter who are job seekers at its end / "
     "those employees",
     Better::lower},
    {"transition_permanent_to_unemployed", "Salariés en CDI au chômage le trimestre suivant",
     "share", Counter::quarter_permanent_to_job_seeker, Counter::quarter_permanent,
     "permanent employees 15-64 at the start of a quarter who are job seekers at its end / "
     "those employees",
     Better::lower},
    {"transition_inactive_to_employed", "Inactifs en emploi le trimestre suivant", "share",
     Counter::quarter_inactive_to_employed, Counter::quarter_inactive,
     "inactive 15-64 at the start of a quarter who are employed at its end / those inactive",
     Better::higher},
    {"licence_holders", "Titulaires du permis de conduire (18 ans et +)", "share",
     Counter::licence_holders_18_plus, Counter::adults_18_plus,
     "residents 18+ with a licence / residents 18+", Better::higher},
};

}  // namespace

const std::array<CounterSpec, kCounterCount>& counter_specs() {
  return kCounters;
}
const std::vector<IndicatorSpec>& indicator_specs() {
  return kIndicators;
}

std::string_view better_name(Better better) {
  switch (better) {
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
  for (const auto& spec : kIndicators) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

double indicator_value(const IndicatorSpec& spec, const std::int64_t* counters) {
  const auto num = static_cast<double>(counters[static_cast<std::size_t>(spec.numerator)]);
  if (!spec.denominator) return num;
  const auto den = static_cast<double>(counters[static_cast<std::size_t>(*spec.denominator)]);
  return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace qpv::model
