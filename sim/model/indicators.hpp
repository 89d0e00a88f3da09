// Outcome indicators. Each month, every partition records integer counters (stock counters at
// the first of the month, flow counters over the month); indicators are ratios or counts of
// these, so the value for the 15 QPV together is computed from summed counters, never from an
// average of shares. Ids and French labels are the product's vocabulary (DESIGN.md §4).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/model/flows.hpp"
#include "sim/model/population.hpp"

namespace qpv::model {

enum class Counter : std::uint8_t {
  // stocks on the first day of the month
  population,
  households,
  persons_15_64,
  employed_15_64,
  women_15_64,
  employed_women_15_64,
  single_parents_15_64,
  employed_single_parents_15_64,
  persons_15_24,
  employed_15_24,
  persons_50_64,
  employed_50_64,
  persons_15_64_no_diploma,
  employed_15_64_no_diploma,
  job_seekers,
  job_seekers_no_licence_or_car,
  job_seekers_refused_mobility_12m,
  job_seekers_refused_mobility_search,
  job_seekers_refused_childcare_12m,
  households_with_car,
  single_parent_households,
  adults_18_plus,
  licence_holders_18_plus,
  children_under_3,
  children_under_3_in_creche,
  creche_places,
  creche_waitlist,
  eligible_breast,
  up_to_date_breast,
  eligible_cervical,
  up_to_date_cervical,
  eligible_colorectal,
  up_to_date_colorectal,
  aid_beneficiaries,
  cohort_15_64,
  cohort_employed_15_64,
  // flows during the month
  offers,
  hires,
  job_ends,
  search_entries,
  search_exits,
  refusals_mobility,
  refusals_childcare,
  refusals_health,
  screened_breast,
  screened_cervical,
  screened_colorectal,
  truck_passages,
  truck_screened,
  truck_reached,
  aid_enrolments,
  licences_obtained,
  births,
  deaths,
  departures,
  arrivals,
  creche_admissions,
  // quarter-to-quarter transitions, recorded in the first month of a quarter (January, April,
  // July, October) for the quarter just ended: people aged 15-64 living in the QPV at its
  // start, by their status then, and those of them, still alive, in another status now
  quarter_employed,
  quarter_employed_to_job_seeker,
  quarter_fixed_term,
  quarter_fixed_term_to_job_seeker,
  quarter_permanent,
  quarter_permanent_to_job_seeker,
  quarter_job_seekers,
  quarter_job_seekers_to_employed,
  quarter_inactive,
  quarter_inactive_to_employed,
  count_
};
inline constexpr std::size_t kCounterCount = static_cast<std::size_t>(Counter::count_);
/// Adds `v` to counter `c` of a row of counters (one month of one partition).
inline void add_count(std::int64_t* row, Counter c, std::int64_t v) {
  row[static_cast<std::size_t>(c)] += v;
}

struct CounterSpec {
  Counter id;
  std::string_view name;  ///< dataset name under /counts
  std::string_view unit;
  std::string_view description;
};
const std::array<CounterSpec, kCounterCount>& counter_specs();

/// Which way an indicator is better for residents (for "the alternative does better in N
/// futures out of 10"); `neither` for indicators that describe rather than judge (population,
/// beneficiaries of an aid).
enum class Better : std::uint8_t { higher, lower, neither };

/// "higher", "lower" or "neither", as written in results files.
std::string_view better_name(Better b);

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
