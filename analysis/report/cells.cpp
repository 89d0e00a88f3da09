// The report's table cells: a figure with its interval, euros, extra results, cost per result
// and how sure a difference is, as HTML <td> (or <span>) elements.
#include <fmt/format.h>

#include <cmath>

#include "analysis/present/french.hpp"
#include "analysis/report/parts.hpp"

namespace qpv::analysis::report {

std::string futures_short(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                          const Distribution& d) {
  return futures_short_fr(spec, d.share_better, published_evidence(ctx.c.scenarios[s], spec));
}

/// "dans 9 futurs sur 10" as a table cell says it: "fait mieux dans 9 futurs sur 10".
std::string futures_cell(const ReportContext& ctx, std::size_t s, const IndicatorSpec& spec,
                         const Distribution& d) {
  if (no_difference(d)) return "<span class=\"futures none\">aucun écart</span>";
  const std::string fut = futures_short(ctx, s, spec, d);
  if (fut.empty()) return "<span class=\"futures\">indicateur descriptif</span>";
  return fmt::format("<span class=\"futures\">fait mieux {}</span>", escape_html(fut));
}

std::string figure_cell(const ShownFigure& s, const std::string& extra) {
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span>{}"
      "</td>",
      escape_html(s.value), escape_html(s.interval), extra);
}

std::string money_cell(const Distribution& d, bool plus) {
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td>",
      escape_html(format_euros_fr(d.mean, plus)),
      escape_html(interval_text(format_euros_fr(d.q05, plus), format_euros_fr(d.q95, plus))));
}

std::string effect_cell(const Distribution& d, Effect e) {
  const ShownFigure effect = show_effect(d, e);
  return fmt::format(
      "<td class=\"num\"><span class=\"v\">{}</span><span class=\"ci\">{}</span></td>",
      escape_html(effect.value), escape_html(effect.interval));
}

/// Cost per result as a table cell: "X € [a ; b]" or "effet trop incertain", then the extra
/// effect and its interval.
std::string cost_cell(const CostEffectiveness& ce, Effect e) {
  std::string main;
  if (ce.interval && std::isfinite(ce.euros_per_unit)) {
    main =
        fmt::format("<span class=\"v\">{}</span><span class=\"ci\">{}</span>",
                    escape_html(format_euros_fr(ce.euros_per_unit)),
                    escape_html(interval_text(format_euros_fr(ce.q05), format_euros_fr(ce.q95))));
  } else if (no_difference(ce.extra_effect)) {
    main = "<span class=\"v uncertain\">aucun effet</span>";
  } else {
    main = "<span class=\"v uncertain\">effet trop incertain</span>";
  }
  const ShownFigure effect = show_effect(ce.extra_effect, e);
  return fmt::format(
      "<td class=\"num\">{}<span class=\"effect\">résultat : {} <span class=\"nowrap\">{}</span>"
      "</span></td>",
      main, escape_html(effect.value), escape_html(effect.interval));
}

}  // namespace qpv::analysis::report
