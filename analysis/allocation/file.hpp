// The allocation results file (HDF5, `qpvsim allocate -o allocation.h5`): every candidate
// evaluated with its allocation in euros per lever, QPV and year, its statistics and
// outcomes, the budget-response curves, the recommendation, its re-evaluation beside the simple
// rules, the frontier, and the provenance (every file read, as given; seeds; version; commit).
//
//   /meta                         attributes kind = "allocation", qpvsim_version, git_commit,
//                                 created_utc, name, seed, replicates, fresh_seed,
//                                 fresh_replicates, envelope_eur_per_year, first_year,
//                                 last_year, targeting, exponent, step, max_evaluations,
//                                 statistic, quantile,
//                                 objective, weights, maximise, no_qpv_worse_off,
//                                 min_eur_per_resident, uncertainty (the baseline's),
//                                 parameters_posterior, parameters_prior (how many each replicate
//                                 draws from each), recommended, model_runs, seconds_*;
//                                 datasets files, texts
//   /objective/outcome, weight, floor             [term]
//   /territory/qpv_code, qpv_name, population
//   /levers/name, label_fr, in_play, unit_cost_eur, min_eur, max_eur, committed_eur,
//           need [lever][qpv]
//   /outcomes/id, label_fr, unit
//   /candidates/phase, label, binding             [candidate]
//   /candidates/statistic, violation, feasible    [candidate]
//   /candidates/eur                               [candidate][lever][qpv][year], euros a year
//   /candidates/capacity, planned_eur             [candidate][lever][qpv]
//   /candidates/spent_eur                         [candidate][lever], simulated, a year
//   /candidates/x                                 [candidate][coordinate] (NaN: not a search point)
//   /candidates/coordinates                       names of x's columns
//   /candidates/outcome_mean, outcome_q05, outcome_q95   [candidate][outcome]
//   /candidates/objective                         [candidate][replicate]
//   /candidates/objective_by_qpv                  [candidate][qpv]
//   /curves/lever, fraction, candidate            [curve][fraction] (candidate: row above)
//   /reevaluation/label, candidate, statistic, probability_better   [row]
//   /reevaluation/objective                       [row][fresh replicate]
//   /reevaluation/outcome_mean, outcome_q05, outcome_q95, spent_eur
//   /pareto/outcomes, epsilon [point][outcome - 1], candidate, found
//   /dependence/parameter, label_fr, correlation, median, candidate_low, candidate_high  [row]
//   /dependence/shares_low, shares_high           [row][lever]: the best split when the
//                                 parameter is low (at most its median) or high
// Every group also holds the coordinate variables of its arrays' axes (candidate, lever, qpv,
// year, outcome, replicate, term, curve, step, point, constraint, row; /pareto/outcomes,
// /candidates/coordinates and /dependence/parameter are their own axes' coordinates), so that
// netCDF-4 readers see named axes (docs/comparison.md); readers that list a group see them too.
// The report reads it back with read_allocation_file (record.hpp).
#pragma once

#include <string>

#include "analysis/allocation/search.hpp"
#include "sim/io/result_sink.hpp"

namespace qpv::analysis::allocation {

/// Writes the coordinate variables of every group's axes (candidate, lever, qpv, year, outcome,
/// replicate...) and attaches each array to them, with units and long_name (file_axes.cpp, as
/// sim/io/netcdf_axes.hpp describes); the arrays must have been written.
void write_allocation_axes(io::ResultSink& sink, const AllocationConfig& c, const Study& s);

/// Writes the file atomically (nothing is left at `path` on failure). @throws OutputError.
void write_allocation_file(const std::string& path, const AllocationConfig& c, const Study& s,
                           double wall_seconds);

}  // namespace qpv::analysis::allocation
