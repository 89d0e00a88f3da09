// The state of one (replicate, QPV) simulation, shared by its processes.
//
// The processes (labour market, demography, childcare, transport aid, screening) are plain
// classes, wired and called directly by PartitionRun (sim/model/partition_run.cpp): no
// virtual call per event. They share a pattern, not a signature: each has an `init` before the
// first event (the warm-up start), most a `monthly` step on the first day of every month, before
// the indicators, and those with events a `handle` for the event kinds of their own range (see
// EventRange); their arguments differ (the streams they draw from, the population or the whole
// partition). Each draws random numbers only from its own streams, so that adding a process
// never shifts another's draws.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/core/money.hpp"
#include "sim/core/rng.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/labour_market.hpp"
#include "sim/model/levers.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/population.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

struct RunPlan;

/// Event kinds are split in ranges, one per process: kind / 100 says which process handles it.
enum class EventRange : std::uint16_t {
  labour = 0,         // 1-99: LabourEvent
  screening = 1,      // 100-199
  transport_aid = 2,  // 200-299
  demography = 3,     // 300-399
  childcare = 4,      // 400-499
};
constexpr EventRange range_of(std::uint16_t kind) {
  return static_cast<EventRange>(kind / 100);
}

/// Money spent per lever and calendar year of the run, in cents.
struct Spending {
  int first_year = 0;
  std::array<std::vector<std::int64_t>, kLevers> cents;  ///< [lever][year - first_year]

  Spending(int first, int last) : first_year(first) {
    for (auto& v : cents) v.assign(static_cast<std::size_t>(last - first + 1), 0);
  }
  /// Adds `units` x `unit` to `lever` in `year`; spending outside the run's years is not
  /// recorded. @throws SpendingOverflow if the year's spending leaves the range of cents.
  void add(Lever lever, int year, Cents unit, std::int64_t units = 1) {
    auto& v = cents[static_cast<std::size_t>(lever)];
    const int i = year - first_year;
    if (i < 0 || i >= static_cast<int>(v.size())) return;
    std::int64_t& total = v[static_cast<std::size_t>(i)];
    std::int64_t amount = 0;
    if (__builtin_mul_overflow(unit.count(), units, &amount) ||
        __builtin_add_overflow(total, amount, &total))
      throw SpendingOverflow(lever, year);
  }
};

struct Partition {
  const Territory& territory;
  std::uint32_t qpv_index;  ///< row of the QPV in the territory
  const Qpv& qpv;
  const Parameters& params;
  const RunPlan& plan;
  std::uint32_t replicate;
  /// The scenario's interventions that apply to this QPV (by index in the scenario).
  std::vector<std::pair<std::size_t, const Intervention*>> interventions;

  Population pop;
  engine::EventQueue queue;
  Flows* flows = nullptr;  ///< the current month's flows (warm-up flows are discarded)
  Spending spending;
};

}  // namespace qpv::model
