// The SVG kit of the reports' charts: coordinates, scales, axes with round ticks, and the pieces
// every chart draws (tick labels, grid and axis paths, lines with gaps). The charts themselves
// are in analysis/present/charts.hpp and in the calibration report.
//
// Every chart is an `<svg class="chart" role="img" aria-label="...">` opening with a <title>;
// the elements that draw data carry the class "data" (bands, mean lines, bars, whiskers), so
// tests can tell a chart that shows something from an empty frame. Values are plotted as given:
// the caller scales them (shares to percent) and names the unit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qpv::analysis::svg {

/// SVG coordinates: one decimal is finer than a pixel.
std::string px(double v);
/// Decimals that write every multiple of `step` exactly (2.5 needs one, 0.25 two).
int tick_decimals(double step);
/// The opening of a chart: `<svg class="chart" role="img" aria-label=title ...><title>`.
std::string open_svg(const std::string& title, int width, int height);

/// A linear map from a data interval to a pixel interval.
struct Scale {
  double d0, d1, p0, p1;
  double operator()(double v) const { return p0 + (v - d0) / (d1 - d0) * (p1 - p0); }
};

/// An axis: the data range widened to round ticks, and the decimals that write them.
struct Axis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
  int decimals = 0;
};

/// A labelled position on an axis.
struct Tick {
  double at = 0;
  std::string label;
};

/// About `target` round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering
/// [lo, hi]. lo < hi.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

/// The axis of [lo, hi] (lo < hi) widened to the round ticks around it.
Axis round_axis(double lo, double hi, int target);

/// The axis of the data range [lo, hi] with a 4 % margin on each side (none on a side that is
/// zero when `with_zero`), widened to round ticks; `with_zero` keeps 0 in the range. An empty
/// range (lo == hi) is widened by a tenth of the value, at least 1.
Axis make_axis(double lo, double hi, bool with_zero, int target);

/// Widens [lo, hi] to take in v, unless v is NaN or infinite.
void extend(double v, double& lo, double& hi);

/// The y axis's tick labels, left of x = `left`, and their grid lines from `left` to `right`
/// appended to `grid` (a path).
std::string y_ticks(const Axis& ya, const Scale& y, double left, double right, std::string& grid);

/// A tick of the x axis at pixel x = `at`: its 5 px mark below `baseline` appended to `axis` (a
/// path), and its label (plain text, escaped here) centred 18 px below, returned.
std::string x_tick(double at, double baseline, std::string_view label, std::string& axis);

/// Text centred on (x, y), in dark grey unless `fill` says otherwise; `text` is plain (escaped
/// here).
std::string centred_text(double x, double y, std::string_view text, std::string_view fill = "#333");
/// The unit above the y axis, at the chart's top left; `unit` is plain text (escaped here).
std::string y_unit_label(std::string_view unit);

/// The light grid path and the axis path of a chart, from their `d` attributes.
std::string grid_path(const std::string& d);
std::string axis_path(const std::string& d);

/// A legend's label at (x, y); `label` is plain text (escaped here).
std::string legend_label(double x, double y, std::string_view label);

/// The `d` of a line through the points (xs[i], ys[i]) in pixels; a NaN y lifts the pen, so the
/// line has a gap there. Empty when no y is finite.
std::string line_path(const std::vector<double>& xs, const std::vector<double>& ys, const Scale& x,
                      const Scale& y);

}  // namespace qpv::analysis::svg
