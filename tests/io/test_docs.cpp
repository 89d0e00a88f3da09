// Keeps the documentation and the code in agreement: scenarios/README.md must document every
// key the loader accepts and every parameter of the registry, and the README's quick start is
// what CI runs.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/allocation/config.hpp"
#include "analysis/allocation/outcomes.hpp"
#include "analysis/sensitivity_config.hpp"
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

TEST_CASE("the README's quick start is two commands, and CI runs the second as written",
          "[io][docs]") {
  // The first fenced block after the "## Quick start" heading, as a newcomer (and
  // shared/tools/fresh-machine.sh) reads it.
  const std::string readme = read("README.md");
  const std::size_t heading = readme.find("\n## Quick start\n");
  REQUIRE(heading != std::string::npos);
  const std::size_t open = readme.find("```\n", heading);
  REQUIRE(open != std::string::npos);
  const std::size_t close = readme.find("\n```", open + 3);
  REQUIRE(close != std::string::npos);
  std::istringstream block(readme.substr(open + 4, close - open - 4));
  std::vector<std::string> commands;
  for (std::string line; std::getline(block, line);)
    if (!line.empty()) commands.push_back(line);
  REQUIRE(commands.size() == 2);
  CHECK(commands[0].ends_with("./build/qpvsim"));  // the main job
  CHECK(commands[1].find("ctest --test-dir build") != std::string::npos);
  const std::string ci = read(".ci/run");
  CHECK(ci.find(commands[1]) != std::string::npos);
  // CI's sanitizer pass, documented beside it.
  CHECK(ci.find("-DQPVSIM_SANITIZE=ON") != std::string::npos);
  CHECK(readme.find("-DQPVSIM_SANITIZE=ON") != std::string::npos);
}

TEST_CASE("docs/sensitivity.md documents every sensitivity key", "[io][docs]") {
  const std::string doc = read("docs/sensitivity.md");
  REQUIRE(!doc.empty());
  for (const auto& key : qpv::analysis::sensitivity_keys()) {
    INFO("key " << key);
    CHECK(doc.find("`" + key.substr(key.rfind('.') + 1) + "`") != std::string::npos);
  }
}

TEST_CASE("docs/allocation.md documents every allocation key and outcome", "[io][docs]") {
  const std::string doc = read("docs/allocation.md");
  REQUIRE(!doc.empty());
  for (const auto& key : qpv::analysis::allocation::allocation_keys()) {
    INFO("key " << key);
    const std::string leaf = key.substr(key.rfind('.') + 1);
    // Tables are documented as `[name]` or `[[name]]`, keys as `name`.
    const bool documented = doc.find("`" + leaf + "`") != std::string::npos ||
                            doc.find("[" + leaf + "]") != std::string::npos;
    CHECK(documented);
  }
  for (const auto& id : qpv::analysis::allocation::outcome_ids()) {
    INFO("outcome " << id);
    CHECK(doc.find("`" + id + "`") != std::string::npos);
  }
}
