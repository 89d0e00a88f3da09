// Running a scenario: one discrete-event simulation per (replicate, QPV) partition, all run in
// parallel by the engine's TaskRunner, each writing only its own slice of the results.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"
#include "sim/core/time.hpp"
#include "sim/engine/bare_loop.hpp"
#include "sim/engine/task_runner.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/partition.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

/// Random stream per process: the `process` field of StreamKey. The ids are those of the one
/// registry, sim/core/stream_ids.hpp (never renumbered).
enum class Stream : std::uint32_t {
  synthesis = stream_id::synthesis,
  labour_market = stream_id::labour_market,
  screening = stream_id::screening,
  truck = stream_id::truck,
  transport_aid = stream_id::transport_aid,
  demography = stream_id::demography,
  childcare = stream_id::childcare,
  demography_households = stream_id::demography_households,
  truck_people = stream_id::truck_people,
  posterior = stream_id::posterior,   ///< which posterior particle a replicate uses
  parameters = stream_id::parameters  ///< prior draws of a replicate's parameters
};

/// What to run: the validated run settings of a scenario, plus overrides from the command line.
struct RunPlan {
  Date start = Date{2024, 1, 1};
  Date end = Date{2030, 12, 31};  ///< inclusive
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;
  int threads = 0;  ///< 0 = all cores
  /// Months simulated before `start` and discarded, so that 12-month indicators (refusals)
  /// have a full history and initial conditions settle. The population is synthesised with
  /// its ages at `start`.
  int warmup_months = 12;
  /// If not empty (one per replicate): the parameters of each replicate, overriding those given
  /// to run() (draws under uncertainty, model::draw_parameters).
  std::vector<Parameters> replicate_parameters;
  /// The posterior particle each replicate's parameters come from (-1: none), recorded in
  /// results.
  std::vector<std::int64_t> replicate_particle;
  /// Where each parameter's values come from (by registry order; empty: all from the
  /// parameters given to run()), recorded in results.
  std::vector<ParamSource> parameter_source;
};

/// The key of a random stream. Partitions are keyed by a hash of the QPV's code, not its row
/// in qpv.csv, so reordering or adding QPVs leaves every other QPV's results unchanged.
StreamKey stream_key(const RunPlan& plan, std::uint32_t replicate, const Qpv& qpv, Stream s);

/// First day of every recorded month, from start's month to end's month.
std::vector<Date> recorded_months(const RunPlan& plan);

/// The steps of a partition's run, timed for benchmarks.
enum class Phase : std::uint8_t { synthesis, initialisation, events, monthly_steps, indicators };
inline constexpr std::size_t kPhases = 5;

/// What one partition's run did, for benchmarks (not written to results files).
struct PartitionWork {
  engine::LoopWork loop;   ///< events, pushes, random draws, pending events
  double person_days = 0;  ///< days simulated times the people simulated, warm-up included
  std::array<double, kPhases> seconds{};  ///< wall time per Phase
};

/// Counters per [replicate][partition][month][counter]; partition == territory size is the sum
/// over all QPVs.
struct RunResults {
  std::vector<Date> months;
  std::uint32_t replicates = 0;
  std::uint32_t partitions = 0;  ///< QPVs + 1 (the total)
  std::vector<std::int64_t> counters;
  std::vector<std::uint64_t> events;  ///< events handled per [replicate][qpv]
  std::vector<PartitionWork> work;    ///< per [replicate][qpv], for benchmarks
  /// The posterior particle of each replicate (-1: the scenario's own parameters).
  std::vector<std::int64_t> particle;
  /// Each replicate's parameter values [replicate][parameter, registry order], and where each
  /// parameter's values come from.
  std::vector<double> parameter_values;
  std::vector<ParamSource> parameter_source;
  int first_year = 0;  ///< calendar year of spending index 0
  std::size_t years = 0;
  /// Spending in cents per [replicate][partition][lever][year] (in Lever order,
  /// sim/model/levers.hpp).
  std::vector<std::int64_t> spending;
  double wall_seconds = 0;  ///< wall time of the run (for run_paired: of all its scenarios)

  std::size_t offset(std::uint32_t r, std::uint32_t q, std::size_t m) const {
    return ((std::size_t{r} * partitions + q) * months.size() + m) * kCounterCount;
  }
  const std::int64_t* row(std::uint32_t r, std::uint32_t q, std::size_t m) const {
    return counters.data() + offset(r, q, m);
  }
  double indicator(const IndicatorSpec& s, std::uint32_t r, std::uint32_t q, std::size_t m) const {
    return indicator_value(s, row(r, q, m));
  }
  std::uint64_t total_events() const;
  std::size_t spending_offset(std::uint32_t r, std::uint32_t q) const {
    return (std::size_t{r} * partitions + q) * kLevers * years;
  }
  std::int64_t spent(std::uint32_t r, std::uint32_t q, std::size_t lever, std::size_t year) const {
    return spending[spending_offset(r, q) + lever * years + year];
  }
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

/// Runs every replicate of every QPV. Bit-identical for any thread count.
RunResults run(const Territory& territory, const Parameters& params, const RunPlan& plan,
               const std::vector<Intervention>& interventions = {},
               const engine::ProgressFn& progress = {}, const std::atomic<bool>* cancel = nullptr);

/// One scenario of a paired run (run_paired).
struct ScenarioInput {
  const Territory* territory = nullptr;
  const Parameters* params = nullptr;
  RunPlan plan;
  const std::vector<Intervention>* interventions = nullptr;
};
/// Runs scenarios that share their seed, replicates and dates (a comparison): each (replicate,
/// QPV) task synthesises the population once and simulates every scenario from a copy, where
/// the scenarios' QPV data agree (synthesis depends on nothing else); a scenario whose QPV
/// differs synthesises its own. The results are bit-identical to run() on each scenario alone,
/// for any thread count. `progress` counts (scenario, replicate, QPV) units.
std::vector<RunResults> run_paired(const std::vector<ScenarioInput>& scenarios,
                                   const engine::ProgressFn& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace qpv::model
