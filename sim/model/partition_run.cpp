#include "sim/model/partition_run.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "sim/engine/event_queue.hpp"
#include "sim/model/childcare.hpp"
#include "sim/model/demography.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/labour_market.hpp"
#include "sim/model/partition.hpp"
#include "sim/model/screening.hpp"
#include "sim/model/synthesis.hpp"
#include "sim/model/transport_aid.hpp"

namespace qpv::model {
namespace {

/// Room for the rows that births and arrivals add (over 2024-2030 the rows grow to about 1.7
/// times the start's), so that columns and streams are not copied to new memory as they grow.
constexpr double kRoom = 2.0;

/// Adds the wall time from its construction to its destruction (or stop()) to one phase of a
/// partition's work, for benchmarks: two clock reads per timed step, a few hundred per run.
class PhaseTimer {
 public:
  PhaseTimer(PartitionWork& work, Phase phase)
      : into_(work.seconds[static_cast<std::size_t>(phase)]) {}
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;
  ~PhaseTimer() { stop(); }
  void stop() {
    if (running_) into_ += std::chrono::duration<double>(Clock::now() - start_).count();
    running_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  double& into_;
  Clock::time_point start_ = Clock::now();
  bool running_ = true;
};

/// The scenario's interventions that apply to `qpv`, with their index in the scenario.
std::vector<std::pair<std::size_t, const Intervention*>> interventions_in(
    const std::vector<Intervention>& interventions, const Qpv& qpv) {
  std::vector<std::pair<std::size_t, const Intervention*>> in;
  for (std::size_t k = 0; k < interventions.size(); ++k)
    if (targets(interventions[k], qpv.code)) in.emplace_back(k, &interventions[k]);
  return in;
}

/// The population a partition starts from: synthesised, or a copy of `shared` into the room
/// that births and arrivals need (see kRoom).
Synthesized starting_population(const Territory& territory, std::uint32_t q, const RunPlan& plan,
                                std::uint32_t replicate, const Synthesized* shared) {
  if (!shared) return synthesize_partition(territory, q, plan, replicate);
  Synthesized made;
  made.pop.persons.reserve(shared->pop.persons.household.capacity());
  made.pop.households.reserve(shared->pop.households.type.capacity());
  made.pop = shared->pop;  // copy-assignment keeps the reserved room
  made.draws = shared->draws;
  return made;
}

/// One partition's processes wired to their random streams, and the month loop that steps
/// them. The processes are plain classes called directly (no virtual call per event); each
/// draws only from its own streams, so adding a process never shifts another's draws.
class PartitionRun {
 public:
  PartitionRun(const Territory& territory, std::uint32_t q, const Parameters& params,
               const RunPlan& plan, std::uint32_t replicate,
               const std::vector<Intervention>& interventions, Population pop)
      : part_{territory,
              q,
              territory.qpvs[q],
              params,
              plan,
              replicate,
              interventions_in(interventions, territory.qpvs[q]),
              std::move(pop),
              {},
              nullptr,
              Spending(plan.start.year, plan.end.year)},
        room_(static_cast<std::size_t>(kRoom * static_cast<double>(part_.pop.persons.size()))),
        labour_rng_(streams(Stream::labour_market)),
        demography_people_(streams(Stream::demography)),
        demography_households_(streams(Stream::demography_households)),
        childcare_rng_(streams(Stream::childcare)),
        screening_people_(streams(Stream::screening)),
        truck_people_(streams(Stream::truck_people)),
        aid_rng_(streams(Stream::transport_aid)),
        truck_schedule_rng_(stream_key(plan, replicate, part_.qpv, Stream::truck)),
        labour_(params, std::clamp(part_.qpv.transit_access + params[Param::transit_access_offset],
                                   0.0, 1.0)),
        demography_(part_),
        childcare_(part_),
        screening_(part_),
        aid_(part_),
        warmup_start_(plan.start.plus_months(-plan.warmup_months)),
        t0_(Time::at(warmup_start_)),
        // The run ends at midnight after its last day: later events are never taken.
        end_(Time::at(plan.end) + Duration::whole_days(1)) {}

  /// Before the first event (the warm-up start): every process's initial state and events.
  void init() {
    Population& pop = part_.pop;
    std::fill(pop.persons.cohort.begin(), pop.persons.cohort.end(), 1);
    part_.queue.reserve(pop.persons.size() + 16);
    part_.queue.set_horizon(end_);
    labour_.init(pop, t0_, labour_rng_, part_.queue);
    demography_.init(part_, demography_people_, demography_households_);
    childcare_.init(part_, childcare_rng_);
    // Screening invitations draw from each person's screening stream; truck passages from a
    // separate per-person stream, so that a truck scenario leaves invitation draws paired.
    screening_.init(part_, t0_, screening_people_, truck_schedule_rng_);
    aid_.init(part_, t0_, aid_rng_);
  }

  /// The month loop, the one place that lists a partition's steps in their order: from the
  /// warm-up start, on the first of every month, the events up to it, then the processes'
  /// monthly steps; on a recorded month, the month's stocks. Flows go to the month in
  /// progress; those of the warm-up are discarded. Writes counters to `out` (months x
  /// counters) and spending to `out_spending` (levers x years, cents).
  void run(PartitionWork& work, std::int64_t* out, std::int64_t* out_spending) {
    const std::vector<Date> months = recorded_months(part_.plan);
    std::vector<Flows> month_flows(months.size());
    Flows warmup;
    part_.flows = &warmup;
    std::size_t next_record = 0;
    std::vector<std::uint8_t> quarter_status;  // status at the last quarter start, per person
    for (Date d{warmup_start_.year, warmup_start_.month, 1}; Time::at(d) < end_;
         d = first_of_next_month(d)) {
      const Time boundary = Time::at(d);
      const Date next = first_of_next_month(d);
      work.person_days += static_cast<double>(part_.pop.simulated()) *
                          static_cast<double>(next.days_since_epoch() - d.days_since_epoch());
      if (boundary > t0_) {
        timed(work, Phase::events, [&] { events_until(boundary); });
        timed(work, Phase::monthly_steps, [&] { monthly_steps(boundary); });
      }
      if (next_record < months.size() && d == months[next_record]) {
        const Time at = std::max(boundary, Time::at(part_.plan.start));
        timed(work, Phase::events, [&] { events_until(at); });
        timed(work, Phase::indicators,
              [&] { record_month(d, at, out + next_record * kCounterCount, quarter_status); });
        part_.flows = &month_flows[next_record];
        ++next_record;
      }
    }
    timed(work, Phase::events, [&] { events_until(end_); });
    timed(work, Phase::indicators, [&] { record_totals(month_flows, out, out_spending); });
    count_work(work);
  }

  std::uint64_t draws() const {
    std::uint64_t n = truck_schedule_rng_.draws();
    for (const AgentStreams* s : {&labour_rng_, &demography_people_, &demography_households_,
                                  &childcare_rng_, &screening_people_, &truck_people_, &aid_rng_})
      n += s->draws();
    return n;
  }

 private:
  template <typename Step>
  static void timed(PartitionWork& work, Phase phase, const Step& step) {
    const PhaseTimer timer(work, phase);
    step();
  }

  AgentStreams streams(Stream s) const {
    AgentStreams a(stream_key(part_.plan, part_.replicate, part_.qpv, s));
    a.reserve(room_);
    return a;
  }

  /// Starting or ending licence training changes a job seeker's offer rate at once.
  void reschedule_learners(Time now) {
    const Population& pop = part_.pop;
    for (std::uint32_t i : aid_.training_changed()) {
      if (pop.persons.alive[i] && pop.persons.activity[i] == Activity::job_seeker)
        labour_.reschedule(part_.pop, i, now, labour_rng_, part_.queue);
    }
  }

  /// Handles the events before `until`, each by the process of its kind's range.
  void events_until(Time until) {
    while (!part_.queue.empty() && part_.queue.top().time < until) {
      pending_ += part_.queue.size();
      const engine::Event e = part_.queue.pop();
      switch (range_of(e.kind)) {
        case EventRange::labour:
          labour_.handle(e, e.time, part_.pop, labour_rng_, part_.queue, *part_.flows);
          break;
        case EventRange::demography:
          demography_.handle(part_, e, labour_);
          break;
        case EventRange::transport_aid:
          aid_.handle(part_, e, aid_rng_);
          reschedule_learners(e.time);
          break;
        case EventRange::screening:
          truck_people_.grow(part_.pop.persons.size());
          screening_.handle(part_, e, truck_people_, truck_schedule_rng_);
          break;
        default:
          throw std::logic_error("event of an unknown kind " + std::to_string(e.kind));
      }
      ++handled_;
    }
  }

  /// The monthly steps, in an order that matters: people first join or leave (demography),
  /// then crèche places are given, so a month's stocks see both.
  void monthly_steps(Time now) {
    changes_.added.clear();
    demography_.monthly(part_, now, demography_people_, demography_households_, labour_,
                        labour_rng_, changes_);
    // Newborns have no labour-market event yet, but will need their stream at 15.
    labour_rng_.grow(part_.pop.persons.size());
    for (std::uint32_t i : changes_.added) {
      childcare_.add_child(part_, i, now, childcare_rng_);
      screening_.add_person(part_, i, now, screening_people_);
    }
    childcare_.monthly(part_, now);
    aid_.monthly(part_, now, aid_rng_);
    reschedule_learners(now);
    screening_.monthly(part_, now, screening_people_);
  }

  /// A recorded month's stocks at `at`, and quarter-to-quarter transitions from the first
  /// quarter start of the recorded run.
  void record_month(const Date& d, Time at, std::int64_t* row,
                    std::vector<std::uint8_t>& quarter_status) {
    std::fill(row, row + kCounterCount, 0);
    record_stocks(part_.pop, at, row);
    childcare_.record(part_, at, row);
    if (d.month % 3 == 1) {
      if (!quarter_status.empty()) record_transitions(part_.pop, quarter_status, row);
      snapshot_quarter(part_.pop, quarter_status);
    }
  }

  /// Each month's flows, and the spending per lever and year.
  void record_totals(const std::vector<Flows>& month_flows, std::int64_t* out,
                     std::int64_t* out_spending) const {
    for (std::size_t m = 0; m < month_flows.size(); ++m)
      record_flows(month_flows[m], out + m * kCounterCount);
    for (std::size_t l = 0; l < kLevers; ++l) {
      const auto& cents = part_.spending.cents[l];
      std::copy(cents.begin(), cents.end(), out_spending + l * cents.size());
    }
  }

  void count_work(PartitionWork& work) const {
    work.loop.events = handled_;
    work.loop.pushes = part_.queue.pushed();
    work.loop.subjects = part_.pop.persons.size();
    work.loop.pending = pending_;
  }

  Partition part_;
  std::size_t room_;
  AgentStreams labour_rng_, demography_people_, demography_households_, childcare_rng_,
      screening_people_, truck_people_, aid_rng_;
  Rng truck_schedule_rng_;
  const LabourMarket labour_;
  Demography demography_;
  Childcare childcare_;
  Screening screening_;
  TransportAidProcess aid_;
  Date warmup_start_;
  Time t0_, end_;
  PopulationChanges changes_;
  std::uint64_t handled_ = 0, pending_ = 0;
};

}  // namespace

Synthesized synthesize_partition(const Territory& territory, std::uint32_t q, const RunPlan& plan,
                                 std::uint32_t replicate) {
  const Qpv& qpv = territory.qpvs[q];
  Rng rng(stream_key(plan, replicate, qpv, Stream::synthesis));
  Synthesized s{synthesize(qpv, plan.start, rng, kRoom), 0};
  s.draws = rng.draws();
  return s;
}

PartitionWork simulate_partition(const Territory& territory, std::uint32_t q,
                                 const Parameters& params, const RunPlan& plan,
                                 std::uint32_t replicate, std::int64_t* out,
                                 std::int64_t* out_spending,
                                 const std::vector<Intervention>& interventions,
                                 const Synthesized* shared) {
  PartitionWork work;
  PhaseTimer synthesis_time(work, Phase::synthesis);
  Synthesized start = starting_population(territory, q, plan, replicate, shared);
  synthesis_time.stop();
  PhaseTimer init_time(work, Phase::initialisation);
  PartitionRun partition(territory, q, params, plan, replicate, interventions,
                         std::move(start.pop));
  partition.init();
  init_time.stop();
  partition.run(work, out, out_spending);
  work.loop.draws = start.draws + partition.draws();
  return work;
}

}  // namespace qpv::model
