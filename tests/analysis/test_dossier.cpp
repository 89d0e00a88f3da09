// The validation dossier (analysis/dossier.*, docs/validation.md): it describes the whole model
// in the ODD protocol's structure, lists the test cases of the suite it cites, and refuses a
// table that names a test case that does not exist. The test list comes from Catch2's own
// registry here, as `qpvsim dossier` gets it from `qpvsim_tests --list-test-names-only`.
#include <catch2/catch.hpp>
#include <string>

#include "analysis/dossier.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/parameters.hpp"

using qpv::analysis::TestList;
using qpv::analysis::validation_dossier;
using qpv::analysis::validation_rows;

namespace {

/// This executable's test cases, and those of each tag the dossier uses.
TestList registry_test_list() {
  TestList list;
  for (const std::string& tag : qpv::analysis::dossier_tags()) list.by_tag[tag];
  for (const auto& t : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    const Catch::TestCaseInfo& info = t.getTestCaseInfo();
    list.names.push_back(info.name);
    for (const std::string& tag : info.tags) {
      const auto it = list.by_tag.find("[" + tag + "]");
      if (it != list.by_tag.end()) it->second.push_back(info.name);
    }
  }
  return list;
}

bool holds(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "the validation dossier holds the ODD elements, the registries, the model pages and "
    "every kind of validation",
    "[analysis][docs]") {
  const TestList tests = registry_test_list();
  REQUIRE(tests.names.size() > 100);  // the registry holds the whole suite
  const std::string d = validation_dossier(tests);
  CHECK(d == validation_dossier(tests));  // nothing in it changes from call to call (no date)
  for (const char* heading :
       {"## 1. Purpose and patterns", "## 2. Entities, state variables and scales",
        "## 3. Process overview and scheduling", "## 4. Design concepts", "## 5. Initialisation",
        "## 6. Input data", "## 7. Submodels", "# Part 2. Validation",
        "# Appendix. The test suite"}) {
    INFO(heading);
    CHECK(holds(d, heading));
  }
  for (const char* design_concept :
       {"Basic principles", "Emergence", "Adaptation", "Objectives", "Learning", "Prediction",
        "Sensing", "Interaction", "Stochasticity", "Collectives", "Observation"}) {
    INFO(design_concept);
    CHECK(holds(d, std::string("**") + design_concept + ".**"));
  }
  for (const auto& p : qpv::model::param_specs()) {
    INFO(p.name);
    CHECK(holds(d, "| `" + std::string(p.name) + "` |"));
  }
  for (const auto& s : qpv::model::indicator_specs()) {
    INFO(s.id);
    CHECK(holds(d, "| `" + std::string(s.id) + "` |"));
  }
  for (const char* kind : {"Face validity", "Verification", "Calibration", "External validation",
                           "Comparison with a simple model", "Predictive validation"}) {
    INFO(kind);
    CHECK(holds(d, "| " + std::string(kind)));
  }
  // The model pages' own words, with their links made relative to docs/.
  CHECK(holds(d, "**What it models.** Why QPV residents who could work do not"));
  CHECK(holds(d, "(model/labour_market.md)"));
  CHECK(holds(d, "](../scenarios/territories/README.md)"));  // was ../../ from docs/model
  CHECK(!holds(d, "](labour_market.md)"));
}

TEST_CASE(
    "the validation dossier lists every test case of a row's tag and names only cases "
    "that exist",
    "[analysis][docs]") {
  const TestList tests = registry_test_list();
  const std::string d = validation_dossier(tests);
  std::size_t listed = 0;
  for (const auto& row : validation_rows()) {
    if (row.tag.empty()) continue;
    for (const std::string& name : tests.by_tag.at(std::string(row.tag))) {
      INFO(row.tag << ": " << name);
      std::string filter;  // Catch2 reads ',' as "or": the dossier escapes it
      for (const char c : name) filter += c == ',' ? std::string("\\,") : std::string(1, c);
      CHECK(holds(d, "`./build/tests/qpvsim_tests \"" + filter + "\"`"));
      ++listed;
    }
  }
  CHECK(listed >= 15);
  CHECK(holds(d, "`qpvsim_tests` holds " + std::to_string(tests.names.size()) + " test cases"));

  TestList renamed = tests;  // as if a cited case had been renamed
  const std::string cited(validation_rows().front().tests.front());
  for (std::string& name : renamed.names)
    if (name == cited) name += " (renamed)";
  CHECK_THROWS_WITH(
      validation_dossier(renamed),
      Catch::Contains("names a test case that does not exist") && Catch::Contains(cited));
  TestList untagged = tests;  // a tag the table lists, with no case left
  untagged.by_tag.at("[simple-model]").clear();
  CHECK_THROWS_WITH(validation_dossier(untagged), Catch::Contains("[simple-model]"));
}
