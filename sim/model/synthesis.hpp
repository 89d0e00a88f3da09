// Population synthesis: the households and persons of one QPV, matching its marginals.
//
// What it models: a QPV's residents on the start date. Households by type and car ownership
// come from IPF of a type x car table (seeded with assumed car odds by type) and integer
// sampling; children are shared among family households so the under-18 share matches; the
// diploma and activity of people 15+ come from IPF of an age x diploma x activity table whose
// seed carries the associations between them. Licences, health limitations and transit
// affordability are then drawn to match their shares. Deterministic from the random stream.
// Sources: the territory's marginals (scenarios/territories/); assumptions are stated below.
#pragma once

#include <cstdint>

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/model/population.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

/// Builds the residents of `qpv` on date `on` (ages are computed at that date).
Population synthesize(const Qpv& qpv, const Date& on, Rng& rng);

/// The marginals of a population, measured with the same definitions as the targets.
struct MeasuredMarginals {
  std::int64_t persons = 0;
  std::int64_t households = 0;
  std::int64_t children_under_3 = 0;
  std::int64_t creche_places_held = 0;
  Marginals shares;
};
MeasuredMarginals measure(const Population& pop);

/// Combines measurements of several partitions (counts add, shares are re-weighted).
MeasuredMarginals combine(const std::vector<MeasuredMarginals>& parts);

}  // namespace qpv::model
