// The pieces of the comparison report (analysis/report.hpp), shared by its section files: what
// every section needs about the comparison (ReportContext), the table cells, the charts and the
// sections themselves. Internal to the report.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/report.hpp"

namespace qpv::analysis::report {

using model::Better;
using model::IndicatorSpec;

inline constexpr std::size_t kMaxHeadlines = 4;
/// The baseline's headline indicators, when the report has fewer than three scenarios' cards.
inline constexpr std::array<std::string_view, 3> kBaselineHeadlines = {
    "employment_rate", "creche_coverage", "screening_breast"};

/// What every section needs about the comparison and its time axis, computed once.
struct ReportContext {
  const Comparison& c;
  std::uint32_t all = 0;  ///< the row of all QPVs together
  int first_year = 0, last_year = 0;
  MonthRange last;
  std::optional<int> mid_year;  ///< 2027 when the run covers it and does not end with it
  std::string horizon;          ///< "2024-2030"

  explicit ReportContext(const Comparison& comparison);
  std::size_t alternatives() const { return c.scenarios.size() - 1; }
  const std::string& name(std::size_t s) const { return c.scenarios[s].record.name; }
  /// Years shown in the tables of effects: the mid-term year when in the run, and the last.
  std::vector<int> table_years() const;
};

// ---------------------------------------------------------------------------------------------
// Data shaping (context.cpp)

/// The level of scenario s on `spec` in QPV row q over the months r, across replicates.
Distribution level(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                   std::uint32_t q, MonthRange r);
/// The paired difference of scenario s with the baseline, likewise.
Distribution difference(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                        std::uint32_t q, MonthRange r);
/// The 20 quantiles of `values` that a quantile dot plot shows (type 7 quantiles at
/// (k + 0.5) / 20); NaN values are left out, none for no value.
std::vector<double> twenty_quantiles(std::vector<double> values);
/// How many parameters the baseline's replicates took from the posterior and from their priors.
std::pair<std::size_t, std::size_t> drawn_counts(const io::RunRecord& r);

/// The CSS colour of scenario s (Okabe-Ito; grey for the baseline).
std::string color_of(std::size_t scenario);
/// The territory's name as a title: its first letter in capital ("valenciennes" → "Valenciennes").
std::string territory_title(std::string name);
bool is_share(const IndicatorSpec& spec);
/// The factor from a value to its shown figure: 100 for shares (shown in percent), else 1.
double shown_scale(const IndicatorSpec& spec);
/// The French words of a parameter unit of the registry; unknown units are shown as written.
std::string parameter_unit_fr(std::string_view unit);
/// The French name of an intervention kind or lever ("transport_aid": "Aide à la mobilité");
/// another kind (from a newer results file) as written.
std::string lever_fr(std::string_view kind);
/// What the report's intervals include and leave out, in a sentence (HTML).
std::string intervals_include_fr(const ReportContext& ctx);

// ---------------------------------------------------------------------------------------------
// Wording of figures (wording.cpp)

/// Decimals of a difference as shown (points for shares): enough that a small effect is not
/// written 0.
int difference_decimals(const IndicatorSpec& spec, double shown);
/// "[lo ; hi]" with `decimals`; empty if a bound is not finite.
std::string interval_fr(double lo, double hi, int decimals, bool plus);
/// An extra result over the run, e.g. "+12 années d'emploi", and its interval.
ShownFigure show_effect(const Distribution& d, Effect e);

// ---------------------------------------------------------------------------------------------
// Table cells, as HTML (cells.cpp)

/// How sure we are that scenario s does better on `spec`, as a table cell says it ("dans 9
/// futurs sur 10", with the published evidence when it includes no effect).
std::string futures_short(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                          const Distribution& d);
/// "fait mieux dans 9 futurs sur 10", or why there is nothing to say.
std::string futures_cell(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                         const Distribution& d);
/// A figure and its interval; `extra` (HTML) after them.
std::string figure_cell(const ShownFigure& s, const std::string& extra = "");
/// Euros: mean and interval (signed when `plus`).
std::string money_cell(const Distribution& d, bool plus);
/// An extra result over the run: mean and interval, in its unit.
std::string effect_cell(const Distribution& d, Effect e);
/// Cost per result: "X € [a ; b]" or "effet trop incertain", then the extra effect.
std::string cost_cell(const CostEffectiveness& ce, Effect e);

// ---------------------------------------------------------------------------------------------
// Charts, as inline SVG (charts.cpp)

/// Levels of the baseline and of `s` (or of the baseline alone), all QPVs, month by month.
std::string level_fan(const ReportContext& ctx, const IndicatorSpec& spec,
                      std::optional<std::size_t> s);
/// The paired difference of `s` against the baseline, all QPVs, month by month.
std::string difference_fan(const ReportContext& ctx, const IndicatorSpec& spec, std::size_t s);
/// The difference of `s` in the last year, one bar per QPV.
std::string qpv_bars(const ReportContext& ctx, const IndicatorSpec& spec, std::size_t s);
/// The 20-dot quantile plot of scenario s's paired difference on `spec` in the last year, all
/// QPVs, with the count of favourable dots written out.
std::string quantile_dots_figure(const ReportContext& ctx, std::size_t s,
                                 const IndicatorSpec& spec);

// ---------------------------------------------------------------------------------------------
// Sections, in the order of the page; each an HTML <section>

/// "synthese": the headline cards, the scenarios compared (summary_section.cpp).
std::string summary_section(const ReportContext& ctx);
/// "levier-<id>": one alternative, its effects, spending and cost (lever_section.cpp).
std::string lever_section(const ReportContext& ctx, std::size_t s);
/// "emploi": the labour-market indicators (tables.cpp).
std::string labour_market_section(const ReportContext& ctx);
/// "quartiers": one table per QPV (tables.cpp).
std::string neighbourhoods_section(const ReportContext& ctx);
/// "cout": cost per result of every alternative (tables.cpp).
std::string cost_section(const ReportContext& ctx);
/// "methode": provenance, uncertainty, definitions, scenario files, parameters (method.cpp).
std::string method_section(const ReportContext& ctx);

}  // namespace qpv::analysis::report
