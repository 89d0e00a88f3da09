// Fingerprint regression test (as OMNeT++'s test/fingerprint): a hash of every counter, spending
// figure and event count of fixed scenarios and seed. Any change to the model, the random
// streams or the event order changes it. When a change is meant to alter results, update the
// expected value in a commit of its own that says why; an optimisation must leave it unchanged.
#include <catch2/catch.hpp>

#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace {

template <class T>
std::uint64_t fnv1a(const std::vector<T>& values, std::uint64_t h = 0xCBF29CE484222325ULL) {
  for (const T v : values) {
    for (int byte = 0; byte < 8; ++byte) {
      h ^= static_cast<std::uint64_t>(v >> (8 * byte)) & 0xFFU;
      h *= 0x100000001B3ULL;
    }
  }
  return h;
}

/// Hash of every counter, spending figure and event count of a tiny scenario.
std::uint64_t fingerprint(const std::string& scenario) {
  auto s = qpv::io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/" + scenario);
  const auto r = qpv::model::run(s.territory, s.parameters, s.run, s.interventions);
  return fnv1a(r.events, fnv1a(r.spending, fnv1a(r.counters)));
}

}  // namespace

TEST_CASE("fingerprint of the tiny baseline and its variant", "[model][fingerprint]") {
  CHECK(fingerprint("baseline.toml") == 0x42EB2580C251AA55ULL);
  CHECK(fingerprint("variant.toml") == 0x1623452E1863C015ULL);
}
