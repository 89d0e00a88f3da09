// Running candidate allocations and judging them (internal to the allocation study, search.cpp):
//  - Runner: one set of replicates (a seed and a count) with the baseline run once; an
//    allocation's interventions are run on the same replicates and measured as paired
//    outcomes. Runs are kept by what the model simulates (the capacity per lever, template and
//    QPV), so two points of the search that buy the same capacity run once, and in a
//    checkpoint, so a resumed study does not run them again.
//  - Judge: the objective per replicate and per QPV from the outcomes, its statistic, and the
//    constraints (equity rule, floors, bounds) with the one that binds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/allocation/search.hpp"

namespace qpv::analysis::allocation {

/// The share of replicates in which `a` > `b` (paired; ties count one half).
double share_better(const std::vector<double>& a, const std::vector<double>& b);

/// What the model gives for one allocation on one set of replicates.
struct Measured {
  std::vector<OutcomeValues> outcomes;
  std::array<double, model::kLevers> spent_eur{};
};

/// Measured allocations by key (seed, replicates and capacity), saved to a checkpoint file.
class RunStore {
 public:
  /// Reads `path` if it exists (an InputError if it belongs to another study: `fingerprint`).
  RunStore(std::string path, std::string fingerprint, std::size_t outcomes, bool root);
  const Measured* find(const std::string& key) const;
  /// Adds a run; every 16 runs the checkpoint is saved (rank 0).
  void add(const std::string& key, Measured m);
  void flush() const;  ///< saves the checkpoint now (rank 0)
  std::size_t resumed() const { return resumed_; }

 private:
  void save() const;
  std::string path_, fingerprint_;
  std::size_t outcomes_;
  bool root_;
  std::map<std::string, Measured> runs_;
  std::vector<std::string> order_;
  std::size_t resumed_ = 0;
};

class Runner {
 public:
  Runner(const AllocationConfig& c, const std::vector<Outcome>& outcomes, std::uint64_t seed,
         std::uint32_t replicates, const engine::Execution& how, RunStore& store);
  Measured measure(const Allocation& a);
  const model::RunResults& baseline() const { return baseline_; }
  std::size_t model_runs() const { return model_runs_; }
  std::uint32_t replicates() const { return plan_.replicates; }

 private:
  const AllocationConfig& c_;
  const std::vector<Outcome>& outcomes_;
  const engine::Execution& how_;
  RunStore& store_;
  model::RunPlan plan_;
  model::RunResults baseline_;
  Window window_;
  std::vector<std::int64_t> population_;
  std::size_t model_runs_ = 0;
};

/// The objective and constraints of measured allocations. Built from the status quo's
/// measurement on the same replicates (the scale of "shares" weights, the reference of
/// prob_better and of the equity rule).
class Judge {
 public:
  Judge(const AllocationConfig& c, const std::vector<Outcome>& outcomes,
        const Measured& status_quo);
  /// Fills e's objective, objective_by_qpv, statistic, violation and binding from e.outcomes
  /// and e.allocation.
  void judge(Evaluation& e) const;
  /// The objective per replicate of a measurement.
  std::vector<double> objective(const std::vector<OutcomeValues>& outcomes) const;
  /// The statistic of per-replicate values `j`, against `reference` (prob_better).
  double statistic(const std::vector<double>& j, const std::vector<double>& reference) const;
  /// Index of an outcome id in the outcome list.
  std::size_t outcome_index(const std::string& id) const;
  /// The status quo's objective per replicate (under the current maximise).
  std::vector<double> status_quo_objective() const { return objective(status_quo_.outcomes); }

  /// Floors added by the frontier: outcome index and level, on the statistic "mean".
  std::vector<std::pair<std::size_t, double>> extra_floors;
  /// The outcome maximised instead of the objective (the frontier), or npos.
  std::size_t maximise = std::string::npos;

 private:
  /// The objective's outcomes and their weights.
  std::vector<std::pair<std::size_t, double>> terms() const;
  /// The objective per [replicate][qpv].
  std::vector<double> by_qpv(const std::vector<OutcomeValues>& outcomes) const;
  const AllocationConfig& c_;
  const std::vector<Outcome>& outcomes_;
  std::vector<double> scale_;  ///< per outcome ("shares" weights)
  Measured status_quo_;
};

}  // namespace qpv::analysis::allocation
