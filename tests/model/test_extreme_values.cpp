// Extreme-value verification (ISPOR-SMDM model verification): the model is pushed to extremes
// where the answer is known without running it, and must give that answer. Every test runs whole
// simulations of the tiny territory (tests/data/tiny: synthesis, the event loop, every process's
// monthly step, the counters of results files), with scenarios written as TOML and read by the
// scenario loader where a scenario file can express the extreme, and the territory edited in
// memory where only the data can (nobody owns a car). A few replicates each: the whole file takes
// well under a second.
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"
#include "tests/support/scenarios.hpp"

using namespace qpv;
using namespace qpv::model;

namespace {

constexpr std::uint32_t kReplicates = 3;

/// The tiny baseline with kReplicates replicates.
io::Scenario tiny_baseline() {
  io::Scenario s = qpv::test::tiny();
  s.run.replicates = kReplicates;
  return s;
}

/// A variant of the tiny baseline: `toml` is what follows `base = "baseline.toml"` in its file,
/// read with the scenario loader's rules and checks; kReplicates replicates.
io::Scenario tiny_variant(const std::string& toml) {
  io::Scenario s = io::load_scenario_text(
      "base = \"baseline.toml\"\n" + toml,
      std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/extreme_values.toml");
  s.run.replicates = kReplicates;
  return s;
}

RunResults run_scenario(const io::Scenario& s) {
  return run(s.territory, s.parameters, s.run, s.interventions);
}

/// The tiny baseline and `variant` run as `qpvsim compare` runs them (paired: same seed and
/// replicates, shared synthetic populations); returns {baseline, variant}.
std::vector<RunResults> paired_with_baseline(const io::Scenario& variant) {
  const io::Scenario base = tiny_baseline();
  return run_paired(
      {{&base.territory, &base.parameters, base.run, &base.interventions},
       {&variant.territory, &variant.parameters, variant.run, &variant.interventions}});
}

std::int64_t at(const RunResults& r, std::uint32_t rep, std::uint32_t q, std::size_t m, Counter c) {
  return r.row(rep, q, m)[static_cast<std::size_t>(c)];
}

std::string_view name_of(Counter c) {
  return counter_specs()[static_cast<std::size_t>(c)].name;
}

/// Calls f(rep, q, m) for every row of results: each replicate, each QPV and the total
/// partition, each recorded month.
template <class F>
void for_each_row(const RunResults& r, F&& f) {
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    for (std::uint32_t q = 0; q < r.partitions; ++q)
      for (std::size_t m = 0; m < r.months.size(); ++m) f(rep, q, m);
}

/// Counter `c` summed over every replicate and month of the total partition.
std::int64_t total(const RunResults& r, Counter c) {
  std::int64_t sum = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    for (std::size_t m = 0; m < r.months.size(); ++m) sum += at(r, rep, r.partitions - 1, m, c);
  return sum;
}

/// Every counter in `zero` is 0 in every row of `r`.
void require_zero(const RunResults& r, const std::vector<Counter>& zero) {
  for_each_row(r, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    for (const Counter c : zero) {
      INFO("replicate " << rep << ", partition " << q << ", month " << m << ": " << name_of(c));
      REQUIRE(at(r, rep, q, m, c) == 0);
    }
  });
}

/// Counters `a` and `b` are equal in every row of `r`.
void require_equal(const RunResults& r, Counter a, Counter b) {
  for_each_row(r, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    INFO("replicate " << rep << ", partition " << q << ", month " << m << ": " << name_of(a)
                      << " and " << name_of(b));
    REQUIRE(at(r, rep, q, m, a) == at(r, rep, q, m, b));
  });
}

/// Spending on `lever` in the total partition, all replicates and years.
std::int64_t spent(const RunResults& r, Lever lever) {
  std::int64_t sum = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    for (std::size_t y = 0; y < r.years; ++y)
      sum += r.spent(rep, r.partitions - 1, static_cast<std::size_t>(lever), y);
  return sum;
}

/// Where the counters of `a` and `b` first differ (counter, replicate, partition, month), or ""
/// if they are the same. Counters in `ignored` are not compared.
std::string counters_difference(const RunResults& a, const RunResults& b,
                                const std::vector<Counter>& ignored = {}) {
  if (a.months != b.months || a.replicates != b.replicates || a.partitions != b.partitions)
    return "the results have different shapes";
  std::ostringstream out;
  for_each_row(a, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    for (std::size_t k = 0; k < kCounterCount && out.str().empty(); ++k) {
      const auto c = static_cast<Counter>(k);
      if (std::find(ignored.begin(), ignored.end(), c) != ignored.end()) continue;
      if (at(a, rep, q, m, c) == at(b, rep, q, m, c)) continue;
      out << name_of(c) << " in replicate " << rep << ", partition " << q << ", month " << m << ": "
          << at(a, rep, q, m, c) << " vs " << at(b, rep, q, m, c);
    }
  });
  return out.str();
}

/// `variant` is bit-identical to `base`: every counter of every month, partition and
/// replicate, the events handled and the spending.
void check_identical(const RunResults& base, const RunResults& variant) {
  CHECK(counters_difference(base, variant) == "");
  CHECK(base.events == variant.events);
  CHECK(base.spending == variant.spending);
}

}  // namespace

TEST_CASE("no job offers means no hires from job search and employment that only falls",
          "[model][verification][labour]") {
  const RunResults r = run_scenario(tiny_variant("[parameters]\noffer_rate = 0\n"));
  require_zero(
      r, {Counter::offers, Counter::hires, Counter::refusals_mobility, Counter::refusals_childcare,
          Counter::refusals_health, Counter::quarter_job_seekers_to_employed,
          Counter::quarter_inactive_to_employed});
  // A hire is the only way into a job: the start-date residents' employment (wherever they
  // live) never rises, and the QPV's only by the newcomers who arrive employed.
  for_each_row(r, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    if (m == 0) return;
    INFO("replicate " << rep << ", partition " << q << ", month " << m);
    REQUIRE(at(r, rep, q, m, Counter::cohort_employed_15_64) <=
            at(r, rep, q, m - 1, Counter::cohort_employed_15_64));
    REQUIRE(at(r, rep, q, m, Counter::employed_15_64) <=
            at(r, rep, q, m - 1, Counter::employed_15_64) +
                at(r, rep, q, m - 1, Counter::arrivals));
  });
  // Not vacuous: people look for work, jobs end, and employment does fall.
  CHECK(total(r, Counter::job_seekers) > 0);
  CHECK(total(r, Counter::job_ends) > 0);
  const std::uint32_t all = r.partitions - 1;
  CHECK(at(r, 0, all, r.months.size() - 1, Counter::cohort_employed_15_64) <
        at(r, 0, all, 0, Counter::cohort_employed_15_64));
}

TEST_CASE("when every offer needs a car and nobody can drive every offer is refused for mobility",
          "[model][verification][labour]") {
  // No household car and no licence in the synthetic populations (so none among newcomers,
  // who are copies of them), none learnt during the run, and no transport aid.
  io::Scenario s =
      tiny_variant("[parameters]\noffer_needs_car = 1\nlicence_acquisition_rate = 0\n");
  REQUIRE(s.interventions.empty());
  for (Qpv& qpv : s.territory.qpvs) {
    qpv.marginals.car = 0;
    qpv.marginals.licence = 0;
  }
  const RunResults r = run_scenario(s);
  require_zero(r,
               {Counter::hires, Counter::refusals_childcare, Counter::refusals_health,
                Counter::households_with_car, Counter::licence_holders_18_plus,
                Counter::licences_obtained, Counter::aid_beneficiaries,
                Counter::quarter_job_seekers_to_employed, Counter::quarter_inactive_to_employed});
  require_equal(r, Counter::refusals_mobility, Counter::offers);
  CHECK(total(r, Counter::offers) > 100);  // not vacuous: offers keep coming
}

TEST_CASE("offers that no barrier can block are all taken", "[model][verification][labour]") {
  // No offer needs a car, every one is reachable by transit and has atypical hours, fares are a
  // barrier to nobody, every household has informal care, a health limitation stops nobody.
  // Births stay on: a household whose first child is born during the run has informal care too
  // (it once did not: it was drawn at synthesis for households with children only).
  io::Scenario s = tiny_variant(
      "[parameters]\noffer_needs_car = 0\noffer_atypical_hours = 1\nhealth_acceptance = 1\n");
  for (Qpv& qpv : s.territory.qpvs) {
    qpv.transit_access = 1;
    qpv.marginals.transit_unaffordable = 0;
    qpv.marginals.informal_care = 1;
  }
  const RunResults r = run_scenario(s);
  require_zero(
      r, {Counter::refusals_mobility, Counter::refusals_childcare, Counter::refusals_health,
          Counter::job_seekers_refused_mobility_12m, Counter::job_seekers_refused_childcare_12m});
  require_equal(r, Counter::hires, Counter::offers);
  CHECK(total(r, Counter::offers) > 100);
  CHECK(total(r, Counter::births) > 0);  // first children born during the run included
}

TEST_CASE("unlimited crèche places leave no waitlist and every applicant holds a place",
          "[model][verification][childcare]") {
  constexpr std::int64_t kPlaces = 100'000;  // the tiny QPVs have a few dozen children under 3
  for (const double demand : {1.0, 0.6}) {
    io::Scenario s =
        tiny_variant("[parameters]\ncreche_demand_share = " + std::to_string(demand) + "\n");
    for (Qpv& qpv : s.territory.qpvs) qpv.creche_places = kPlaces;
    const RunResults r = run_scenario(s);
    INFO("creche_demand_share " << demand);
    require_zero(r, {Counter::creche_waitlist});
    for_each_row(r, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
      INFO("replicate " << rep << ", partition " << q << ", month " << m);
      const std::int64_t children = at(r, rep, q, m, Counter::children_under_3);
      const std::int64_t in_creche = at(r, rep, q, m, Counter::children_under_3_in_creche);
      const std::int64_t qpvs = q + 1 == r.partitions ? r.partitions - 1 : 1;
      REQUIRE(at(r, rep, q, m, Counter::creche_places) == qpvs * kPlaces);
      // Every family applies: every child under 3 has a place, newborns and newcomers
      // included, in the month they arrive.
      if (demand == 1.0) REQUIRE(in_creche == children);
      REQUIRE(in_creche <= children);
    });
    // Not vacuous: children are born and admitted during the run.
    CHECK(total(r, Counter::births) > 0);
    CHECK(total(r, Counter::creche_admissions) > 0);
  }
}

TEST_CASE("a screening truck with no passages screens nobody and gives the baseline's results",
          "[model][verification][screening]") {
  const std::string truck =
      "[[intervention]]\nkind = \"screening_truck\"\nmode = \"mammography\"\n"
      "mammography_from = 2024-01-01\ncapacity_per_passage = 20\nreach = 0.5\nconversion = 0.5\n"
      "cost_per_passage_eur = 2000\n";
  for (const std::string no_passages :
       {"passages_per_year = 0\n", "passages_per_year = 12\nqpv_share = 0\n"}) {
    INFO(no_passages);
    const std::vector<RunResults> r = paired_with_baseline(tiny_variant(truck + no_passages));
    require_zero(r[1], {Counter::truck_passages, Counter::truck_reached, Counter::truck_screened});
    CHECK(spent(r[1], Lever::screening_truck) == 0);
    check_identical(r[0], r[1]);
  }
  // The same truck with passages does reach and screen women, and changes results.
  const std::vector<RunResults> control =
      paired_with_baseline(tiny_variant(truck + "passages_per_year = 12\nqpv_share = 1\n"));
  CHECK(total(control[1], Counter::truck_passages) == kReplicates * 12 * 3);  // 3 years
  CHECK(total(control[1], Counter::truck_screened) > 0);
  CHECK(counters_difference(control[0], control[1]) != "");
}

TEST_CASE("a truck that reaches nobody changes nothing but its passages and their cost",
          "[model][verification][screening]") {
  // Its passages draw from the truck's own streams, so invitations are drawn as in the
  // baseline, person by person.
  const std::vector<RunResults> r = paired_with_baseline(tiny_variant(
      "[[intervention]]\nkind = \"screening_truck\"\npassages_per_year = 12\nqpv_share = 1\n"
      "mode = \"mammography\"\nmammography_from = 2024-01-01\ncapacity_per_passage = 20\n"
      "reach = 0\nconversion = 1\ncost_per_passage_eur = 2000\n"));
  require_zero(r[1], {Counter::truck_reached, Counter::truck_screened});
  const std::int64_t passages = total(r[1], Counter::truck_passages);
  CHECK(passages == kReplicates * 12 * 3);
  CHECK(counters_difference(r[0], r[1], {Counter::truck_passages}) == "");
  CHECK(spent(r[1], Lever::screening_truck) == passages * Cents::from_euros(2000).count());
  CHECK(spent(r[1], Lever::transport_aid) + spent(r[1], Lever::creche_places) == 0);
}

TEST_CASE("with no uptake of invitations the truck's screenings are the only ones",
          "[model][verification][screening]") {
  // Nobody answers an invitation, so nobody is up to date at the start (the history is drawn
  // with the same uptake) and every breast screening is the truck's.
  const RunResults r = run_scenario(tiny_variant(
      "[parameters]\nscreening_uptake_breast = 0\nscreening_uptake_cervical = 0\n"
      "screening_uptake_colorectal = 0\n"
      "[[intervention]]\nkind = \"screening_truck\"\npassages_per_year = 12\nqpv_share = 1\n"
      "mode = \"mammography\"\nmammography_from = 2024-01-01\ncapacity_per_passage = 20\n"
      "reach = 0.5\nconversion = 0.5\n"));
  require_zero(r, {Counter::screened_cervical, Counter::screened_colorectal,
                   Counter::up_to_date_cervical, Counter::up_to_date_colorectal});
  require_equal(r, Counter::screened_breast, Counter::truck_screened);
  for_each_row(r, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    std::int64_t by_truck = 0;  // screened by the truck before the month
    for (std::size_t k = 0; k < m; ++k) by_truck += at(r, rep, q, k, Counter::truck_screened);
    INFO("replicate " << rep << ", partition " << q << ", month " << m);
    REQUIRE(at(r, rep, q, m, Counter::up_to_date_breast) <= by_truck);
  });
  CHECK(total(r, Counter::eligible_cervical) > 0);
  CHECK(total(r, Counter::truck_screened) > 0);
}

TEST_CASE("transport aid with no budget or no places costs nothing and changes nothing",
          "[model][verification][aid]") {
  for (const std::string aid : {"transit_pass", "driving_licence", "car_rental"}) {
    const std::string programme =
        "[[intervention]]\nkind = \"transport_aid\"\naid = \"" + aid +
        "\"\neligibility = [\"job_seekers\", \"youth\"]\n"
        "cost_per_beneficiary_month_eur = 30\ncost_per_licence_eur = 1000\n";
    // Take-up is 1 (the default); last, a programme with room that nobody takes up.
    for (const std::string limit :
         {"budget_eur_per_year = 0\n", "places = 0\n", "places = 0\nbudget_eur_per_year = 0\n",
          "places = 40\nbudget_eur_per_year = 0\n", "places = 0\nbudget_eur_per_year = 50000\n",
          "places = 40\nbudget_eur_per_year = 50000\ntake_up = 0\n"}) {
      INFO(aid << " with " << limit);
      const std::vector<RunResults> r = paired_with_baseline(tiny_variant(programme + limit));
      require_zero(
          r[1], {Counter::aid_enrolments, Counter::aid_beneficiaries, Counter::licences_obtained});
      CHECK(spent(r[1], Lever::transport_aid) == 0);
      check_identical(r[0], r[1]);
    }
    // The same programme with places and budget does enrol people and changes results.
    INFO(aid << " with places and budget");
    const std::vector<RunResults> control = paired_with_baseline(
        tiny_variant(programme + "places = 40\nbudget_eur_per_year = 50000\n"));
    CHECK(total(control[1], Counter::aid_enrolments) > 0);
    CHECK(spent(control[1], Lever::transport_aid) > 0);
    CHECK(counters_difference(control[0], control[1]) != "");
  }
}

TEST_CASE("a closed population without births or moves changes only by its deaths",
          "[model][verification][demography]") {
  const std::string closed = "[parameters]\nfertility_tfr = 0\nmove_out_rate = 0\n";
  // With the usual mortality, the population of each QPV falls by its deaths, and only by them.
  const RunResults mortal = run_scenario(tiny_variant(closed));
  require_zero(mortal, {Counter::births, Counter::departures, Counter::arrivals});
  for_each_row(mortal, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    if (m == 0) return;
    INFO("replicate " << rep << ", partition " << q << ", month " << m);
    REQUIRE(at(mortal, rep, q, m, Counter::population) ==
            at(mortal, rep, q, m - 1, Counter::population) -
                at(mortal, rep, q, m - 1, Counter::deaths));
    REQUIRE(at(mortal, rep, q, m, Counter::children_under_3) <=
            at(mortal, rep, q, m - 1, Counter::children_under_3));
  });
  CHECK(total(mortal, Counter::deaths) > 0);
  // Mortality cannot be 0 (the registry's lower bounds); at the lowest hazard it allows, fewer
  // than 5e-4 deaths are expected per replicate: the start's population stays whole.
  const RunResults immortal = run_scenario(tiny_variant(
      closed + "mortality_gompertz_a = 1e-7\nmortality_gompertz_b = 0.01\nmortality_excess = 0\n"));
  require_zero(immortal,
               {Counter::births, Counter::departures, Counter::arrivals, Counter::deaths});
  for_each_row(immortal, [&](std::uint32_t rep, std::uint32_t q, std::size_t m) {
    INFO("replicate " << rep << ", partition " << q << ", month " << m);
    REQUIRE(at(immortal, rep, q, m, Counter::population) ==
            at(immortal, rep, q, 0, Counter::population));
    REQUIRE(at(immortal, rep, q, m, Counter::households) ==
            at(immortal, rep, q, 0, Counter::households));
  });
}

TEST_CASE("spending beyond what cents hold is an error, never a wrapped negative total",
          "[model][verification][childcare]") {
  using Catch::Matchers::Contains;
  // 100,000 places at 1e12 € a year: each QPV's spending fits in cents, their total did not and
  // wrapped to -8e16 €; at 2e12 € a QPV's own spending is beyond the range.
  for (const double eur : {1e12, 2e12}) {
    io::Scenario s = tiny_baseline();
    s.run.replicates = 1;
    s.interventions.push_back(qpv::test::costly_creche_places(s, Cents::from_euros(eur)));
    INFO(eur << " euros a place-year");
    CHECK_THROWS_WITH(run_scenario(s), Contains("spending on creche_places in 2024") &&
                                           Contains("cost_per_place_year_eur"));
  }
}
