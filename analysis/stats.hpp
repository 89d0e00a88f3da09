// The distribution of a quantity over replicates: mean, quantiles and, for a paired difference,
// the share of replicates in which it is better. Every report, table and page describes
// replicate distributions with this one type.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/model/indicators.hpp"

namespace qpv::analysis {

/// The distribution of a quantity over replicates (NaN values ignored).
struct Distribution {
  double mean = 0, q05 = 0, q50 = 0, q95 = 0;
  /// Share of replicates in which the quantity (a difference alt - base) is better for
  /// residents: > 0 for Better::higher, < 0 for Better::lower; NaN for Better::neither or
  /// a level rather than a difference.
  double share_better = 0;
  std::size_t n = 0;  ///< replicates with a value
};
/// Mean, quantiles (type 7) and, for a difference, the share that is better.
Distribution distribution(std::vector<double> values,
                          model::Better better = model::Better::neither);

/// The standard error of the mean of `values` (sample standard deviation / sqrt(n)); 0 for
/// fewer than two values.
double standard_error(const std::vector<double>& values);

/// The p-quantile (0 <= p <= 1) of sorted values: linear interpolation between order
/// statistics ("type 7"); NaN if there are none.
double quantile_sorted(const std::vector<double>& sorted, double p);

}  // namespace qpv::analysis
