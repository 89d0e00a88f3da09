// Comparison results files (DESIGN.md §6): every scenario's tree, the paired differences
// against the baseline with their summaries, and the cost of each result.
//
//   /meta                         kind = "comparison", baseline, seed, replicates, start, end,
//                                 version, commit; datasets scenarios (ids), scenario_names
//   /territory/code, /territory/name, /time/month, /time/year
//   /scenarios/<id>/...           the tree of a run file (io::write_run), one per scenario
//   /scenarios/<id>/summary/<indicator>/{mean,q05,q50,q95}        [qpv][month], over replicates
//   /differences/<id>/<indicator>/paired                         [replicate][qpv][month]
//   /differences/<id>/<indicator>/{mean,q05,q50,q95,share_better} [qpv][month]
//   /cost_effectiveness/<id>/<effect>/{euros_per_unit,q05,q95,extra_cost_*,extra_effect_*} [qpv]
//
// The report and the CSV export are computed again from the counters when a file is read, so
// the summaries stored here are for readers of the file (h5py, h5dump), not an input.
#pragma once

#include <string>

#include "analysis/comparison.hpp"
#include "sim/io/result_sink.hpp"

namespace qpv::analysis {

/// Writes the whole comparison through `sink` (does not commit). The summaries are computed
/// on `threads` threads (0: all cores); the file is the same for any number.
void write_comparison(const Comparison& c, io::ResultSink& sink, int threads = 0);
/// Writes the comparison to `path` atomically: nothing appears at `path` unless complete.
void write_comparison_file(const Comparison& c, const std::string& path, int threads = 0);

/// Reads a comparison file, or a run file (qpvsim run) as a comparison of one scenario.
/// @throws InputError naming the file if it is not a qpvsim results file.
Comparison read_comparison_file(const std::string& path);

}  // namespace qpv::analysis
