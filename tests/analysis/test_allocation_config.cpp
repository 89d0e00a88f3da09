// load_allocation: the Valenciennes and tiny allocation files load, and every kind of bad input
// raises an InputError naming the file, the line and the key, before anything runs.
//
// Each bad file is a valid one with one change; the expected line comes from where the test's
// own text holds the changed value, never from the loader.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "analysis/allocation/config.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace qpv;
using namespace qpv::analysis::allocation;

namespace {

const std::string kSource = QPVSIM_SOURCE_DIR;
const std::string kTiny = kSource + "/tests/data/tiny/";

/// A valid allocation file on the tiny territory: two levers, one weighted outcome.
const std::string kValid = "[allocation]\nbaseline = '" + kTiny +
                           "baseline.toml'\n"
                           "envelope_eur_per_year = 30000\n"
                           "first_year = 2025\n"
                           "last_year = 2026\n"
                           "\n[[lever]]\nkind = 'transport_aid'\nscenario = '" +
                           kTiny +
                           "levers.toml'\n"
                           "\n[[lever]]\nkind = 'creche_places'\nscenario = '" +
                           kTiny +
                           "levers.toml'\n"
                           "\n[objective]\nkind = 'weighted'\n"
                           "\n[[objective.outcome]]\nid = 'employment_person_years'\n"
                           "weight = 25000\n";

/// `text` with the first `from` replaced by `to`.
std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

/// 1-based line of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  return 1 + static_cast<int>(
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

/// Loading `text` fails with an InputError naming the file, the line of `at`, `key`, and
/// saying `says`.
void fails(const std::string& text, const std::string& at, const std::string& key,
           const std::string& says) {
  const test::TempDir dir("qpvsim-test-allocation");
  const std::string file = dir.write("allocation.toml", text);
  INFO(text);
  try {
    (void)load_allocation(file);
    FAIL("accepted");
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(e.origin().file == file);
    CHECK(e.origin().line == line_of(text, at));
    CHECK(e.key() == key);
    CHECK_THAT(e.problem(), Catch::Contains(says));
    CHECK_THAT(std::string(e.what()), Catch::Contains("allocation.toml"));
  }
}

}  // namespace

TEST_CASE("the Valenciennes allocation file loads with its three levers",
          "[analysis][allocation]") {
  const AllocationConfig c = load_allocation(kSource + "/scenarios/valenciennes/allocation.toml");
  CHECK(c.envelope_eur == 600000);
  CHECK(c.first_year == 2025);
  CHECK(c.last_year == 2030);
  CHECK(c.seed == c.baseline.run.seed);
  REQUIRE(c.levers.size() == 3);
  CHECK(c.levers[0].lever == model::Lever::transport_aid);
  CHECK(c.levers[1].lever == model::Lever::creche_places);
  CHECK(c.levers[2].lever == model::Lever::screening_truck);
  REQUIRE(c.levers[0].templates.size() == 3);
  CHECK(c.levers[0].mix[0] == Approx(0.4557));
  CHECK(c.levers[1].need->id == "creche_coverage");
  CHECK(c.levers[2].need->id == "screening_breast");
  CHECK(c.levers[0].max_eur == 600000);  // the default: the envelope
  CHECK(c.targeting == Targeting::need);
  CHECK(c.tune_exponent);
  CHECK(c.objective.terms.size() == 3);
  CHECK(c.objective.statistic == Statistic::mean);
  CHECK(c.equity.no_qpv_worse_off);
  CHECK(c.status_quo.shares[0] + c.status_quo.shares[1] + c.status_quo.shares[2] == Approx(1.0));
  CHECK(c.pareto.outcomes == std::vector<std::string>{"employment_person_years", "screenings"});
  CHECK(c.qpv_bounds.size() == 15);
  CHECK(std::isinf(c.qpv_bounds[0].max_eur));
  // The allocation file, then the lever scenarios and their base, baseline.toml (provenance).
  REQUIRE(c.sources.size() == 5);
  CHECK(c.sources[0].second.find("envelope_eur_per_year") != std::string::npos);
  CHECK(c.sources[1].first.ends_with("transport_aid.toml"));
  // The same file, embedded in the binary, gives the same settings.
  const AllocationConfig embedded = load_allocation("embedded:valenciennes/allocation.toml");
  CHECK(embedded.levers.size() == 3);
  CHECK(embedded.status_quo.shares == c.status_quo.shares);
}

TEST_CASE("the tiny allocation file loads with each lever's template from levers.toml",
          "[analysis][allocation]") {
  const AllocationConfig c = load_allocation(kTiny + "allocation.toml");
  CHECK(c.envelope_eur == 30000);
  CHECK(c.replicates == 4);
  CHECK(c.fresh_replicates == 4);
  CHECK(c.max_evaluations == 30);
  CHECK(c.seed == 7);  // the tiny baseline's
  REQUIRE(c.levers.size() == 3);
  for (const LeverConfig& l : c.levers) {
    REQUIRE(l.templates.size() == 1);
    CHECK(model::lever_of(l.templates[0]) == l.lever);
    CHECK(l.mix == std::vector<double>{1.0});
  }
  CHECK(c.pareto.outcomes.empty());
  CHECK(c.need->id == "employment_rate");
  CHECK(targeting_name(c.targeting) == "need");
  CHECK(statistic_name(c.objective.statistic) == "mean");
}

TEST_CASE("a valid allocation file loads with the defaults", "[analysis][allocation]") {
  const test::TempDir dir("qpvsim-test-allocation");
  const AllocationConfig c = load_allocation(dir.write("a.toml", kValid));
  CHECK(c.replicates == 20);
  CHECK(c.levers.size() == 2);
  CHECK(c.status_quo.shares[0] == Approx(0.5));  // equal shares of the levers in play
  CHECK(c.status_quo.shares[2] == 0);
  CHECK(c.qpv_bounds.size() == 2);
}

TEST_CASE("allocation errors: an unknown key, with a suggestion", "[analysis][allocation]") {
  fails(with(kValid, "first_year", "replicate = 3\nfirst_year"), "replicate",
        "allocation.replicate", "did you mean 'replicates'");
}

TEST_CASE("allocation errors: a value of the wrong type", "[analysis][allocation]") {
  fails(with(kValid, "= 30000", "= 'lots'"), "'lots'", "allocation.envelope_eur_per_year",
        "expected an amount in euros");
}

TEST_CASE("allocation errors: an envelope smaller than the commitments", "[analysis][allocation]") {
  const std::string text =
      with(with(kValid, "kind = 'transport_aid'",
                "kind = 'transport_aid'\ncommitted_eur_per_year = 20000"),
           "kind = 'creche_places'", "kind = 'creche_places'\ncommitted_eur_per_year = 15000");
  fails(text, "envelope_eur_per_year", "allocation.envelope_eur_per_year",
        "smaller than the commitments already made, 35,000 €");
  fails(text, "envelope_eur_per_year", "allocation.envelope_eur_per_year", "30,000 €");
}

TEST_CASE("allocation errors: a lever's minimum above its maximum", "[analysis][allocation]") {
  fails(with(kValid, "kind = 'transport_aid'",
             "kind = 'transport_aid'\nmax_eur_per_year = 10000\nmin_eur_per_year = 20000"),
        "min_eur_per_year", "lever[0].min_eur_per_year", "above the maximum 10,000 €");
}

TEST_CASE("allocation errors: commitments above a lever's maximum", "[analysis][allocation]") {
  fails(with(kValid, "kind = 'creche_places'",
             "kind = 'creche_places'\nmax_eur_per_year = 10000\ncommitted_eur_per_year = 12000"),
        "committed_eur_per_year", "lever[1].committed_eur_per_year", "above the maximum");
}

TEST_CASE("allocation errors: the levers' minimums above the envelope", "[analysis][allocation]") {
  const std::string text = with(
      with(kValid, "kind = 'transport_aid'", "kind = 'transport_aid'\nmin_eur_per_year = 20000"),
      "kind = 'creche_places'", "kind = 'creche_places'\ncommitted_eur_per_year = 12000");
  fails(text, "envelope_eur_per_year", "allocation.envelope_eur_per_year",
        "add up to 32,000 € (transport_aid 20,000 €, creche_places 12,000 €), above the envelope "
        "30,000 €: the levers' minimums bind");
}

TEST_CASE("allocation errors: the levers' maximums below the envelope", "[analysis][allocation]") {
  const std::string text = with(
      with(kValid, "kind = 'transport_aid'", "kind = 'transport_aid'\nmax_eur_per_year = 10000"),
      "kind = 'creche_places'", "kind = 'creche_places'\nmax_eur_per_year = 10000");
  fails(text, "envelope_eur_per_year", "allocation.envelope_eur_per_year",
        "the levers' maximums bind");
}

TEST_CASE("allocation errors: a QPV's minimum above its maximum", "[analysis][allocation]") {
  fails(kValid + "[[qpv]]\ncode = 'T001'\nmin_eur_per_year = 5000\nmax_eur_per_year = 1000\n",
        "min_eur_per_year", "qpv[0].min_eur_per_year", "T001: the minimum 5,000 €");
}

TEST_CASE("allocation errors: the QPVs' minimums above the envelope", "[analysis][allocation]") {
  fails(kValid + "[[qpv]]\ncode = 'T001'\nmin_eur_per_year = 20000\n" +
            "[[qpv]]\ncode = 'T002'\nmin_eur_per_year = 20000\n",
        "envelope_eur_per_year", "allocation.envelope_eur_per_year",
        "the QPVs' minimums ([[qpv]] min_eur_per_year) add up to 40,000 €");
}

TEST_CASE("allocation errors: an equity floor per resident the envelope cannot pay",
          "[analysis][allocation]") {
  fails(kValid + "[equity]\nmin_eur_per_resident = 100\n", "min_eur_per_resident",
        "equity.min_eur_per_resident",
        "100 € per resident x 550 residents = 55,000 € a year, above the envelope 30,000 €: the "
        "envelope binds");
}

TEST_CASE("allocation errors: an equity floor per resident above a QPV's maximum",
          "[analysis][allocation]") {
  fails(kValid + "[[qpv]]\ncode = 'T001'\nmax_eur_per_year = 1000\n" +
            "[equity]\nmin_eur_per_resident = 10\n",
        "min_eur_per_resident", "equity.min_eur_per_resident",
        "300 residents of T001 = 3,000 € a year, above its max_eur_per_year 1,000 €");
}

TEST_CASE("allocation errors: an equity floor with the QPVs' minimums above the envelope",
          "[analysis][allocation]") {
  fails(kValid + "[[qpv]]\ncode = 'T001'\nmin_eur_per_year = 25000\n" +
            "[equity]\nmin_eur_per_resident = 40\n",
        "min_eur_per_resident", "equity.min_eur_per_resident", "with the QPVs' own minimums");
}

TEST_CASE("allocation errors: an unknown outcome in the objective", "[analysis][allocation]") {
  fails(with(kValid, "id = 'employment_person_years'", "id = 'employment_person_year'"),
        "employment_person_year'", "objective.outcome[0].id",
        "unknown outcome \"employment_person_year\" (did you mean 'employment_person_years'?)");
}

TEST_CASE("allocation errors: an indicator with no direction as an outcome",
          "[analysis][allocation]") {
  fails(with(kValid, "id = 'employment_person_years'", "id = 'population'"), "'population'",
        "objective.outcome[0].id", "no direction");
}

TEST_CASE("allocation errors: an unknown need indicator", "[analysis][allocation]") {
  fails(with(kValid, "kind = 'creche_places'", "kind = 'creche_places'\nneed = 'creche_coverag'"),
        "creche_coverag", "lever[1].need", "did you mean 'creche_coverage'");
}

TEST_CASE("allocation errors: shares that do not add up to 1", "[analysis][allocation]") {
  const std::string text = with(
      with(kValid, "kind = 'weighted'", "kind = 'weighted'\nweights = 'shares'"), "weight = 25000",
      "weight = 0.5\n[[objective.outcome]]\nid = 'screenings'\nweight = 0.3");
  fails(text, "weights", "objective.weights", "add up to 0.8");
}

TEST_CASE("allocation errors: a weighted objective with no outcome", "[analysis][allocation]") {
  const std::string text = kValid.substr(0, kValid.find("\n[[objective.outcome]]") + 1);
  fails(text, "[objective]", "objective.outcome", "at least one [[objective.outcome]]");
}

TEST_CASE("allocation errors: floors with no outcome maximised", "[analysis][allocation]") {
  fails(
      with(with(kValid, "kind = 'weighted'", "kind = 'floors'"), "weight = 25000", "at_least = 5"),
      "[objective]", "objective.maximise", "missing key");
}

TEST_CASE("allocation errors: the outcome maximised also listed as a floor",
          "[analysis][allocation]") {
  fails(with(with(kValid, "kind = 'weighted'",
                  "kind = 'floors'\nmaximise = 'employment_person_years'"),
             "weight = 25000", "at_least = 5"),
        "maximise", "objective.maximise", "also listed as a floor");
}

TEST_CASE("allocation errors: a quantile out of range", "[analysis][allocation]") {
  fails(with(kValid, "kind = 'weighted'",
             "kind = 'weighted'\nstatistic = 'quantile'\nquantile = 0.7"),
        "quantile = 0.7", "objective.quantile", "in [0, 0.5]");
}

TEST_CASE("allocation errors: status quo shares that do not add up to 1",
          "[analysis][allocation]") {
  fails(kValid + "[status_quo]\ntransport_aid = 0.5\ncreche_places = 0.4\n", "[status_quo]",
        "status_quo", "add up to 0.9, expected 1");
}

TEST_CASE("allocation errors: a status quo share for a lever not in play",
          "[analysis][allocation]") {
  fails(kValid + "[status_quo]\ntransport_aid = 0.5\ncreche_places = 0.4\nscreening_truck = 0.1\n",
        "screening_truck", "status_quo.screening_truck", "not in play");
}

TEST_CASE("allocation errors: a lever listed twice", "[analysis][allocation]") {
  const std::string text =
      kValid + "[[lever]]\nkind = 'creche_places'\nscenario = '" + kTiny + "levers.toml'\n";
  const auto at = static_cast<std::ptrdiff_t>(text.rfind("kind = 'creche_places'"));
  const test::TempDir dir("qpvsim-test-allocation");
  try {
    (void)load_allocation(dir.write("allocation.toml", text));
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK(e.origin().line == 1 + std::count(text.begin(), text.begin() + at, '\n'));
    CHECK(e.key() == "lever[2].kind");
    CHECK_THAT(e.problem(), Catch::Contains("listed twice"));
  }
}

TEST_CASE("allocation errors: a first year after the last", "[analysis][allocation]") {
  fails(with(kValid, "first_year = 2025\nlast_year = 2026", "first_year = 2026\nlast_year = 2025"),
        "last_year", "allocation.last_year", "first year (2026) is after its last year (2025)");
}

TEST_CASE("allocation errors: a year outside the baseline's run", "[analysis][allocation]") {
  fails(with(kValid, "last_year = 2026", "last_year = 2027"), "last_year", "allocation.last_year",
        "outside the baseline's run (2024-01-01 to 2026-12-31");
}

TEST_CASE("allocation errors: a lever scenario with no intervention of that lever",
          "[analysis][allocation]") {
  const std::string text = with(kValid, "levers.toml", "baseline.toml");
  fails(text, "scenario", "lever[0].scenario", "has no intervention of kind \"transport_aid\"");
}

TEST_CASE("allocation errors: an unknown QPV code", "[analysis][allocation]") {
  fails(kValid + "[[qpv]]\ncode = 'T009'\nmax_eur_per_year = 1000\n", "T009", "qpv[0].code",
        "unknown value \"T009\"");
}

TEST_CASE("allocation errors: a frontier of one outcome, four, or one point",
          "[analysis][allocation]") {
  fails(kValid + "[pareto]\noutcomes = ['screenings']\n", "outcomes", "pareto.outcomes",
        "expected 2 or 3 outcomes, got 1");
  fails(kValid +
            "[pareto]\noutcomes = ['screenings', 'creche_child_years', "
            "'employment_person_years', 'employment_person_years_women']\n",
        "outcomes", "pareto.outcomes", "got 4");
  fails(kValid + "[pareto]\noutcomes = ['screenings', 'creche_child_years']\npoints = 1\n",
        "points", "pareto.points", "at least 2 points");
  fails(kValid + "[pareto]\noutcomes = ['screenings', 'screening']\n", "outcomes",
        "pareto.outcomes", "did you mean 'screenings'");
}

TEST_CASE("allocation errors: a mix of aid types by unknown id or not adding up to 1",
          "[analysis][allocation]") {
  fails(with(kValid, "kind = 'transport_aid'", "kind = 'transport_aid'\nmix = { pas = 1.0 }"),
        "pas =", "lever[0].mix.pas", "did you mean 'pass'");
  fails(with(kValid, "kind = 'transport_aid'", "kind = 'transport_aid'\nmix = { pass = 0.9 }"),
        "mix", "lever[0].mix", "add up to 0.9");
}

TEST_CASE("allocation errors: an envelope that buys more crèche places than a study may",
          "[analysis][allocation]") {
  // 17,000 € a place-year: 1.5 x 10 billion € would buy 882,353 places, opened one by one.
  fails(with(kValid, "= 30000", "= 1e10"), "envelope_eur_per_year",
        "allocation.envelope_eur_per_year", "creche_places: a unit of its template costs 17000 €");
}
