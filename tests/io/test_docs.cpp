// Keeps the documentation and the code in agreement: scenarios/README.md must document every
// key the loader accepts and every parameter of the registry.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "calibration/config.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/indicators.hpp"

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(QPVSIM_SOURCE_DIR) + "/" + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("scenarios/README.md documents every scenario key and parameter", "[io][docs]") {
  const std::string doc = read("scenarios/README.md");
  REQUIRE(!doc.empty());
  for (const auto& key : qpv::io::scenario_keys()) {
    const std::string leaf = key.substr(key.rfind('.') + 1);
    INFO("key " << key);
    // Tables are documented as `[name]` or `[[name]]`, keys as `name`.
    const bool documented = doc.find("`" + leaf + "`") != std::string::npos ||
                            doc.find("[" + leaf + "]") != std::string::npos;
    CHECK(documented);
  }
  for (const auto& p : qpv::model::param_specs()) {
    INFO("parameter " << p.name);
    CHECK(doc.find("`" + std::string(p.name) + "`") != std::string::npos);
  }
}

TEST_CASE("calibration/README.md documents every calibration key", "[io][docs]") {
  const std::string doc = read("calibration/README.md");
  REQUIRE(!doc.empty());
  for (const auto& key : qpv::calibration::calibration_keys()) {
    INFO("key " << key);
    CHECK(doc.find("`" + key.substr(key.rfind('.') + 1) + "`") != std::string::npos);
  }
}

TEST_CASE("every indicator has a French label and a unit", "[io][docs]") {
  for (const auto& s : qpv::model::indicator_specs()) {
    CHECK(!s.label_fr.empty());
    CHECK(!s.unit.empty());
    CHECK(!s.definition.empty());
  }
}
