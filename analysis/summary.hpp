// The tables `qpvsim run` and `qpvsim compare` print: replicate distributions as mean and 90 %
// interval (analysis/stats.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/stats.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/territory.hpp"

namespace qpv::analysis {

/// The table `qpvsim run` prints: every indicator for all QPVs together, at the first month,
/// January 2027 (the mid-term review) and the last month, as mean [5 %, 95 %]; then each
/// lever's spending per year beside the yearly budgets its interventions set (cents, by lever;
/// 0 = none set; programmes limited by places only have no budget).
std::string summary_table(const model::RunResults& results,
                          const std::array<std::int64_t, model::kLevers>& planned = {});

struct Comparison;
/// The table `qpvsim compare` prints: for each alternative, its key indicators' paired
/// difference with the baseline in the last year (all QPVs, mean [5 %, 95 %], and in how many
/// replicates it does better), its spending per year and its cost per result.
std::string comparison_table(const Comparison& c);

/// For each alternative's first key indicator (all QPVs, last year): the 90 % interval of its
/// paired difference under `full` and under `calibrated` (the same comparison run under
/// uncertainty "full" and "calibrated"), and the ratio of their widths: how much the assumed
/// mechanisms' uncertainty widens what the random futures and the calibrated parameters give.
std::string width_ratio_table(const Comparison& full, const Comparison& calibrated);

}  // namespace qpv::analysis
