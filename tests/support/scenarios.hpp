// The scenarios most tests start from, loaded once per test process.
#pragma once

#include <string>

#include "sim/io/scenario.hpp"

namespace qpv::test {

/// The embedded Valenciennes baseline (15 QPV, 44,700 residents).
inline const io::Scenario& valenciennes() {
  static const io::Scenario s = io::load_scenario("embedded:valenciennes/baseline.toml");
  return s;
}

/// The two-QPV test territory of tests/data/tiny (a few hundred residents, three years).
inline const io::Scenario& tiny() {
  static const io::Scenario s =
      io::load_scenario(std::string(QPVSIM_SOURCE_DIR) + "/tests/data/tiny/baseline.toml");
  return s;
}

}  // namespace qpv::test
