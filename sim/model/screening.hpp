// Health and organised cancer screening, with the screening truck (DESIGN.md §4, process 4).
//
// What it models: the three organised programmes (breast, cervical, colorectal; rules in
// screening_rules.hpp, INCa). Every person has a fixed invitation phase per programme; on the
// first of each month where their phase is due, an eligible, alive resident who is not up to
// date is invited and screened with probability
//   uptake(programme) x screening_mult_no_car (cannot drive) x screening_mult_low_literacy
//   x truck_awareness_mult (breast only, if reached by an earlier truck passage), capped at 1.
// A truck passage is a dated event in one QPV: eligible women (breast) not up to date are
// reached with probability `reach`; if the passage offers mammography, a reached woman is
// screened with probability `conversion` until the passage's capacity is used up; otherwise
// she becomes aware, which raises her next breast invitation's uptake.
// Parameters: screening_uptake_*, screening_mult_no_car, screening_mult_low_literacy,
// low_health_literacy_share, truck_awareness_mult (parameters.cpp); the truck's knobs come
// from the scenario's screening_truck interventions. Sources: INCa programme rules; CPAM du
// Hainaut 2023 participation; HLS-EU (literacy); Vang et al. 2018 and Département du Nord 2025
// (truck). Details and assumptions: docs/model/screening.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/partition.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

struct RunPlan;

/// Event kinds of this process (range 100-199, see EventRange).
enum class ScreeningEvent : std::uint16_t {
  truck_passage = 100  ///< subject = index of the passage in the QPV's schedule
};

/// One passage of a screening truck.
struct TruckPassage {
  Date date;
  std::string qpv_code;      ///< the QPV it visits (in or next to it)
  std::size_t intervention;  ///< index of the intervention in the scenario
  bool mammography;          ///< mammography offered (else awareness only)
};

/// Every passage of one truck intervention over the run, in date order, with the QPV it visits.
/// With passages_per_year: n = round(passages_per_year x qpv_share) passages in every calendar
/// year from the run start's year to the end's (nearest integer, halves rounded up), at the
/// middle of n equal slices of the year (day floor((j + 0.5) x days_in_year / n) after 1 January,
/// j = 0..n-1); passages outside [plan.start, plan.end] are dropped, so a partial year gets its
/// share. With explicit `dates`: one passage per date in the horizon (the list is the schedule
/// of QPV passages; qpv_share is not applied). Either way passages go to the targeted QPVs in
/// turn, in territory order, continuing across years. Empty if no QPV of the territory is
/// targeted. mammography = mode is mammography and date >= mammography_from.
std::vector<TruckPassage> truck_schedule(const ScreeningTruck& truck,
                                         std::size_t intervention_index, const Territory& territory,
                                         const RunPlan& plan);

/// The screening process of one partition. Keeps its own per-person state (invitation phases)
/// in vectors indexed by person row, grown in init() and add_person().
class Screening {
 public:
  /// Reads the parameters and computes this QPV's truck passages from the screening_truck
  /// interventions in part.interventions.
  explicit Screening(const Partition& part);

  /// At t0 (the warm-up start): draws each person's low health literacy (15+) and invitation
  /// phases, sets each eligible person's last screening to its steady state (see
  /// screening.md), and pushes the truck passages on part.queue (09:00 on their date).
  /// `people`: the process's per-person streams; `schedule` is not used here.
  void init(Partition& part, Time t0, AgentStreams& people, Rng& schedule);
  /// For a person appended to the population after init (birth or newcomer): literacy and
  /// phases, and a screening history drawn as at init (newcomers were invited where they lived
  /// before; newborns are eligible for nothing); not aware of the truck.
  void add_person(Partition& part, std::uint32_t person, Time now, AgentStreams& people);
  /// On the first day of a month (`now`): invites the eligible residents whose phase is due
  /// and who are not up to date; counts screenings in part.flows.
  void monthly(Partition& part, Time now, AgentStreams& people);
  /// A truck passage (ScreeningEvent::truck_passage). Visits the candidates in a random order
  /// drawn from `schedule`; per-person draws come from `people`. Adds the passage's cost to
  /// Lever::screening_truck in its year.
  void handle(Partition& part, const engine::Event& e, AgentStreams& people, Rng& schedule);

  /// Invitation uptake of `person` for `prog` now (the probability of being screened if
  /// invited), in [0, 1].
  double uptake(const Population& pop, std::uint32_t person, Programme prog) const;
  /// Number of truck passages in this QPV over the run.
  std::size_t passages() const { return passages_.size(); }

 private:
  /// Sets the person's screening dates to the steady state of the invitation rule at month m0.
  void draw_history(Population& pop, std::uint32_t person, int m0, AgentStreams& people);
  /// Months between the invitation months a programme can have: a divisor of each of its
  /// cycles (breast and colorectal 24 months; cervical 36 or 60, so 12).
  static constexpr std::array<int, kProgrammes> kBucketMonths = {24, 12, 24};
  static constexpr std::size_t kMaxBucketMonths = 24;
  /// Per programme, the people it may still invite (right sex, not past its ages, resident),
  /// by invitation month modulo kBucketMonths (their phase modulo it). People who no longer
  /// qualify are dropped when their bucket is next visited.
  std::array<std::array<std::vector<std::uint32_t>, kMaxBucketMonths>, kProgrammes> due_;
  /// People too young for a programme for years yet, set aside from their bucket: parked_[k][m]
  /// returns to its bucket in month index first_month_ + m (the same bucket slot).
  std::array<std::vector<std::vector<std::uint32_t>>, kProgrammes> parked_;
  int first_month_ = 0;  ///< month index of init()
  int last_month_ = 0;   ///< month index of the run's end
  struct Passage {
    Time time;
    const ScreeningTruck* truck;
    bool mammography;
    double reach;       ///< the truck's, or the registry's truck_reach
    double conversion;  ///< the truck's, or the registry's truck_conversion
  };
  /// Draws the person's literacy and invitation phases from their own stream, and lists them
  /// for the programmes they may be invited to from month index `month` to the run's end.
  void draw_traits(Population& pop, std::uint32_t person, int month, AgentStreams& people);

  std::array<double, kProgrammes> uptake_{};
  double low_literacy_share_;
  /// Uptake multipliers by the 0/1 condition: [cannot drive, can drive], [literacy not low,
  /// low], [not aware, aware], so that uptake() needs no branch.
  std::array<double, 2> no_car_factor_, literacy_factor_, awareness_factor_;
  std::vector<Passage> passages_;
  /// Invitation phase per person and programme: a month offset in [0, 360), 360 being a
  /// multiple of every cycle (24, 36, 60 months), so phase mod cycle is uniform for each.
  std::vector<std::array<std::uint16_t, kProgrammes>> phase_;
  std::vector<std::uint32_t> candidates_;  ///< scratch buffer of a passage (no allocation)
  Time added_at_ = Time::min();            ///< instant of the last add_person()
  int added_month_ = 0;                    ///< its month index (year * 12 + month - 1)
};

}  // namespace qpv::model
