// load_territory: the tiny territory loads with its marginals, per-QPV overrides replace one
// variable of one QPV, and each documented problem (scenarios/territories/README.md,
// "Validation") raises qpv::InputError naming the file, line and column.
//
// Every case edits a fresh copy of tests/data/tiny/territory; expected line numbers come from
// line_of() on the edited text, never from the loader.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/io/territory_io.hpp"
#include "sim/model/territory.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using qpv::InputError;
using qpv::io::load_territory;

namespace {

const fs::path kTinyTerritory = fs::path(QPVSIM_SOURCE_DIR) / "tests/data/tiny/territory";

/// A copy of the tiny territory in a fresh temp directory, removed afterwards.
struct TerritoryCopy {
  qpv::test::TempDir root{"qpvsim-test-territory"};
  const fs::path dir = root / "territory";
  TerritoryCopy() {
    fs::create_directories(dir);
    fs::copy(kTinyTerritory, dir, fs::copy_options::recursive);
  }

  std::string read(const std::string& file) const {
    std::ifstream in(dir / file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void write(const std::string& file, const std::string& text) const {
    std::ofstream out(dir / file, std::ios::binary);
    out << text;
    REQUIRE(out.good());
  }
  /// Replaces every occurrence of `from` (which must occur) by `to`; returns the new text.
  std::string replace(const std::string& file, const std::string& from,
                      const std::string& to) const {
    std::string text = read(file);
    REQUIRE(text.find(from) != std::string::npos);
    for (auto pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
    write(file, text);
    return text;
  }
  /// Appends one line; returns the new text.
  std::string append(const std::string& file, const std::string& line) const {
    const std::string text = read(file) + line + "\n";
    write(file, text);
    return text;
  }
  /// Deletes every line starting with `prefix` (at least one must); returns the new text.
  std::string delete_lines(const std::string& file, const std::string& prefix) const {
    std::istringstream in(read(file));
    std::string text;
    int deleted = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(prefix, 0) == 0) {
        ++deleted;
        continue;
      }
      text += line + "\n";
    }
    REQUIRE(deleted > 0);
    write(file, text);
    return text;
  }
  qpv::model::Territory load() const { return load_territory(dir.string()); }
};

/// 1-based line of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

struct Expected {
  std::string file;               ///< qpv.csv or marginals.csv
  int line;                       ///< 0 when the problem has no single line
  std::string column;             ///< the key(): a CSV column, or "" for a malformed line
  std::vector<std::string> says;  ///< fragments the problem text must contain
};

/// Loads `t`, which must throw qpv::InputError, and checks where and what it reports.
void expect_input_error(const TerritoryCopy& t, const Expected& want) {
  try {
    (void)t.load();
  } catch (const InputError& e) {
    INFO("message: " << e.what());
    CHECK(fs::path(e.origin().file).filename().string() == want.file);
    CHECK(e.origin().line == want.line);
    CHECK(e.key() == want.column);
    for (const auto& fragment : want.says) CHECK_THAT(e.problem(), Contains(fragment));
    if (want.line > 0) {
      CHECK_THAT(std::string(e.what()),
                 Contains(want.file + ":" + std::to_string(want.line) + ": "));
    }
    return;
  }
  FAIL("no qpv::InputError thrown");
}

}  // namespace

TEST_CASE("load_territory: the tiny territory loads", "[io][territory]") {
  const auto t = load_territory(kTinyTerritory.string());
  CHECK(t.name == "territory");
  REQUIRE(t.qpvs.size() == 2);
  const auto& nord = t.qpvs[0];
  const auto& sud = t.qpvs[1];
  CHECK(nord.code == "T001");
  CHECK(nord.name == "Test Nord");
  CHECK(nord.communes == std::vector<std::string>{"Testville"});
  CHECK(nord.population == 300);
  CHECK(nord.population_source == "test");
  CHECK(nord.transit_access == Approx(0.7));
  CHECK(nord.creche_places == 3);
  CHECK(sud.code == "T002");
  CHECK(sud.communes == std::vector<std::string>{"Testville", "Autreville"});  // split on ';'
  CHECK(sud.population == 250);
  CHECK(sud.transit_access == Approx(0.5));
  CHECK(sud.creche_places == 2);
  CHECK(t.index_of("T002") == 1);
  CHECK(t.index_of("T003") == -1);

  // Without overrides both QPVs get the defaults (qpv = *).
  for (const auto& q : t.qpvs) {
    const auto& m = q.marginals;
    CHECK(m.age[0] == Approx(0.050));
    CHECK(m.age[12] == Approx(0.056));
    CHECK(m.household_type[3] == Approx(0.190));  // single_parent
    CHECK(m.diploma[0] == Approx(0.443));         // none
    CHECK(m.activity[0] == Approx(0.400));        // employed
    CHECK(m.activity[4] == Approx(0.040));        // retired, listed before inactive in the file
    CHECK(m.car == Approx(0.642));
    CHECK(m.licence == Approx(0.580));
    CHECK(m.health_15_64 == Approx(0.170));
    CHECK(m.health_65_plus == Approx(0.450));
    CHECK(m.fixed_term == Approx(0.300));
    CHECK(m.single_parent_female == Approx(0.820));
    CHECK(m.informal_care == Approx(0.300));
    CHECK(m.transit_unaffordable == Approx(0.150));
    double age_sum = 0;
    for (double a : m.age) age_sum += a;
    CHECK(age_sum == Approx(1.0));
  }
}

TEST_CASE("load_territory: a per-QPV override changes only that QPV", "[io][territory]") {
  const TerritoryCopy t;
  SECTION("a share") {
    t.append("marginals.csv", "T002,car,with_car,0.500,test override");
    const auto got = t.load();
    CHECK(got.qpvs[1].marginals.car == Approx(0.5));
    CHECK(got.qpvs[0].marginals.car == Approx(0.642));
    CHECK(got.qpvs[1].marginals.licence == Approx(0.580));  // other variables keep defaults
  }
  SECTION("a distribution, with categories in any order") {
    t.append("marginals.csv", "T001,diploma,higher,0.1,test");
    t.append("marginals.csv", "T001,diploma,bac,0.2,test");
    t.append("marginals.csv", "T001,diploma,none,0.3,test");
    t.append("marginals.csv", "T001,diploma,cap_bep,0.4,test");
    const auto got = t.load();
    const auto& d1 = got.qpvs[0].marginals.diploma;
    CHECK(d1[0] == Approx(0.3));
    CHECK(d1[1] == Approx(0.4));
    CHECK(d1[2] == Approx(0.2));
    CHECK(d1[3] == Approx(0.1));
    CHECK(got.qpvs[1].marginals.diploma[0] == Approx(0.443));
    CHECK(got.qpvs[0].marginals.age[0] == Approx(0.050));
  }
  SECTION("the override may come before the defaults") {
    t.replace("marginals.csv", "qpv,variable,category,value,source\n",
              "qpv,variable,category,value,source\nT002,car,with_car,0.25,test\n");
    const auto got = t.load();
    CHECK(got.qpvs[1].marginals.car == Approx(0.25));
    CHECK(got.qpvs[0].marginals.car == Approx(0.642));
  }
}

TEST_CASE("load_territory errors: qpv.csv", "[io][territory]") {
  const TerritoryCopy t;
  SECTION("missing column") {
    // Drop transit_access from the header and from every row.
    t.replace("qpv.csv", "transit_access,transit_access_source", "transit_access_source");
    t.replace("qpv.csv", ",0.7,test,3,", ",test,3,");
    const std::string text = t.replace("qpv.csv", ",0.5,test,2,", ",test,2,");
    expect_input_error(t, {"qpv.csv",
                           line_of(text, "code,name"),
                           "transit_access",
                           {"missing column", "code,name,communes,population"}});
  }
  SECTION("a column dropped from the header only is reported on the header") {
    const std::string text =
        t.replace("qpv.csv", "transit_access,transit_access_source", "transit_access_source");
    expect_input_error(
        t, {"qpv.csv", line_of(text, "code,name"), "transit_access", {"missing column"}});
  }
  SECTION("a row with too many fields") {
    const std::string text = t.replace("qpv.csv", "T001,Test Nord,", "T001,Test Nord,extra,");
    expect_input_error(t,
                       {"qpv.csv", line_of(text, "T001,"), "", {"expected 9 fields", "found 10"}});
  }
  SECTION("unknown column, with a suggestion") {
    t.replace("qpv.csv", "creche_places_source\n", "creche_places_source,transit_acces\n");
    const std::string text = t.replace("qpv.csv", ",test\n", ",test,0.7\n");
    expect_input_error(t, {"qpv.csv",
                           line_of(text, "code,name"),
                           "transit_acces",
                           {"unknown column", "did you mean 'transit_access'"}});
  }
  SECTION("negative population") {
    const std::string text = t.replace("qpv.csv", "Autreville,250,", "Autreville,-5,");
    expect_input_error(
        t, {"qpv.csv", line_of(text, "T002,"), "population", {"expected a count >= 0", "-5"}});
  }
  SECTION("population that is not a number") {
    const std::string text = t.replace("qpv.csv", "Autreville,250,", "Autreville,many,");
    expect_input_error(
        t,
        {"qpv.csv", line_of(text, "T002,"), "population", {"expected a whole number", "\"many\""}});
  }
  SECTION("transit_access above 1 (a percentage instead of a share)") {
    const std::string text = t.replace("qpv.csv", ",0.7,test,", ",70,test,");
    expect_input_error(t, {"qpv.csv",
                           line_of(text, "T001,"),
                           "transit_access",
                           {"expected a share in [0, 1]", "70"}});
  }
  SECTION("duplicated QPV code") {
    const std::string text = t.replace("qpv.csv", "T002,Test Sud", "T001,Test Sud");
    expect_input_error(t,
                       {"qpv.csv", line_of(text, "T001,Test Sud"), "code", {"T001 appears twice"}});
  }
}

TEST_CASE("load_territory errors: marginals.csv", "[io][territory]") {
  const TerritoryCopy t;
  SECTION("unknown QPV code, with a suggestion") {
    const std::string text = t.append("marginals.csv", "T003,car,with_car,0.5,test");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "T003,"),
                           "qpv",
                           {"unknown QPV code \"T003\"", "did you mean 'T001'"}});
  }
  SECTION("unknown variable, with a suggestion") {
    const std::string text = t.replace("marginals.csv", "*,car,with_car", "*,cars,with_car");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "*,cars,"),
                           "variable",
                           {"unknown variable \"cars\"", "did you mean 'car'"}});
  }
  SECTION("unknown category, with a suggestion") {
    const std::string text = t.replace("marginals.csv", "*,diploma,cap_bep", "*,diploma,cap-bep");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "*,diploma,cap-bep"),
                           "category",
                           {"unknown category \"cap-bep\" for diploma", "did you mean 'cap_bep'"}});
  }
  SECTION("share above 1") {
    const std::string text =
        t.replace("marginals.csv", "*,car,with_car,0.642", "*,car,with_car,1.9");
    expect_input_error(
        t,
        {"marginals.csv", line_of(text, "*,car,"), "value", {"expected a share in [0, 1]", "1.9"}});
  }
  SECTION("value that is not a number") {
    const std::string text =
        t.replace("marginals.csv", "*,car,with_car,0.642", "*,car,with_car,lots");
    expect_input_error(
        t, {"marginals.csv", line_of(text, "*,car,"), "value", {"expected a number", "\"lots\""}});
  }
  SECTION("distribution not summing to 1") {
    // 0.050 -> 0.030: the age bands now sum to 0.98, outside the 0.005 tolerance.
    const std::string text = t.replace("marginals.csv", "*,age,0-2,0.050", "*,age,0-2,0.030");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "*,age,0-2"),
                           "value",
                           {"categories of age for * sum to 0.98", "expected 1"}});
  }
  SECTION("duplicated category") {
    const std::string original = t.read("marginals.csv");
    const std::string text = t.append("marginals.csv", "*,age,3-5,0.050,duplicate");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "*,age,3-5,0.050,duplicate"),
                           "category",
                           {"age/3-5 for * is already given on line " +
                            std::to_string(line_of(original, "*,age,3-5"))}});
  }
  SECTION("row with the wrong number of fields") {
    const std::string text = t.append("marginals.csv", "T001,car,with_car,0.5,test,extra");
    expect_input_error(
        t, {"marginals.csv", line_of(text, "T001,car"), "", {"expected 5 fields", "found 6"}});
  }
  SECTION("unclosed quote") {
    const std::string text = t.append("marginals.csv", "T001,car,with_car,0.5,\"test, unfinished");
    expect_input_error(t,
                       {"marginals.csv", line_of(text, "T001,car"), "", {"unclosed double quote"}});
  }
  SECTION("empty source") {
    const std::string text = t.append("marginals.csv", "T001,car,with_car,0.5,");
    expect_input_error(t,
                       {"marginals.csv", line_of(text, "T001,car"), "source", {"needs a source"}});
  }
  SECTION("missing default for a variable") {
    // No single line is at fault, so the loader reports line 0.
    t.delete_lines("marginals.csv", "*,transit_unaffordable,");
    expect_input_error(
        t,
        {"marginals.csv", 0, "variable", {"no default (qpv *) for variable transit_unaffordable"}});
  }
  SECTION("override missing a category of a distribution") {
    const std::string text = t.append("marginals.csv", "T001,diploma,none,1.000,test");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "T001,diploma"),
                           "category",
                           {"category cap_bep of diploma is missing for T001"}});
  }
  SECTION("override missing a category of a two-category share") {
    const std::string text = t.append("marginals.csv", "T002,health_limitation,15-64,0.2,test");
    expect_input_error(t, {"marginals.csv",
                           line_of(text, "T002,health"),
                           "category",
                           {"category 65+ of health_limitation is missing for T002"}});
  }
}

// Every figure of qpv.csv carries a source, as marginals.csv's values do.
TEST_CASE("load_territory errors: qpv.csv empty source", "[io][territory]") {
  const TerritoryCopy t;
  const std::string text = t.replace("qpv.csv", "Testville,300,test,", "Testville,300,,");
  expect_input_error(t, {"qpv.csv", line_of(text, "T001,"), "population_source", {"source"}});
}

TEST_CASE("load_territory: distributions within tolerance are rescaled to sum to 1",
          "[io][territory]") {
  const TerritoryCopy t;
  t.replace("marginals.csv", "*,diploma,none,0.443", "*,diploma,none,0.446");  // sums to 1.003
  const auto territory = qpv::io::load_territory(t.dir.string());
  const auto& d = territory.qpvs[0].marginals.diploma;
  CHECK(d[0] + d[1] + d[2] + d[3] == Approx(1.0).margin(1e-12));
  CHECK(d[0] == Approx(0.446 / 1.003));
}

TEST_CASE("load_territory errors: counts beyond their bounds", "[io][territory]") {
  const TerritoryCopy t;
  SECTION("a population of 1e8, which was synthesised until memory ran out") {
    const std::string text = t.replace("qpv.csv", "Autreville,250,", "Autreville,100000000,");
    expect_input_error(t, {"qpv.csv",
                           line_of(text, "T002,"),
                           "population",
                           {"expected at most 1000000", "got 100000000"}});
  }
  SECTION("more crèche places than residents") {
    const std::string text = t.replace("qpv.csv", ",0.5,test,2,", ",0.5,test,251,");
    expect_input_error(t, {"qpv.csv",
                           line_of(text, "T002,"),
                           "creche_places",
                           {"expected at most 250", "population", "got 251"}});
  }
  SECTION("more QPV rows than a territory may have") {
    std::string text = t.read("qpv.csv");
    for (std::size_t i = 0; i < qpv::model::kMaxQpvs; ++i)
      text += "X" + std::to_string(i) + ",Extra,Testville,300,test,0.7,test,3,test\n";
    t.write("qpv.csv", text);
    expect_input_error(t, {"qpv.csv", line_of(text, "X9998,"), "", {"more than 10000 QPV rows"}});
  }
}
