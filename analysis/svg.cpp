#include "analysis/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/summary.hpp"

namespace qpv::analysis {
namespace {

constexpr std::string_view kNarrowNbsp = "\u202f";
constexpr std::string_view kNbsp = "\u00a0";
constexpr std::string_view kMinus = "\u2212";

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

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string format_fr(double value, int decimals, bool plus) {
  if (!std::isfinite(value)) return "—";
  decimals = std::clamp(decimals, 0, 12);
  const std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  const std::size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  std::string out = zero ? "" : value < 0 ? std::string(kMinus) : plus ? "+" : "";
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += kNarrowNbsp;
    out += whole[i];
  }
  if (point != std::string::npos) out += "," + digits.substr(point + 1);
  return out;
}

std::string format_fr_compact(double value) {
  if (!std::isfinite(value)) return "—";
  const double a = std::fabs(value);
  if (a < 1e15 && a == std::round(a)) return format_fr(value, 0);
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  std::string s = format_fr(value, std::clamp(3 - magnitude, 0, 10));
  if (s.find(',') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == ',') s.pop_back();
  }
  return s;
}

std::string format_euros_fr(double euros, bool plus) {
  if (!std::isfinite(euros)) return "—";
  double rounded = std::round(euros);
  const double a = std::fabs(euros);
  if (a >= 1000) {
    const double unit = std::pow(10.0, std::floor(std::log10(a)) - 2);
    rounded = std::round(euros / unit) * unit;
  }
  return format_fr(rounded, 0, plus) + std::string(kNbsp) + "€";
}

namespace svg {

/// SVG coordinates: one decimal is finer than a pixel.
std::string px(double v) {
  return fmt::format("{:.1f}", v);
}

namespace {

/// The y axis's tick labels, left of x = `left`, and their grid lines from `left` to `right`
/// appended to `grid` (a path).
std::string y_ticks(const Axis& ya, const Scale& y, double left, double right, std::string& grid) {
  std::string out;
  for (double t : ya.ticks) {
    grid += fmt::format("M{} {}H{}", px(left), px(y(t)), px(right));
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\" "
        "fill=\"#333\">{}</text>",
        px(left - 6), px(y(t)), format_fr(t, ya.decimals));
  }
  return out;
}

}  // namespace

/// Decimals that write every multiple of `step` exactly (2.5 needs one, 0.25 two).
int tick_decimals(double step) {
  int d = 0;
  while (d < 10) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) break;
    ++d;
  }
  return d;
}

std::string open_svg(const std::string& title, int width, int height) {
  return fmt::format(
      "<svg class=\"chart\" role=\"img\" aria-label=\"{0}\" xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" font-family=\"DejaVu Sans, Arial, "
      "sans-serif\" font-size=\"12\"><title>{0}</title>",
      escape_html(title), width, height);
}

namespace {

Axis make_axis(double lo, double hi, bool with_zero, int target) {
  if (with_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (!(hi > lo)) {
    const double pad = std::max(std::fabs(hi) * 0.1, 1.0);
    lo -= pad;
    hi += pad;
  } else {
    const double pad = (hi - lo) * 0.04;
    if (!(with_zero && lo == 0)) lo -= pad;
    if (!(with_zero && hi == 0)) hi += pad;
  }
  Axis a;
  a.ticks = svg::nice_ticks(lo, hi, target);
  const double step = a.ticks.size() > 1 ? a.ticks[1] - a.ticks[0] : 1.0;
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
  a.ticks.clear();
  for (double k = std::round(a.lo / step); k * step <= a.hi + step * 1e-9; k += 1)
    a.ticks.push_back(std::fabs(k) < 0.5 ? 0.0 : k * step);
  a.decimals = tick_decimals(step);
  return a;
}

void extend(double v, double& lo, double& hi) {
  if (!std::isfinite(v)) return;
  lo = std::min(lo, v);
  hi = std::max(hi, v);
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
  const double raw = (hi - lo) / std::max(target, 1);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * p;
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * p >= raw * (1 - 1e-9)) {
      step = m * p;
      break;
    }
  }
  std::vector<double> out;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k += 1) {
    const double v = k * step;
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return out;
}

std::string fan_chart(const FanChart& c) {
  constexpr double left = 58, right = 16, top = 24, bottom = 28, legend_row = 18;
  const double w = c.width, h = c.height;
  const int total_height =
      c.height + static_cast<int>(legend_row * static_cast<double>(c.series.size() + 1)) + 6;
  std::string out = open_svg(c.title, c.width, total_height);

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const FanSeries& s : c.series) {
    for (const auto* values : {&s.mean, &s.low, &s.high})
      for (double v : *values) extend(v, lo, hi);
  }
  out += fmt::format("<text x=\"4\" y=\"14\" fill=\"#333\">{}</text>", escape_html(c.unit));
  if (!std::isfinite(lo) || c.x.empty()) {
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">Pas de données "
        "pour cet indicateur</text></svg>",
        px(w / 2), px(h / 2));
    return out;
  }
  const Axis ya = make_axis(lo, hi, c.zero_line, 5);
  const Scale y{ya.lo, ya.hi, h - bottom, top};
  const double x0 = c.x.front(), x1 = c.x.size() > 1 ? c.x.back() : c.x.front() + 1;
  const Scale x{x0, x1, left, w - right};

  // Grid and y ticks.
  std::string grid;
  out += y_ticks(ya, y, left, w - right, grid);
  out += fmt::format("<path class=\"grid\" d=\"{}\" stroke=\"#e3e3e3\" fill=\"none\"/>", grid);
  // x axis and ticks.
  std::string ticks = fmt::format("M{} {}H{}", px(left), px(h - bottom), px(w - right));
  for (const Tick& t : c.x_ticks) {
    if (t.at < x0 || t.at > x1) continue;
    ticks += fmt::format("M{} {}v5", px(x(t.at)), px(h - bottom));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                       px(x(t.at)), px(h - bottom + 18), escape_html(t.label));
  }
  out += fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", ticks);
  if (c.zero_line) {
    out += fmt::format("<path class=\"zero\" d=\"M{} {}H{}\" stroke=\"#444\" fill=\"none\"/>",
                       px(left), px(y(0)), px(w - right));
  }

  // Bands first, then lines on top of every band.
  std::string lines;
  for (const FanSeries& s : c.series) {
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
      for (std::size_t k = j; k-- > i;)
        band += fmt::format("L{} {}", px(x(c.x[k])), px(y(s.low[k])));
      band += "Z";
      i = j;
    }
    if (!band.empty()) {
      out += fmt::format(
          "<path class=\"data band\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.2\" stroke=\"none\"/>",
          band, escape_html(s.color));
    }
    std::string line;
    bool pen = false;
    for (std::size_t i = 0; i < std::min(c.x.size(), s.mean.size()); ++i) {
      if (!std::isfinite(s.mean[i])) {
        pen = false;
        continue;
      }
      line += fmt::format("{}{} {}", pen ? "L" : "M", px(x(c.x[i])), px(y(s.mean[i])));
      pen = true;
    }
    if (!line.empty()) {
      lines += fmt::format(
          "<path class=\"data line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
          line, escape_html(s.color));
    }
  }
  out += lines;

  // Legend: one row per series, then what the band means.
  double ly = h + 8;
  for (const FanSeries& s : c.series) {
    out += fmt::format(
        "<rect x=\"{0}\" y=\"{1}\" width=\"22\" height=\"12\" fill=\"{2}\" fill-opacity=\"0.2\"/>"
        "<path d=\"M{0} {3}h22\" stroke=\"{2}\" stroke-width=\"2\"/>"
        "<text x=\"{4}\" y=\"{5}\" fill=\"#222\">{6}</text>",
        px(left), px(ly), escape_html(s.color), px(ly + 6), px(left + 28), px(ly + 10.5),
        escape_html(s.label));
    ly += legend_row;
  }
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" fill=\"#555\" font-size=\"11\">Trait : moyenne des futurs simulés ; "
      "zone colorée : 9 futurs sur 10.</text>",
      px(left), px(ly + 10.5));
  out += "</svg>";
  return out;
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
    ticks += fmt::format("M{} {}v5", px(x(t)), px(plot_bottom));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                       px(x(t)), px(plot_bottom + 18), format_fr(t, xa.decimals));
  }
  out += fmt::format("<path class=\"grid\" d=\"{}\" stroke=\"#e3e3e3\" fill=\"none\"/>", grid);
  out += fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", ticks);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                     px((left + w - right) / 2), px(plot_bottom + 34), escape_html(c.unit));
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" font-size=\"11\">{}</text>",
      px((left + w - right) / 2), px(plot_bottom + 50), escape_html(c.note));

  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const Bar& b = c.bars[i];
    const double yc = top + row * (static_cast<double>(i) + 0.5);
    const bool whisker = std::isfinite(b.low) && std::isfinite(b.high);
    out += fmt::format("<g><title>{} : {}{}</title>", escape_html(b.label),
                       format_fr(b.mean, c.decimals, c.plus),
                       whisker ? fmt::format(" [{}{}; {}]", format_fr(b.low, c.decimals, c.plus),
                                             kNarrowNbsp, format_fr(b.high, c.decimals, c.plus))
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
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                       px(x(t)), px(h - bottom + 16), format_fr(t, xa.decimals));
  }
  out += y_ticks(ya, y, left, w - right, grid);
  out += fmt::format("<path class=\"grid\" d=\"{}\" stroke=\"#e3e3e3\" fill=\"none\"/>", grid);
  out += fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", axes);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                     px((left + w - right) / 2), px(h - 8), escape_html(c.x_unit));
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

std::vector<double> twenty_quantiles(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  std::vector<double> q;
  if (values.empty()) return q;
  std::sort(values.begin(), values.end());
  for (int k = 0; k < 20; ++k) q.push_back(quantile_sorted(values, (k + 0.5) / 20.0));
  return q;
}

std::string quantile_dots(const QuantileDots& c) {
  constexpr double top = 6, bottom = 40, side = 14, dot = 13;  // dot: diameter, px
  const std::vector<double> q = twenty_quantiles(c.values);
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
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                       px(x(t)), px(plot_bottom + 16), format_fr(t, xa.decimals, true));
  }
  out += fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", ticks);
  out +=
      fmt::format("<path class=\"zero\" d=\"M{} {}V{}\" stroke=\"#222\" stroke-dasharray=\"3 2\"/>",
                  px(x(0)), px(top), px(plot_bottom));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                     px(c.width / 2.0), px(plot_bottom + 32), escape_html(c.unit));
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

}  // namespace svg
}  // namespace qpv::analysis
