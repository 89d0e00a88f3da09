// Workshop::results: what a comparison of the baseline and the page's scenario shows on the
// page, as the JSON app.js reads (figures, French words, per QPV, month by month, costs).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report.hpp"
#include "sim/app/serve/workshop.hpp"

namespace qpv::app::serve {

namespace {

using analysis::Distribution;
using model::IndicatorSpec;
using nlohmann::json;

using analysis::kNarrowNoBreakSpace;
using analysis::kNoBreakSpace;

bool is_share(const IndicatorSpec& spec) {
  return spec.unit == "share";
}

json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json distribution_json(const Distribution& d, double scale = 1.0) {
  return {{"mean", number(scale * d.mean)},         {"q05", number(scale * d.q05)},
          {"q50", number(scale * d.q50)},           {"q95", number(scale * d.q95)},
          {"share_better", number(d.share_better)}, {"n", d.n}};
}

json shown_json(const analysis::ShownFigure& s) {
  return {{"value", s.value}, {"interval", s.interval}};
}

/// "Dans 9 futurs simulés sur 10, l'écart est compris entre +0,2 et +0,9 point." from the
/// report's own figures (analysis::show_difference).
std::string range_fr(const IndicatorSpec& spec, const Distribution& d) {
  if (analysis::no_difference(d))
    return "Aucun écart dans les futurs simulés : ce scénario ne change pas cet indicateur.";
  const analysis::ShownFigure s = analysis::show_difference(spec, d);
  // show_difference writes the interval "[lo ; hi]" with a narrow no-break space before ';'.
  const std::string sep = std::string(kNarrowNoBreakSpace) + "; ";
  const std::size_t at = s.interval.find(sep);
  if (s.interval.size() < 2 || s.interval.front() != '[' || s.interval.back() != ']' ||
      at == std::string::npos)
    return "";
  const std::string lo = s.interval.substr(1, at - 1);
  const std::string hi =
      s.interval.substr(at + sep.size(), s.interval.size() - at - sep.size() - 1);
  // The unit as the report writes it after the upper bound ("point", "points", "enfants").
  Distribution top = d;
  top.mean = d.q95;
  const std::string shown_top = analysis::show_difference(spec, top).value;
  const std::size_t unit_at = shown_top.rfind(kNoBreakSpace);
  const std::string unit =
      unit_at == std::string::npos ? "" : shown_top.substr(unit_at);  // with its no-break space
  return fmt::format("Dans 9 futurs simulés sur 10, l'écart est compris entre {} et {}{}.", lo, hi,
                     unit);
}

std::string axis_unit(const IndicatorSpec& spec) {
  if (is_share(spec)) return "écart en points";
  if (spec.unit == "children") return "écart en enfants";
  if (spec.unit == "persons") return "écart en personnes";
  return "écart en " + std::string(spec.unit);
}

/// One indicator: the difference for all QPVs in `range`, the levels, and for headlines the
/// difference per QPV and month by month.
json indicator_json(const analysis::Comparison& c, const IndicatorSpec& spec,
                    analysis::MonthRange range, bool headline) {
  const std::uint32_t all = c.all_qpvs();
  const double k = is_share(spec) ? 100.0 : 1.0;
  const Distribution d =
      analysis::distribution(analysis::paired_differences(c, 1, spec, all, range), spec.better);
  const Distribution base =
      analysis::distribution(analysis::indicator_values(c, 0, spec, all, range));
  const Distribution alt =
      analysis::distribution(analysis::indicator_values(c, 1, spec, all, range));
  const auto evidence = analysis::published_evidence(c.scenarios[1], spec);
  json out = {
      {"id", spec.id},
      {"label", spec.label_fr},
      {"unit", spec.unit},
      {"better", model::better_name(spec.better)},
      {"scale", k},
      {"axis", axis_unit(spec)},
      {"difference", distribution_json(d, k)},
      {"shown", shown_json(analysis::show_difference(spec, d))},
      {"no_difference", analysis::no_difference(d)},
      {"range_fr", range_fr(spec, d)},
      {"certainty_fr", analysis::no_difference(d) ? "" : analysis::certainty_fr(spec, d, evidence)},
      {"futures_fr", analysis::no_difference(d)
                         ? ""
                         : analysis::futures_short_fr(spec, d.share_better, evidence)},
      {"baseline", shown_json(analysis::show_level(spec, base))},
      {"scenario", shown_json(analysis::show_level(spec, alt))},
  };
  if (!headline) return out;
  json per_qpv = json::array();
  for (std::uint32_t q = 0; q < all; ++q) {
    const Distribution dq =
        analysis::distribution(analysis::paired_differences(c, 1, spec, q, range), spec.better);
    per_qpv.push_back(
        {{"code", c.qpv_codes.at(q)},
         {"difference", distribution_json(dq, k)},
         {"shown", shown_json(analysis::show_difference(spec, dq))},
         {"no_difference", analysis::no_difference(dq)},
         {"futures_fr", analysis::no_difference(dq)
                            ? ""
                            : analysis::futures_short_fr(spec, dq.share_better, evidence)}});
  }
  out["qpv"] = std::move(per_qpv);
  json months = {{"x", json::array()},
                 {"mean", json::array()},
                 {"q05", json::array()},
                 {"q95", json::array()}};
  const std::vector<Distribution> t = analysis::difference_trajectory(c, 1, spec, all);
  for (std::size_t m = 0; m < t.size(); ++m) {
    months["x"].push_back(c.months[m].year + (c.months[m].month - 1) / 12.0);
    months["mean"].push_back(number(k * t[m].mean));
    months["q05"].push_back(number(k * t[m].q05));
    months["q95"].push_back(number(k * t[m].q95));
  }
  out["months"] = std::move(months);
  return out;
}

json money_json(const Distribution& d) {
  return {{"mean", number(d.mean)},
          {"value", analysis::format_euros_fr(d.mean)},
          {"interval", std::isfinite(d.q05) && std::isfinite(d.q95)
                           ? analysis::interval_text(analysis::format_euros_fr(d.q05),
                                                     analysis::format_euros_fr(d.q95))
                           : std::string()}};
}

std::string lever_label_fr(std::string_view id) {
  const PageLever* l = find_page_lever(id);
  return l ? std::string(l->label_fr()) : std::string(id);
}

json costs_json(const analysis::Comparison& c, int last_year) {
  const std::uint32_t all = c.all_qpvs();
  const analysis::ScenarioRun& run = c.scenarios.at(1);
  json levers_out = json::array();
  for (std::size_t l = 0; l < model::kLevers; ++l) {
    const auto lever = static_cast<model::Lever>(l);
    const Distribution total =
        analysis::distribution(analysis::spending_euros(c, 1, all, 0, lever));
    const std::int64_t planned = run.record.planned_budget_cents[l];
    if (!(std::isfinite(total.mean) && total.mean != 0) && planned == 0) continue;
    levers_out.push_back(
        {{"lever", model::lever_name(lever)},
         {"label", lever_label_fr(model::lever_name(lever))},
         {"last_year", money_json(analysis::distribution(
                           analysis::spending_euros(c, 1, all, last_year, lever)))},
         {"total", money_json(total)},
         {"planned_per_year",
          planned > 0 ? json(analysis::format_euros_fr(static_cast<double>(planned) / 100.0))
                      : json(nullptr)}});
  }
  std::vector<double> extra = analysis::spending_euros(c, 1, all);
  const std::vector<double> base = analysis::spending_euros(c, 0, all);
  for (std::size_t r = 0; r < extra.size(); ++r) extra[r] -= base[r];

  json per_result = json::array();
  for (const analysis::Effect e : analysis::key_effects(run)) {
    const analysis::CostEffectiveness ce = analysis::cost_effectiveness(c, 1, e, all);
    const bool defined = ce.interval && std::isfinite(ce.euros_per_unit) && ce.extra_cost.mean > 0;
    const Distribution& g = ce.extra_effect;
    const int dec = std::isfinite(g.mean) && std::fabs(g.mean) >= 10 ? 0 : 1;
    const double shown =
        std::isfinite(g.mean) ? std::round(g.mean * std::pow(10, dec)) / std::pow(10, dec) : 0;
    per_result.push_back(
        {{"effect", analysis::effect_id(e)},
         {"label", analysis::effect_label_fr(e)},
         {"defined", defined},
         {"no_effect", analysis::no_difference(g)},
         {"value", defined ? analysis::format_euros_fr(ce.euros_per_unit) : std::string()},
         {"interval", defined ? analysis::interval_text(analysis::format_euros_fr(ce.q05),
                                                        analysis::format_euros_fr(ce.q95))
                              : std::string()},
         {"text",
          defined ? fmt::format("{} par {}", analysis::format_euros_fr(ce.euros_per_unit),
                                analysis::effect_label_fr(e))
          : analysis::no_difference(g)
              ? fmt::format("aucun effet sur les {}", analysis::effect_unit_fr(e, true))
              : fmt::format("coût par {} : effet trop incertain", analysis::effect_label_fr(e))},
         {"extra_effect",
          fmt::format("{}{}{}", analysis::format_fr(g.mean, dec, true), kNoBreakSpace,
                      analysis::effect_unit_fr(e, std::fabs(shown) >= 2))}});
  }
  return {{"levers", std::move(levers_out)},
          {"extra_total", money_json(analysis::distribution(extra))},
          {"cost_per_result", std::move(per_result)}};
}

/// The indicators shown as headline cards: the first key indicator of each lever used (as the
/// report's headline card of a scenario with that lever alone), in the page's lever order.
std::vector<const IndicatorSpec*> headline_specs(const analysis::ScenarioRun& run) {
  std::vector<const IndicatorSpec*> out;
  for (const PageLever& l : page_levers()) {
    const auto& kinds = run.record.intervention_kinds;
    if (std::find(kinds.begin(), kinds.end(), l.id) == kinds.end()) continue;
    analysis::ScenarioRun one;
    one.record.intervention_kinds = {std::string(l.id)};
    const IndicatorSpec* spec = analysis::key_indicators(one).front();
    if (std::find(out.begin(), out.end(), spec) == out.end()) out.push_back(spec);
  }
  if (out.empty()) out.push_back(analysis::key_indicators(run).front());
  return out;
}

}  // namespace

json Workshop::results(const analysis::Comparison& c) const {
  if (c.scenarios.size() != 2)
    throw std::logic_error("workshop results: expected the baseline and one scenario");
  const int last_year = c.months.back().year;
  const analysis::MonthRange last = analysis::months_of_year(c, last_year);
  const std::vector<const IndicatorSpec*> heads = headline_specs(c.scenarios[1]);
  json headlines = json::array(), others = json::array();
  for (const IndicatorSpec* spec : heads) headlines.push_back(indicator_json(c, *spec, last, true));
  for (const IndicatorSpec* spec : analysis::key_indicators(c.scenarios[1])) {
    if (std::find(heads.begin(), heads.end(), spec) == heads.end())
      others.push_back(indicator_json(c, *spec, last, false));
  }
  json qpv = json::array();
  for (std::uint32_t q = 0; q < c.all_qpvs(); ++q) {
    qpv.push_back({{"code", c.qpv_codes[q]}, {"label", analysis::qpv_label(c, q)}});
  }
  const int first_year = c.months.front().year;
  return {
      {"replicates", c.replicates},
      {"seed", c.seed},
      {"year", last_year},
      {"horizon", first_year == last_year ? std::to_string(first_year)
                                          : fmt::format("{}-{}", first_year, last_year)},
      {"scenario",
       {{"name", c.scenarios[1].record.name}, {"description", c.scenarios[1].record.description}}},
      {"qpv", std::move(qpv)},
      {"headlines", std::move(headlines)},
      {"indicators", std::move(others)},
      {"costs", costs_json(c, last_year)}};
}

}  // namespace qpv::app::serve
