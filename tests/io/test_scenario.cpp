// load_scenario: the tiny and embedded scenarios load, `base` inheritance merges as documented,
// and every kind of bad input raises qpv::InputError naming the file, line and key, with a
// message that says what was expected.
//
// Expected line numbers come from line_of() on the text the test wrote, never from the loader.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/parameters.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using qpv::InputError;
using qpv::io::load_scenario;

struct TempDir : qpv::test::TempDir {
  TempDir() : qpv::test::TempDir("qpvsim-test-scenario") {}
};

namespace {

const std::string kSource = QPVSIM_SOURCE_DIR;
const std::string kTiny = kSource + "/tests/data/tiny";

/// 1-based line of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

/// 1-based column of the first occurrence of `needle` in its line.
int column_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  const auto line_start = text.rfind('\n', pos);
  return static_cast<int>(pos - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
}

/// What a test expects of an InputError.
struct Expected {
  std::string file;  ///< file name (no folder) that origin().file must end with
  int line;          ///< 0 when the problem has no line (e.g. a missing key)
  std::string key;
  std::vector<std::string> says;  ///< fragments the problem text must contain
};

/// Runs `f`, which must throw qpv::InputError, and checks where and what it reports.
/// Returns the error for further checks (nullopt, after a test failure, if none was thrown).
template <class F>
std::optional<InputError> expect_input_error(F&& f, const Expected& want) {
  try {
    f();
  } catch (const InputError& e) {
    INFO("message: " << e.what());
    CHECK(fs::path(e.origin().file).filename().string() == want.file);
    CHECK(e.origin().line == want.line);
    CHECK(e.key() == want.key);
    for (const auto& fragment : want.says) CHECK_THAT(e.problem(), Contains(fragment));
    // The CLI prints what(): it must lead with "file:line: " so editors can jump there.
    if (want.line > 0) {
      CHECK_THAT(std::string(e.what()),
                 Contains(want.file + ":" + std::to_string(want.line) + ": "));
    }
    return e;
  }
  FAIL("no qpv::InputError thrown");
  return std::nullopt;
}

/// The top of every hand-written scenario: a [scenario] table pointing at the tiny territory
/// by absolute path, so the scenario can live in any temp folder.
std::string header() {
  const std::string territory = "territory = '" + kTiny + "/territory'\n";
  return "# written by test_scenario.cpp\n[scenario]\n" + territory + "\n";
}
/// A run horizon for the intervention cases, so "outside the horizon" is well defined.
const std::string kRun =
    "[run]\n"
    "start = 2024-01-01\n"
    "end = 2026-12-31\n"
    "\n";

template <class T>
const T& detail_of(const qpv::model::Intervention& i) {
  REQUIRE(std::holds_alternative<T>(i.detail));
  return std::get<T>(i.detail);
}

}  // namespace

// ------------------------------------------------------------------------------------------
// Good input
// ------------------------------------------------------------------------------------------

TEST_CASE("load_scenario: the tiny baseline loads", "[io][scenario]") {
  const auto s = load_scenario(kTiny + "/baseline.toml");
  CHECK(s.name == "Tiny test baseline");
  CHECK(fs::path(s.territory_dir).lexically_normal() ==
        fs::path(kTiny + "/territory").lexically_normal());
  REQUIRE(s.territory.qpvs.size() == 2);
  CHECK(s.territory.qpvs[0].code == "T001");
  CHECK(s.territory.qpvs[1].code == "T002");
  CHECK(s.run.start.to_string() == "2024-01-01");
  CHECK(s.run.end.to_string() == "2026-12-31");
  CHECK(s.run.replicates == 4);
  CHECK(s.run.seed == 7);
  CHECK(s.threads == 1);
  CHECK(s.run.warmup_months == 6);
  CHECK(s.overrides.empty());
  CHECK(s.interventions.empty());
  // Untouched parameters keep the registry defaults.
  CHECK(s.parameters[qpv::model::Param::offer_rate] ==
        qpv::model::spec(qpv::model::Param::offer_rate).default_value);
  REQUIRE(s.sources.size() == 1);
  CHECK(s.sources[0].first == kTiny + "/baseline.toml");
}

TEST_CASE("load_scenario: the tiny variant inherits from the baseline", "[io][scenario]") {
  using qpv::model::CrechePlaces;
  const auto s = load_scenario(kTiny + "/variant.toml");
  CHECK(s.name == "Tiny variant");
  CHECK(s.run.replicates == 3);  // overridden
  CHECK(s.run.seed == 7);        // inherited
  CHECK(s.threads == 1);
  CHECK(s.run.warmup_months == 6);
  CHECK(s.run.start.to_string() == "2024-01-01");
  CHECK(s.run.end.to_string() == "2026-12-31");
  // The base's relative territory is resolved against the base file, not the variant.
  REQUIRE(s.territory.qpvs.size() == 2);

  REQUIRE(s.overrides.size() == 1);
  CHECK(s.overrides[0].first == "offer_rate");
  CHECK(s.overrides[0].second == Approx(0.2));
  CHECK(s.parameters[qpv::model::Param::offer_rate] == Approx(0.2));

  REQUIRE(s.interventions.size() == 1);
  const auto& i = s.interventions[0];
  CHECK(i.id == "creche");
  CHECK(qpv::model::kind_name(i) == "creche_places");
  const auto& c = detail_of<CrechePlaces>(i);
  REQUIRE(c.increase.has_value());
  CHECK(*c.increase == Approx(0.05));
  CHECK_FALSE(c.places.has_value());
  CHECK(c.reached_by.to_string() == "2025-09-01");
  CHECK(c.start.to_string() == "2024-01-01");  // no start: defaults to the run's
  CHECK(c.qpv == std::vector<std::string>{"T001"});
  CHECK(c.cost_per_place_year == qpv::Cents::from_euros(17000));

  // Provenance: the variant first, then its base.
  REQUIRE(s.sources.size() == 2);
  CHECK(fs::path(s.sources[0].first).filename() == "variant.toml");
  CHECK(fs::path(s.sources[1].first).filename() == "baseline.toml");
}

TEST_CASE("load_scenario: the embedded Valenciennes baseline loads", "[io][scenario]") {
  const auto s = load_scenario("embedded:valenciennes/baseline.toml");
  CHECK(s.territory.qpvs.size() == 15);
  std::int64_t residents = 0;
  for (const auto& q : s.territory.qpvs) residents += q.population;
  CHECK(residents == 44'700);
  CHECK(s.run.start.to_string() == "2024-01-01");
  CHECK(s.run.end.to_string() == "2030-12-31");
}

TEST_CASE("load_scenario: a variant's intervention replaces the base's one with its id",
          "[io][scenario]") {
  using qpv::model::CrechePlaces;
  using qpv::model::ScreeningTruck;
  using qpv::model::TransportAid;
  const TempDir dir;
  dir.write("base.toml", header() + kRun +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "id = \"creche\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2025-09-01\n"
                             "\n"
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "id = \"bus\"\n"
                             "aid = \"transit_pass\"\n"
                             "places = 40\n");
  const std::string variant = dir.write("variant.toml",
                                        "base = \"base.toml\"\n"
                                        "\n"
                                        "[[intervention]]\n"
                                        "kind = \"creche_places\"\n"
                                        "id = \"creche\"\n"
                                        "places = 12\n"
                                        "reached_by = 2026-01-01\n"
                                        "\n"
                                        "[[intervention]]\n"
                                        "kind = \"screening_truck\"\n"
                                        "id = \"truck\"\n"
                                        "passages_per_year = 6\n");
  const auto s = load_scenario(variant);
  REQUIRE(s.interventions.size() == 3);
  // Replaced in place, so the base's order is kept; the new one comes last.
  CHECK(s.interventions[0].id == "creche");
  const auto& c = detail_of<CrechePlaces>(s.interventions[0]);
  CHECK_FALSE(c.increase.has_value());  // the whole intervention is replaced, not merged
  REQUIRE(c.places.has_value());
  CHECK(*c.places == 12);
  CHECK(c.reached_by.to_string() == "2026-01-01");
  CHECK(s.interventions[1].id == "bus");
  const auto& a = detail_of<TransportAid>(s.interventions[1]);
  CHECK(a.places == std::optional<std::int64_t>(40));
  CHECK(a.start.to_string() == "2024-01-01");  // open-ended: the run's horizon
  CHECK(a.end.to_string() == "2026-12-31");
  CHECK(s.interventions[2].id == "truck");
  CHECK(detail_of<ScreeningTruck>(s.interventions[2]).passages_per_year ==
        std::optional<std::int64_t>(6));
}

// ------------------------------------------------------------------------------------------
// Bad input: each SECTION writes one small file and checks the error it raises.
// ------------------------------------------------------------------------------------------

TEST_CASE("load_scenario errors: [run] and the top level", "[io][scenario]") {
  const TempDir dir;
  SECTION("unknown key in [run], with a suggestion") {
    const std::string text = header() + "[run]\nseed = 3\nreplicate = 5\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "replicate = 5"),
                        "run.replicate",
                        {"unknown key", "did you mean 'replicates'", "expected one of:"}});
  }
  SECTION("unknown top-level table, with a suggestion") {
    const std::string text = header() + "[runs]\nseed = 3\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml", line_of(text, "[runs]"), "runs", {"unknown key", "did you mean 'run'"}});
  }
  SECTION("replicates given as a string") {
    const std::string text = header() + "[run]\nreplicates = \"ten\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "replicates ="),
                        "run.replicates",
                        {"expected a whole number", "got a string"}});
  }
  SECTION("seed given as a decimal number") {
    const std::string text = header() + "[run]\nseed = 1.5\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml", line_of(text, "seed ="), "run.seed", {"expected a whole number"}});
  }
  SECTION("replicates out of range") {
    const std::string text = header() + "[run]\nreplicates = 0\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "replicates ="),
                        "run.replicates",
                        {"expected a whole number in [1, ", "got 0"}});
  }
  SECTION("end before start") {
    const std::string text = header() + "[run]\nstart = 2025-01-01\nend = 2024-12-31\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "end ="),
                        "run.end",
                        {"end 2024-12-31 is before start 2025-01-01"}});
  }
  SECTION("an impossible date") {
    const std::string text = header() + "[run]\nstart = \"2023-02-29\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", line_of(text, "start ="), "run.start", {"2023"}});
  }
  SECTION("missing territory key") {
    // A missing key has no line to point at: the loader reports line 0 (see error.hpp).
    const std::string text = "# no [scenario] table\n[run]\nseed = 3\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", 0, "scenario.territory", {"missing key", "territory ="}});
  }
}

TEST_CASE("load_scenario errors: [parameters]", "[io][scenario]") {
  const TempDir dir;
  SECTION("unknown parameter, with a suggestion") {
    const std::string text = header() + "[parameters]\noffer_rat = 0.1\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "offer_rat ="),
                        "parameters.offer_rat",
                        {"unknown parameter", "did you mean 'offer_rate'"}});
  }
  SECTION("parameter outside its registry range") {
    const std::string text = header() + "[parameters]\noffer_rate = -0.1\n";
    const auto& spec = qpv::model::spec(qpv::model::Param::offer_rate);
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml",
         line_of(text, "offer_rate ="),
         "parameters.offer_rate",
         {"expected a number (" + std::string(spec.unit) + ") in [0, ", "got -0.1"}});
  }
  SECTION("parameter of the wrong type") {
    const std::string text = header() + "[parameters]\noffer_rate = \"high\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "offer_rate ="),
                        "parameters.offer_rate",
                        {"expected a number", "got a string"}});
  }
}

TEST_CASE("load_scenario errors: malformed TOML", "[io][scenario]") {
  const TempDir dir;
  SECTION("unclosed table header") {
    const std::string text = header() + "[run\nseed = 3\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", line_of(text, "[run"), "", {"malformed TOML"}});
  }
  SECTION("key without a value") {
    const std::string text = header() + "[run]\nseed = 3\nx = \n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", line_of(text, "x = "), "", {"malformed TOML"}});
  }
  SECTION("malformed base file: the error names the base") {
    dir.write("base.toml", "# a broken base\n\nseed = = 3\n");
    const std::string top = dir.write("top.toml", "base = \"base.toml\"\n");
    expect_input_error([&] { load_scenario(top); }, {"base.toml", 3, "", {"malformed TOML"}});
  }
}

TEST_CASE("load_scenario errors: base inheritance", "[io][scenario]") {
  const TempDir dir;
  SECTION("base file that does not exist") {
    const std::string text = "# a variant of a missing file\nbase = \"missing.toml\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "base ="),
                        "base",
                        {"cannot read the base scenario", "missing.toml"}});
  }
  SECTION("base that is not a string") {
    const std::string text = "base = 3\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", 1, "base", {"expected the path of the base scenario"}});
  }
}

namespace {

/// Loads `top` expecting a cycle error reported in `closing` (the file whose `base` closes the
/// cycle), without checking the line (see the [!mayfail] case below).
void check_cycle(const std::string& top, const std::string& closing) {
  try {
    load_scenario(top);
    FAIL("no qpv::InputError thrown");
  } catch (const InputError& e) {
    INFO("message: " << e.what());
    CHECK(fs::path(e.origin().file).filename() == closing);
    CHECK(e.key() == "base");
    CHECK_THAT(e.problem(), Contains("inheritance cycle"));
    CHECK_THAT(e.problem(), Contains("a.toml"));
  }
}

}  // namespace

TEST_CASE("load_scenario errors: base cycles", "[io][scenario]") {
  const TempDir dir;
  SECTION("a -> b -> a") {
    const std::string a = dir.write("a.toml", "base = \"b.toml\"\n");
    dir.write("b.toml", "# b\nbase = \"a.toml\"\n");
    check_cycle(a, "b.toml");
  }
  SECTION("a scenario that is its own base") {
    const std::string a = dir.write("a.toml", "# a\nbase = \"a.toml\"\n");
    check_cycle(a, "a.toml");
  }
}

// The cycle error points at the `base` key that closes the cycle.
TEST_CASE("load_scenario errors: a base cycle names the line of `base`", "[io][scenario]") {
  const TempDir dir;
  SECTION("a -> b -> a") {
    const std::string a = dir.write("a.toml", "base = \"b.toml\"\n");
    dir.write("b.toml", "# b\nbase = \"a.toml\"\n");
    expect_input_error([&] { load_scenario(a); }, {"b.toml", 2, "base", {"inheritance cycle"}});
  }
  SECTION("a scenario that is its own base") {
    const std::string a = dir.write("a.toml", "# a\nbase = \"a.toml\"\n");
    expect_input_error([&] { load_scenario(a); }, {"a.toml", 2, "base", {"inheritance cycle"}});
  }
}

TEST_CASE("load_scenario errors: interventions", "[io][scenario]") {
  const TempDir dir;
  const std::string top = header() + kRun;
  SECTION("unknown kind, with a suggestion") {
    const std::string text = top + "[[intervention]]\nkind = \"creche_place\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "kind ="),
                        "intervention[0].kind",
                        {"unknown value \"creche_place\"", "did you mean 'creche_places'",
                         "transport_aid, creche_places, screening_truck"}});
  }
  SECTION("missing kind") {
    const std::string text = top + "[[intervention]]\nid = \"x\"\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml", line_of(text, "[[intervention]]"), "intervention[0].kind", {"missing key"}});
  }
  SECTION("unknown key inside an intervention") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2025-09-01\n"
                             "colour = \"red\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "colour ="),
                        "intervention[0].colour",
                        {"unknown key", "expected one of:", "avip_share"}});
  }
  SECTION("the index names the intervention in its file") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"screening_truck\"\n"
                             "passages_per_year = 4\n"
                             "\n"
                             "[[intervention]]\n"
                             "kind = \"screening_truck\"\n"
                             "passages_per_year = 4\n"
                             "reach = 1.01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "reach ="),
                        "intervention[1].reach",
                        {"expected a share in [0, 1]", "got 1.01"}});
  }
  SECTION("avip_share above 1") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2025-09-01\n"
                             "avip_share = 1.5\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "avip_share ="),
                        "intervention[0].avip_share",
                        {"expected a share in [0, 1]", "got 1.5"}});
  }
  SECTION("take_up above 1") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"transit_pass\"\n"
                             "places = 10\n"
                             "take_up = 2\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "take_up ="),
                        "intervention[0].take_up",
                        {"expected a share in [0, 1]", "got 2"}});
  }
  SECTION("negative places in transport_aid") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"transit_pass\"\n"
                             "places = -3\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "places ="),
                        "intervention[0].places",
                        {"expected a whole number in [0, ", "got -3"}});
  }
  SECTION("transport_aid with neither places nor budget") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"driving_licence\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "[[intervention]]"),
                        "intervention[0].places",
                        {"missing key", "budget_eur_per_year"}});
  }
  SECTION("date after the end of the run") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2027-09-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "reached_by ="),
                        "intervention[0].reached_by",
                        {"date 2027-09-01 is outside the run horizon 2024-01-01 to 2026-12-31"}});
  }
  SECTION("date before the start of the run") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"transit_pass\"\n"
                             "places = 3\n"
                             "start = 2023-06-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "start = 2023"),
                        "intervention[0].start",
                        {"date 2023-06-01 is outside the run horizon"}});
  }
  SECTION("a truck date outside the run, in the dates array") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"screening_truck\"\n"
                             "dates = [2024-03-01,\n"
                             "         2031-03-01]\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "2031-03-01"),
                        "intervention[0].dates",
                        {"date 2031-03-01 is outside the run horizon"}});
  }
  SECTION("crèche places reached before they start") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "places = 5\n"
                             "start = 2025-01-01\n"
                             "reached_by = 2024-09-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "reached_by ="),
                        "intervention[0].reached_by",
                        {"is before start 2025-01-01"}});
  }
  SECTION("unknown aid type") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"bus_pass\"\n"
                             "places = 3\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml",
         line_of(text, "aid ="),
         "intervention[0].aid",
         {"unknown value \"bus_pass\"", "transit_pass, driving_licence, car_rental"}});
  }
  SECTION("misspelt aid type, with a suggestion") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"transit_pas\"\n"
                             "places = 3\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "aid ="),
                        "intervention[0].aid",
                        {"did you mean 'transit_pass'"}});
  }
  SECTION("unknown eligibility, with a suggestion") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"transport_aid\"\n"
                             "aid = \"transit_pass\"\n"
                             "places = 3\n"
                             "eligibility = [\"youth\", \"job_seeker\"]\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "eligibility ="),
                        "intervention[0].eligibility",
                        {"unknown eligibility \"job_seeker\"", "did you mean 'job_seekers'"}});
  }
  SECTION("mammography_from before the run start") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"screening_truck\"\n"
                             "passages_per_year = 4\n"
                             "mode = \"mammography\"\n"
                             "mammography_from = 2023-01-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "mammography_from ="),
                        "intervention[0].mammography_from",
                        {"before the run start 2024-01-01"}});
  }
  SECTION("mammography mode without mammography_from") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"screening_truck\"\n"
                             "passages_per_year = 4\n"
                             "mode = \"mammography\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "[[intervention]]"),
                        "intervention[0].mammography_from",
                        {"missing key"}});
  }
  SECTION("unknown QPV code, with a suggestion") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2025-09-01\n"
                             "qpv = [\"T001\", \"T009\"]\n";
    const auto e = expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml",
         line_of(text, "qpv ="),
         "intervention[0].qpv",
         // T009 is one edit from both codes; closest_match keeps the first, T001.
         {"unknown QPV code \"T009\"", "did you mean 'T001'", "qpv.csv"}});
    // The column points at the bad element, not at the start of the array.
    if (e) CHECK(e->origin().column == column_of(text, "\"T009\""));
  }
  SECTION("creche_places with neither increase nor places") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "reached_by = 2025-09-01\n";
    // Neither key exists, so the error points at the [[intervention]] header.
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "[[intervention]]"),
                        "intervention[0].increase",
                        {"give exactly one of increase (relative) or places (absolute)"}});
  }
  SECTION("creche_places with both increase and places") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "reached_by = 2025-09-01\n"
                             "increase = 0.05\n"
                             "places = 4\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "increase ="),
                        "intervention[0].increase",
                        {"give exactly one of increase"}});
  }
  SECTION("screening_truck with both passages_per_year and dates") {
    const std::string text = top +
                             "[[intervention]]\n"
                             "kind = \"screening_truck\"\n"
                             "passages_per_year = 4\n"
                             "dates = [2024-03-01, 2024-09-01]\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "passages_per_year ="),
                        "intervention[0].passages_per_year",
                        {"give exactly one of passages_per_year or dates"}});
  }
  SECTION("an error in a base's intervention names the base file") {
    const std::string base = top +
                             "[[intervention]]\n"
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2025-09-01\n"
                             "qpv = \"T003\"\n";
    dir.write("base.toml", base);
    const std::string variant =
        dir.write("variant.toml", "base = \"base.toml\"\n[run]\nseed = 2\n");
    expect_input_error([&] { load_scenario(variant); }, {"base.toml",
                                                         line_of(base, "qpv ="),
                                                         "intervention[0].qpv",
                                                         {"unknown QPV code \"T003\""}});
  }
}

// Errors found after all layers are read (dates outside the horizon, mammography_from before
// the start, unknown QPV codes) name the full key, as every other intervention error does.
TEST_CASE("load_scenario errors: deferred intervention checks name the full key",
          "[io][scenario]") {
  const TempDir dir;
  const std::string top = header() + kRun +
                          "[[intervention]]\n"
                          "kind = \"screening_truck\"\n"
                          "passages_per_year = 4\n"
                          "\n"
                          "[[intervention]]\n";
  SECTION("date outside the horizon") {
    const std::string text = top +
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2027-09-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "reached_by ="),
                        "intervention[1].reached_by",
                        {"outside the run horizon"}});
  }
  SECTION("mammography_from before the start") {
    const std::string text = top +
                             "kind = \"screening_truck\"\n"
                             "passages_per_year = 4\n"
                             "mode = \"mammography\"\n"
                             "mammography_from = 2023-01-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "mammography_from ="),
                        "intervention[1].mammography_from",
                        {"before the run start"}});
  }
  SECTION("unknown QPV code") {
    const std::string text = top +
                             "kind = \"creche_places\"\n"
                             "increase = 0.05\n"
                             "reached_by = 2025-09-01\n"
                             "qpv = [\"T009\"]\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml", line_of(text, "qpv ="), "intervention[1].qpv", {"unknown QPV code"}});
  }
}

TEST_CASE("load_scenario errors: points a user at the line they must change", "[io][scenario]") {
  const TempDir dir;
  SECTION("a variant's start after its base's end blames the variant's start") {
    dir.write("base.toml", header() + kRun);
    const std::string variant = "base = \"base.toml\"\n[run]\nstart = 2030-01-01\n";
    expect_input_error([&] { load_scenario(dir.write("variant.toml", variant)); },
                       {"variant.toml", 3, "run.start", {"is before start"}});
  }
  SECTION("a territory folder that does not exist names the territory key") {
    const std::string text = "[scenario]\nname = \"x\"\nterritory = \"nowhere\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", 3, "scenario.territory", {"qpv.csv"}});
  }
  SECTION("two interventions with the same id in one file") {
    const std::string text =
        header() + kRun +
        "[[intervention]]\nkind = \"creche_places\"\nid = \"c\"\nincrease = 0.05\n"
        "reached_by = 2025-09-01\n\n"
        "[[intervention]]\nkind = \"creche_places\"\nid = \"c\"\nplaces = 3\n"
        "reached_by = 2025-09-01\n";
    const int second = line_of(text, "places = 3") - 3;  // the [[intervention]] header line
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", second, "intervention[1].id", {"used twice"}});
  }
  SECTION("mammography after the end of the run") {
    const std::string text = header() + kRun +
                             "[[intervention]]\nkind = \"screening_truck\"\npassages_per_year = 4\n"
                             "mode = \"mammography\"\nmammography_from = 2029-01-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "mammography_from"),
                        "intervention[0].mammography_from",
                        {"outside the run horizon"}});
  }
}

TEST_CASE("load_scenario errors: marginals that cannot be synthesised together", "[io][scenario]") {
  const TempDir dir;
  fs::create_directories(dir.path / "territory");
  fs::copy(kTiny + "/territory", dir.path / "territory", fs::copy_options::recursive);
  // Every resident 15-64 a student or a retiree: impossible for the 30-54 age bands.
  std::string csv = dir.read("territory/marginals.csv");
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"*,activity,employed,0.400", "*,activity,employed,0.000"},
           {"*,activity,job_seeker,0.150", "*,activity,job_seeker,0.000"},
           {"*,activity,inactive,0.280", "*,activity,inactive,0.000"},
           {"*,activity,student,0.130", "*,activity,student,0.500"},
           {"*,activity,retired,0.040", "*,activity,retired,0.500"}}) {
    REQUIRE(csv.find(from) != std::string::npos);
    csv.replace(csv.find(from), from.size(), to);
  }
  dir.write("territory/marginals.csv", csv);
  const std::string text = "[scenario]\nterritory = 'territory'\n";
  expect_input_error([&] { load_scenario(dir.write("s.toml", text)); },
                     {"marginals.csv", 0, "", {"QPV T001", "cannot be synthesised"}});
}

TEST_CASE("load_scenario errors: fixed-term renewal and conversion above 1 together",
          "[io][scenario]") {
  const TempDir dir;
  const std::string text =
      header() + "[parameters]\nfixed_term_renewal = 0.95\nfixed_term_to_permanent = 0.5\n";
  expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                     {"bad.toml",
                      line_of(text, "fixed_term_to_permanent"),
                      "parameters.fixed_term_to_permanent",
                      {"must not exceed 1"}});
}

// ------------------------------------------------------------------------------------------
// What `run` would refuse, or could not survive, `validate` refuses: load_scenario is what both
// call first.
// ------------------------------------------------------------------------------------------

TEST_CASE("load_scenario errors: dates of years before 1900 or after 2200", "[io][scenario]") {
  const TempDir dir;
  SECTION("a start in year 1, which only failed once running") {
    const std::string text = header() + "[run]\nstart = 0001-01-01\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "start ="),
                        "run.start",
                        {"expected a date of the years 1900 to 2200", "got 0001-01-01"}});
  }
  SECTION("an end after 2200, given as a string") {
    const std::string text = header() + "[run]\nend = \"2201-01-01\"\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml", line_of(text, "end ="), "run.end", {"1900 to 2200", "got 2201-01-01"}});
  }
  SECTION("a date in an intervention's schedule") {
    const std::string text = header() + kRun +
                             "[[intervention]]\nkind = \"screening_truck\"\n"
                             "dates = [2024-03-01, 1899-12-31]\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "dates ="),
                        "intervention[0].dates",
                        {"1900 to 2200", "got 1899-12-31"}});
  }
}

TEST_CASE("load_scenario errors: a base or posterior that is not a regular file",
          "[io][scenario]") {
  const TempDir dir;
  SECTION("base = /dev/zero, which was read until memory ran out") {
    const std::string text = "# a variant of a device\nbase = \"/dev/zero\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "base ="),
                        "base",
                        {"cannot read the base scenario /dev/zero", "not a regular file"}});
  }
  SECTION("a base that is a folder") {
    fs::create_directories(dir.path / "folder.toml");
    const std::string text = "base = \"folder.toml\"\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml", 1, "base", {"is a directory"}});
  }
  SECTION("a posterior CSV that is /dev/zero by a symbolic link") {
    fs::create_symlink("/dev/zero", dir.path / "zero.csv");
    const std::string text = header() + "[run]\nposterior = \"zero.csv\"\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml", line_of(text, "posterior ="), "run.posterior", {"not a regular file"}});
  }
}

TEST_CASE("load_scenario errors: costs and budgets beyond their maximum", "[io][scenario]") {
  const TempDir dir;
  const std::string top = header() + kRun + "[[intervention]]\nkind = \"creche_places\"\n";
  SECTION("100,000 places at 1e12 euros each, whose spending wrapped to negative") {
    const std::string text = top +
                             "places = 100000\nreached_by = 2025-01-01\n"
                             "cost_per_place_year_eur = 1e12\n";
    expect_input_error(
        [&] { load_scenario(dir.write("bad.toml", text)); },
        {"bad.toml",
         line_of(text, "cost_per_place_year_eur"),
         "intervention[0].cost_per_place_year_eur",
         {"expected an amount in euros per unit in [0, 1000000]", "got 1000000000000"}});
  }
  SECTION("a yearly budget above ten billion euros") {
    const std::string text = top +
                             "places = 10\nreached_by = 2025-01-01\n"
                             "budget_eur_per_year = 2e10\n";
    expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                       {"bad.toml",
                        line_of(text, "budget_eur_per_year"),
                        "intervention[0].budget_eur_per_year",
                        {"expected an amount in euros a year in [0, 10000000000]"}});
  }
}

TEST_CASE("load_scenario errors: results that cannot fit in memory", "[io][scenario]") {
  // `run` refused it before simulating; `validate` said it was valid.
  const TempDir dir;
  const std::string text = header() + "[run]\nreplicates = 1000000\n";
  expect_input_error([&] { load_scenario(dir.write("bad.toml", text)); },
                     {"bad.toml",
                      line_of(text, "replicates ="),
                      "run.replicates",
                      {"1000000 replicates would need", "GiB of memory", "(limit 8 GiB)"}});
}
