// The allocation report's own figures: the lever x QPV heat map (a table with shaded cells, so
// that screen readers read its values) and the frontier chart, on the SVG kit of the reports.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/allocation/report_parts.hpp"
#include "analysis/present/french.hpp"
#include "analysis/present/svg.hpp"

namespace qpv::analysis::allocation::report {
namespace {

/// A heat-map cell: blue, darker for more euros (the largest cell at 80 % opacity).
std::string heat_cell(double eur, double largest) {
  const double a = largest > 0 && eur > 0 ? 0.06 + 0.74 * eur / largest : 0.0;
  return fmt::format(
      "<td class=\"num heat\" style=\"background:rgba(0,114,178,{:.2f});color:{};"
      "-webkit-print-color-adjust:exact;print-color-adjust:exact\">{}</td>",
      a, a > 0.45 ? "#fff" : "#1d1d1f", escape_html(format_euros_fr(eur)));
}

// The frontier chart's margins and legend rows, in pixels.
constexpr double kLeft = 66, kRight = 18, kTop = 26, kBottom = 44, kLegendRow = 18;

struct Frame {
  svg::Axis xa, ya;
  svg::Scale x, y;
};

/// The axes of every candidate's means on outcomes ox and oy (0 kept in the range).
Frame frontier_frame(const AllocationRecord& r, std::size_t ox, std::size_t oy, const Shown& sx,
                     const Shown& sy, double w, double h) {
  double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  for (const CandidateRecord& c : r.candidates) {
    if (c.phase == "curve") continue;
    svg::extend(c.outcome_mean[ox] * sx.scale, x_lo, x_hi);
    svg::extend(c.outcome_mean[oy] * sy.scale, y_lo, y_hi);
  }
  Frame f;
  f.xa = svg::make_axis(x_lo, x_hi, true, 5);
  f.ya = svg::make_axis(y_lo, y_hi, true, 5);
  f.x = svg::Scale{f.xa.lo, f.xa.hi, kLeft, w - kRight};
  f.y = svg::Scale{f.ya.lo, f.ya.hi, h - kBottom, kTop};
  return f;
}

std::string frontier_axes(const Frame& f, const Shown& sx, const Shown& sy, double w, double h) {
  std::string grid, out;
  std::string axes = fmt::format("M{} {}V{}H{}", svg::px(kLeft), svg::px(kTop),
                                 svg::px(h - kBottom), svg::px(w - kRight));
  for (const double t : f.xa.ticks) {
    grid += fmt::format("M{} {}V{}", svg::px(f.x(t)), svg::px(kTop), svg::px(h - kBottom));
    out += svg::centred_text(f.x(t), h - kBottom + 16, format_fr(t, f.xa.decimals));
  }
  out += svg::y_ticks(f.ya, f.y, kLeft, w - kRight, grid);
  out += svg::grid_path(grid) + svg::axis_path(axes);
  out += svg::centred_text((kLeft + w - kRight) / 2, h - 10, sx.unit);
  out += svg::y_unit_label(sy.unit);
  return out;
}

std::string marker_label(double x, double y, double w, std::string_view text) {
  const bool right_half = x > w / 2;
  return fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"11\" font-weight=\"600\" "
      "fill=\"#222\">{}</text>",
      svg::px(x + (right_half ? -10 : 10)), svg::px(y - 8), right_half ? "end" : "start",
      escape_html(text));
}

std::string frontier_legend(double h) {
  const double y0 = h + 8;
  std::string out = fmt::format(
      "<circle cx=\"{0}\" cy=\"{1}\" r=\"3\" fill=\"{3}\" fill-opacity=\"0.6\"/>"
      "<circle cx=\"{0}\" cy=\"{2}\" r=\"4.5\" fill=\"{4}\"/>",
      svg::px(kLeft + 6), svg::px(y0 + 6), svg::px(y0 + kLegendRow + 6), kGrey, kLeverColors[0]);
  out += fmt::format(
      "<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>",
      svg::px(kLeft + 6), svg::px(y0 + 2 * kLegendRow + 6), kRecommendationColor);
  out += svg::legend_label(kLeft + 20, y0 + 10.5, "Autres répartitions essayées (même enveloppe)");
  out += svg::legend_label(kLeft + 20, y0 + kLegendRow + 10.5, "Frontière");
  out += svg::legend_label(kLeft + 20, y0 + 2 * kLegendRow + 10.5,
                           "Recommandation ; losange : statu quo");
  return out;
}

}  // namespace

std::string heat_table(const AllocationRecord& r, const CandidateRecord& c) {
  const std::vector<std::size_t> levers = levers_in_play(r);
  double largest = 0;
  for (const std::size_t l : levers)
    for (std::size_t q = 0; q < r.qpvs(); ++q) largest = std::max(largest, c.eur[l * r.qpvs() + q]);
  std::string out =
      "<table class=\"heat\"><caption>Euros par an, par levier et par QPV : plus la case est "
      "foncée, plus le montant est élevé.</caption><thead><tr><th>QPV</th>";
  for (const std::size_t l : levers)
    out += fmt::format("<th class=\"num\">{}</th>", escape_html(r.lever_labels[l]));
  out += "<th class=\"num\">Total</th></tr></thead><tbody>";
  for (std::size_t q = 0; q < r.qpvs(); ++q) {
    out += fmt::format("<tr><th scope=\"row\">{}<span class=\"sub\">{}</span></th>",
                       escape_html(r.qpv_names[q]), escape_html(r.qpv_codes[q]));
    for (const std::size_t l : levers) out += heat_cell(c.eur[l * r.qpvs() + q], largest);
    out += fmt::format("<td class=\"num\"><span class=\"v\">{}</span></td></tr>",
                       escape_html(format_euros_fr(qpv_total(r, c, q))));
  }
  out += "</tbody><tfoot><tr><th scope=\"row\">Ensemble des QPV</th>";
  double total = 0;
  for (const std::size_t l : levers) {
    total += lever_total(r, c, l);
    out += fmt::format("<td class=\"num\"><span class=\"v\">{}</span></td>",
                       escape_html(format_euros_fr(lever_total(r, c, l))));
  }
  return out + fmt::format(
                   "<td class=\"num\"><span class=\"v\">{}</span></td></tr></tfoot>"
                   "</table>",
                   escape_html(format_euros_fr(total)));
}

std::string frontier_chart(const AllocationRecord& r, std::size_t ox, std::size_t oy) {
  constexpr double w = 620, h = 380;
  double x_max = 0, y_max = 0;
  for (const CandidateRecord& c : r.candidates) {
    x_max = std::max(x_max, std::fabs(c.outcome_mean[ox]));
    y_max = std::max(y_max, std::fabs(c.outcome_mean[oy]));
  }
  Shown sx = outcome_shown(r, ox, x_max), sy = outcome_shown(r, oy, y_max);
  sx.unit = r.outcome_labels[ox] + " (" + sx.unit + ")";
  sy.unit = r.outcome_labels[oy] + " (" + sy.unit + ")";
  const Frame f = frontier_frame(r, ox, oy, sx, sy, w, h);
  std::string out =
      svg::open_svg(fmt::format("La frontière : {} et {}, moyennes sur les futurs de la recherche",
                                r.outcome_labels[ox], r.outcome_labels[oy]),
                    static_cast<int>(w), static_cast<int>(h + 3 * kLegendRow + 10));
  out += frontier_axes(f, sx, sy, w, h);
  auto at = [&](const CandidateRecord& c) {
    return std::pair{f.x(c.outcome_mean[ox] * sx.scale), f.y(c.outcome_mean[oy] * sy.scale)};
  };
  for (const CandidateRecord& c : r.candidates) {
    if (c.phase == "curve" || !c.feasible) continue;
    const auto [x, y] = at(c);
    out += fmt::format(
        "<circle class=\"data point other\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\" "
        "fill-opacity=\"0.5\"><title>{}</title></circle>",
        svg::px(x), svg::px(y), kGrey, escape_html(shares_fr(r, c)));
  }
  std::vector<std::pair<double, double>> line;
  for (const ParetoPointRecord& p : r.pareto)
    if (p.found) line.push_back(at(r.candidates[p.candidate]));
  std::sort(line.begin(), line.end());
  std::string d;
  for (const auto& [x, y] : line)
    d += fmt::format("{}{} {}", d.empty() ? "M" : "L", svg::px(x), svg::px(y));
  if (!d.empty())
    out += fmt::format(
        "<path class=\"data line\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2\"/>",
        d, kLeverColors[0]);
  for (const ParetoPointRecord& p : r.pareto) {
    if (!p.found) continue;
    const auto [x, y] = at(r.candidates[p.candidate]);
    out += fmt::format(
        "<circle class=\"data point frontier\" cx=\"{}\" cy=\"{}\" r=\"4.5\" "
        "fill=\"{}\"><title>Frontière : {}</title></circle>",
        svg::px(x), svg::px(y), kLeverColors[0],
        escape_html(shares_fr(r, r.candidates[p.candidate])));
  }
  if (const auto sq = status_quo_row(r)) {
    const auto [x, y] = at(r.candidates[r.reevaluation[*sq].candidate]);
    out += fmt::format(
        "<path class=\"data status-quo\" d=\"M{} {}l6 6l-6 6l-6 -6Z\" fill=\"#555\">"
        "<title>Statu quo</title></path>",
        svg::px(x), svg::px(y - 6));
    out += marker_label(x, y, w, "Statu quo");
  }
  const auto [x, y] = at(r.best());
  out += fmt::format(
      "<circle class=\"data recommended\" cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"none\" stroke=\"{}\" "
      "stroke-width=\"2.5\"><title>Recommandation : {}</title></circle>",
      svg::px(x), svg::px(y), kRecommendationColor, escape_html(shares_fr(r, r.best())));
  out += marker_label(x, y, w, "Recommandation");
  return out + frontier_legend(h) + "</svg>";
}

}  // namespace qpv::analysis::allocation::report
