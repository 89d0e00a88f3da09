// The marginals of a synthetic population measured with the same definitions as the targets
// (Marginals, territory.hpp), to check synthesize() against them, one QPV or several together.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/population.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

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
