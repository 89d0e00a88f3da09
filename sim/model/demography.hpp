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

  /// Keeps the entry profile and draws everybody's date of death.
  void init(Partition& part, AgentStreams& people);
  /// A death (the only demography event).
  void handle(Partition& part, const engine::Event& e, const LabourMarket& labour);
  /// Ageing and its transitions, births, moves out and arrivals, on the first of a month.
  /// Does nothing before the run's start date. `people` and `households` are per-person and
  /// per-household streams (a departing household's stream also draws its newcomers).
  void monthly(Partition& part, Time now, AgentStreams& people, AgentStreams& households,
               const LabourMarket& labour, AgentStreams& labour_rng, PopulationChanges& changes);

  /// Years until death for a person aged `age` (years, fractional), given a uniform draw `u`:
  /// the inverse of the Gompertz cumulative hazard. Infinite when u is 0.
  double years_to_death(double age, double u) const;

 private:
  void schedule_death(Partition& part, std::uint32_t person, Time now, AgentStreams& people) const;
  void add_newcomers(Partition& part, Time now, AgentRng& moves, const LabourMarket& labour,
                     AgentStreams& labour_rng, PopulationChanges& changes);

  /// Registers a person (start, birth, arrival) in the birthday bucket and candidate lists.
  void track(const Population& pop, std::uint32_t person);
  /// Adds the person to the candidate lists they now qualify for.
  void enter_lists(const Population& pop, std::uint32_t person);

  Population entry_profile_;  ///< the start-date synthetic population
  /// People by calendar month of birth: ages change only for last month's bucket.
  std::array<std::vector<std::uint32_t>, 12> by_birth_month_;
  /// Candidates of the monthly hazards, with membership flags: students 18+, adults 18-30
  /// without a licence, women 15-49. Entries that no longer qualify are dropped when visited.
  std::vector<std::uint32_t> students_, learners_, women_;
  std::vector<std::uint8_t> in_students_, in_learners_, in_women_;
  /// Households living in the QPV, in row order (those that move out or empty leave it).
  std::vector<std::uint32_t> resident_households_;
  Time start_;
  double tfr_, gompertz_a_, gompertz_b_, move_per_month_, move_after_job_per_month_,
      arrivals_ratio_;
  std::array<double, 7> birth_per_month_{};  ///< by five-year age group of the mother, 15-49
  double study_exit_per_month_, study_to_search_;
  int retirement_age_;
  double licence_per_month_;
};

}  // namespace qpv::model
