// The funding-allocation study (`qpvsim allocate`): budget-response curves, then a search by
// sample-average approximation, then a re-evaluation on fresh replicates, and a frontier.
//
// Sample-average approximation: every candidate runs on the same `replicates` replicates (same
// seed: the same random streams and the same draws of every calibrated and uncertain parameter,
// as the scenarios of a comparison share them), paired with the baseline on those replicates.
// The objective is then a deterministic function of the allocation, which a derivative-free
// optimiser can search. The search first evaluates a grid of lever shares at `step` of the
// envelope (the configured targeting exponent), then refines the best point that meets every
// constraint with COBYLA (NLopt; constraints: the equity rule and the objective's floors; the
// bounds hold by construction, plan.hpp), over the lever shares, the targeting exponent if it
// is tuned, and the QPV weights under targeting "free". A lever whose money can go to the others
// without lowering the objective then gets none (a lever that does not pay is not funded).
//
// The winner of a search over noisy estimates is biased upwards (the winner's curse), so the
// best candidates and the simple rules (plan.hpp, Space::Rule) are run again on
// `fresh_replicates` other replicates (seed + 1), where the probability that the recommendation
// beats each rule and the runner-up is measured.
//
// Results are the same bits for any thread or MPI rank count: every rank runs the same
// sequence of candidates (the model's runs are shared between ranks and gathered, model::run),
// and rank 0 writes the files. Evaluations are kept in a checkpoint: a resumed study replays the
// same sequence, reading the candidates already run instead of simulating them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/allocation/config.hpp"
#include "analysis/allocation/outcomes.hpp"
#include "analysis/allocation/plan.hpp"
#include "sim/engine/execution.hpp"

namespace qpv::analysis::allocation {

/// Why a candidate was run.
enum class Phase : std::uint8_t { rule, curve, grid, search, prune, pareto };
std::string_view phase_name(Phase p);

/// One candidate allocation run on the search's replicates.
struct Evaluation {
  Phase phase = Phase::grid;
  std::string label;      ///< "statu quo", "transport_aid 50 %", ...
  std::vector<double> x;  ///< its point of the search space (empty for rules and curves)
  Allocation allocation;
  std::vector<OutcomeValues> outcomes;   ///< per Study::outcomes
  std::vector<double> objective;         ///< per replicate
  std::vector<double> objective_by_qpv;  ///< mean over replicates, per QPV
  double statistic = 0;                  ///< the objective's statistic (what is maximised)
  /// How far the worst constraint is missed (<= 0: met), relative to its scale, and which.
  double violation = 0;
  std::string binding;
  /// Spending simulated, in euros a year (mean over replicates and the envelope's years), per
  /// Lever.
  std::array<double, model::kLevers> spent_eur{};
  bool feasible() const { return violation <= 1e-9; }
};

/// One lever's budget-response curve: evaluations of the lever alone at each fraction of the
/// envelope.
struct Curve {
  model::Lever lever;
  std::vector<double> fractions;
  std::vector<std::size_t> evaluations;  ///< index in Study::evaluations, per fraction
};

/// A candidate run again on the fresh replicates.
struct Reevaluated {
  std::string label;
  std::size_t evaluation = 0;     ///< the candidate in Study::evaluations
  std::vector<double> objective;  ///< per fresh replicate
  std::vector<OutcomeValues> outcomes;
  double statistic = 0;
  std::array<double, model::kLevers> spent_eur{};
};

struct ParetoPoint {
  std::vector<double> epsilon;  ///< the floors on outcomes 1.. of the frontier
  std::size_t evaluation = 0;   ///< the best candidate found under them
  bool found = false;           ///< false if no candidate met the floors
};

/// What the recommendation depends on: a leading uncertain or calibrated parameter (the largest
/// correlations, over the search's replicates, between its draw and the recommendation's gain
/// over the status quo), and the best split of the search when only the replicates where it is
/// low (at most its median), or high, are counted. Computed from the candidates already run: no
/// simulation is added. If the two splits differ, the recommendation depends on what is assumed
/// about this parameter.
struct Dependence {
  model::Param parameter;
  double correlation = 0;  ///< Pearson, of the draw with the gain, over the replicates
  double median = 0;
  std::size_t best_low = 0, best_high = 0;  ///< in Study::evaluations
};

struct Study {
  std::vector<Outcome> outcomes;          ///< the objective's, the frontier's, then the report's
  std::vector<std::vector<double>> need;  ///< baseline need level [lever][qpv]
  std::vector<std::string> coordinates;   ///< Space::names
  std::vector<Evaluation> evaluations;    ///< every candidate, in order of evaluation
  std::vector<Curve> curves;
  std::size_t recommended = 0;           ///< in evaluations
  std::vector<Reevaluated> reevaluated;  ///< the recommendation first, runners-up, then rules
  /// P(recommendation's objective > candidate's) over the fresh replicates, per reevaluated
  /// (ties count one half; 0.5 for the recommendation itself).
  std::vector<double> probability_better;
  std::vector<ParetoPoint> pareto;
  std::vector<Dependence> dependence;  ///< the leading parameters first
  std::size_t model_runs = 0;  ///< candidates simulated (the others came from the checkpoint or
                               ///< were already run)
  std::size_t resumed = 0;     ///< candidates read from the checkpoint
  double seconds_curves = 0, seconds_search = 0, seconds_pareto = 0, seconds_reevaluation = 0;
};

/// Runs the study (curves, search, pruning, frontier, re-evaluation). `checkpoint` (may be
/// empty) keeps the candidates run so far, and a rerun resumes from it. @throws InputError if the
/// equity rule or the floors cannot be met by any candidate found (naming the constraint that
/// binds), or if the checkpoint belongs to another study; Interrupted if `how.cancel` is set.
Study run_allocation(const AllocationConfig& c, const engine::Execution& how,
                     const std::string& checkpoint = {});

/// What the workshop's panel shows for an envelope: each lever's budget-response curve and a
/// grid of splits every `grid_step` of the envelope (lever shares, the configured targeting),
/// all on c.replicates replicates, with the outcomes employment_person_years, screenings and
/// creche_child_years; `frontier` lists the grid splits that no other split beats on both
/// employment and screenings (means), by employment.
struct Landscape {
  std::vector<Outcome> outcomes;
  std::vector<Evaluation> evaluations;  ///< curves, then the grid (objective fields unset)
  std::vector<Curve> curves;
  std::vector<std::size_t> grid;      ///< in evaluations
  std::vector<std::size_t> frontier;  ///< in evaluations
};
Landscape landscape(const AllocationConfig& c, double grid_step, const engine::Execution& how);

/// The `top` leading parameters of a study (Dependence), from the parameter draws of its
/// replicates (RunResults::parameter_values of the search's runs).
std::vector<Dependence> dependence(const Study& s, const model::RunResults& replicates,
                                   std::size_t top);

/// Every composition of `levers` shares that are multiples of 1/n and sum to 1, in
/// lexicographic order (the search's first grid).
std::vector<std::vector<double>> simplex_grid(std::size_t levers, int n);

/// The seed of the re-evaluation's fresh replicates.
inline std::uint64_t fresh_seed(const AllocationConfig& c) {
  return c.seed + 1;
}

}  // namespace qpv::analysis::allocation
