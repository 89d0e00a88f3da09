// Fingerprint regression test (as OMNeT++'s test/fingerprint): a hash of every counter of a
// fixed scenario and seed. Any change to the model, the random streams or the event order
// changes it. When a change is meant to alter results, update the expected value in a
// commit of its own that says why; an optimisation must leave it unchanged.
#include <catch2/catch.hpp>
#include <cstdio>

#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace {

std::uint64_t fnv1a(const std::vector<std::int64_t>& values) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (std::int64_t v : values) {
    for (int byte = 0; byte < 8; ++byte) {
      h ^= static_cast<std::uint64_t>(v >> (8 * byte)) & 0xFFU;
      h *= 0x100000001B3ULL;
    }
  }
  return h;
}

}  // namespace

TEST_CASE("fingerprint of the tiny baseline", "[model][fingerprint]") {
  auto s =
      qpv::io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/baseline.toml");
  const auto r = qpv::model::run(s.territory, s.parameters, s.run, s.interventions);
  const std::uint64_t fingerprint = fnv1a(r.counters);
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%016llX", static_cast<unsigned long long>(fingerprint));
  INFO("fingerprint " << hex);
  CHECK(fingerprint == 0x20ACDDCF3E2C57EFULL);
}
