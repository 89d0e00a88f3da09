// A synthetic territory of many QPV, for benchmarks at national scale (DESIGN.md §9).
//
// France has about 1,600 QPV and 5 million residents; no open file gives their marginals in
// the form the synthesis needs. scale_territory() makes N QPV from the ones of a real
// territory: QPV n copies the marginals, transit access and crèche coverage of template
// n mod T, with its own code and a population drawn uniformly in [1,250, 5,000] (mean 3,125,
// so 1,600 QPV hold about 5 million people). Assumption, for benchmarks only: these are not
// real places and their results mean nothing beyond timing and memory.
#pragma once

#include <cstdint>

#include "sim/model/territory.hpp"

namespace qpv::model {

/// Bounds of the population drawn for each synthetic QPV (persons).
inline constexpr std::int64_t kScaleMinPopulation = 1'250;
inline constexpr std::int64_t kScaleMaxPopulation = 5'000;

/// `n` synthetic QPV modelled on `templates`' (which must have at least one). Deterministic:
/// the same `seed` gives the same territory.
Territory scale_territory(const Territory& templates, std::uint32_t n, std::uint64_t seed);

}  // namespace qpv::model
