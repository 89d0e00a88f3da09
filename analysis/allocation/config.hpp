// What a funding-allocation search studies (allocation.toml, `qpvsim allocate`): an envelope in
// euros a year, the levers that may receive it with their cost models, bounds per lever and per
// QPV, how a lever's euros are shared between the QPVs (the targeting rule), the objective and
// its statistic, and the equity rule. Every key is validated before anything runs; errors name
// the file, line and key. The keys are documented in docs/allocation.md.
//
// A lever's cost model comes from a scenario file (`[[lever]] scenario`): its
// interventions of that lever are templates (aid types, eligibility, take-up, truck mode and
// capacity, AVIP share...) with their cost keys and sources. The allocation turns euros into
// capacity with those costs (allocation/plan.hpp): a yearly budget cap per aid type, crèche
// places at their yearly cost plus their investment spread over the envelope's years, truck
// passages at their cost per passage.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/scenario.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/interventions.hpp"
#include "sim/model/levers.hpp"

namespace qpv::analysis::allocation {

/// One lever in play, with its bounds (euros a year, on the whole territory) and cost model.
struct LeverConfig {
  model::Lever lever;
  std::string scenario;  ///< the scenario file its templates come from, as given
  /// The lever's interventions in that scenario (at least one), in file order.
  std::vector<model::Intervention> templates;
  /// Share of the lever's euros for each template (transport aid: one per aid type; the others
  /// have one template, share 1). Sums to 1.
  std::vector<double> mix;
  double min_eur = 0;        ///< per year
  double max_eur = 0;        ///< per year; default: the envelope
  double committed_eur = 0;  ///< already committed: a floor, reported as such
  /// The indicator whose baseline level says which QPVs need the lever most (the targeting
  /// rule "need"); default: the allocation's [targeting] need.
  const model::IndicatorSpec* need = nullptr;
};

/// Euros a year to one QPV over every lever: min and max.
struct QpvBounds {
  std::string code;
  double min_eur = 0;
  double max_eur = 0;  ///< +inf if not given
};

/// How a lever's euros are shared between the QPVs: in proportion to population_q x
/// (need_q / mean need)^exponent, where need_q is the baseline level of the lever's need
/// indicator (its shortfall for a "higher is better" share, the share itself for "lower is
/// better", per resident for a count). `population` is exponent 0; `free` gives every QPV its own
/// weight, which the search sets (the same weights for every lever).
enum class Targeting : std::uint8_t { population, need, free };

/// How replicates' values become the one number optimised.
enum class Statistic : std::uint8_t { mean, quantile, prob_better };

/// One outcome of the objective (allocation/outcomes.hpp), weighted (euros per unit, or a share
/// of the objective) or with a floor.
struct ObjectiveTerm {
  std::string outcome;  ///< an outcome id, validated against the outcome catalogue
  double weight = 0;    ///< euros per unit (weights = "euros") or a share (weights = "shares")
  double floor = 0;     ///< for floors: the statistic of the outcome must reach it
};

enum class ObjectiveKind : std::uint8_t { weighted, floors };
enum class Weights : std::uint8_t { euros, shares };

struct Objective {
  ObjectiveKind kind = ObjectiveKind::weighted;
  Weights weights = Weights::euros;
  std::vector<ObjectiveTerm> terms;  ///< weighted: the sum; floors: the outcomes with floors
  std::string maximise;              ///< floors: the outcome maximised
  Statistic statistic = Statistic::mean;
  double quantile = 0.1;  ///< for Statistic::quantile
};

struct Equity {
  /// No QPV measurably worse off than under the status quo: each QPV's objective (its own
  /// outcomes), paired by replicate, loses on average less than two standard errors.
  bool no_qpv_worse_off = false;
  /// Every QPV receives at least this many euros a year per resident (over all levers).
  double min_eur_per_resident = 0;
};

/// The status quo: today's lever shares of the envelope, targeted in proportion to population.
struct StatusQuo {
  std::array<double, model::kLevers> shares{};  ///< per Lever; those of levers not in play are 0
};

/// A frontier by the epsilon-constraint method: maximise `outcomes[0]` with the others at
/// least each of `points` levels between their values at the two ends.
struct Pareto {
  std::vector<std::string> outcomes;  ///< empty: no frontier
  std::size_t points = 5;
};

struct AllocationConfig {
  std::string file;  ///< the allocation file as given
  /// Every file read and its text: the allocation file, then the lever scenarios' files (each
  /// once, their bases included); the baseline keeps its own.
  std::vector<std::pair<std::string, std::string>> sources;
  std::string name;         ///< French title of the report
  io::Scenario baseline;    ///< the world without the envelope: outcomes are paired against it
  double envelope_eur = 0;  ///< per year
  int first_year = 0, last_year = 0;  ///< inclusive, within the baseline's run
  std::vector<LeverConfig> levers;    ///< those in play, in Lever order
  std::vector<QpvBounds> qpv_bounds;  ///< one per QPV of the baseline's territory, in its order
  Targeting targeting = Targeting::need;
  const model::IndicatorSpec* need = nullptr;  ///< default need indicator
  double exponent = 1.0;                       ///< need^exponent (targeting need)
  bool tune_exponent = false;                  ///< the search sets the exponent
  double exponent_min = 0.0, exponent_max = 2.0;
  Objective objective;
  Equity equity;
  StatusQuo status_quo;
  Pareto pareto;
  std::vector<double> curve_fractions = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5};  ///< of the envelope
  std::uint32_t replicates = 20;        ///< shared by every candidate of the search
  std::uint32_t fresh_replicates = 40;  ///< re-evaluation, on the seed after the search's
  std::uint64_t seed = 1;               ///< default: the baseline's
  std::size_t max_evaluations = 120;    ///< of the optimiser, per search
  std::size_t keep = 3;                 ///< best candidates re-evaluated beside the rules
  double step = 0.05;                   ///< search resolution (share of the envelope)
};

/// Loads an allocation file, its baseline and its lever scenarios. @throws InputError naming
/// the file, line and key: an envelope below the commitments, min > max, bounds that cannot
/// hold the envelope (which one binds), an unknown outcome or indicator, weights that do not
/// sum as stated, an equity floor the envelope cannot pay (which one binds), ...
AllocationConfig load_allocation(const std::string& path);

/// Every key of an allocation file, for the documentation test.
std::vector<std::string> allocation_keys();

std::string_view targeting_name(Targeting t);
std::string_view statistic_name(Statistic s);

}  // namespace qpv::analysis::allocation
