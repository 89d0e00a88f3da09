// The calibration report's two charts, on the SVG kit of analysis/present/svg.hpp: the
// weighted histogram of a parameter's posterior, and lines over the ABC-SMC generations.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/present/french.hpp"
#include "analysis/present/svg.hpp"
#include "calibration/report/parts.hpp"

namespace qpv::calibration::report {
namespace {

using analysis::escape_html;
using analysis::format_fr;
using analysis::format_fr_compact;
using analysis::kNarrowNoBreakSpace;
using analysis::svg::Axis;
using analysis::svg::px;
using analysis::svg::Scale;
namespace svg = analysis::svg;

constexpr std::size_t kHistogramBins = 15;
// The histogram's size and margins, in pixels.
constexpr double kHistWidth = 420, kHistHeight = 250, kHistLeft = 46, kHistRight = 26,
                 kHistTop = 24, kHistBottom = 76;
// The generation chart's size and margins; the legend adds rows of kLegendRow below.
constexpr double kGenWidth = 540, kGenHeight = 250, kGenLeft = 58, kGenRight = 16, kGenTop = 24,
                 kGenBottom = 44, kLegendRow = 18;

/// Round ticks over [lo, hi] with no margin; an empty range is widened by a tenth of its value
/// (by 1 around zero).
Axis axis_without_margin(double lo, double hi, int target) {
  if (!(hi > lo)) {
    const double pad = lo != 0 ? std::fabs(lo) * 0.1 : 1.0;
    lo -= pad;
    hi += pad;
  }
  return svg::round_axis(lo, hi, target);
}

/// The classes of a histogram over [lo, hi] and the share of the weight in each, in %.
struct Bins {
  double lo = 0, hi = 0, width = 0;
  std::vector<double> share;
};

/// Bins of the particles' range; one narrow bin when every particle has the same value.
Bins weighted_bins(const ParameterSummary& s, double lo, double hi) {
  std::size_t n = kHistogramBins;
  if (!(hi > lo)) {
    const double pad = lo != 0 ? std::fabs(lo) * 0.01 : 0.01;
    lo -= pad;
    hi += pad;
    n = 1;
  }
  Bins b{lo, hi, (hi - lo) / static_cast<double>(n), std::vector<double>(n, 0.0)};
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    if (!std::isfinite(s.values[i])) continue;
    const auto k = std::min(n - 1, static_cast<std::size_t>((s.values[i] - lo) / b.width));
    b.share[k] += 100 * s.weights[i];
  }
  return b;
}

/// The bars of the histogram, each with its class and share in a <title>.
std::string histogram_bars(const std::string& name, const Bins& bins, const Scale& x,
                           const Scale& y) {
  std::string out;
  for (std::size_t k = 0; k < bins.share.size(); ++k) {
    const double a = bins.lo + bins.width * static_cast<double>(k), e = a + bins.width;
    const bool last = k + 1 == bins.share.size();
    out += fmt::format(
        "<g><title>{} de {} à {}{} : {}{}% du poids</title><rect class=\"data bar\" x=\"{}\" "
        "y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.75\" stroke=\"#fff\" "
        "stroke-width=\"0.5\"/></g>",
        escape_html(name), format_fr_compact(a), format_fr_compact(e), last ? " inclus" : " exclu",
        format_fr(bins.share[k], 1), kNarrowNoBreakSpace, px(x(a)), px(y(bins.share[k])),
        px(x(e) - x(a)), px(y(0) - y(bins.share[k])), kBlue);
  }
  return out;
}

/// What the bars, the mean line and the grey band of the histogram are.
std::string histogram_legend(double plot_bottom) {
  const double ly = plot_bottom + 32;
  std::string out = fmt::format(
      "<rect x=\"{0}\" y=\"{1}\" width=\"14\" height=\"10\" fill=\"{2}\" fill-opacity=\"0.75\"/>"
      "<text x=\"{3}\" y=\"{4}\" fill=\"#222\" font-size=\"11\">part du poids a posteriori par "
      "classe</text>",
      px(kHistLeft), px(ly), kBlue, px(kHistLeft + 20), px(ly + 9));
  out += fmt::format(
      "<path d=\"M{0} {1}h14\" stroke=\"{2}\" stroke-width=\"2\"/><text x=\"{3}\" y=\"{4}\" "
      "fill=\"#222\" font-size=\"11\">moyenne pondérée</text>",
      px(kHistLeft), px(ly + 21), kVermillion, px(kHistLeft + 20), px(ly + 25));
  out += fmt::format(
      "<rect x=\"{0}\" y=\"{1}\" width=\"14\" height=\"10\" fill=\"#000\" fill-opacity=\"0.07\" "
      "stroke=\"#bbb\"/><text x=\"{2}\" y=\"{3}\" fill=\"#222\" font-size=\"11\">intervalle à "
      "90 %</text>",
      px(kHistLeft + 150), px(ly + 16), px(kHistLeft + 170), px(ly + 25));
  return out;
}

/// The axes of the generation chart: y ticks and grid, a tick every few generations, the
/// axis title, and the dashed reference line when `reference` is finite.
std::string generation_axes(const Axis& ya, const Scale& x, const Scale& y, std::size_t generations,
                            double reference) {
  const double plot_bottom = kGenHeight - kGenBottom;
  std::string grid,
      axis = fmt::format("M{} {}H{}", px(kGenLeft), px(plot_bottom), px(kGenWidth - kGenRight));
  std::string out = svg::y_ticks(ya, y, kGenLeft, kGenWidth - kGenRight, grid);
  const std::size_t every = std::max<std::size_t>(1, (generations + 14) / 15);
  for (std::size_t g = 0; g < generations; g += every)
    out += svg::x_tick(x(static_cast<double>(g)), plot_bottom, std::to_string(g), axis);
  out += svg::centred_text((kGenLeft + kGenWidth - kGenRight) / 2, plot_bottom + 36, "génération");
  out += svg::grid_path(grid) + svg::axis_path(axis);
  if (std::isfinite(reference)) {
    out += fmt::format(
        "<path class=\"reference\" d=\"M{} {}H{}\" stroke=\"#444\" stroke-dasharray=\"5 4\" "
        "fill=\"none\"/>",
        px(kGenLeft), px(y(reference)), px(kGenWidth - kGenRight));
  }
  return out;
}

/// One series over the generations: its line (when it joins two points or more) and a point per
/// finite value, with the value in its <title>.
std::string generation_series(const LineSeries& s, const Scale& x, const Scale& y,
                              std::size_t generations) {
  std::vector<double> at(generations);
  for (std::size_t g = 0; g < generations; ++g) at[g] = static_cast<double>(g);
  const std::string line = svg::line_path(at, s.y, x, y);
  std::string out;
  if (line.find('L') != std::string::npos) {
    out += fmt::format(
        "<path class=\"data line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
        "stroke-linejoin=\"round\"/>",
        line, escape_html(s.color));
  }
  for (std::size_t g = 0; g < s.y.size() && g < generations; ++g) {
    if (!std::isfinite(s.y[g])) continue;
    out += fmt::format(
        "<circle class=\"data point\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"><title>{}, "
        "génération {} : {}</title></circle>",
        px(x(static_cast<double>(g))), px(y(s.y[g])), escape_html(s.color), escape_html(s.label), g,
        format_fr_compact(s.y[g]));
  }
  return out;
}

/// The legend of the generation chart: a row per series, then the reference line's.
std::string generation_legend(const std::vector<LineSeries>& series, double reference,
                              const std::string& reference_label) {
  std::string out;
  double ly = kGenHeight + 2;
  for (const LineSeries& s : series) {
    out += fmt::format(
        "<path d=\"M{0} {1}h22\" stroke=\"{2}\" stroke-width=\"2\"/><circle cx=\"{3}\" cy=\"{1}\" "
        "r=\"3.5\" fill=\"{2}\"/>",
        px(kGenLeft), px(ly + 6), escape_html(s.color), px(kGenLeft + 11));
    out += svg::legend_label(kGenLeft + 28, ly + 10.5, s.label);
    ly += kLegendRow;
  }
  if (std::isfinite(reference)) {
    out += fmt::format("<path d=\"M{} {}h22\" stroke=\"#444\" stroke-dasharray=\"5 4\"/>",
                       px(kGenLeft), px(ly + 6));
    out += svg::legend_label(kGenLeft + 28, ly + 10.5, reference_label);
  }
  return out;
}

}  // namespace

std::string histogram(const std::string& name, const ParameterSummary& s) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : s.values) svg::extend(v, lo, hi);
  std::string out = svg::open_svg(
      fmt::format("Loi a posteriori de {} : part du poids des particules par classe de valeurs, "
                  "moyenne pondérée et intervalle à 90 %",
                  name),
      static_cast<int>(kHistWidth), static_cast<int>(kHistHeight));
  out += svg::y_unit_label("% du poids");
  if (!std::isfinite(lo))
    return out + svg::centred_text(kHistWidth / 2, kHistHeight / 2, "Pas de particule", "#555") +
           "</svg>";
  const Bins bins = weighted_bins(s, lo, hi);
  const Axis xa = axis_without_margin(bins.lo, bins.hi, 4);
  const Axis ya = axis_without_margin(
      0, std::max(*std::max_element(bins.share.begin(), bins.share.end()), 1.0), 4);
  const double top = kHistTop, plot_bottom = kHistHeight - kHistBottom;
  const Scale x{xa.lo, xa.hi, kHistLeft, kHistWidth - kHistRight};
  const Scale y{ya.lo, ya.hi, plot_bottom, top};

  std::string grid,
      axis = fmt::format("M{} {}H{}", px(kHistLeft), px(plot_bottom), px(kHistWidth - kHistRight));
  out += svg::y_ticks(ya, y, kHistLeft, kHistWidth - kHistRight, grid);
  for (double t : xa.ticks) out += svg::x_tick(x(t), plot_bottom, format_fr(t, xa.decimals), axis);
  out += svg::grid_path(grid);
  if (std::isfinite(s.q05) && std::isfinite(s.q95)) {
    out += fmt::format(
        "<rect class=\"data interval\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
        "fill=\"#000\" fill-opacity=\"0.07\"/>",
        px(x(s.q05)), px(top), px(std::max(1.0, x(s.q95) - x(s.q05))), px(plot_bottom - top));
  }
  out += histogram_bars(name, bins, x, y) + svg::axis_path(axis);
  if (std::isfinite(s.mean)) {
    out += fmt::format(
        "<path class=\"data mean\" d=\"M{0} {1}V{2}\" stroke=\"{3}\" stroke-width=\"2\" "
        "fill=\"none\"><title>Moyenne pondérée : {4}</title></path>",
        px(x(s.mean)), px(top), px(plot_bottom), kVermillion, format_fr_compact(s.mean));
  }
  return out + histogram_legend(plot_bottom) + "</svg>";
}

std::string generation_chart(const std::string& title, const std::string& unit,
                             const std::vector<LineSeries>& series, std::size_t generations,
                             double reference, const std::string& reference_label) {
  const std::size_t rows = series.size() + (std::isfinite(reference) ? 1 : 0);
  const int total = static_cast<int>(kGenHeight + kLegendRow * static_cast<double>(rows) + 6);
  std::string out = svg::open_svg(title, static_cast<int>(kGenWidth), total);
  out += svg::y_unit_label(unit);
  double hi = std::isfinite(reference) ? reference : 0.0;
  for (const LineSeries& s : series)
    for (double v : s.y)
      if (std::isfinite(v)) hi = std::max(hi, v);
  const Axis ya = axis_without_margin(0, hi > 0 ? hi : 1.0, 5);
  const Scale x{-0.5, static_cast<double>(std::max<std::size_t>(generations, 1)) - 0.5, kGenLeft,
                kGenWidth - kGenRight};
  const Scale y{ya.lo, ya.hi, kGenHeight - kGenBottom, kGenTop};
  out += generation_axes(ya, x, y, generations, reference);
  for (const LineSeries& s : series) out += generation_series(s, x, y, generations);
  return out + generation_legend(series, reference, reference_label) + "</svg>";
}

}  // namespace qpv::calibration::report
