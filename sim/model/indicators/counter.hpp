// The integer counters every partition records each month, by id: stocks on the first of the
// month, flows over the month, quarter transitions. A counter is this enum's entry and its row
// in indicators/catalogue.cpp (name, unit, French label, description), in the same order.
#pragma once

#include <cstddef>
#include <cstdint>

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
  // flows during the month, from offers to creche_admissions: the processes count them in
  // Flows (sim/model/flows.hpp), which holds one slot for each of these
  offers,
  hires,
  job_ends,  ///< contract ends and job losses that were not renewed
  search_entries,
  search_exits,
  refusals_mobility,  ///< offers refused, by barrier (mobility, childcare, health)
  refusals_childcare,
  refusals_health,
  screened_breast,  ///< screenings by programme, any channel
  screened_cervical,
  screened_colorectal,
  truck_passages,
  truck_screened,  ///< mammographies done on the truck
  truck_reached,   ///< people reached by a passage (awareness or screening)
  aid_enrolments,
  licences_obtained,
  births,
  deaths,
  departures,  ///< persons moving out
  arrivals,    ///< persons moving in
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

}  // namespace qpv::model
