// What to run: the dates, replicates, seed and per-replicate parameters of a run (RunPlan), and
// the keys of its random streams. How to run it is engine::Execution (sim/engine/execution.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/stream_ids.hpp"
#include "sim/core/time.hpp"
#include "sim/model/parameters.hpp"
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
/// How to run it (threads, MPI ranks, progress, cancellation) is engine::Execution.
struct RunPlan {
  Date start = Date{2024, 1, 1};
  Date end = Date{2030, 12, 31};  ///< inclusive
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;
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

}  // namespace qpv::model
