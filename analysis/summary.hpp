// Summaries of replicate distributions: mean and 90 % interval, and the run summary table.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/model/territory.hpp"

namespace qpv::analysis {

/// Mean and the 5th/95th percentiles (linear interpolation between order statistics,
/// "type 7"). NaN values are ignored; all NaN if nothing is left.
struct Summary {
  double mean;
  double q05;
  double q95;
  std::size_t n;
};
Summary summarise(std::vector<double> values);
/// The p-quantile (0 <= p <= 1) of sorted values, type 7.
double quantile_sorted(const std::vector<double>& sorted, double p);

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
