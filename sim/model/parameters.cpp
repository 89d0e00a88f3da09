#include "sim/model/parameters.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace qpv::model {
namespace {

using K = Prior::Kind;

// Defaults are first guesses, to be replaced by the calibrated posterior (issue: calibration).
// Where no source is given the number is an assumption, and the source field says so and why.
constexpr std::array<ParamSpec, kParamCount> kSpecs{{
    {Param::offer_rate,
     "offer_rate",
     0.12,
     0.0,
     5.0,
     "offers per month",
     {K::lognormal, -2.12, 0.5},
     "assumption: set so that QPV job seekers find a job about 0.04 times a month, about half "
     "the French rate (0.232 per quarter, INSEE Références 2020 Transitions), and the baseline "
     "employment rate stays near the observed 40 %; calibration target",
     "rate of suitable job offers to a job seeker of the reference profile (CAP-BEP, 25-49, "
     "unemployed for less than 12 months)"},
    {Param::offer_mult_no_diploma,
     "offer_mult_no_diploma",
     0.6,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.3, 1.0},
     "assumption: job finding rises with diploma (DARES, Insee Références); relative to CAP-BEP",
     "offer-rate multiplier for people with no diploma"},
    {Param::offer_mult_bac,
     "offer_mult_bac",
     1.3,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 1.0, 1.8},
     "assumption: relative to CAP-BEP",
     "offer-rate multiplier for the baccalauréat"},
    {Param::offer_mult_higher,
     "offer_mult_higher",
     1.7,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 1.2, 2.5},
     "assumption: relative to CAP-BEP",
     "offer-rate multiplier for higher education"},
    {Param::offer_mult_under_25,
     "offer_mult_under_25",
     1.2,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.8, 1.6},
     "assumption: young job seekers change status more often (INSEE transitions by age)",
     "offer-rate multiplier for ages 15-24"},
    {Param::offer_mult_50_plus,
     "offer_mult_50_plus",
     0.6,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.3, 1.0},
     "assumption: seniors' job finding is lower (DARES)",
     "offer-rate multiplier for ages 50-64"},
    {Param::offer_mult_long_term,
     "offer_mult_long_term",
     0.6,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.3, 1.0},
     "assumption: duration dependence of job finding (negative duration dependence, DARES)",
     "offer-rate multiplier after 12 months of search"},
    {Param::offer_needs_car,
     "offer_needs_car",
     0.25,
     0.0,
     1.0,
     "share",
     {K::beta, 5.0, 15.0},
     "assumption: jobs in logistics, industry shifts, home care and construction need a car",
     "share of job offers that need a car (and a licence) to do the job"},
    {Param::offer_atypical_hours,
     "offer_atypical_hours",
     0.30,
     0.0,
     1.0,
     "share",
     {K::beta, 6.0, 14.0},
     "assumption: about a third of employees work at atypical hours at least sometimes (DARES)",
     "share of job offers with atypical hours (early, late, night or weekend)"},
    {Param::health_acceptance,
     "health_acceptance",
     0.5,
     0.0,
     1.0,
     "probability",
     {K::beta, 5.0, 5.0},
     "assumption: a long-term limitation rules out about half of the jobs offered (physical "
     "work, long hours); no QPV figure",
     "probability that a person with a long-term health limitation can take an offer that is "
     "not blocked by mobility or childcare"},
    {Param::fixed_term_share_of_hires,
     "fixed_term_share_of_hires",
     0.90,
     0.0,
     1.0,
     "share",
     {K::beta, 18.0, 2.0},
     "assumption: most hires are on fixed-term contracts (DARES, mouvements de main-d'oeuvre: "
     "over 80 % of hires nationally)",
     "share of hires from job search that are fixed-term"},
    {Param::fixed_term_mean_months,
     "fixed_term_mean_months",
     8.0,
     0.1,
     60.0,
     "months",
     {K::uniform, 3.0, 14.0},
     "assumption: calibrated against transition_fixed_term_to_unemployed",
     "mean duration of a fixed-term contract (exponential)"},
    {Param::fixed_term_renewal,
     "fixed_term_renewal",
     0.64,
     0.0,
     1.0,
     "probability",
     {K::beta, 13.0, 7.0},
     "assumption: with an 8-month mean, about 0.035 of fixed-term workers a month leave "
     "employment, near the French 0.087 per quarter (INSEE 2020 Transitions)",
     "probability that a fixed-term contract is renewed at its end"},
    {Param::fixed_term_to_permanent,
     "fixed_term_to_permanent",
     0.08,
     0.0,
     1.0,
     "probability",
     {K::beta, 2.0, 23.0},
     "assumption: about a quarter of the contracts that are not renewed become "
     "permanent (0.08 of all ends), in line with the low conversion rates of fixed-term "
     "contracts reported by DARES",
     "probability that a fixed-term contract becomes permanent at its end"},
    {Param::permanent_loss_rate,
     "permanent_loss_rate",
     0.0064,
     0.0,
     1.0,
     "per month",
     {K::uniform, 0.002, 0.012},
     "assumption: 0.005 per quarter of permanent employees become unemployed in France (INSEE "
     "2020 Transitions); the default is higher because it also carries resignations and early "
     "retirements, which have no process of their own until demography exists",
     "hazard that a permanent job ends (job loss, resignation, early retirement)"},
    {Param::job_end_to_inactive,
     "job_end_to_inactive",
     0.15,
     0.0,
     1.0,
     "share",
     {K::beta, 3.0, 17.0},
     "assumption: most people whose job ends register as job seekers; a minority "
     "(illness, family) leave the labour force",
     "share of people whose job ends who leave the labour force rather than search"},
    {Param::search_exit_rate,
     "search_exit_rate",
     0.026,
     0.0,
     1.0,
     "per month",
     {K::uniform, 0.01, 0.06},
     "assumption: discouragement; flows from unemployment to inactivity are large in France "
     "(INSEE 2020 Transitions)",
     "hazard that a job seeker without barriers stops searching (becomes inactive)"},
    {Param::search_exit_mult_childcare,
     "search_exit_mult_childcare",
     2.0,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 1.0, 4.0},
     "assumption: parents who cannot arrange care give up searching twice as often",
     "search-exit multiplier when care of a child under 3 is not covered"},
    {Param::search_exit_mult_health,
     "search_exit_mult_health",
     1.5,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 1.0, 3.0},
     "assumption: a health limitation raises discouragement by half",
     "search-exit multiplier for a long-term health limitation"},
    {Param::search_entry_rate,
     "search_entry_rate",
     0.022,
     0.0,
     1.0,
     "per month",
     {K::uniform, 0.008, 0.05},
     "assumption: calibrated against transition_halo_inactive_to_employed (INSEE 2020)",
     "hazard that an inactive person of working age without barriers starts searching"},
    {Param::search_entry_mult_childcare,
     "search_entry_mult_childcare",
     0.5,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 0.2, 1.0},
     "assumption: uncovered care of a toddler halves the rate of (re)entry into "
     "job search",
     "search-entry multiplier when care of a child under 3 is not covered"},
    {Param::search_entry_mult_health,
     "search_entry_mult_health",
     0.5,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 0.2, 1.0},
     "assumption: a health limitation halves the rate of entry into job search",
     "search-entry multiplier for a long-term health limitation"},
    {Param::initial_search_months_mean,
     "initial_search_months_mean",
     17.0,
     0.1,
     120.0,
     "months",
     {K::uniform, 8.0, 30.0},
     "assumption: about half of QPV job seekers are long-term unemployed (exponential with "
     "mean 17 months gives P(> 12 months) = 0.49)",
     "mean elapsed search time of the job seekers at synthesis (for duration dependence)"},

    // --- health and screening
    {Param::screening_uptake_breast,
     "screening_uptake_breast",
     0.45,
     0.0,
     1.0,
     "probability",
     {K::beta, 9.0, 11.0},
     "assumption: 52 % participation in the organised programme in Valenciennes Métropole "
     "(CPAM du Hainaut 2023, whole territory); QPV residents take part less; calibration target",
     "probability that an invited woman without barriers is screened in the invitation round"},
    {Param::screening_uptake_cervical,
     "screening_uptake_cervical",
     0.45,
     0.0,
     1.0,
     "probability",
     {K::beta, 9.0, 11.0},
     "assumption: 52 % participation territory-wide (CPAM du Hainaut 2023); QPV lower",
     "probability that an invited woman without barriers is screened in the invitation round"},
    {Param::screening_uptake_colorectal,
     "screening_uptake_colorectal",
     0.18,
     0.0,
     1.0,
     "probability",
     {K::beta, 4.0, 18.0},
     "assumption: 20 % participation territory-wide (CPAM du Hainaut 2023); QPV lower",
     "probability that an invited person without barriers does the stool test in the round"},
    {Param::screening_mult_no_car,
     "screening_mult_no_car",
     0.8,
     0.0,
     1.0,
     "ratio",
     {K::uniform, 0.5, 1.0},
     "assumption: distance to radiology centres lowers uptake for people who cannot drive",
     "uptake multiplier for people without a car they can drive (mobility barrier)"},
    {Param::screening_mult_low_literacy,
     "screening_mult_low_literacy",
     0.7,
     0.0,
     1.0,
     "ratio",
     {K::uniform, 0.4, 1.0},
     "assumption: low health literacy is associated with lower screening participation "
     "(HLS-EU consortium)",
     "uptake multiplier for people with low health literacy"},
    {Param::low_health_literacy_share,
     "low_health_literacy_share",
     0.40,
     0.0,
     1.0,
     "share",
     {K::beta, 8.0, 12.0},
     "assumption: limited health literacy is far more common in deprived populations (HLS-EU: "
     "close to half of people with low income or education)",
     "share of residents 15+ with low health literacy"},
    {Param::truck_awareness_mult,
     "truck_awareness_mult",
     1.5,
     1.0,
     5.0,
     "ratio",
     {K::uniform, 1.0, 2.5},
     "assumption: mobile units raise adherence (Vang et al. 2018 report 0.12-0.48 adherence "
     "among users, no pooled effect)",
     "uptake multiplier at the next invitation for a person reached by an awareness passage"},

    // --- transport aid
    {Param::licence_training_months,
     "licence_training_months",
     6.0,
     0.5,
     36.0,
     "months",
     {K::uniform, 3.0, 12.0},
     "assumption: driving-school training with funding takes about six months (Le Gallo, "
     "L'Horty & Petit 2017, '10 000 permis pour réussir')",
     "mean time from funding to the driving test"},
    {Param::licence_pass_probability,
     "licence_pass_probability",
     0.6,
     0.0,
     1.0,
     "probability",
     {K::beta, 12.0, 8.0},
     "assumption: a majority of funded learners obtain the licence within the programme (Le "
     "Gallo, L'Horty & Petit 2017)",
     "probability that a funded learner obtains the licence"},
    {Param::licence_training_search_mult,
     "licence_training_search_mult",
     0.7,
     0.0,
     1.0,
     "ratio",
     {K::uniform, 0.4, 1.0},
     "Le Gallo, L'Horty & Petit (2017): job search slows while learning (lock-in effect); "
     "size assumed",
     "offer-rate multiplier for a job seeker while in licence training"},
    {Param::transit_pass_months,
     "transit_pass_months",
     12.0,
     1.0,
     60.0,
     "months",
     {K::uniform, 6.0, 12.0},
     "assumption: a yearly pass renewed by a new enrolment",
     "duration of a transit-pass aid"},
    {Param::car_rental_months,
     "car_rental_months",
     6.0,
     1.0,
     36.0,
     "months",
     {K::uniform, 3.0, 12.0},
     "assumption: solidarity garages rent for a few months, until a first wage allows a car",
     "duration of a solidarity car rental"},

    // --- childcare
    {Param::creche_demand_share,
     "creche_demand_share",
     0.6,
     0.0,
     1.0,
     "share",
     {K::beta, 12.0, 8.0},
     "assumption: a majority of families with a child under 3 would use a crèche place if "
     "offered one",
     "share of children under 3 whose family applies for a crèche place"},
    {Param::creche_priority_single_parents,
     "creche_priority_single_parents",
     1.0,
     0.0,
     1.0,
     "0 or 1",
     {K::uniform, 0.0, 1.0},
     "policy setting: CAF and communes commonly rank single parents first (CNAF, AVIP charter)",
     "1 if children of single parents come first on the waitlist"},
    {Param::creche_priority_job_seekers,
     "creche_priority_job_seekers",
     1.0,
     0.0,
     1.0,
     "0 or 1",
     {K::uniform, 0.0, 1.0},
     "policy setting: AVIP crèches reserve places for job-seeking parents (CNAF 2021)",
     "1 if children of job-seeking parents come next on the waitlist"},
}};

constexpr bool registry_in_enum_order() {
  for (std::size_t i = 0; i < kSpecs.size(); ++i) {
    if (static_cast<std::size_t>(kSpecs[i].id) != i) return false;
    if (!(kSpecs[i].min <= kSpecs[i].default_value && kSpecs[i].default_value <= kSpecs[i].max))
      return false;
  }
  return true;
}
static_assert(registry_in_enum_order(),
              "parameter table out of enum order or default out of range");

}  // namespace

const std::array<ParamSpec, kParamCount>& param_specs() {
  return kSpecs;
}

std::optional<Param> find_param(std::string_view name) {
  for (const auto& s : kSpecs) {
    if (s.name == name) return s.id;
  }
  return std::nullopt;
}

std::string_view prior_kind_name(Prior::Kind k) {
  switch (k) {
    case K::uniform:
      return "uniform";
    case K::normal:
      return "normal";
    case K::lognormal:
      return "lognormal";
    case K::beta:
      return "beta";
  }
  return "?";
}

Parameters::Parameters() {
  for (const auto& s : kSpecs) values_[static_cast<std::size_t>(s.id)] = s.default_value;
}

void Parameters::set(Param p, double value) {
  const ParamSpec& s = spec(p);
  if (!(value >= s.min && value <= s.max)) {
    throw std::out_of_range(
        fmt::format("{} must be in [{}, {}] {}, got {}", s.name, s.min, s.max, s.unit, value));
  }
  values_[static_cast<std::size_t>(p)] = value;
}

}  // namespace qpv::model
