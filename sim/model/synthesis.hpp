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
#include "sim/model/measured_marginals.hpp"
#include "sim/model/population.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

/// Builds the residents of `qpv` on date `on` (ages are computed at that date). `room` is the
/// room reserved in the columns, as a multiple of the target population (a simulation that
/// adds births and newcomers asks for more, so that the columns are not moved later). Throws
/// std::runtime_error or std::invalid_argument if the marginals cannot be matched together.
Population synthesize(const Qpv& qpv, const Date& on, Rng& rng, double room = 1.02);

}  // namespace qpv::model
