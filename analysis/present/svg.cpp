// The SVG kit of the charts: scales, round-tick axes, tick labels, grid and axis paths.
#include "analysis/present/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/present/french.hpp"

namespace qpv::analysis::svg {

/// SVG coordinates: one decimal is finer than a pixel.
std::string px(double v) {
  return fmt::format("{:.1f}", v);
}

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

Axis round_axis(double lo, double hi, int target) {
  const std::vector<double> t = nice_ticks(lo, hi, target);
  const double step = t.size() > 1 ? t[1] - t[0] : hi - lo;
  Axis a;
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
  for (double k = std::round(a.lo / step); k * step <= a.hi + step * 1e-9; k += 1)
    a.ticks.push_back(std::fabs(k) < 0.5 ? 0.0 : k * step);
  a.decimals = tick_decimals(step);
  return a;
}

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
  return round_axis(lo, hi, target);
}

void extend(double v, double& lo, double& hi) {
  if (!std::isfinite(v)) return;
  lo = std::min(lo, v);
  hi = std::max(hi, v);
}

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

std::string x_tick(double at, double baseline, std::string_view label, std::string& axis) {
  axis += fmt::format("M{} {}v5", px(at), px(baseline));
  return centred_text(at, baseline + 18, label);
}

std::string centred_text(double x, double y, std::string_view text, std::string_view fill) {
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>", px(x),
                     px(y), fill, escape_html(text));
}

std::string y_unit_label(std::string_view unit) {
  return fmt::format("<text x=\"4\" y=\"14\" fill=\"#333\">{}</text>", escape_html(unit));
}

std::string grid_path(const std::string& d) {
  return fmt::format("<path class=\"grid\" d=\"{}\" stroke=\"#e3e3e3\" fill=\"none\"/>", d);
}

std::string axis_path(const std::string& d) {
  return fmt::format("<path class=\"axis\" d=\"{}\" stroke=\"#666\" fill=\"none\"/>", d);
}

std::string legend_label(double x, double y, std::string_view label) {
  return fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#222\">{}</text>", px(x), px(y),
                     escape_html(label));
}

std::string line_path(const std::vector<double>& xs, const std::vector<double>& ys, const Scale& x,
                      const Scale& y) {
  std::string line;
  bool pen = false;
  for (std::size_t i = 0; i < std::min(xs.size(), ys.size()); ++i) {
    if (!std::isfinite(ys[i])) {
      pen = false;
      continue;
    }
    line += fmt::format("{}{} {}", pen ? "L" : "M", px(x(xs[i])), px(y(ys[i])));
    pen = true;
  }
  return line;
}

}  // namespace qpv::analysis::svg
