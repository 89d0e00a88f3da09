// sim/app/jobs: how a scenario becomes a model run. A failure the model can only find while
// running (spending beyond what cents hold) is reported against the scenario's file and key.
#include <catch2/catch.hpp>
#include <string>

#include "sim/app/jobs.hpp"
#include "sim/core/error.hpp"
#include "tests/support/scenarios.hpp"

using Catch::Matchers::Contains;

TEST_CASE("a spending overflow names the scenario and the intervention kind", "[app][jobs]") {
  qpv::io::Scenario s = qpv::test::tiny();
  s.run.replicates = 1;
  s.interventions.push_back(qpv::test::costly_creche_places(s, qpv::Cents::from_euros(1e12)));
  try {
    (void)qpv::app::run_scenario(s, {});
    FAIL("no qpv::InputError thrown");
  } catch (const qpv::InputError& e) {
    CHECK(e.origin().file == s.file);
    CHECK(e.key() == "intervention.creche_places");
    CHECK_THAT(e.problem(), Contains("beyond what integer cents hold"));
  }
  // The same in a comparison, whose alternative holds the intervention.
  try {
    (void)qpv::app::run_comparison({qpv::test::tiny(), s}, {});
    FAIL("no qpv::InputError thrown");
  } catch (const qpv::InputError& e) {
    CHECK(e.key() == "intervention.creche_places");
  }
}
