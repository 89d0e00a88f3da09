// Demography and residential moves (DESIGN.md §4, process 5).
//
// What it models, from the run's start date (during the warm-up before it the other processes
// run on a population that neither ages nor changes, so the population on the start date is
// the synthesised one):
//  - ageing: ages are updated on the first of every month; at 15 a child becomes a student;
//    students of 18 or more end their studies at `study_exit_rate` (then look for work with
//    probability `study_exit_to_search`); people still of working status retire at
//    `retirement_age`; people 18-30 without a licence obtain one at
//    `licence_acquisition_rate` (without aid);
//  - deaths: each person's date of death is drawn once from a Gompertz law
//    a*exp(b*age)*(1 + mortality_excess), by inverting its cumulative hazard;
//  - births: women 15-49 living in the QPV give birth at the French age profile scaled to
//    `fertility_tfr`; the baby joins the mother's household;
//  - these monthly hazards (end of studies, licences, births, moves) are drawn as waiting
//    times in months (geometric), so a monthly step visits only who has an event in it;
//  - moves: resident households move out at `move_out_rate`, `move_out_mult_after_job` times
//    more often in the 12 months after a member was hired; they stay in the simulation (the
//    cohort view follows them) but leave the place indicators; for each departure,
//    `arrivals_per_departure` newcomer households move in, drawn from the QPV's entry profile:
//    a household of the start-date synthetic population, with its members' ages of that date.
// Sources and assumptions: see the parameter registry and docs/model/demography.md.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/labour_market.hpp"
#include "sim/model/partition.hpp"

namespace qpv::model {

enum class DemographyEvent : std::uint16_t { death = 300 };

/// Who joined and who left the QPV in a monthly step, for the other processes.
struct PopulationChanges {
  std::vector<std::uint32_t> added;  ///< new rows: newborns and newcomers
};

class Demography {
 public:
  explicit Demography(const Partition& part);

  /// Keeps the entry profile, draws everybody's date of death and first monthly-hazard dates.
  /// `people` and `households`: per-person and per-household streams.
  void init(Partition& part, AgentStreams& people, AgentStreams& households);
  /// A death (the only demography event).
  void handle(Partition& part, const engine::Event& e, const LabourMarket& labour);
  /// Ageing and its transitions, births, moves out and arrivals, on the first of a month.
  /// Does nothing before the run's start date. `people` and `households` are per-person and
  /// per-household streams (a departing household's stream also draws its newcomers).
  void monthly(Partition& part, Time now, AgentStreams& people, AgentStreams& households,
               const LabourMarket& labour, AgentStreams& labour_rng, PopulationChanges& changes);

  /// Years until death for a person aged `age` (years, fractional) whose cumulative hazard
  /// until death is `e` (an exponential of rate 1): the inverse of the Gompertz cumulative
  /// hazard.
  double years_to_death(double age, double e) const;

 private:
  /// years_to_death() from level = e^{b age} (b: the Gompertz slope), computed by the caller.
  double years_to_death_from(double level, double e) const;
  /// A monthly hazard drawn as waiting times (geometric: the number of months until the event,
  /// exactly the same law as a Bernoulli trial every month), so that a month's step visits only
  /// those whose event falls in it, not every candidate. The first kSlots entries of the
  /// monthly step s months after the run's start are slots[s * kSlots ...] (count[s] of them;
  /// one allocation for every month), any more are in overflow[s]; pending[i] is 1 while i
  /// has an entry (or one beyond the horizon, never visited).
  struct Calendar {
    /// Room per month for its usual entries (a few to a few dozen per QPV).
    static constexpr std::size_t kSlots = 32;
    double log_stay = 0;  ///< log(1 - p), p the probability per month; 0 if p <= 0
    std::vector<std::uint32_t> slots;
    std::vector<std::uint32_t> count;                  ///< per step
    std::vector<std::vector<std::uint32_t>> overflow;  ///< per step
    std::vector<std::uint8_t> pending;
  };
  void setup(Calendar& c, double per_month, int steps) const;
  /// Gives `who` (not pending) an entry in `c` from step `from` on, drawn from `rng`.
  void schedule(Calendar& c, std::uint32_t who, int from, AgentRng rng) const;
  /// The month's entries, in row order (new rows are then appended in a fixed order). The
  /// list is valid until the next take().
  const std::vector<std::uint32_t>& take(Calendar& c, int step);
  /// Monthly steps since the run's start month.
  int step_of(Time now) const;

  void schedule_death(Partition& part, std::uint32_t person, Time now, AgentStreams& people);

  // The steps of monthly(), in their order.
  /// Ageing: new ages for the people whose birthday was last month, and the changes of activity
  /// and the monthly hazards these ages bring.
  void age_birthdays(Partition& part, Time now, int step, AgentStreams& people,
                     const LabourMarket& labour, AgentStreams& labour_rng);
  /// Students of 18 or more end their studies.
  void end_studies(Partition& part, Time now, int step, AgentStreams& people,
                   const LabourMarket& labour, AgentStreams& labour_rng);
  /// Young adults learn to drive without aid.
  void learn_to_drive(Persons& persons, int step);
  /// Births to women living in the QPV; the babies' dates of death.
  void give_births(Partition& part, Time now, int step, AgentStreams& people,
                   PopulationChanges& changes);
  /// Moves out, each followed by newcomers (whose first chance to move is next month); the
  /// newcomers' dates of death.
  void move_households(Partition& part, Time now, int step, AgentStreams& people,
                       AgentStreams& households, const LabourMarket& labour,
                       AgentStreams& labour_rng, PopulationChanges& changes);
  /// A household drawn from the entry profile moves in; its members' monthly hazards start at
  /// step `first_step`.
  void add_newcomers(Partition& part, Time now, int first_step, AgentRng& moves,
                     AgentStreams& people, const LabourMarket& labour, AgentStreams& labour_rng,
                     PopulationChanges& changes);

  /// Registers a person (start, birth, arrival) in the birthday bucket and the calendars.
  void track(const Population& pop, std::uint32_t person, int from, AgentStreams& people);
  /// Schedules the monthly hazards the person now qualifies for, from step `from` on.
  void enter_lists(const Population& pop, std::uint32_t person, int from, AgentStreams& people);

  /// The start-date synthetic population, for newcomers: only the columns add_newcomers reads
  /// (household type, car, informal care, members; persons' traits) are filled.
  Population entry_profile_;
  /// People by calendar month of birth: ages change only for last month's bucket. The birth
  /// day (which never changes) is kept with the row, so that ageing does not read it from
  /// the column, a cache line per person.
  struct Born {
    std::uint32_t person;
    std::int32_t day;
  };
  std::array<std::vector<Born>, 12> by_birth_month_;
  std::vector<std::uint32_t> taken_;  ///< the entries take() returns
  /// End of studies (students 18+), licences without aid (18-30 without a licence): one entry
  /// per person. Births (women 15-49) and moves (resident households) have time-varying
  /// probabilities, drawn by thinning: candidates come at the highest probability and the event
  /// happens with the ratio of the current probability to it.
  Calendar study_exits_, licences_, births_, moves_;
  Time start_;
  Time end_;  ///< midnight after the run's last day
  /// schedule_death's last `now`, and e^{b t} - 1 for the t years from it to end_ (b: Gompertz).
  Time horizon_from_ = Time::min();
  double horizon_growth_ = 0;
  /// e^{b (year + 1)} for whole years of age 0-127: a bound of e^{b age} within that year.
  std::array<double, 128> level_bound_{};
  int start_month_ = 0;  ///< month_index() of the start date
  double tfr_, gompertz_a_, gompertz_b_, move_per_month_, move_after_job_per_month_,
      arrivals_ratio_;
  std::array<double, 7> birth_per_month_{};  ///< by five-year age group of the mother, 15-49
  double birth_max_per_month_ = 0;           ///< the highest birth probability of any woman
  double study_exit_per_month_, study_to_search_;
  int retirement_age_;
  /// By activity: the age from which ageing changes it (children: 15, to student; employed,
  /// job seekers, inactive: retirement_age, to retired), kNever for the others.
  static constexpr int kNever = 1000;
  std::array<int, kActivities + 1> change_age_{};  // + 1: Activity::child
  double licence_per_month_;
};

}  // namespace qpv::model
