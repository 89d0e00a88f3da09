#include "sim/model/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <type_traits>

#include "sim/engine/cluster.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/childcare.hpp"
#include "sim/model/demography.hpp"
#include "sim/model/labour_market.hpp"
#include "sim/model/partition.hpp"
#include "sim/model/screening.hpp"
#include "sim/model/synthesis.hpp"
#include "sim/model/transport_aid.hpp"

namespace qpv::model {
namespace {

/// `d` moved by a number of months, the day kept (or the month's last day if shorter).
Date add_months(const Date& d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  const int year = index / 12;
  const int month = index % 12 + 1;
  for (int day = d.day;; --day) {
    try {
      return Date::make(year, month, day);
    } catch (const std::invalid_argument&) {
    }
  }
}

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

}  // namespace

StreamKey stream_key(const RunPlan& plan, std::uint32_t replicate, const Qpv& qpv, Stream s) {
  return StreamKey{plan.seed, replicate, name_key(qpv.code), static_cast<std::uint32_t>(s)};
}

std::vector<Date> recorded_months(const RunPlan& plan) {
  std::vector<Date> months;
  for (Date d{plan.start.year, plan.start.month, 1}; d <= plan.end; d = first_of_next_month(d)) {
    months.push_back(d);
  }
  return months;
}

std::uint64_t RunResults::total_events() const {
  return std::accumulate(events.begin(), events.end(), std::uint64_t{0});
}

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
  const Qpv& qpv = territory.qpvs[q];
  PartitionWork work;
  PhaseTimer synthesis_time(work, Phase::synthesis);
  Synthesized made;
  if (shared) {  // a copy, into the room that births and arrivals need (see kRoom)
    made.pop.persons.reserve(shared->pop.persons.household.capacity());
    made.pop.households.reserve(shared->pop.households.type.capacity());
    made.pop = shared->pop;  // copy-assignment keeps the reserved room
    made.draws = shared->draws;
  } else {
    made = synthesize_partition(territory, q, plan, replicate);
  }
  Population synthesized = std::move(made.pop);
  synthesis_time.stop();
  PhaseTimer init_time(work, Phase::initialisation);

  Partition part{territory,
                 q,
                 qpv,
                 params,
                 plan,
                 replicate,
                 {},
                 std::move(synthesized),
                 {},
                 nullptr,
                 Spending(plan.start.year, plan.end.year)};
  for (std::size_t k = 0; k < interventions.size(); ++k) {
    if (targets(interventions[k], qpv.code)) part.interventions.emplace_back(k, &interventions[k]);
  }
  Population& pop = part.pop;
  std::fill(pop.persons.cohort.begin(), pop.persons.cohort.end(), 1);
  const auto room = static_cast<std::size_t>(kRoom * static_cast<double>(pop.persons.size()));
  auto streams = [&](Stream s) {
    AgentStreams a(stream_key(plan, replicate, qpv, s));
    a.reserve(room);
    return a;
  };
  AgentStreams labour_rng = streams(Stream::labour_market);
  const LabourMarket labour(
      params, std::clamp(qpv.transit_access + params[Param::transit_access_offset], 0.0, 1.0));
  part.queue.reserve(pop.persons.size() + 16);
  // The run ends at midnight after its last day: later events are never taken.
  const Time end = Time::at(plan.end) + Duration::whole_days(1);
  part.queue.set_horizon(end);

  const Date warmup_start = add_months(plan.start, -plan.warmup_months);
  const Time t0 = Time::at(warmup_start);
  labour.init(pop, t0, labour_rng, part.queue);

  AgentStreams demography_people = streams(Stream::demography);
  AgentStreams demography_households = streams(Stream::demography_households);
  Demography demography(part);
  demography.init(part, demography_people, demography_households);

  AgentStreams childcare_rng = streams(Stream::childcare);
  Childcare childcare(part);
  childcare.init(part, childcare_rng);

  // Screening invitations draw from each person's screening stream; truck passages from a
  // separate per-person stream, so that a truck scenario leaves invitation draws paired.
  AgentStreams screening_people = streams(Stream::screening);
  AgentStreams truck_people = streams(Stream::truck_people);
  Rng truck_schedule_rng(stream_key(plan, replicate, qpv, Stream::truck));
  Screening screening(part);
  screening.init(part, t0, screening_people, truck_schedule_rng);

  AgentStreams aid_rng = streams(Stream::transport_aid);
  TransportAidProcess aid(part);
  aid.init(part, t0, aid_rng);
  // Starting or ending licence training changes a job seeker's offer rate at once.
  auto reschedule_learners = [&](Time now) {
    for (std::uint32_t i : aid.training_changed()) {
      if (pop.persons.alive[i] && pop.persons.activity[i] == Activity::job_seeker) {
        labour.reschedule(pop, i, now, labour_rng, part.queue);
      }
    }
  };

  std::uint64_t handled = 0;
  auto advance = [&](Time until) {
    const PhaseTimer timer(work, Phase::events);
    while (!part.queue.empty() && part.queue.top().time < until) {
      work.loop.pending += part.queue.size();
      const engine::Event e = part.queue.pop();
      switch (range_of(e.kind)) {
        case EventRange::labour:
          labour.handle(e, e.time, pop, labour_rng, part.queue, *part.flows);
          break;
        case EventRange::demography:
          demography.handle(part, e, labour);
          break;
        case EventRange::transport_aid:
          aid.handle(part, e, aid_rng);
          reschedule_learners(e.time);
          break;
        case EventRange::screening:
          truck_people.grow(pop.persons.size());
          screening.handle(part, e, truck_people, truck_schedule_rng);
          break;
        default:
          throw std::logic_error("event of an unknown kind " + std::to_string(e.kind));
      }
      ++handled;
    }
  };
  // Monthly steps, in an order that matters: people first join or leave (demography), then
  // crèche places are given, so a month's stocks see both.
  PopulationChanges changes;
  auto monthly = [&](Time now) {
    const PhaseTimer timer(work, Phase::monthly_steps);
    changes.added.clear();
    demography.monthly(part, now, demography_people, demography_households, labour, labour_rng,
                       changes);
    // Newborns have no labour-market event yet, but will need their stream at 15.
    labour_rng.grow(pop.persons.size());
    for (std::uint32_t i : changes.added) {
      childcare.add_child(part, i, now, childcare_rng);
      screening.add_person(part, i, now, screening_people);
    }
    childcare.monthly(part, now);
    aid.monthly(part, now, aid_rng);
    reschedule_learners(now);
    screening.monthly(part, now, screening_people);
  };

  // Month by month from the warm-up start: processes' monthly steps on the first of every
  // month, then the month's stocks if it is a recorded month. Flows go to the month in
  // progress; those of the warm-up are discarded.
  init_time.stop();
  const std::vector<Date> months = recorded_months(plan);
  std::vector<Flows> month_flows(months.size());
  Flows warmup;
  part.flows = &warmup;
  std::size_t next_record = 0;
  std::vector<std::uint8_t> quarter_status;  // status at the last quarter start, per person
  for (Date d{warmup_start.year, warmup_start.month, 1}; Time::at(d) < end;
       d = first_of_next_month(d)) {
    const Time boundary = Time::at(d);
    const auto simulated = static_cast<double>(pop.simulated());
    const Date next = first_of_next_month(d);
    work.person_days +=
        simulated * static_cast<double>(next.days_since_epoch() - d.days_since_epoch());
    if (boundary > t0) {
      advance(boundary);
      monthly(boundary);
    }
    if (next_record < months.size() && d == months[next_record]) {
      const Time at = std::max(boundary, Time::at(plan.start));
      advance(at);
      const PhaseTimer timer(work, Phase::indicators);
      std::int64_t* row = out + next_record * kCounterCount;
      std::fill(row, row + kCounterCount, 0);
      record_stocks(pop, at, row);
      childcare.record(part, at, row);
      // Quarter-to-quarter transitions, from the first quarter start of the recorded run.
      if (d.month % 3 == 1) {
        if (!quarter_status.empty()) record_transitions(pop, quarter_status, row);
        snapshot_quarter(pop, quarter_status);
      }
      part.flows = &month_flows[next_record];
      ++next_record;
    }
  }
  advance(end);
  const PhaseTimer timer(work, Phase::indicators);
  for (std::size_t m = 0; m < months.size(); ++m)
    record_flows(month_flows[m], out + m * kCounterCount);
  for (std::size_t l = 0; l < kLevers; ++l) {
    std::copy(part.spending.cents[l].begin(), part.spending.cents[l].end(),
              out_spending + l * part.spending.cents[l].size());
  }
  work.loop.events = handled;
  work.loop.pushes = part.queue.pushed();
  work.loop.subjects = pop.persons.size();
  work.loop.draws = made.draws + truck_schedule_rng.draws();
  for (const AgentStreams* s : {&labour_rng, &demography_people, &demography_households,
                                &childcare_rng, &screening_people, &truck_people, &aid_rng})
    work.loop.draws += s->draws();
  return work;
}

namespace {

/// The results arrays of one scenario, sized for its plan.
RunResults empty_results(const Territory& territory, const Parameters& params,
                         const RunPlan& plan) {
  RunResults r;
  r.months = recorded_months(plan);
  r.replicates = plan.replicates;
  const auto n_qpv = static_cast<std::uint32_t>(territory.qpvs.size());
  r.partitions = n_qpv + 1;
  r.counters.assign(std::size_t{r.replicates} * r.partitions * r.months.size() * kCounterCount, 0);
  r.events.assign(std::size_t{r.replicates} * n_qpv, 0);
  r.work.assign(std::size_t{r.replicates} * n_qpv, {});
  r.first_year = plan.start.year;
  r.years = static_cast<std::size_t>(plan.end.year - plan.start.year + 1);
  r.spending.assign(std::size_t{r.replicates} * r.partitions * kLevers * r.years, 0);
  if (!plan.replicate_parameters.empty() && plan.replicate_parameters.size() != plan.replicates)
    throw std::invalid_argument("run: replicate_parameters must have one entry per replicate");
  r.particle = plan.replicate_particle;
  r.particle.resize(plan.replicates, -1);
  r.parameter_source = plan.parameter_source;
  r.parameter_source.resize(kParamCount, ParamSource::registry);
  for (std::uint32_t rep = 0; rep < plan.replicates; ++rep) {
    const Parameters& p =
        plan.replicate_parameters.empty() ? params : plan.replicate_parameters[rep];
    for (const ParamSpec& spec : param_specs()) r.parameter_values.push_back(p[spec.id]);
  }
  return r;
}

/// What synthesis reads from a QPV: two scenarios whose QPVs agree on it get the same
/// synthetic population for the same replicate.
bool same_synthesis(const Qpv& a, const Qpv& b) {
  return a.code == b.code && a.population == b.population && a.creche_places == b.creche_places &&
         a.marginals == b.marginals;
}

/// The rows of every rank merged, then the total partition: counters summed over QPVs in a
/// fixed order (integers: exact).
void finish_results(RunResults& r, engine::Cluster& cluster) {
  static_assert(std::is_trivially_copyable_v<PartitionWork> && sizeof(PartitionWork) % 8 == 0);
  cluster.merge(r.counters.data(), r.counters.size());
  cluster.merge(r.spending.data(), r.spending.size());
  cluster.merge(r.events.data(), r.events.size());
  cluster.merge(r.work.data(), r.work.size() * sizeof(PartitionWork) / 8);
  const std::uint32_t n_qpv = r.partitions - 1;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    std::int64_t* total = r.counters.data() + r.offset(rep, n_qpv, 0);
    for (std::uint32_t q = 0; q < n_qpv; ++q) {
      const std::int64_t* part = r.counters.data() + r.offset(rep, q, 0);
      for (std::size_t k = 0; k < r.months.size() * kCounterCount; ++k) total[k] += part[k];
      const std::size_t sp = r.spending_offset(rep, q), st = r.spending_offset(rep, n_qpv);
      for (std::size_t k = 0; k < kLevers * r.years; ++k) r.spending[st + k] += r.spending[sp + k];
    }
  }
}

}  // namespace

RunResults run(const Territory& territory, const Parameters& params, const RunPlan& plan,
               const std::vector<Intervention>& interventions, const engine::ProgressFn& progress,
               const std::atomic<bool>* cancel) {
  return std::move(
      run_paired({ScenarioInput{&territory, &params, plan, &interventions}}, progress, cancel)
          .front());
}

std::vector<RunResults> run_paired(const std::vector<ScenarioInput>& scenarios,
                                   const engine::ProgressFn& progress,
                                   const std::atomic<bool>* cancel) {
  const auto start = std::chrono::steady_clock::now();
  if (scenarios.empty()) return {};
  const ScenarioInput& first = scenarios.front();
  const RunPlan& plan = first.plan;
  const auto n_qpv = static_cast<std::uint32_t>(first.territory->qpvs.size());
  std::vector<RunResults> results;
  // shares[k][q]: scenario k's QPV q gets the first scenario's population of that QPV.
  std::vector<std::vector<std::uint8_t>> shares(scenarios.size());
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    const ScenarioInput& s = scenarios[k];
    if (s.plan.replicates != plan.replicates || s.plan.threads != plan.threads ||
        s.territory->qpvs.size() != n_qpv) {
      throw std::invalid_argument("run_paired: scenarios differ in replicates, threads or QPVs");
    }
    results.push_back(empty_results(*s.territory, *s.params, s.plan));
    const bool same_draws = s.plan.seed == plan.seed && s.plan.start == plan.start;
    shares[k].resize(n_qpv);
    for (std::uint32_t q = 0; q < n_qpv; ++q) {
      shares[k][q] =
          k > 0 && same_draws && same_synthesis(s.territory->qpvs[q], first.territory->qpvs[q]);
    }
  }

  const engine::TaskRunner runner(plan.threads);
  const std::size_t units = scenarios.size();
  engine::ProgressFn per_unit;
  if (progress)
    per_unit = [&](std::size_t done, std::size_t total) { progress(done * units, total * units); };
  // With an MPI job, replicates go to the ranks in chunks of one per thread, as they ask; each
  // rank fills its replicates' rows only and merge() copies every row from the rank that
  // computed it (engine/cluster.hpp). Alone, one chunk holds every replicate.
  engine::Cluster& cluster = engine::Cluster::get();
  cluster.share(
      plan.replicates, static_cast<std::size_t>(runner.threads()),
      [&](std::size_t chunk_first, std::size_t count) {
        runner.run(
            static_cast<std::uint32_t>(count), n_qpv,
            [&](engine::TaskKey key) {
              const auto rep = static_cast<std::uint32_t>(chunk_first + key.replicate);
              const std::uint32_t q = key.partition;
              const std::size_t task = std::size_t{rep} * n_qpv + q;
              // The first scenario's population, kept for the scenarios that share it (a copy
              // each: a scenario changes its population as it runs).
              Synthesized kept;
              bool keep = false;
              for (std::size_t k = 1; k < scenarios.size(); ++k) keep = keep || shares[k][q];
              for (std::size_t k = 0; k < scenarios.size(); ++k) {
                const ScenarioInput& s = scenarios[k];
                RunResults& r = results[k];
                const Parameters& p = s.plan.replicate_parameters.empty()
                                          ? *s.params
                                          : s.plan.replicate_parameters[rep];
                const Synthesized* shared = nullptr;
                double synthesis_seconds = 0;  // the kept population's, counted in scenario 0
                if (k == 0 && keep) {
                  const auto t0 = std::chrono::steady_clock::now();
                  kept = synthesize_partition(*s.territory, q, s.plan, rep);
                  synthesis_seconds =
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                  shared = &kept;
                } else if (shares[k][q]) {
                  shared = &kept;
                }
                r.work[task] = simulate_partition(
                    *s.territory, q, p, s.plan, rep, r.counters.data() + r.offset(rep, q, 0),
                    r.spending.data() + r.spending_offset(rep, q), *s.interventions, shared);
                r.work[task].seconds[static_cast<std::size_t>(Phase::synthesis)] +=
                    synthesis_seconds;
                r.events[task] = r.work[task].loop.events;
              }
            },
            cluster.distributed() ? engine::ProgressFn{} : per_unit, cancel);
      });
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (RunResults& r : results) {
    finish_results(r, cluster);
    r.wall_seconds = wall;
  }
  return results;
}

}  // namespace qpv::model
