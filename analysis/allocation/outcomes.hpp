// The outcomes an allocation is judged on: paired differences between a candidate's run and
// the baseline's (same replicates, so the same futures), per replicate and per QPV, summed or
// averaged over the envelope's years. Positive is always better for residents.
//
//   employment_person_years[_women|_single_parents|_15_24|_no_diploma]  extra years in work
//                                of residents aged 15-64 (of the group), stock each month / 12
//   screenings                   extra cancer screenings done (the three programmes, any channel)
//   creche_child_years           extra years of under-3s in a crèche place
//   <indicator id>               mean paired difference of an indicator of the catalogue over
//                                the envelope's months, signed by its direction (it needs one)
//   gap:<indicator id>           how much the gap between the best and the worst QPV narrows
//                                (gap of the baseline - gap of the candidate, on the indicator's
//                                mean over the envelope's months)
//   worst_qpv:<outcome>          the smallest gain of a QPV, per 1,000 residents
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/indicators.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::analysis::allocation {

/// A resolved outcome id.
struct Outcome {
  enum class Kind : std::uint8_t { person_years, flow_sum, indicator, gap, worst_qpv };
  std::string id;
  Kind kind = Kind::person_years;
  std::vector<model::Counter> counters;             ///< person_years, flow_sum: summed counters
  const model::IndicatorSpec* indicator = nullptr;  ///< indicator, gap
  std::string inner;  ///< worst_qpv: the outcome whose per-QPV gains are compared
  std::string label_fr;
  std::string unit;
};

/// The outcome named `id`, or an empty optional-like result (id empty) with `problem` set to
/// what is wrong (unknown id, an indicator with no direction...).
Outcome find_outcome(const std::string& id, std::string* problem);

/// Every base outcome id (without the indicator ids and the gap:/worst_qpv: forms), for
/// messages and documentation.
std::vector<std::string> outcome_ids();

/// The window of months an outcome is measured over: the recorded months of the years
/// [first_year, last_year].
struct Window {
  std::size_t first = 0, last = 0;  ///< inclusive month indexes of RunResults::months
};
Window window_of(const model::RunResults& r, int first_year, int last_year);

/// Values of one outcome: [replicate] for the territory and [replicate][qpv] per QPV
/// (worst_qpv and gap have no per-QPV values: they repeat the territory's).
struct OutcomeValues {
  std::vector<double> total;   ///< [replicate]
  std::vector<double> by_qpv;  ///< [replicate * qpvs + q]
};

/// The paired difference `candidate` - `baseline` of `outcome` (same replicates and months).
/// `population` is each QPV's residents (for worst_qpv's per-1,000 scaling).
OutcomeValues outcome_values(const Outcome& outcome, const model::RunResults& baseline,
                             const model::RunResults& candidate, const Window& w,
                             const std::vector<std::int64_t>& population);

}  // namespace qpv::analysis::allocation
