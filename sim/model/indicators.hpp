// Outcome indicators. Each month, every partition records integer counters (stock counters at
// the first of the month, flow counters over the month); indicators are ratios or counts of
// these, so the value for the 15 QPV together is computed from summed counters, never from an
// average of shares. Ids and French labels are the product's vocabulary (DESIGN.md §4).
// Implemented in sim/model/indicators/: the catalogue of counters and indicators, the census of
// the stocks (portable and AVX2 versions), the quarter transitions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/model/flows.hpp"
#include "sim/model/indicators/counter.hpp"
#include "sim/model/population.hpp"

namespace qpv::model {

/// A counter as results files name and describe it.
struct CounterSpec {
  Counter id;
  std::string_view name;  ///< dataset name under /counts
  std::string_view unit;
  std::string_view label_fr;  ///< "actifs occupés de 15 à 64 ans": its long_name, for officials
  std::string_view description;  ///< the modellers' English definition
};
const std::array<CounterSpec, kCounterCount>& counter_specs();

/// Which way an indicator is better for residents (for "the alternative does better in N
/// futures out of 10"); `neither` for indicators that describe rather than judge (population,
/// beneficiaries of an aid).
enum class Better : std::uint8_t { higher, lower, neither };

/// "higher", "lower" or "neither", as written in results files.
std::string_view better_name(Better better);

struct IndicatorSpec {
  std::string_view id;
  std::string_view label_fr;
  std::string_view unit;  ///< "share" (0-1) or a count unit
  Counter numerator;
  std::optional<Counter> denominator;  ///< none: the indicator is the numerator itself
  std::string_view definition;
  Better better = Better::neither;
};
/// The indicators written to results files, in output order.
const std::vector<IndicatorSpec>& indicator_specs();
const IndicatorSpec* find_indicator(std::string_view id);

/// Value of an indicator from a row of counters (NaN for a ratio with a zero denominator).
double indicator_value(const IndicatorSpec& spec, const std::int64_t* counters);

/// Adds the stock counters that the population alone determines, at time `now`: place
/// indicators count the residents (alive, household living in the QPV); the cohort counters
/// follow the start date's residents wherever they live. Process-owned stocks (crèche places,
/// waitlist) are added by their process. On x86-64 CPUs with AVX2 the rows are counted 32 at a
/// time with vector instructions (Simd::automatic); Simd::off forces the portable loops (tests
/// check that both give the same counts).
enum class Simd : std::uint8_t { automatic, off };
void record_stocks(const Population& pop, Time now, std::int64_t* out, Simd simd = Simd::automatic);
/// Adds the month's flows to `out`.
void record_flows(const Flows& flows, std::int64_t* out);

/// Each person's labour-market status at the start of a quarter, for the transitions counted a
/// quarter later: 0 for people not counted (not a resident aged 15-64), else 1 + the status.
void snapshot_quarter(const Population& pop, std::vector<std::uint8_t>& status);
/// Adds the transitions since `status` was taken (a quarter ago) to the quarter_* counters.
void record_transitions(const Population& pop, const std::vector<std::uint8_t>& status,
                        std::int64_t* out);

}  // namespace qpv::model
