#include "sim/model/parameters.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace qpv::model {
namespace {

using K = Prior::Kind;

// Defaults are first guesses; runs draw calibrated parameters from the calibrated posterior and
// uncertain ones from their priors (sim/model/uncertainty.hpp). Where no source is given the
// number is an assumption, and the source field says so and why. Priors of the levers'
// mechanisms reach "no effect" where the literature does (shared interventions_reference.csv).
constexpr std::array<ParamSpec, kParamCount> kSpecs{{
    {Param::offer_rate,
     "offer_rate",
     0.115,
     0.0,
     5.0,
     "offers per month",
     {K::lognormal, -2.16, 0.5},
     "assumption: set so that QPV job seekers find a job about 0.04 times a month, about half "
     "the French rate (0.232 per quarter, INSEE Références 2020 Transitions), and the baseline "
     "employment rate stays near the observed 40 %; calibration target",
     "rate of suitable job offers to a job seeker of the reference profile (CAP-BEP, 25-49, "
     "unemployed for less than 12 months)",
     Role::calibrated,
     "fréquence des offres d'emploi reçues par un demandeur d'emploi"},
    {Param::offer_mult_no_diploma,
     "offer_mult_no_diploma",
     0.6,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.3, 1.0},
     "assumption: job finding rises with diploma (DARES, Insee Références); relative to CAP-BEP",
     "offer-rate multiplier for people with no diploma",
     Role::uncertain,
     "accès aux offres des personnes sans diplôme"},
    {Param::offer_mult_bac,
     "offer_mult_bac",
     1.3,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 1.0, 1.8},
     "assumption: relative to CAP-BEP",
     "offer-rate multiplier for the baccalauréat",
     Role::uncertain,
     "accès aux offres des bacheliers"},
    {Param::offer_mult_higher,
     "offer_mult_higher",
     1.7,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 1.2, 2.5},
     "assumption: relative to CAP-BEP",
     "offer-rate multiplier for higher education",
     Role::uncertain,
     "accès aux offres des diplômés du supérieur"},
    {Param::offer_mult_under_25,
     "offer_mult_under_25",
     1.2,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.8, 1.6},
     "assumption: young job seekers change status more often (INSEE transitions by age)",
     "offer-rate multiplier for ages 15-24",
     Role::uncertain,
     "accès aux offres des moins de 25 ans"},
    {Param::offer_mult_50_plus,
     "offer_mult_50_plus",
     0.6,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.3, 1.0},
     "assumption: seniors' job finding is lower (DARES)",
     "offer-rate multiplier for ages 50-64",
     Role::uncertain,
     "accès aux offres des 50-64 ans"},
    {Param::offer_mult_long_term,
     "offer_mult_long_term",
     0.6,
     0.0,
     5.0,
     "ratio",
     {K::uniform, 0.3, 1.0},
     "assumption: duration dependence of job finding (negative duration dependence, DARES)",
     "offer-rate multiplier after 12 months of search",
     Role::uncertain,
     "accès aux offres des chômeurs de longue durée"},
    {Param::offer_needs_car,
     "offer_needs_car",
     0.25,
     0.0,
     1.0,
     "share",
     {K::beta, 3.0, 9.0},
     "assumption: jobs in logistics, industry shifts, home care and construction need a car; "
     "no published figure for the area, so a wide prior (90 %: 0.08-0.47) around a quarter. "
     "Low values make transport aid matter little, as in the trials that found no lasting "
     "effect (Abebe et al. 2021; Le Gallo, L'Horty & Petit 2017; shared "
     "interventions_reference.csv)",
     "share of job offers that need a car (and a licence) to do the job",
     Role::uncertain,
     "part des offres d'emploi qui demandent une voiture"},
    {Param::offer_atypical_hours,
     "offer_atypical_hours",
     0.30,
     0.0,
     1.0,
     "share",
     {K::beta, 6.0, 14.0},
     "assumption: about a third of employees work at atypical hours at least sometimes (DARES)",
     "share of job offers with atypical hours (early, late, night or weekend)",
     Role::uncertain,
     "part des offres en horaires atypiques"},
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
     "not blocked by mobility or childcare",
     Role::uncertain,
     "part des offres compatibles avec une limitation de santé"},
    {Param::fixed_term_share_of_hires,
     "fixed_term_share_of_hires",
     0.90,
     0.0,
     1.0,
     "share",
     {K::beta, 18.0, 2.0},
     "assumption: most hires are on fixed-term contracts (DARES, mouvements de main-d'oeuvre: "
     "over 80 % of hires nationally)",
     "share of hires from job search that are fixed-term",
     Role::uncertain,
     "part des embauches en CDD"},
    {Param::fixed_term_mean_months,
     "fixed_term_mean_months",
     8.0,
     0.1,
     60.0,
     "months",
     {K::uniform, 3.0, 14.0},
     "assumption: calibrated against transition_fixed_term_to_unemployed",
     "mean duration of a fixed-term contract (exponential)",
     Role::calibrated,
     "durée moyenne d'un CDD"},
    {Param::fixed_term_renewal,
     "fixed_term_renewal",
     0.64,
     0.0,
     1.0,
     "probability",
     {K::beta, 13.0, 7.0},
     "assumption: with an 8-month mean, about 0.035 of fixed-term workers a month leave "
     "employment, near the French 0.087 per quarter (INSEE 2020 Transitions)",
     "probability that a fixed-term contract is renewed at its end",
     Role::calibrated,
     "probabilité de renouvellement d'un CDD"},
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
     "probability that a fixed-term contract becomes permanent at its end",
     Role::uncertain,
     "probabilité qu'un CDD devienne un CDI"},
    {Param::permanent_loss_rate,
     "permanent_loss_rate",
     0.0035,
     0.0,
     1.0,
     "per month",
     {K::uniform, 0.002, 0.012},
     "assumption: 0.005 per quarter of permanent employees become unemployed in France (INSEE "
     "2020 Transitions); the default is higher because it also carries resignations into "
     "inactivity, more frequent in QPV jobs",
     "hazard that a permanent job ends (job loss, resignation)",
     Role::calibrated,
     "risque de perdre un CDI"},
    {Param::job_end_to_inactive,
     "job_end_to_inactive",
     0.15,
     0.0,
     1.0,
     "share",
     {K::beta, 3.0, 17.0},
     "assumption: most people whose job ends register as job seekers; a minority "
     "(illness, family) leave the labour force",
     "share of people whose job ends who leave the labour force rather than search",
     Role::uncertain,
     "part des fins d'emploi suivies d'un retrait du marché du travail"},
    {Param::search_exit_rate,
     "search_exit_rate",
     0.026,
     0.0,
     1.0,
     "per month",
     {K::uniform, 0.01, 0.06},
     "assumption: discouragement; flows from unemployment to inactivity are large in France "
     "(INSEE 2020 Transitions)",
     "hazard that a job seeker without barriers stops searching (becomes inactive)",
     Role::calibrated,
     "risque d'abandonner la recherche d'emploi"},
    {Param::search_exit_mult_childcare,
     "search_exit_mult_childcare",
     2.0,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 1.0, 4.0},
     "assumption: parents who cannot arrange care give up searching twice as often",
     "search-exit multiplier when care of a child under 3 is not covered",
     Role::uncertain,
     "effet d'un problème de garde sur l'abandon de la recherche"},
    {Param::search_exit_mult_health,
     "search_exit_mult_health",
     1.5,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 1.0, 3.0},
     "assumption: a health limitation raises discouragement by half",
     "search-exit multiplier for a long-term health limitation",
     Role::uncertain,
     "effet d'un problème de santé sur l'abandon de la recherche"},
    {Param::search_entry_rate,
     "search_entry_rate",
     0.022,
     0.0,
     1.0,
     "per month",
     {K::uniform, 0.008, 0.05},
     "assumption: calibrated against transition_halo_inactive_to_employed (INSEE 2020)",
     "hazard that an inactive person of working age without barriers starts searching",
     Role::calibrated,
     "fréquence des entrées en recherche d'emploi des inactifs"},
    {Param::search_entry_mult_childcare,
     "search_entry_mult_childcare",
     0.5,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 0.2, 1.0},
     "assumption: uncovered care of a toddler halves the rate of (re)entry into "
     "job search",
     "search-entry multiplier when care of a child under 3 is not covered",
     Role::uncertain,
     "effet d'un problème de garde sur l'entrée en recherche"},
    {Param::search_entry_mult_health,
     "search_entry_mult_health",
     0.5,
     0.0,
     10.0,
     "ratio",
     {K::uniform, 0.2, 1.0},
     "assumption: a health limitation halves the rate of entry into job search",
     "search-entry multiplier for a long-term health limitation",
     Role::uncertain,
     "effet d'un problème de santé sur l'entrée en recherche"},
    {Param::initial_search_months_mean,
     "initial_search_months_mean",
     17.0,
     0.1,
     120.0,
     "months",
     {K::uniform, 8.0, 30.0},
     "assumption: about half of QPV job seekers are long-term unemployed (exponential with "
     "mean 17 months gives P(> 12 months) = 0.49)",
     "mean elapsed search time of the job seekers at synthesis (for duration dependence)",
     Role::uncertain,
     "ancienneté moyenne de la recherche au départ"},

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
     "probability that an invited woman without barriers is screened in the invitation round",
     Role::calibrated,
     "participation au dépistage du cancer du sein"},
    {Param::screening_uptake_cervical,
     "screening_uptake_cervical",
     0.45,
     0.0,
     1.0,
     "probability",
     {K::beta, 9.0, 11.0},
     "assumption: 52 % participation territory-wide (CPAM du Hainaut 2023); QPV lower",
     "probability that an invited woman without barriers is screened in the invitation round",
     Role::calibrated,
     "participation au dépistage du cancer du col de l'utérus"},
    {Param::screening_uptake_colorectal,
     "screening_uptake_colorectal",
     0.18,
     0.0,
     1.0,
     "probability",
     {K::beta, 4.0, 18.0},
     "assumption: 20 % participation territory-wide (CPAM du Hainaut 2023); QPV lower",
     "probability that an invited person without barriers does the stool test in the round",
     Role::calibrated,
     "participation au dépistage du cancer colorectal"},
    {Param::screening_mult_no_car,
     "screening_mult_no_car",
     0.8,
     0.0,
     1.0,
     "ratio",
     {K::uniform, 0.5, 1.0},
     "assumption: distance to radiology centres lowers uptake for people who cannot drive",
     "uptake multiplier for people without a car they can drive (mobility barrier)",
     Role::uncertain,
     "effet de l'absence de voiture sur la participation au dépistage"},
    {Param::screening_mult_low_literacy,
     "screening_mult_low_literacy",
     0.7,
     0.0,
     1.0,
     "ratio",
     {K::uniform, 0.4, 1.0},
     "assumption: low health literacy is associated with lower screening participation "
     "(HLS-EU consortium)",
     "uptake multiplier for people with low health literacy",
     Role::uncertain,
     "effet d'une faible littératie en santé sur le dépistage"},
    {Param::low_health_literacy_share,
     "low_health_literacy_share",
     0.40,
     0.0,
     1.0,
     "share",
     {K::beta, 8.0, 12.0},
     "assumption: limited health literacy is far more common in deprived populations (HLS-EU: "
     "close to half of people with low income or education)",
     "share of residents 15+ with low health literacy",
     Role::uncertain,
     "part des habitants à faible littératie en santé"},
    {Param::truck_awareness_mult,
     "truck_awareness_mult",
     1.5,
     1.0,
     5.0,
     "ratio",
     {K::uniform, 1.0, 2.0},
     "assumption: mobile units may raise later uptake, but Vang et al. (2018, systematic "
     "review; shared interventions_reference.csv) find no pooled uptake effect, so the prior "
     "reaches 1 (no effect); the default is its median",
     "uptake multiplier at the next invitation for a person reached by an awareness passage",
     Role::uncertain,
     "effet de sensibilisation d'un passage du camion"},
    {Param::truck_reach,
     "truck_reach",
     0.25,
     0.0,
     1.0,
     "probability",
     {K::beta, 2.5, 7.5},
     "assumption: no published figure for the share of the residents due for screening whom a "
     "passage reaches (flyers, social workers, word of mouth); a quarter, 90 % prior range "
     "0.07-0.50",
     "probability that a resident due for breast screening is reached by a truck passage in "
     "their QPV (unless the scenario's truck sets `reach`)",
     Role::uncertain,
     "part des habitantes touchées par un passage du camion"},
    {Param::truck_conversion,
     "truck_conversion",
     0.30,
     0.0,
     1.0,
     "probability",
     {K::uniform, 0.10, 0.50},
     "Vang et al. (2018, systematic review of mobile mammography; shared "
     "interventions_reference.csv): 0.12-0.48 of users adherent to guidelines, no pooled "
     "uptake effect; the prior spans that range and the default is its median",
     "probability that a reached woman is screened on board when the truck does mammography "
     "(unless the scenario's truck sets `conversion`)",
     Role::uncertain,
     "part des habitantes touchées qui se font dépister au camion"},

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
     "mean time from funding to the driving test",
     Role::uncertain,
     "durée de la formation au permis financée"},
    {Param::licence_pass_probability,
     "licence_pass_probability",
     0.6,
     0.0,
     1.0,
     "probability",
     {K::beta, 6.0, 4.0},
     "assumption: a majority of funded learners obtain the licence within the programme (Le "
     "Gallo, L'Horty & Petit 2017, RCT of a 1,000 EUR voucher: weak employment effects; shared "
     "interventions_reference.csv); wide prior, 90 %: 0.33-0.84",
     "probability that a funded learner obtains the licence",
     Role::uncertain,
     "taux de réussite au permis financé"},
    {Param::licence_training_search_mult,
     "licence_training_search_mult",
     0.7,
     0.0,
     1.0,
     "ratio",
     {K::uniform, 0.4, 1.0},
     "Le Gallo, L'Horty & Petit (2017, shared interventions_reference.csv): job search slows "
     "while learning (lock-in effect); size assumed, the prior reaches 1 (no lock-in)",
     "offer-rate multiplier for a job seeker while in licence training",
     Role::uncertain,
     "ralentissement de la recherche d'emploi pendant le permis"},
    {Param::transit_pass_months,
     "transit_pass_months",
     12.0,
     1.0,
     60.0,
     "months",
     {K::uniform, 6.0, 12.0},
     "assumption: a yearly pass renewed by a new enrolment; shorter use is possible. The "
     "effect of transit subsidies fades (Franklin 2018; Abebe et al. 2021: none after four "
     "years; shared interventions_reference.csv)",
     "duration of a transit-pass aid",
     Role::uncertain,
     "durée de l'abonnement de transport solidaire"},
    {Param::car_rental_months,
     "car_rental_months",
     6.0,
     1.0,
     36.0,
     "months",
     {K::uniform, 3.0, 12.0},
     "assumption: solidarity garages rent for a few months, until a first wage allows a car",
     "duration of a solidarity car rental",
     Role::uncertain,
     "durée de la location solidaire de voiture"},
    {Param::aid_take_up_transit_pass,
     "aid_take_up_transit_pass",
     0.7,
     0.0,
     1.0,
     "probability",
     {K::beta, 7.0, 3.0},
     "assumption: most eligible job seekers offered a free pass take it; no local figure "
     "(90 % prior range 0.44-0.89)",
     "probability that an eligible person offered a transit pass takes it (unless the "
     "scenario's aid sets `take_up`)",
     Role::uncertain,
     "taux de recours à l'abonnement de transport"},
    {Param::aid_take_up_driving_licence,
     "aid_take_up_driving_licence",
     0.5,
     0.0,
     1.0,
     "probability",
     {K::beta, 5.0, 5.0},
     "assumption: about half of those offered licence funding start the training (it takes "
     "months of lessons); Le Gallo, L'Horty & Petit (2017) report incomplete take-up of the "
     "voucher (90 % prior range 0.24-0.76)",
     "probability that an eligible person offered driving-licence funding takes it (unless the "
     "scenario's aid sets `take_up`)",
     Role::uncertain,
     "taux de recours au financement du permis"},
    {Param::aid_take_up_car_rental,
     "aid_take_up_car_rental",
     0.6,
     0.0,
     1.0,
     "probability",
     {K::beta, 6.0, 4.0},
     "assumption: a rental costs about 5 EUR a day, so not every licence holder offered one "
     "takes it (90 % prior range 0.33-0.84)",
     "probability that an eligible person offered a solidarity car rental takes it (unless the "
     "scenario's aid sets `take_up`)",
     Role::uncertain,
     "taux de recours à la location solidaire de voiture"},
    {Param::transit_access_offset,
     "transit_access_offset",
     0.0,
     -1.0,
     1.0,
     "share points",
     {K::uniform, -0.15, 0.15},
     "assumption: the transit_access of each QPV in qpv.csv comes from three assumed tiers, "
     "with no published figure (scenarios/territories/README.md); every QPV's value is moved "
     "by this offset, kept within [0, 1]",
     "shift of the share of job offers reachable by public transport, added to every QPV's "
     "transit_access",
     Role::uncertain,
     "accessibilité des emplois en transports en commun"},

    // --- childcare
    {Param::creche_demand_share,
     "creche_demand_share",
     0.6,
     0.0,
     1.0,
     "share",
     {K::beta, 6.0, 4.0},
     "assumption: a majority of families with a child under 3 would use a crèche place if "
     "offered one; wide prior (90 %: 0.33-0.84). Places taken by families who had other care "
     "change no employment, the crowding out that Havnes & Mogstad (2011) found (shared "
     "interventions_reference.csv)",
     "share of children under 3 whose family applies for a crèche place",
     Role::uncertain,
     "part des familles qui demandent une place en crèche"},
    {Param::creche_priority_single_parents,
     "creche_priority_single_parents",
     1.0,
     0.0,
     1.0,
     "0 or 1",
     {K::uniform, 0.0, 1.0},
     "policy setting: CAF and communes commonly rank single parents first (CNAF, AVIP charter)",
     "1 if children of single parents come first on the waitlist",
     Role::policy,
     "priorité aux parents isolés en crèche"},
    {Param::creche_priority_job_seekers,
     "creche_priority_job_seekers",
     1.0,
     0.0,
     1.0,
     "0 or 1",
     {K::uniform, 0.0, 1.0},
     "policy setting: AVIP crèches reserve places for job-seeking parents (CNAF 2021)",
     "1 if children of job-seeking parents come next on the waitlist",
     Role::policy,
     "priorité aux parents en recherche d'emploi en crèche"},

    // --- demography
    {Param::fertility_tfr,
     "fertility_tfr",
     2.4,
     0.0,
     6.0,
     "children per woman",
     {K::uniform, 1.8, 2.8},
     "assumption: set so that births keep the number of children under 3 at its synthetic "
     "level over 2024-2030 (France: 1.68 in 2023, INSEE; QPV populations are younger and more "
     "fertile); spread over ages 15-49 with the French age profile and by household type",
     "total fertility rate of women living in the QPV",
     Role::uncertain,
     "fécondité"},
    {Param::mortality_gompertz_a,
     "mortality_gompertz_a",
     4.5e-5,
     1e-7,
     1.0,
     "per year",
     {K::lognormal, -10.0, 0.3},
     "Gompertz law fitted to French mortality (about 0.008 a year at 60 and 0.045 at 80, "
     "INSEE life tables); the fit is an assumption",
     "baseline mortality hazard at age 0 of the Gompertz law a*exp(b*age)",
     Role::uncertain,
     "niveau de la mortalité"},
    {Param::mortality_gompertz_b,
     "mortality_gompertz_b",
     0.0864,
     0.01,
     1.0,
     "per year of age",
     {K::uniform, 0.07, 0.10},
     "Gompertz law fitted to French mortality (see mortality_gompertz_a)",
     "rate at which mortality rises with age",
     Role::uncertain,
     "croissance de la mortalité avec l'âge"},
    {Param::mortality_excess,
     "mortality_excess",
     0.31,
     0.0,
     3.0,
     "relative excess",
     {K::uniform, 0.15, 0.45},
     "Contrat Quartiers 2030 (2024): mortality in the arrondissement of Valenciennes is 31 % "
     "above the national average",
     "excess mortality of the area over France",
     Role::uncertain,
     "surmortalité locale"},
    {Param::move_out_rate,
     "move_out_rate",
     0.08,
     0.0,
     1.0,
     "per year",
     {K::uniform, 0.04, 0.14},
     "assumption: about 8 % of QPV households leave each year (ONPV reports residential "
     "mobility of the order of 8-10 % a year)",
     "hazard that a resident household moves out",
     Role::uncertain,
     "fréquence des déménagements hors du quartier"},
    {Param::move_out_mult_after_job,
     "move_out_mult_after_job",
     2.0,
     1.0,
     10.0,
     "ratio",
     {K::uniform, 1.0, 3.0},
     "assumption (DESIGN.md): households move out more often once someone has found a job, so "
     "QPV indicators lag behind people's progress",
     "move-out multiplier in the 12 months after a member was hired",
     Role::uncertain,
     "départs plus fréquents après une embauche"},
    {Param::arrivals_per_departure,
     "arrivals_per_departure",
     1.0,
     0.0,
     3.0,
     "ratio",
     {K::uniform, 0.8, 1.1},
     "assumption: social housing is full, so a dwelling left is let again to a newcomer household",
     "newcomer households per household that moved out",
     Role::uncertain,
     "arrivées de nouveaux ménages par départ"},
    {Param::retirement_age,
     "retirement_age",
     63.0,
     55.0,
     70.0,
     "years",
     {K::uniform, 62.0, 64.0},
     "assumption: the legal age rises from 62 to 64 between 2023 and 2030 (2023 pension reform)",
     "age at which people still of working status retire",
     Role::uncertain,
     "âge de départ à la retraite"},
    {Param::study_exit_rate,
     "study_exit_rate",
     0.35,
     0.0,
     5.0,
     "per year",
     {K::uniform, 0.2, 0.6},
     "assumption: students 18 or older leave education after about three years on average",
     "hazard that a student aged 18 or more ends their studies",
     Role::uncertain,
     "fréquence des fins d'études"},
    {Param::study_exit_to_search,
     "study_exit_to_search",
     0.75,
     0.0,
     1.0,
     "share",
     {K::beta, 15.0, 5.0},
     "assumption: most leavers look for work; some stay inactive",
     "share of students leaving education who start looking for work",
     Role::uncertain,
     "part des fins d'études suivies d'une recherche d'emploi"},
    {Param::licence_acquisition_rate,
     "licence_acquisition_rate",
     0.08,
     0.0,
     1.0,
     "per year",
     {K::uniform, 0.02, 0.12},
     "assumption: young adults of the QPV pass the driving licence on their own much more "
     "slowly than the French average (cost is the main obstacle)",
     "hazard that a resident aged 18-30 without a licence obtains one without aid",
     Role::uncertain,
     "obtention du permis sans aide par les jeunes"},
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

std::string_view role_name(Role r) {
  switch (r) {
    case Role::calibrated:
      return "calibrated";
    case Role::uncertain:
      return "uncertain";
    case Role::policy:
      return "policy";
  }
  return "?";
}

std::string_view source_name(ParamSource s) {
  switch (s) {
    case ParamSource::registry:
      return "registry";
    case ParamSource::scenario:
      return "scenario";
    case ParamSource::posterior:
      return "posterior";
    case ParamSource::prior:
      return "prior";
  }
  return "?";
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

const std::vector<std::string>& prior_kind_names() {
  static const std::vector<std::string> names = {
      std::string(prior_kind_name(K::uniform)), std::string(prior_kind_name(K::normal)),
      std::string(prior_kind_name(K::lognormal)), std::string(prior_kind_name(K::beta))};
  return names;
}

std::optional<Prior::Kind> find_prior_kind(std::string_view name) {
  for (K k : {K::uniform, K::normal, K::lognormal, K::beta})
    if (prior_kind_name(k) == name) return k;
  return std::nullopt;
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
