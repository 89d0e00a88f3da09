// The one place a scenario becomes a model run, shared by the command line, the benchmarks and
// the workshop server: how this process runs (threads, its MPI job, progress, Ctrl-C), a
// scenario's run, and a comparison's paired runs.
#pragma once

#include <atomic>
#include <vector>

#include "analysis/comparison.hpp"
#include "sim/engine/execution.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::app {

/// Set by Ctrl-C (SIGINT, see cli.cpp): runs of execution() stop at their next task.
std::atomic<bool>& interrupted();

/// How this process runs: on `threads` threads (0 = every core), over the ranks of its MPI
/// job (engine::Cluster::get(), which main joined), reporting to `progress`, stopped by Ctrl-C.
engine::Execution execution(int threads, engine::ProgressFn progress = {});

/// A scenario's run: its plan with each replicate's parameters drawn (io::plan_for).
model::RunResults run_scenario(const io::Scenario& s, const engine::Execution& how);

/// `s` as it runs beside `baseline` in a comparison: with the baseline's run settings (seed,
/// replicates, horizon) and parameter draws (io::draw_as), so that replicate r of both has the
/// same random streams and parameter values.
io::Scenario paired_with(const io::Scenario& baseline, io::Scenario s);

/// The scenarios of a comparison (the first is the baseline) as they run: each paired_with the
/// baseline.
std::vector<io::Scenario> paired(const std::vector<io::Scenario>& scenarios);

/// Runs `scenarios` (the baseline first) paired (model::run_paired: each replicate's
/// population is made once and copied to every scenario) and compares them.
/// `how.progress` counts (scenario, replicate, QPV) tasks over all scenarios.
/// @throws InputError if the scenarios cannot be compared (analysis::check_comparable).
/// @throws Interrupted if `how.cancel` is set.
analysis::Comparison run_comparison(const std::vector<io::Scenario>& scenarios,
                                    const engine::Execution& how = {});

}  // namespace qpv::app
