// The scenarios most tests start from, loaded once per test process.
#pragma once

#include <string>

#include "sim/core/money.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/interventions.hpp"

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

/// 100,000 crèche places in every QPV of `s` (split by their places), all open from the start,
/// each costing `per_place_year` a year: what the scenario loader's bounds refuse, set in
/// memory to push spending past what cents hold.
inline model::Intervention costly_creche_places(const io::Scenario& s, Cents per_place_year) {
  model::CrechePlaces c;
  c.places = 100'000;
  c.start = c.reached_by = s.run.start;
  c.ramp = model::Ramp::step;
  c.cost_per_place_year = per_place_year;
  model::Intervention i;
  i.detail = c;
  return i;
}

}  // namespace qpv::test
