// Transport aid (DESIGN.md §4, process 2 "Mobility", and the `transport_aid` intervention).
//
// What it models: programmes that change a resident's mobility state, never their outcome. A
// transit pass pays the fares of someone for whom they are a barrier (transit_pass); driving-
// licence funding puts a person without a licence through training, after which they may pass
// the test (licence); a solidarity car rental gives a licence holder without a household car a
// car for a few months (car_rental). Jobs follow, or not, from the labour market's mobility
// barrier; the lock-in of licence training (fewer offers while learning) is applied by the
// labour market through in_licence_training.
// Each programme (one `[[intervention]]` of kind transport_aid) runs from its start to its end
// date with its eligibility criteria, take-up, places (beneficiaries at a time) and/or yearly
// budget; a QPV gets a share of both in proportion to its population. On the first of every
// month: aids that ended are closed, monthly costs charged, then eligible people are offered
// the aid in random order while places and budget remain.
// Parameters (registry): licence_training_months, licence_pass_probability, transit_pass_months,
// car_rental_months. Sources: Le Gallo, L'Horty & Petit (2017), "10 000 permis pour réussir"
// (RCT, France: licence funding of about 1,000 EUR, weak effect on jobs, lock-in while
// learning); Phillips (2014) and Franklin (2018) for transit subsidies. See
// docs/model/transport_aid.md.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/partition.hpp"
#include "sim/model/population.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

/// Event kinds of the transport-aid process (range 200-299, see EventRange).
enum class AidEvent : std::uint16_t {
  /// End of a funded licence training: the learner takes the test.
  licence_test = 200
};

/// Splits a whole number (places, or a budget in cents) between the QPVs a programme targets,
/// in proportion to their populations: floors, then the remaining units one each to the largest
/// remainders (ties: territory order). The parts sum exactly to `total`. Returns one entry per
/// QPV of the territory (0 for QPVs not targeted); an empty selection targets every QPV.
/// @throws std::invalid_argument if `total` < 0, a code is unknown, or the targeted QPVs have
///         no population.
std::vector<std::int64_t> split_by_population(std::int64_t total, const QpvSelection& targeted,
                                              const Territory& territory);

/// True if `person` may be offered `programme`'s aid at `now`: an alive resident aged 18 or
/// more, with no aid in progress, who matches at least one of the listed criteria (job_seekers:
/// a job seeker; youth: 18-25 and not employed; long_term_unemployed: searching for 12 months
/// or more) and for whom the aid is useful (transit pass: fares unaffordable; driving licence:
/// no licence; car rental: a licence but no household car). It does not cover the programme's
/// window, places, budget, or the 12-month wait after declining: TransportAidProcess does.
bool aid_eligible(const Population& pop, std::uint32_t person, const TransportAid& programme,
                  Time now);

/// The transport-aid process of one partition: every transport_aid intervention that targets
/// its QPV. (Named TransportAidProcess because `TransportAid` is already the intervention's
/// settings struct in interventions.hpp.)
class TransportAidProcess {
 public:
  /// No limit on places or budget (a programme may give only one of them).
  static constexpr std::int64_t kUnlimited = INT64_MAX;

  /// One programme as this QPV runs it.
  struct AidProgramme {
    std::int16_t id = -1;  ///< index in the scenario (Persons::aid_programme)
    const TransportAid* settings = nullptr;
    double take_up = 1.0;  ///< the programme's, or the registry's aid_take_up_* for its type
    std::int64_t places = kUnlimited;  ///< this QPV's share: beneficiaries at a time
    std::int64_t budget = kUnlimited;  ///< this QPV's share of the yearly budget, cents
    int first_year = 0;                ///< calendar year of committed[0] (the start's year)
    /// Costs charged or still to come per calendar year (start's year to end's year), cents.
    std::vector<std::int64_t> committed;
    std::vector<std::uint32_t> beneficiaries;  ///< persons holding the aid now (any residence)
    std::vector<Time> declined_until;          ///< per person: not offered again before this
  };

  /// Reads the transport_aid interventions in part.interventions and this QPV's share of their
  /// places and budgets (split_by_population over each programme's targeted QPVs), and the
  /// durations of the aids from part.params.
  explicit TransportAidProcess(const Partition& part);

  /// Before the first event (warm-up start `t0`): sizes the per-person state. No draws.
  void init(Partition& part, Time t0, AgentStreams& people);
  /// On the first day of every month (`now`, 00:00): per programme, closes aids that ended
  /// (or whose holder died or moved out), charges the month's cost of each transit-pass or
  /// car-rental beneficiary to Lever::transport_aid, then enrols if `now` is within the
  /// programme's [start, end]. Draws only from `people` (the process's per-person streams).
  void monthly(Partition& part, Time now, AgentStreams& people);
  /// Handles an event of kind AidEvent::licence_test (the end of a licence training).
  /// @throws std::logic_error for any other kind.
  void handle(Partition& part, const engine::Event& e, AgentStreams& people);

  const std::vector<AidProgramme>& programmes() const { return programmes_; }
  /// Persons who started or ended a licence training in the last monthly() or handle() call.
  /// Their offer rate changed (the lock-in while learning), but the labour market evaluates
  /// rates when it schedules an event: the caller should replace their pending labour event.
  const std::vector<std::uint32_t>& training_changed() const { return training_changed_; }

 private:
  void close_ended(AidProgramme& prog, Partition& part, Time now);
  void enrol(AidProgramme& prog, Partition& part, Time now, AgentStreams& people);
  void start_aid(AidProgramme& prog, std::uint32_t person, Partition& part, Time now,
                 AgentRng& rng);
  /// Monthly cost of the aid's months in each calendar year, for an aid starting in month
  /// `month` (year * 12 + month - 1): (year, cents) pairs.
  std::vector<std::pair<int, std::int64_t>> costs_by_year(const AidProgramme& prog,
                                                          int month) const;
  int aid_months(const AidProgramme& prog) const;
  /// Month index (year * 12 + month - 1) after which a programme's aids stop.
  static int stop_month(const AidProgramme& prog);

  std::vector<AidProgramme> programmes_;
  int transit_pass_months_;
  int car_rental_months_;
  double licence_rate_per_day_;  // 1 / mean training time
  double licence_pass_probability_;
  std::vector<std::pair<double, std::uint32_t>> candidates_;  // reused each month
  std::vector<std::uint32_t> rows_;                           // rows that may be eligible
  std::vector<std::uint32_t> training_changed_;
};

}  // namespace qpv::model
