// Charts of the HTML report as inline SVG written by our own code (no JavaScript library, no
// external resource), and the text helpers they share with the report: HTML escaping and French
// number formatting.
//
// Every chart is an `<svg class="chart" role="img" aria-label="...">` opening with a <title>;
// the elements that draw data carry the class "data" (bands, mean lines, bars, whiskers), so
// tests can tell a chart that shows something from an empty frame. Values are plotted as given:
// the caller scales them (shares to percent) and names the unit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qpv::analysis {

/// `text` with &, <, >, " and ' replaced by entities: safe as HTML or SVG text and inside a
/// quoted attribute value.
std::string escape_html(std::string_view text);

/// A number written the French way: comma decimal separator, a narrow no-break space (U+202F)
/// between groups of three digits, a minus sign (U+2212) for negative values; `plus` writes
/// "+" before positive values. A value that rounds to zero has no sign. NaN or infinite values
/// are written "—" (not available), never "nan" or "inf".
/// Examples: format_fr(262000, 0) = "262 000"; format_fr(0.5, 1, true) = "+0,5".
std::string format_fr(double value, int decimals, bool plus = false);

/// A number with about four significant digits and no trailing zeros ("0,0035", "17",
/// "1 000"), for parameter tables.
std::string format_fr_compact(double value);

/// Euros rounded to three significant digits from 1 000 € up (to the euro below), followed by a
/// no-break space and "€": format_euros_fr(261834) = "262 000 €"; `plus` as in format_fr.
std::string format_euros_fr(double euros, bool plus = false);

namespace svg {

// Building blocks of the charts, shared with the calibration report's own charts.

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

/// One series of a fan chart: a mean line and a band from `low` to `high`, one value per x of
/// the chart; NaN values leave a gap.
struct FanSeries {
  std::string label;
  std::string color;  ///< CSS colour, e.g. "#0072b2"
  std::vector<double> mean, low, high;
};

/// Lines with their uncertainty bands over a common x axis (months of a run, as years).
struct FanChart {
  std::string title;      ///< the <title> and aria-label: what the chart shows, in words
  std::string unit;       ///< written above the y axis, e.g. "%" or "enfants"
  std::vector<double> x;  ///< increasing
  std::vector<Tick> x_ticks;
  std::vector<FanSeries> series;
  bool zero_line = false;         ///< keep 0 in the y range and draw it (charts of differences)
  int width = 540, height = 260;  ///< of the plot and its axes; the legend adds rows below
};
std::string fan_chart(const FanChart& chart);

/// One bar: a mean and its whisker from `low` to `high` (NaN: no whisker).
struct Bar {
  std::string label;
  double mean = 0, low = 0, high = 0;
};

/// Horizontal bars from zero, with whiskers and the value written at the end of each row; the
/// height follows the number of bars. Long labels are shortened, the full label in a <title>.
struct BarChart {
  std::string title;  ///< the <title> and aria-label
  std::string unit;   ///< written under the x axis, e.g. "écart en points"
  std::string color;
  std::vector<Bar> bars;
  int decimals = 1;            ///< of the value written at the end of each row
  bool plus = true;            ///< write "+" before positive values (differences)
  std::size_t max_label = 40;  ///< characters of a label before it is shortened
  int width = 540;
  /// The line under the axis saying what bars and whiskers are.
  std::string note = "Barre : moyenne des futurs simulés ; trait : 9 futurs sur 10.";
};
std::string bar_chart(const BarChart& chart);

/// A quantile dot plot (Kay et al., CHI 2016; Fernandes et al., CHI 2018): the distribution of
/// a paired difference shown as 20 dots, each the quantile (k + 0.5) / 20 of the values, stacked
/// where they fall on the axis, so that "17 futurs sur 20" can be counted. Dots on the better
/// side of zero are filled with `color`, the others hollow and grey; a line marks zero.
struct QuantileDots {
  std::string title;  ///< the <title> and aria-label
  std::string unit;   ///< written under the x axis, e.g. "écart en points"
  std::string color;
  std::vector<double> values;  ///< one per replicate, as plotted (already scaled)
  int better = 1;              ///< +1: higher is better; -1: lower is better; 0: neither
  int width = 360;
};
/// One point of a scatter chart; a labelled point has its label written beside it.
struct Point {
  double x = 0, y = 0;
  std::string label;  ///< in the point's <title>; written on the chart if `labelled`
  bool labelled = false;
};

/// Points on two axes from zero (the Morris chart: mu* across, sigma up).
struct ScatterChart {
  std::string title;           ///< the <title> and aria-label
  std::string x_unit, y_unit;  ///< written under the x axis and above the y axis
  std::string color;
  std::vector<Point> points;
  int width = 540, height = 340;
};
std::string scatter_chart(const ScatterChart& chart);

/// The 20 quantiles of `values` that the dots show (type 7 quantiles at (k + 0.5) / 20).
std::vector<double> twenty_quantiles(std::vector<double> values);
std::string quantile_dots(const QuantileDots& chart);

}  // namespace svg
}  // namespace qpv::analysis
