// Running a scenario: one discrete-event simulation per (replicate, QPV) partition, all run in
// parallel by the engine's TaskRunner, each writing only its own slice of the results.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/engine/execution.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/levers.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/partition_run.hpp"
#include "sim/model/run_plan.hpp"
#include "sim/model/territory.hpp"

namespace qpv::model {

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
  /// The indicator of replicate r and partition q averaged over the months [first, last] (NaN
  /// months skipped; NaN if all are).
  double indicator_mean(const IndicatorSpec& s, std::uint32_t r, std::uint32_t q,
                        std::size_t first, std::size_t last) const;
  std::uint64_t total_events() const;
  std::size_t spending_offset(std::uint32_t r, std::uint32_t q) const {
    return (std::size_t{r} * partitions + q) * kLevers * years;
  }
  std::int64_t spent(std::uint32_t r, std::uint32_t q, std::size_t lever, std::size_t year) const {
    return spending[spending_offset(r, q) + lever * years + year];
  }
};

/// Runs every replicate of every QPV, as `how` says (threads, MPI ranks, progress,
/// cancellation). Bit-identical for any thread or rank count.
RunResults run(const Territory& territory, const Parameters& params, const RunPlan& plan,
               const std::vector<Intervention>& interventions = {},
               const engine::Execution& how = {});

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
/// for any thread or rank count. `how.progress` counts (scenario, replicate, QPV) units.
std::vector<RunResults> run_paired(const std::vector<ScenarioInput>& scenarios,
                                   const engine::Execution& how = {});

}  // namespace qpv::model
