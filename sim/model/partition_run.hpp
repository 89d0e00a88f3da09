// One (replicate, QPV) partition's run: its population synthesised, its processes wired to
// their random streams, then the months stepped through in one listed order, each step timed.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/engine/bare_loop.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/population.hpp"
#include "sim/model/run_plan.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

/// The steps of a partition's run, in their order, each timed for benchmarks.
enum class Phase : std::uint8_t { synthesis, initialisation, events, monthly_steps, indicators };
inline constexpr std::size_t kPhases = 5;

/// What one partition's run did, for benchmarks (not written to results files).
struct PartitionWork {
  engine::LoopWork loop;   ///< events, pushes, random draws, pending events
  double person_days = 0;  ///< days simulated times the people simulated, warm-up included
  std::array<double, kPhases> seconds{};  ///< wall time per Phase
};

/// A partition's synthetic population on the start date, with the random draws it took.
struct Synthesized {
  Population pop;
  std::uint64_t draws = 0;
};
/// Synthesises the population of QPV q for `replicate` (its own random stream).
Synthesized synthesize_partition(const Territory& territory, std::uint32_t q, const RunPlan& plan,
                                 std::uint32_t replicate);

/// Simulates one partition: writes its counters (months x counters) to `out` and its spending
/// (levers x years, cents) to `out_spending`. Returns the work done. The population is
/// synthesised here, or copied from `synthesized` when given (it must be what
/// synthesize_partition gives for this territory, QPV, plan and replicate).
PartitionWork simulate_partition(const Territory& territory, std::uint32_t q,
                                 const Parameters& params, const RunPlan& plan,
                                 std::uint32_t replicate, std::int64_t* out,
                                 std::int64_t* out_spending,
                                 const std::vector<Intervention>& interventions,
                                 const Synthesized* synthesized = nullptr);

}  // namespace qpv::model
