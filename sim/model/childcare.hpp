// Childcare: the QPV's pool of crèche (EAJE) places and its waitlist (DESIGN.md §4, process 3).
//
// What it models: the pool holds the QPV's places (territory data) plus the places that
// `creche_places` interventions open, on a linear or step ramp up to their `reached_by` date.
// A +x % increase is counted on the targeted QPVs' places together, rounded half up to whole
// places, and split between them in proportion to their places (largest remainders); so is an
// absolute number of places. On a linear ramp the targeted QPVs open their places one at a
// time, in an order that keeps each QPV near its share. A share `avip_share` of the new places is
// kept for children of job-seeking parents (AVIP crèches). Families of a share
// `creche_demand_share` of children under 3 apply for a place. On the first of every month places
// are given to the waitlist in order of priority (single parents, then job-seeking parents, when
// those rules are on), then of application date; AVIP places go to children with a job-seeking
// parent only. Children leave in September once they are 3 (school entry), or when their family
// moves out. Costs: operating cost per place-year (charged monthly, a twelfth rounded to the cent
// per open place) and investment per new place when it opens, to the creche_places lever.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/model/partition.hpp"

namespace qpv::model {

/// Splits `total` units in proportion to `weights` (floors, then one more unit to each of the
/// largest remainders, ties in order). The parts sum exactly to total; all-zero weights give
/// equal weights.
std::vector<std::int64_t> split_largest_remainder(std::int64_t total, std::vector<double> weights);

class Childcare {
 public:
  explicit Childcare(const Partition& part);

  /// Applications of the children under 3 on the start date (those holding a place applied).
  void init(Partition& part, AgentStreams& people);
  /// A child joins the QPV (birth, newcomer): their family may apply.
  void add_child(Partition& part, std::uint32_t person, Time now, AgentStreams& people);
  /// On the first of a month: costs, school entry in September, then allocation.
  void monthly(Partition& part, Time now);
  /// Adds the pool's places and the waitlist length to a row of counters.
  void record(const Partition& part, Time now, std::int64_t* row) const;

  /// Places in the pool on the first of the month containing `now` (base + opened).
  std::int64_t capacity(Time now) const;
  /// Places of the pool kept for children of job-seeking parents (AVIP).
  std::int64_t reserved(Time now) const;

 private:
  struct Expansion {
    std::int64_t places = 0;  ///< extra places for this QPV once reached
    std::int64_t total = 0;   ///< extra places of all targeted QPVs together
    /// Ranks (1-based) of this QPV's places in the opening order of all targeted QPVs.
    std::vector<std::int64_t> sequence;
    double avip_share = 0;
    Time start, reached_by;
    bool linear = true;
    Cents per_place_month;
    Cents investment_per_place;
    std::int64_t opened = 0;  ///< places opened so far (for investment costs)
  };
  std::int64_t opened_at(const Expansion& x, Time now) const;
  // The steps of monthly(), in their order.
  /// Charges the month's operating cost of the opened places, and the investment in the newly
  /// opened ones.
  void pay_for_expansions(Partition& part, Time now);
  /// Drops from the list the children who no longer need a place; in September, children of 3
  /// leave for school.
  void release_places(Persons& persons, Time now);
  /// Gives the free places to the waitlist, AVIP places first to job-seeking parents.
  void fill_free_places(Partition& part, Time now);
  /// The children waiting for a place, by priority, then application date.
  std::vector<std::uint32_t> waitlist_in_order(const Partition& part) const;

  bool waiting(const Partition& part, std::uint32_t child) const;
  int priority(const Partition& part, std::uint32_t child) const;
  bool parent_job_seeker(const Partition& part, std::uint32_t child) const;

  std::int64_t base_places_;
  std::vector<Expansion> expansions_;
  double demand_;
  bool priority_single_parents_, priority_job_seekers_;
  // Per person (grown as people are added): applied for a place, when, and whether the place
  // held is an AVIP one.
  std::vector<std::uint8_t> applicant_, avip_place_;
  /// Children under 4 (every crèche holder or applicant is one), so monthly steps need not
  /// visit the whole population.
  std::vector<std::uint32_t> children_;
  std::vector<Time> applied_at_;
};

}  // namespace qpv::model
