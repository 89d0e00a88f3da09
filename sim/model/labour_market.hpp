// Labour market with barriers (DESIGN.md §4, process 1).
//
// What it models: job seekers receive job offers as a Poisson process whose rate depends on
// diploma, age and search duration. Each offer needs a car or not, is reachable by public
// transport or not (the QPV's transit access), and has atypical hours or not. The person takes
// it unless a barrier blocks it, checked in order:
//   mobility  - the offer needs a car and the person cannot drive one (no licence or no
//               household car); or it is not reachable by transit and they cannot drive; or
//               transit fares are unaffordable to them and they cannot drive;
//   childcare - the household has a child under 3 without a crèche place, or the offer has
//               atypical hours and there is a child under 11; and neither another adult at
//               home (not employed) nor informal care can look after the child;
//   health    - a long-term health limitation: the offer is taken with probability
//               health_acceptance.
// A blocked offer is a refusal, counted under its barrier. Fixed-term contracts end on their
// date (renewed, made permanent, or ended); permanent jobs end at a low hazard. A chain of
// renewals is drawn at once: with exponential contracts of rate l, each renewed with
// probability r, the time to the first end that is not a renewal is exponential of rate
// l (1 - r), and that end makes the job permanent with probability q / (1 - r) (q: the
// probability at each end); the same law as one event per contract, with fewer events. Inactive
// people of working age start searching at a rate lowered by childcare and health barriers, and job
// seekers stop searching at a rate raised by them (discouragement).
// Students, retirees and children have no labour-market events: the demography process moves
// them between statuses (end of studies, retirement).
// Parameters: see parameters.cpp (offer_*, fixed_term_*, permanent_loss_rate, search_*).
// Each person has at most one pending labour-market event: the earliest of its competing risks.
// A mobility refusal also marks the person's current search (Persons::refused_mobility_in_search)
// and starting a search clears the mark: the indicator of refusals since the search began.
#pragma once

#include <array>
#include <cstdint>

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/flows.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/population.hpp"

namespace qpv::model {

/// A job offer's characteristics, drawn when it arrives.
struct Offer {
  bool needs_car = false;
  bool transit_reachable = true;
  bool atypical_hours = false;
};

enum class LabourEvent : std::uint16_t {
  job_offer = 1,
  search_exit,
  search_entry,
  contract_end,
  job_loss,
  /// No change of state: the job seeker reaches 12 months of search and their offer rate drops.
  reassess
};

/// Search time after which a job seeker is long-term unemployed (lower offer rate; eligible
/// for transport aid aimed at the long-term unemployed).
inline constexpr Duration kLongTermUnemployment = Duration::whole_days(365);

/// The first barrier that blocks `offer` for `person`, or Barrier::none. `health_draw` is a
/// uniform [0,1) draw used only if the person has a health limitation.
Barrier blocking_barrier(const Population& pop, std::uint32_t person, const Offer& offer,
                         double health_draw, double health_acceptance);
/// True if someone must look after a child under 3 (or, for atypical hours, under 11) in the
/// person's household and no crèche place, other adult at home or informal care covers it.
bool childcare_uncovered(const Population& pop, std::uint32_t person, bool atypical_hours);
/// True if the person can drive to work: a licence, and a household car or a rental car.
bool can_drive(const Population& pop, std::uint32_t person);
/// True if transit fares are a barrier for the person (and no transit pass pays them).
bool fares_unaffordable(const Population& pop, std::uint32_t person);

class LabourMarket {
 public:
  /// `transit_access`: share of offers reachable by public transport from this QPV.
  LabourMarket(const Parameters& params, double transit_access);

  /// Schedules every person's first event at or after `now`.
  void init(Population& pop, Time now, AgentStreams& streams, engine::EventQueue& queue) const;
  /// Gives a person who joins the population (birth, newcomer) their first event.
  void add_person(Population& pop, std::uint32_t person, Time now, AgentStreams& streams,
                  engine::EventQueue& queue) const;
  /// Moves a person to another activity for a reason outside the labour market (end of
  /// studies, retirement) and replaces their pending event.
  void change_activity(Population& pop, std::uint32_t person, Activity activity, Time now,
                       AgentStreams& streams, engine::EventQueue& queue) const;
  /// Draws the person's next event again, from their current circumstances (e.g. they started
  /// or ended licence training, which changes their offer rate).
  void reschedule(Population& pop, std::uint32_t person, Time now, AgentStreams& streams,
                  engine::EventQueue& queue) const {
    schedule(person, now, pop, streams, queue);
  }
  /// Cancels the person's pending event (death).
  void cancel(Population& pop, std::uint32_t person) const;
  /// Handles one labour-market event; `now` is the event time.
  void handle(const engine::Event& e, Time now, Population& pop, AgentStreams& streams,
              engine::EventQueue& queue, Flows& flows) const;

 private:
  void schedule(std::uint32_t person, Time now, Population& pop, AgentStreams& streams,
                engine::EventQueue& queue) const;
  void start_search(std::uint32_t person, Time now, Population& pop) const;
  void end_job(std::uint32_t person, Time now, Population& pop, AgentRng& rng, Flows& flows) const;
  void hire(std::uint32_t person, Time now, Population& pop, AgentRng& rng, Flows& flows) const;
  double offer_rate(const Population& pop, std::uint32_t person, Time now) const;

  /// A multiplier by the condition it depends on, [no, yes], so that rates are computed
  /// without branches.
  using ByCondition = std::array<double, 2>;
  /// The parameters in the form the process uses them: rates per day, probabilities, and
  /// multipliers by condition (by diploma for diploma_mult, CAP-BEP being the reference).
  struct Rates {
    double offer_rate;
    std::array<double, kDiplomas> diploma_mult;
    ByCondition under_25_mult, over_50_mult, long_term_mult;
    double needs_car, atypical, health_acceptance, ft_share_of_hires, ft_last_end_per_day,
        ft_permanent_at_last_end, permanent_loss_per_day, end_to_inactive, exit_per_day;
    ByCondition exit_mult_childcare, exit_mult_health;
    double entry_per_day;
    ByCondition entry_mult_childcare, entry_mult_health;
    double initial_search_mean_days, transit_access;
    ByCondition licence_training_mult;
  } rates_;
};

}  // namespace qpv::model
