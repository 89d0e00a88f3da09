// The charts of the reports: lines with bands, bars with whiskers, scatter, quantile dots.
#include "analysis/present/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/present/french.hpp"

namespace qpv::analysis::svg {
namespace {

/// Number of code points of UTF-8 text (labels are measured in characters, not bytes).
std::size_t length_utf8(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

/// The first `n` code points of `s`, with "…" when it was longer.
std::string shorten_utf8(std::string_view s, std::size_t n) {
  if (length_utf8(s) <= n) return std::string(s);
  std::size_t kept = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      if (kept == n - 1) break;
      ++kept;
    }
  }
  std::string out(s.substr(0, i));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "…";
}

// The margins of a fan chart, in pixels; the legend adds rows of `legend_row` below the plot.
constexpr double kFanLeft = 58, kFanRight = 16, kFanTop = 24, kFanBottom = 28, kLegendRow = 18;

/// The band of one series from `low` to `high`: one closed shape per run of finite values.
std::string fan_band(const FanChart& c, const FanSeries& s, const Scale& x, const Scale& y) {
  const std::size_t n = std::min({c.x.size(), s.low.size(), s.high.size()});
  std::string band;
  for (std::size_t i = 0; i < n;) {
    if (!std::isfinite(s.low[i]) || !std::isfinite(s.high[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && std::isfinite(s.low[j]) && std::isfinite(s.high[j])) ++j;
    for (std::size_t k = i; k < j; ++k)
      band += fmt::format("{}{} {}", k == i ? "M" : "L", px(x(c.x[k])), px(y(s.high[k])));
    for (std::size_t k = j; k-- > i;) band += fmt::format("L{} {}", px(x(c.x[k])), px(y(s.low[k])));
    band += "Z";
    i = j;
  }
  if (band.empty()) return "";
  return fmt::format(
      "<path class=\"data band\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.2\" stroke=\"none\"/>", band,
      escape_html(s.color));
}

/// The mean line of one series.
std::string fan_line(const FanChart& c, const FanSeries& s, const Scale& x, const Scale& y) {
  const std::string line = line_path(c.x, s.mean, x, y);
  if (line.empty()) return "";
  return fmt::format(
      "<path class=\"data line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
      "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
      line, escape_html(s.color));
}

/// The grid and y ticks, the x axis and its ticks, and the zero line of a chart of differences.
std::string fan_axes(const FanChart& c, const Axis& ya, const Scale& x, const Scale& y) {
  const double w = c.width, plot_bottom = c.height - kFanBottom;
  std::string grid;
  std::string out = y_ticks(ya, y, kFanLeft, w - kFanRight, grid);
  out += grid_path(grid);
  std::string ticks = fmt::format("M{} {}H{}", px(kFanLeft), px(plot_bottom), px(w - kFanRight));
  for (const Tick& t : c.x_ticks) {
    if (t.at < x.d0 || t.at > x.d1) continue;
    out += x_tick(x(t.at), plot_bottom, t.label, ticks);
  }
  out += axis_path(ticks);
  if (c.zero_line) {
    out += fmt::format("<path class=\"zero\" d=\"M{} {}H{}\" stroke=\"#444\" fill=\"none\"/>",
                       px(kFanLeft), px(y(0)), px(w - kFanRight));
  }
  return out;
}

/// The legend: one row per series, then what the band means.
std::string fan_legend(const FanChart& c) {
  std::string out;
  double ly = c.height + 8;
  for (const FanSeries& s : c.series) {
    out += fmt::format(
        "<rect x=\"{0}\" y=\"{1}\" width=\"22\" height=\"12\" fill=\"{2}\" fill-opacity=\"0.2\"/>"
        "<path d=\"M{0} {3}h22\" stroke=\"{2}\" stroke-width=\"2\"/>",
        px(kFanLeft), px(ly), escape_html(s.color), px(ly + 6));
    out += legend_label(kFanLeft + 28, ly + 10.5, s.label);
    ly += kLegendRow;
  }
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" fill=\"#555\" font-size=\"11\">Trait : moyenne des futurs simulés ; "
      "zone colorée : 9 futurs sur 10.</text>",
      px(kFanLeft), px(ly + 10.5));
  return out;
}

}  // namespace

std::string fan_chart(const FanChart& c) {
  const double w = c.width, h = c.height;
  const int total_height =
      c.height + static_cast<int>(kLegendRow * static_cast<double>(c.series.size() + 1)) + 6;
  std::string out = open_svg(c.title, c.width, total_height);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const FanSeries& s : c.series) {
    for (const auto* values : {&s.mean, &s.low, &s.high})
      for (double v : *values) extend(v, lo, hi);
  }
  out += y_unit_label(c.unit);
  if (!std::isfinite(lo) || c.x.empty())
    return out + centred_text(w / 2, h / 2, "Pas de données pour cet indicateur", "#555") +
           "</svg>";
  const Axis ya = make_axis(lo, hi, c.zero_line, 5);
  const Scale y{ya.lo, ya.hi, h - kFanBottom, kFanTop};
  const double x0 = c.x.front(), x1 = c.x.size() > 1 ? c.x.back() : c.x.front() + 1;
  const Scale x{x0, x1, kFanLeft, w - kFanRight};
  out += fan_axes(c, ya, x, y);
  // Bands first, then lines on top of every band.
  std::string lines;
  for (const FanSeries& s : c.series) {
    out += fan_band(c, s, x, y);
    lines += fan_line(c, s, x, y);
  }
  return out + lines + fan_legend(c) + "</svg>";
}

std::string bar_chart(const BarChart& c) {
  // 12 px DejaVu Sans averages under 7.2 px a character in these labels.
  constexpr double top = 8, row = 24, bar = 12, bottom = 58, right = 78, char_width = 7.2;
  const std::size_t max_label = std::max<std::size_t>(c.max_label, 4);
  std::size_t longest = 1;
  for (const Bar& b : c.bars) longest = std::max(longest, length_utf8(b.label));
  const double left = static_cast<double>(std::min(longest, max_label)) * char_width + 12;
  const double w = c.width;
  const double h =
      top + row * static_cast<double>(std::max<std::size_t>(c.bars.size(), 1)) + bottom;
  std::string out = open_svg(c.title, c.width, static_cast<int>(std::ceil(h)));

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Bar& b : c.bars) {
    extend(b.mean, lo, hi);
    extend(b.low, lo, hi);
    extend(b.high, lo, hi);
  }
  if (!std::isfinite(lo)) lo = hi = 0;
  const Axis xa = make_axis(lo, hi, true, 4);
  const double plot_bottom = h - bottom;
  const Scale x{xa.lo, xa.hi, left, w - right};

  std::string grid, ticks = fmt::format("M{} {}H{}", px(left), px(plot_bottom), px(w - right));
  for (double t : xa.ticks) {
    grid += fmt::format("M{} {}V{}", px(x(t)), px(top), px(plot_bottom));
    out += x_tick(x(t), plot_bottom, format_fr(t, xa.decimals), ticks);
  }
  out += grid_path(grid) + axis_path(ticks);
  out += centred_text((left + w - right) / 2, plot_bottom + 34, c.unit);
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" font-size=\"11\">{}</text>",
      px((left + w - right) / 2), px(plot_bottom + 50), escape_html(c.note));

  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const Bar& b = c.bars[i];
    const double yc = top + row * (static_cast<double>(i) + 0.5);
    const bool whisker = std::isfinite(b.low) && std::isfinite(b.high);
    out += fmt::format("<g><title>{} : {}{}</title>", escape_html(b.label),
                       format_fr(b.mean, c.decimals, c.plus),
                       whisker ? " " + interval_text(format_fr(b.low, c.decimals, c.plus),
                                                     format_fr(b.high, c.decimals, c.plus))
                               : std::string());
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\" "
        "fill=\"#222\">{}</text>",
        px(left - 8), px(yc), escape_html(shorten_utf8(b.label, max_label)));
    if (std::isfinite(b.mean)) {
      const double a = x(0), m = x(b.mean);
      out += fmt::format(
          "<rect class=\"data bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
          "fill-opacity=\"0.75\"/>",
          px(std::min(a, m)), px(yc - bar / 2), px(std::fabs(m - a)), px(bar),
          escape_html(c.color));
    }
    if (whisker) {
      const double l = x(b.low), r = x(b.high);
      out += fmt::format(
          "<path class=\"data whisker\" d=\"M{0} {2}H{1}M{0} {3}V{4}M{1} {3}V{4}\" "
          "stroke=\"#222\" stroke-width=\"1.3\" fill=\"none\"/>",
          px(l), px(r), px(yc), px(yc - 6), px(yc + 6));
    }
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" fill=\"#222\">{}</text></g>",
        px(w - right + 8), px(yc), format_fr(b.mean, c.decimals, c.plus));
  }
  out += fmt::format("<path class=\"zero\" d=\"M{} {}V{}\" stroke=\"#444\" fill=\"none\"/>",
                     px(x(0)), px(top), px(plot_bottom));
  out += "</svg>";
  return out;
}

std::string scatter_chart(const ScatterChart& c) {
  constexpr double top = 24, left = 52, right = 16, bottom = 44;
  const double w = c.width, h = c.height;
  double x_hi = 0, y_hi = 0, lo = 0;
  for (const Point& p : c.points) {
    extend(p.x, lo, x_hi);
    extend(p.y, lo, y_hi);
  }
  const Axis xa = make_axis(0, x_hi > 0 ? x_hi : 1, true, 5);
  const Axis ya = make_axis(0, y_hi > 0 ? y_hi : 1, true, 5);
  const Scale x{xa.lo, xa.hi, left, w - right};
  const Scale y{ya.lo, ya.hi, h - bottom, top};
  std::string out = open_svg(c.title, c.width, c.height);
  std::string grid,
      axes = fmt::format("M{} {}V{}H{}", px(left), px(top), px(h - bottom), px(w - right));
  for (double t : xa.ticks) {
    grid += fmt::format("M{} {}V{}", px(x(t)), px(top), px(h - bottom));
    out += centred_text(x(t), h - bottom + 16, format_fr(t, xa.decimals));
  }
  out += y_ticks(ya, y, left, w - right, grid);
  out += grid_path(grid) + axis_path(axes);
  out += centred_text((left + w - right) / 2, h - 8, c.x_unit);
  out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#333\">{}</text>", px(4), px(14),
                     escape_html(c.y_unit));
  for (const Point& p : c.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    out += fmt::format(
        "<circle class=\"data point\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" "
        "fill-opacity=\"{}\"><title>{}</title></circle>",
        px(x(p.x)), px(y(p.y)), escape_html(c.color), p.labelled ? "0.9" : "0.45",
        escape_html(p.label));
    if (p.labelled) {
      // Labels to the left of points in the right half, so they stay on the chart.
      const bool right_half = x(p.x) > (left + w - right) / 2;
      out += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"11\" fill=\"#222\">{}</text>",
          px(x(p.x) + (right_half ? -7 : 7)), px(y(p.y) - 5), right_half ? "end" : "start",
          escape_html(p.label));
    }
  }
  return out + "</svg>";
}

std::string quantile_dots(const QuantileDots& c) {
  constexpr double top = 6, bottom = 40, side = 14, dot = 13;  // dot: diameter, px
  const std::vector<double>& q = c.dots;
  double lo = 0, hi = 0;
  for (double v : q) extend(v, lo, hi);
  const Axis xa = make_axis(lo, hi, true, 4);
  const Scale x{xa.lo, xa.hi, side, c.width - side};
  // Wilkinson's dot plot: a dot joins the current stack while it lies within a dot's width of
  // the stack's first dot; a stack is drawn at its dots' mean position.
  std::vector<std::vector<double>> stacks;
  for (double v : q) {
    if (stacks.empty() || x(v) - x(stacks.back().front()) >= dot) stacks.emplace_back();
    stacks.back().push_back(v);
  }
  std::size_t tallest = 1;
  for (const auto& s : stacks) tallest = std::max(tallest, s.size());
  const double plot_bottom = top + dot * static_cast<double>(tallest) + 4;
  const double h = plot_bottom + bottom;
  std::string out = open_svg(c.title, c.width, static_cast<int>(std::ceil(h)));
  std::string ticks = fmt::format("M{} {}H{}", px(side), px(plot_bottom), px(c.width - side));
  for (double t : xa.ticks) {
    ticks += fmt::format("M{} {}v4", px(x(t)), px(plot_bottom));
    out += centred_text(x(t), plot_bottom + 16, format_fr(t, xa.decimals, true));
  }
  out += axis_path(ticks);
  out +=
      fmt::format("<path class=\"zero\" d=\"M{} {}V{}\" stroke=\"#222\" stroke-dasharray=\"3 2\"/>",
                  px(x(0)), px(top), px(plot_bottom));
  out += centred_text(c.width / 2.0, plot_bottom + 32, c.unit);
  for (const auto& s : stacks) {
    double mean = 0;
    for (double v : s) mean += v;
    mean /= static_cast<double>(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
      const bool good = (c.better > 0 && s[k] > 0) || (c.better < 0 && s[k] < 0);
      out += fmt::format(
          "<circle class=\"data dot{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\"/>",
          good ? " better" : "", px(x(mean)),
          px(plot_bottom - dot * (static_cast<double>(k) + 0.5)), px(dot / 2 - 1),
          good ? escape_html(c.color) : "#fff", good ? escape_html(c.color) : "#888");
    }
  }
  return out + "</svg>";
}

}  // namespace qpv::analysis::svg
