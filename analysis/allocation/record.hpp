// An allocation results file read back (`qpvsim report allocation.h5`, `allocate --report`):
// everything of the layout of file.hpp that the French report shows, checked as it is read
// (shapes that agree, candidate indexes inside the file), so that the report never indexes
// out of range. The report is made from this record only, never from the study in memory, so
// that `allocate --report` and `qpvsim report` write the same page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qpv::analysis::allocation {

/// One candidate of /candidates.
struct CandidateRecord {
  std::string phase;    ///< "rule", "curve", "grid", "search", "prune", "pareto"
  std::string label;    ///< "statu quo", "transport_aid 50 %", ...
  std::string binding;  ///< the constraint missed by the most (or closest)
  double statistic = 0;
  double violation = 0;
  bool feasible = false;
  /// Euros a year [lever * qpvs + q], the mean over the envelope's years.
  std::vector<double> eur;
  std::vector<double> capacity;     ///< [lever * qpvs + q]: aid euros, crèche places, passages
  std::vector<double> planned_eur;  ///< [lever * qpvs + q], capacity x unit cost
  std::vector<double> spent_eur;    ///< [lever], simulated, a year
  std::vector<double> x;            ///< its point of the search space (NaN: none)
  std::vector<double> outcome_mean, outcome_q05, outcome_q95;  ///< [outcome]
  std::vector<double> objective;                               ///< [replicate of the search]
  std::vector<double> objective_by_qpv;  ///< [qpv], mean over the search's replicates
};

/// One lever's budget-response curve: the candidates of the lever alone at each fraction.
struct CurveRecord {
  std::size_t lever = 0;  ///< row of the record's levers
  std::vector<double> fractions;
  std::vector<std::size_t> candidates;
};

/// One row of /reevaluation: a candidate run again on the fresh replicates.
struct ReevaluationRecord {
  std::string label;
  std::size_t candidate = 0;
  double statistic = 0;
  double probability_better = 0;  ///< P(recommendation > this row), ties one half
  std::vector<double> objective;  ///< [fresh replicate]
  std::vector<double> outcome_mean, outcome_q05, outcome_q95;  ///< [outcome]
  std::vector<double> spent_eur;                               ///< [lever]
};

/// One point of the frontier (/pareto).
struct ParetoPointRecord {
  std::vector<double> epsilon;  ///< floors on the frontier's outcomes 1..
  std::size_t candidate = 0;
  bool found = false;
};

/// A leading parameter and the best splits when it is low or high (search.hpp, Dependence).
struct DependenceRecord {
  std::string parameter, label_fr;
  double correlation = 0, median = 0;
  std::size_t candidate_low = 0, candidate_high = 0;
};

struct AllocationRecord {
  std::string file;  ///< the results file read
  // /meta
  std::string name, qpvsim_version, git_commit, created_utc;
  std::string targeting;  ///< "population", "need" or "free"
  std::string statistic;  ///< "mean", "quantile" or "prob_better"
  std::string objective;  ///< "weighted" or "floors"
  std::string weights;    ///< "euros" or "shares" ("" in files written before it was recorded)
  std::string maximise;   ///< floors: the outcome maximised
  double quantile = 0.1;  ///< for statistic "quantile"
  /// How the replicates drew the parameters ("none", "calibrated", "full"; "" if not recorded)
  /// and how many were drawn from the posterior and from their priors.
  std::string uncertainty;
  std::size_t parameters_posterior = 0, parameters_prior = 0;
  double exponent = 0;  ///< the configured targeting exponent (NaN if not recorded)
  double step = 0;      ///< the grid's step, a share of the envelope (NaN if not recorded)
  std::size_t max_evaluations = 0;  ///< the optimiser's budget per search (0 if not recorded)
  bool no_qpv_worse_off = false;
  double min_eur_per_resident = 0;
  std::uint64_t seed = 0, fresh_seed = 0;
  std::size_t replicates = 0, fresh_replicates = 0;
  double envelope_eur = 0;
  int first_year = 0, last_year = 0;
  std::size_t recommended = 0;
  std::size_t model_runs = 0, resumed_runs = 0;
  double seconds_curves = 0, seconds_search = 0, seconds_pareto = 0, seconds_reevaluation = 0;
  double wall_seconds = 0;
  std::vector<std::string> files, texts;
  // /objective (empty in files written before it was recorded)
  std::vector<std::string> objective_outcomes;
  std::vector<double> objective_weights, objective_floors;
  // /territory
  std::vector<std::string> qpv_codes, qpv_names;
  std::vector<std::int64_t> population;
  // /levers, in model::Lever order
  std::vector<std::string> lever_names, lever_labels;
  std::vector<bool> in_play;
  std::vector<double> unit_cost_eur;
  std::vector<double> lever_min_eur, lever_max_eur, lever_committed_eur;  ///< empty if absent
  // /outcomes
  std::vector<std::string> outcome_ids, outcome_labels, outcome_units;
  std::vector<std::string> coordinates;  ///< names of x's columns
  std::vector<CandidateRecord> candidates;
  std::vector<CurveRecord> curves;
  std::vector<ReevaluationRecord> reevaluation;  ///< the recommendation first
  std::vector<std::string> pareto_outcomes;      ///< empty: no frontier
  std::vector<ParetoPointRecord> pareto;
  std::vector<DependenceRecord> dependence;  ///< empty in files written before it was recorded

  std::size_t qpvs() const { return qpv_codes.size(); }
  std::size_t levers() const { return lever_names.size(); }
  int years() const { return last_year - first_year + 1; }
  /// Row of an outcome id in outcome_ids, if any.
  std::optional<std::size_t> outcome(const std::string& id) const;
  /// The recommended candidate.
  const CandidateRecord& best() const { return candidates.at(recommended); }
};

/// True if `path` is a file written by `qpvsim allocate` (/meta kind = "allocation").
bool is_allocation_file(const std::string& path);

/// Reads an allocation results file. @throws InputError naming the file and the dataset if it
/// is not an allocation file or its datasets do not agree with each other.
AllocationRecord read_allocation_file(const std::string& path);

}  // namespace qpv::analysis::allocation
