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

/// Builds the residents of `qpv` on date `on` (ages are computed at that date). `room` is the
/// room reserved in the columns, as a multiple of the target population (a simulation that
/// adds births and newcomers asks for more, so that the columns are not moved later). Throws
/// std::runtime_error or std::invalid_argument if the marginals cannot be matched together.
Population synthesize(const Qpv& qpv, const Date& on, Rng& rng, double room = 1.02);

/// The marginals of a population, measured with the same definitions as the targets, kept as
/// counts with their denominators so that several QPVs add up exactly.
struct MeasuredMarginals {
  std::int64_t persons = 0;
  std::int64_t households = 0;
  std::int64_t children_under_3 = 0;
  std::int64_t creche_places_held = 0;
  /// Denominators of the shares: people 15+, 15-64, 65+, 18+; employed people; single-parent
  /// households; households with children.
  std::int64_t n15 = 0, n15_64 = 0, n65 = 0, n18 = 0, employed = 0, single_parents = 0,
               families = 0;
  /// Numerators: each field of Marginals as a count (people or households).
  Marginals counts;

  /// The shares (counts over their denominators; 0 where a denominator is 0).
  Marginals shares() const;
};
MeasuredMarginals measure(const Population& pop);

/// Adds measurements of several partitions.
MeasuredMarginals combine(const std::vector<MeasuredMarginals>& parts);

/// What the counts of `measured` would be if its shares were exactly `target` (the same
/// denominators): combined over QPVs, this weights each QPV's targets by its own people.
MeasuredMarginals expected(const Marginals& target, const MeasuredMarginals& measured);

}  // namespace qpv::model
