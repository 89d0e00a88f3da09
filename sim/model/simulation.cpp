#include "sim/model/simulation.hpp"

#include <chrono>
#include <numeric>

#include "sim/engine/event_queue.hpp"
#include "sim/model/labour_market.hpp"
#include "sim/model/synthesis.hpp"

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

std::uint32_t fnv1a32(std::string_view text) {
  std::uint32_t h = 2166136261U;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619U;
  }
  return h;
}

}  // namespace

StreamKey stream_key(const RunPlan& plan, std::uint32_t replicate, const Qpv& qpv, Stream s) {
  return StreamKey{plan.seed, replicate, fnv1a32(qpv.code), static_cast<std::uint32_t>(s)};
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

std::uint64_t simulate_partition(const Qpv& qpv, const Parameters& params, const RunPlan& plan,
                                 std::uint32_t replicate, std::int64_t* out) {
  Rng synthesis_rng(stream_key(plan, replicate, qpv, Stream::synthesis));
  AgentStreams labour_rng(stream_key(plan, replicate, qpv, Stream::labour_market));

  Population pop = synthesize(qpv, plan.start, synthesis_rng);
  const LabourMarket labour(params, qpv.transit_access);
  engine::EventQueue queue;
  queue.reserve(pop.persons.size() + 16);

  const Time t0 = Time::at(add_months(plan.start, -plan.warmup_months));
  labour.init(pop, t0, labour_rng, queue);

  std::uint64_t handled = 0;
  auto advance = [&](Time until, Flows& flows) {
    while (!queue.empty() && queue.top().time < until) {
      const engine::Event e = queue.pop();
      labour.handle(e, e.time, pop, labour_rng, queue, flows);
      ++handled;
    }
  };

  const std::vector<Date> months = recorded_months(plan);
  const Time end = Time::at(plan.end) + Duration::whole_days(1);
  auto record_time = [&](std::size_t m) {
    return m < months.size() ? std::max(Time::at(months[m]), Time::at(plan.start)) : end;
  };
  Flows warmup;
  advance(record_time(0), warmup);
  for (std::size_t m = 0; m < months.size(); ++m) {
    std::int64_t* row = out + m * kCounterCount;
    std::fill(row, row + kCounterCount, 0);
    record_stocks(pop, record_time(m), row);
    Flows flows;
    advance(record_time(m + 1), flows);
    record_flows(flows, row);
  }
  return handled;
}

RunResults run(const Territory& territory, const Parameters& params, const RunPlan& plan,
               const engine::ProgressFn& progress, const std::atomic<bool>* cancel) {
  const auto start = std::chrono::steady_clock::now();
  RunResults r;
  r.months = recorded_months(plan);
  r.replicates = plan.replicates;
  const auto n_qpv = static_cast<std::uint32_t>(territory.qpvs.size());
  r.partitions = n_qpv + 1;
  r.counters.assign(std::size_t{r.replicates} * r.partitions * r.months.size() * kCounterCount, 0);
  r.events.assign(std::size_t{r.replicates} * n_qpv, 0);

  const engine::TaskRunner runner(plan.threads);
  runner.run(
      plan.replicates, n_qpv,
      [&](engine::TaskKey key) {
        r.events[std::size_t{key.replicate} * n_qpv + key.partition] =
            simulate_partition(territory.qpvs[key.partition], params, plan, key.replicate,
                               r.counters.data() + r.offset(key.replicate, key.partition, 0));
      },
      progress, cancel);

  // The total partition: counters summed over QPVs in a fixed order (integers: exact).
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    std::int64_t* total = r.counters.data() + r.offset(rep, n_qpv, 0);
    for (std::uint32_t q = 0; q < n_qpv; ++q) {
      const std::int64_t* part = r.counters.data() + r.offset(rep, q, 0);
      for (std::size_t k = 0; k < r.months.size() * kCounterCount; ++k) total[k] += part[k];
    }
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace qpv::model
