// Every random stream's id, in one place. A stream is keyed by (seed, replicate, partition, id)
// (StreamKey::process, sim/core/rng.hpp): two uses of one id with the same seed would draw the
// same numbers, so each use has its own id, and the check below fails the build if two share
// one. Never renumber: an id's value is part of every result drawn from it. Add new ids with new
// values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace qpv::stream_id {

// The model (model::Stream): one stream per process and partition.
inline constexpr std::uint32_t synthesis = 1;
inline constexpr std::uint32_t labour_market = 2;
inline constexpr std::uint32_t screening = 3;
inline constexpr std::uint32_t truck = 4;
inline constexpr std::uint32_t transport_aid = 5;
inline constexpr std::uint32_t demography = 6;
inline constexpr std::uint32_t childcare = 7;
inline constexpr std::uint32_t demography_households = 8;
inline constexpr std::uint32_t demography_moves = 9;  ///< no longer drawn; kept so it is not reused
inline constexpr std::uint32_t truck_people = 10;
inline constexpr std::uint32_t posterior = 11;   ///< which particle a replicate uses
inline constexpr std::uint32_t parameters = 12;  ///< a replicate's prior draws
// The calibration (calibration/abc_smc.cpp, calibration/posterior.cpp).
inline constexpr std::uint32_t calibration_proposal = 101;
inline constexpr std::uint32_t calibration_simulation_seed = 102;
inline constexpr std::uint32_t calibration_predictive = 103;
inline constexpr std::uint32_t calibration_predictive_seed = 104;
// The sensitivity analysis (analysis/sensitivity.cpp): far from the model's small ids, so that a
// study's seed equal to a model seed still gives other draws.
inline constexpr std::uint32_t gsa_morris_design = 0x47534101;  // "GSA" 1
inline constexpr std::uint32_t gsa_bootstrap = 0x47534102;      // "GSA" 2
/// Draws that never meet a model run's: the loader's trial synthesis (sim/io/scenario.cpp), the
/// bench's synthetic national territory (sim/model/national_scale.cpp) and bare event loop
/// (sim/engine/bare_loop.cpp). Shared by those three, and by no id above.
inline constexpr std::uint32_t outside_runs = 0;

inline constexpr std::array kAll = {synthesis,
                                    labour_market,
                                    screening,
                                    truck,
                                    transport_aid,
                                    demography,
                                    childcare,
                                    demography_households,
                                    demography_moves,
                                    truck_people,
                                    posterior,
                                    parameters,
                                    calibration_proposal,
                                    calibration_simulation_seed,
                                    calibration_predictive,
                                    calibration_predictive_seed,
                                    gsa_morris_design,
                                    gsa_bootstrap,
                                    outside_runs};

constexpr bool all_distinct() {
  for (std::size_t i = 0; i < kAll.size(); ++i)
    for (std::size_t j = i + 1; j < kAll.size(); ++j)
      if (kAll[i] == kAll[j]) return false;
  return true;
}
static_assert(all_distinct(), "two random streams share an id: each use needs its own");

}  // namespace qpv::stream_id
