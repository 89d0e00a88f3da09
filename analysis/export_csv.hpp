// Tidy CSV tables of a comparison (or of a single run) for spreadsheet users: one observation
// per row, every value with its unit, comma-separated, dot decimal point, UTF-8, RFC 4180
// quoting. Files written (each atomically: nothing half-written is left on failure):
//   indicators.csv          scenario, qpv, month, indicator: mean and 5/50/95 % over replicates
//   differences.csv         alternative - baseline, paired by replicate: mean, median, 5 %, 95 %,
//                           share of replicates that do better
//   spending.csv            scenario, qpv, year, lever: euros (mean, 5 %, 95 %), yearly budget
//   cost_effectiveness.csv  alternative, qpv, effect: euros per extra unit, interval, extra
//                           cost and extra effect
//   indicators_by_replicate.csv (only if asked: one row per replicate, large)
#pragma once

#include <string>
#include <vector>

#include "analysis/comparison.hpp"

namespace qpv::analysis {

/// Writes the tables into `dir` (created if missing); returns the paths written.
/// @throws OutputError naming the file if one cannot be written.
std::vector<std::string> export_csv(const Comparison& c, const std::string& dir,
                                    bool with_replicates = false);

/// One CSV field, quoted if it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);
/// A number for CSV: shortest round-trip form, empty for NaN.
std::string csv_number(double v);

}  // namespace qpv::analysis
