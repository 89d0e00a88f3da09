// Scenario comparison (DESIGN.md §8): several scenarios run with the same replicate seeds
// (common random numbers), their paired differences against the first one (the baseline), and
// the cost of each result.
//
// Pairing: replicate r of every scenario uses the same random streams, so an alternative and
// the baseline differ in replicate r only through what the alternative changes; the difference
// alt_r - base_r has a far smaller spread than the difference of two independent runs.
//
// A Comparison is built either from scenarios and their simulated results (compare; the app's
// jobs run them: sim/app/jobs.hpp) or by reading a results file (analysis/comparison_file.hpp).
// Nothing here runs the model. Every figure of the report and of the CSV export is
// computed from it by the functions below, from the simulated counters, so a report rebuilt
// from a file is the report of the run.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/stats.hpp"
#include "sim/io/results_io.hpp"
#include "sim/io/scenario.hpp"
#include "sim/model/indicators.hpp"
#include "sim/model/simulation.hpp"

namespace qpv::analysis {

/// One scenario of a comparison: its provenance and its simulated results.
struct ScenarioRun {
  std::string id;  ///< short unique name (scenario file stem): results-file group and CSV key
  io::RunRecord record;
};

struct Comparison {
  std::string qpvsim_version, git_commit, created_utc;
  std::uint64_t seed = 0;
  std::uint32_t replicates = 0;
  std::string start, end;  ///< YYYY-MM-DD
  std::string territory;
  /// Territory rows; the last one is all QPVs together ("ALL").
  std::vector<std::string> qpv_codes, qpv_names, qpv_communes;
  std::vector<Date> months;  ///< first day of every recorded month
  int first_year = 0;        ///< calendar year of spending index 0
  std::size_t years = 0;
  /// scenarios[0] is the baseline; the others are the alternatives compared with it.
  std::vector<ScenarioRun> scenarios;

  std::uint32_t all_qpvs() const { return static_cast<std::uint32_t>(qpv_codes.size() - 1); }
  const model::RunResults& results(std::size_t scenario) const {
    return scenarios.at(scenario).record.results;
  }
};

/// A comparison of `scenarios` (the baseline first), its provenance and axes taken from the
/// baseline's record. @throws InputError if a scenario's months, replicates or QPVs differ.
Comparison make_comparison(std::vector<ScenarioRun> scenarios);

/// The comparison of `scenarios` (the baseline first) from their simulated `results`, one per
/// scenario in the same order: each scenario's id (its file's stem, made unique) and record.
Comparison compare(const std::vector<io::Scenario>& scenarios,
                   std::vector<model::RunResults> results);

/// Checks that `scenarios` can be compared: same territory (same QPVs and data) and the same
/// horizon (start, end, warm-up). @throws InputError naming the scenario that differs.
void check_comparable(const std::vector<io::Scenario>& scenarios);

/// Indices [first, last] of the recorded months of calendar year `year` (the whole horizon if
/// `year` is 0). @throws std::out_of_range if no month of the run falls in that year.
struct MonthRange {
  std::size_t first = 0, last = 0;
};
MonthRange months_of_year(const Comparison& c, int year);

/// Per replicate: the indicator of `scenario` for QPV `qpv` (all_qpvs() = together), averaged
/// over the months of `range` (NaN months skipped; NaN if all are).
std::vector<double> indicator_values(const Comparison& c, std::size_t scenario,
                                     const model::IndicatorSpec& spec, std::uint32_t qpv,
                                     MonthRange range);
/// Per replicate: alternative minus baseline of indicator_values (paired by replicate).
std::vector<double> paired_differences(const Comparison& c, std::size_t alternative,
                                       const model::IndicatorSpec& spec, std::uint32_t qpv,
                                       MonthRange range);
/// Per month: the distribution of the indicator's level over replicates (fan charts).
std::vector<Distribution> trajectory(const Comparison& c, std::size_t scenario,
                                     const model::IndicatorSpec& spec, std::uint32_t qpv);
/// Per month: the distribution of the paired difference alternative - baseline.
std::vector<Distribution> difference_trajectory(const Comparison& c, std::size_t alternative,
                                                const model::IndicatorSpec& spec,
                                                std::uint32_t qpv);

/// Spending of `scenario` in euros for QPV `qpv`, per replicate: in calendar year `year`, or
/// over the whole run if `year` is 0; on one lever, or all of them.
std::vector<double> spending_euros(const Comparison& c, std::size_t scenario, std::uint32_t qpv,
                                   int year = 0, std::optional<model::Lever> lever = {});

/// The results whose cost is reported (DESIGN.md §4, "cost-effectiveness").
enum class Effect {
  employment,  ///< employed person-years of residents aged 15-64 (sum over months / 12)
  screening,   ///< screenings done, all three programmes (net: a truck screening that
               ///< replaces a later invitation counts once)
  childcare,   ///< child-years in a crèche place, children under 3 (sum over months / 12)
};
inline constexpr std::array<Effect, 3> kEffects = {Effect::employment, Effect::screening,
                                                   Effect::childcare};
std::string_view effect_id(Effect e);        ///< "employment", "screening", "childcare"
std::string_view effect_label_fr(Effect e);  ///< e.g. "année d'emploi supplémentaire"

/// Extra spending per extra result of an alternative against the baseline, over the whole
/// run, for one QPV or all together.
struct CostEffectiveness {
  Distribution extra_cost;    ///< euros, per replicate: alternative - baseline
  Distribution extra_effect;  ///< units of the effect, per replicate
  /// Mean extra cost / mean extra effect (euros per unit); NaN if the mean extra effect is not
  /// positive.
  double euros_per_unit = 0;
  /// 5 % and 95 % quantiles of the per-replicate ratio; NaN when the extra effect is not
  /// positive in at least 95 % of the replicates (the ratio is then meaningless).
  double q05 = 0, q95 = 0;
  bool interval = false;  ///< q05 and q95 are defined
};
CostEffectiveness cost_effectiveness(const Comparison& c, std::size_t alternative, Effect effect,
                                     std::uint32_t qpv);

/// The indicators that say most about a scenario's interventions, most important first
/// (transport aid: employment and mobility refusals; crèches: coverage and single parents'
/// employment; truck: breast screening). The baseline, or an unknown kind, gives the
/// employment rate.
std::vector<const model::IndicatorSpec*> key_indicators(const ScenarioRun& s);
/// The effects whose cost is worth reporting for a scenario's interventions.
std::vector<Effect> key_effects(const ScenarioRun& s);

/// True if the scenario's interventions span more than one lever (a package, such as the three
/// levers together): its spending cannot be divided by one result, since each lever buys its
/// own (the report shows costs and consequences side by side instead).
bool is_package(const ScenarioRun& s);

/// What published evaluations found of the effect of a scenario's levers on an indicator
/// (shared interventions_reference.csv): whether their range includes no effect at all, and
/// the references, in French.
struct PublishedEvidence {
  bool includes_no_effect = false;
  std::string references_fr;
};
/// The evidence on the effect of `s`'s interventions on `spec`; none if no lever of `s` has
/// published evaluations of that kind of indicator.
std::optional<PublishedEvidence> published_evidence(const ScenarioRun& s,
                                                    const model::IndicatorSpec& spec);

/// How sure we are, for people: "dans 9 futurs sur 10" (share rounded to tenths),
/// "dans tous les futurs simulés" (share 1), "dans aucun des futurs simulés" (0). When
/// published evaluations include no effect (`published_no_effect`), a share of 1 is written
/// "dans 10 futurs simulés sur 10", never "dans tous les futurs".
std::string futures_fr(double share_better, bool published_no_effect = false);

/// futures_fr where no sentence follows to say what published evaluations found (a table cell,
/// the workshop's short lines): when they include no effect, followed by " (effet nul selon des
/// évaluations publiées)", whatever the share. "" for an indicator better neither higher nor
/// lower, or a NaN share.
std::string futures_short_fr(const model::IndicatorSpec& spec, double share_better,
                             const std::optional<PublishedEvidence>& evidence);

}  // namespace qpv::analysis
